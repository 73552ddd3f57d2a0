"""Live reactions, counted per session, step and reaction: never who sent one. The counts are
anonymous aggregates, so answer retention leaves them for the report."""

from __future__ import annotations

from sessions.store.base import Part


class Reactions(Part):
    def add(self, session_id: str, step_id: str, reaction: str) -> None:
        # One statement, so reactions sent together all count on either engine.
        self._db.execute(
            "INSERT INTO reaction_counts (session_id, step_id, reaction, count)"
            " VALUES (?, ?, ?, 1) ON CONFLICT (session_id, step_id, reaction)"
            " DO UPDATE SET count = reaction_counts.count + 1",
            (session_id, step_id, reaction),
        )

    def of_step(self, session_id: str, step_id: str) -> dict[str, int]:
        rows = self._db.rows(
            "SELECT reaction, count FROM reaction_counts WHERE session_id = ? AND step_id = ?",
            (session_id, step_id),
        )
        return {r["reaction"]: r["count"] for r in rows}

    def by_step(self, session_id: str) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for r in self._db.rows(
            "SELECT step_id, reaction, count FROM reaction_counts WHERE session_id = ?",
            (session_id,),
        ):
            counts.setdefault(r["step_id"], {})[r["reaction"]] = r["count"]
        return counts
