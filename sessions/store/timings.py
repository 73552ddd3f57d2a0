"""When the room reached and left each step: the visits the pacing co-pilot and the report's
planned-against-actual minutes are read from. Counts of time, never of people, so answer
retention leaves them."""

from __future__ import annotations

from datetime import datetime
from typing import overload

from sessions.pacing import Visit
from sessions.store.base import Part, StoreError


class StepTimings(Part):
    def record(self, session_id: str, step_id: str | None) -> None:
        """Close the visit the room was on and open one for `step_id` (None: the lobby or the
        end) when the room moved. Best effort, as attendance is: a busy database loses one
        time, never the facilitator's command, which is already stored."""
        try:
            if self._open_step(session_id) != step_id:  # a read: most commands are no move
                self._move(session_id, step_id)
        except StoreError:
            pass

    def moved(self, session_id: str, step_id: str | None) -> None:
        """The room moved to `step_id`, as its state says: no read first, since the caller
        knows it moved (record reads to find out). Best effort, as record is."""
        try:
            self._move(session_id, step_id)
        except StoreError:
            pass

    def _open_step(self, session_id: str) -> str | None:
        row = self._db.row(
            "SELECT step_id FROM step_visits WHERE session_id = ? AND left_at IS NULL",
            (session_id,),
        )
        return row["step_id"] if row else None

    def _move(self, session_id: str, step_id: str | None) -> None:
        now = self._db.now()
        with self._db.write():
            open_visit = self._db.row(
                "SELECT visit, step_id FROM step_visits WHERE session_id = ? AND left_at IS NULL"
                " ORDER BY visit DESC LIMIT 1",
                (session_id,),
            )
            if open_visit is not None and open_visit["step_id"] == step_id:
                return  # the same step: opening answers or a timer is no move
            if open_visit is not None:
                self._db.update(
                    "step_visits",
                    {"session_id": session_id, "visit": open_visit["visit"]},
                    {"left_at": now},
                )
            if step_id is None:
                return
            self._db.execute(
                "INSERT INTO step_visits (session_id, visit, step_id, reached_at)"
                " SELECT ?, coalesce(max(visit), 0) + 1, ?, ? FROM step_visits"
                " WHERE session_id = ?",
                (session_id, step_id, now, session_id),
            )

    def keep(self, session_id: str, visits: list[tuple[str, str, str]]) -> None:
        """Made-up visits (step id, reached, left) for a demo session seeded after the fact."""
        with self._db.write():
            for number, (step_id, reached, left) in enumerate(visits, start=1):
                self._db.insert(
                    "step_visits",
                    {
                        "session_id": session_id,
                        "visit": number,
                        "step_id": step_id,
                        "reached_at": reached,
                        "left_at": left,
                    },
                )

    def visits(self, session_id: str) -> list[Visit]:
        rows = self._db.rows(
            "SELECT step_id, reached_at, left_at FROM step_visits WHERE session_id = ?"
            " ORDER BY visit",
            (session_id,),
        )
        return [Visit(r["step_id"], seconds(r["reached_at"]), seconds(r["left_at"])) for r in rows]


@overload
def seconds(stamp: str) -> float: ...
@overload
def seconds(stamp: None) -> None: ...
def seconds(stamp: str | None) -> float | None:
    """A stored time (ISO 8601, in UTC) as seconds since the epoch."""
    return datetime.fromisoformat(stamp).timestamp() if stamp else None
