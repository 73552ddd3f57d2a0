"""What a live room adds around the answers: moderation, discussion groups, who is connected,
anonymous questions and red-flag alerts."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sessions.activities import Moderation
from sessions.store.base import Part, StoreError, new_id
from sessions.words import N_

MODERATION_ACTIONS = ("approve", "hide", "pending", "star", "unstar")
# How many are in the room: participants connected to any worker, and the people without
# phones whom staff answer for (they are there, with no device to count). A subquery that
# attendance (store.review) runs in the very statement that stores the count.
PRESENT = (
    "SELECT count(*) FROM participants p WHERE p.session_id = ? AND (p.no_phone = 1"
    " OR EXISTS (SELECT 1 FROM connections c WHERE c.participant_id = p.id AND c.count > 0))"
)


_ALERT = "a.id, a.source, a.matched, a.created_at, a.seen_at, a.name"


def _place(session_id: str, step_id: str, participant_id: str, number: int) -> dict[str, Any]:
    """A participant's row in a step's discussion group `number`."""
    return {
        "session_id": session_id,
        "step_id": step_id,
        "participant_id": participant_id,
        "group_no": number,
    }


class Room(Part):
    # Moderation -----------------------------------------------------------------------------

    def moderation(self, session_id: str, step_id: str) -> Moderation:
        rows = self._db.rows(
            "SELECT item, status, starred FROM moderation WHERE session_id = ? AND step_id = ?",
            (session_id, step_id),
        )
        return Moderation(
            approved=frozenset(r["item"] for r in rows if r["status"] == "approved"),
            hidden=frozenset(r["item"] for r in rows if r["status"] == "hidden"),
            starred=frozenset(r["item"] for r in rows if r["starred"]),
        )

    def moderate(self, session_id: str, step_id: str, item: str, action: str) -> None:
        if action not in MODERATION_ACTIONS:
            choices = ", ".join(MODERATION_ACTIONS)
            raise StoreError("bad_request", f"action must be one of: {choices}")
        column, value = (
            ("starred", int(action == "star"))
            if action in ("star", "unstar")
            else ("status", {"approve": "approved", "hide": "hidden"}.get(action, "pending"))
        )
        self._db.upsert(
            "moderation",
            {"session_id": session_id, "step_id": step_id, "item": item, column: value},
            keys=("session_id", "step_id", "item"),
        )

    # Who is connected ----------------------------------------------------------------------
    # Each worker process counts the connections it holds, under its own id, so that one of
    # several workers restarting forgets only its own (docs/deploy.md).

    worker = "main"  # this process's worker id; run.py sets it (host:port) before serving

    def reset_connections(self) -> None:
        """This worker is starting: nobody is connected to it yet, whatever its last process
        left behind. Other workers' connections stay; this worker is noted alive."""
        now = self._db.now()
        with self._db.write():
            self._db.delete_where("connections", "worker = ?", (self.worker,))
            self._db.upsert(
                "workers", {"id": self.worker, "started_at": now, "seen_at": now}, keys=("id",)
            )

    def heartbeat(self, *, stale_after: float) -> int:
        """Note this worker alive, and forget the connections of workers not seen for
        `stale_after` seconds (stopped for good, or moved to another port); how many rows."""
        now = self._db.now()
        cutoff = (datetime.fromisoformat(now) - timedelta(seconds=stale_after)).isoformat(
            timespec="seconds"
        )
        with self._db.write():
            self._seen(now)
            self._db.delete_where("workers", "seen_at < ?", (cutoff,))
            return self._db.delete_where("connections", "worker NOT IN (SELECT id FROM workers)")

    def _seen(self, now: str) -> None:
        self._db.execute(
            "INSERT INTO workers (id, started_at, seen_at) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
            (self.worker, now, now),
        )

    def count_connection(self, participant_id: str, delta: int) -> None:
        with self._db.write():
            self._seen(self._db.now())  # a worker counting connections is alive
            self._db.execute(
                "INSERT INTO connections (participant_id, worker, count)"
                " SELECT id, ?, ? FROM participants WHERE id = ?"
                " ON CONFLICT (participant_id, worker)"
                f" DO UPDATE SET count = {self._db.greatest}(0,"
                " connections.count + excluded.count)",
                (self.worker, delta, participant_id),
            )
            self._db.execute(
                "DELETE FROM connections WHERE participant_id = ? AND worker = ? AND count <= 0",
                (participant_id, self.worker),
            )

    def devices(self, participant_id: str) -> int:
        """How many connections this person has, on every worker: more than one when a
        carer or interpreter helps from a second device (or a page is open twice)."""
        row = self._db.row(
            "SELECT coalesce(sum(count), 0) AS n FROM connections WHERE participant_id = ?",
            (participant_id,),
        )
        return int(row["n"]) if row else 0

    def connected(self, session_id: str) -> list[str]:
        """Participants connected to any worker, in the order they joined."""
        rows = self._db.rows(
            "SELECT p.id FROM participants p WHERE p.session_id = ? AND EXISTS"
            " (SELECT 1 FROM connections c WHERE c.participant_id = p.id AND c.count > 0)"
            " ORDER BY p.joined_at, p.rowid",
            (session_id,),
        )
        return [r["id"] for r in rows]

    # Discussion groups ----------------------------------------------------------------------

    def groups(self, session_id: str, step_id: str) -> list[list[dict[str, Any]]]:
        """The step's groups in order, each a list of {id, name}."""
        rows = self._db.rows(
            "SELECT g.group_no, p.id, p.name FROM discussion_groups g"
            " JOIN participants p ON p.id = g.participant_id"
            " WHERE g.session_id = ? AND g.step_id = ? ORDER BY g.group_no, p.name",
            (session_id, step_id),
        )
        groups: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(row["group_no"], []).append({"id": row["id"], "name": row["name"]})
        return [groups[n] for n in sorted(groups)]

    def save_groups(self, session_id: str, step_id: str, groups: list[list[str]]) -> None:
        with self._db.write():
            self._db.delete_where(
                "discussion_groups", "session_id = ? AND step_id = ?", (session_id, step_id)
            )
            for number, members in enumerate(groups, start=1):
                for participant_id in members:
                    self._db.insert(
                        "discussion_groups", _place(session_id, step_id, participant_id, number)
                    )

    def add_to_group(self, session_id: str, step_id: str, participant_id: str, number: int):
        self._db.insert(
            "discussion_groups", _place(session_id, step_id, participant_id, number), ignore=True
        )

    # Anonymous questions --------------------------------------------------------------------

    def add_question(
        self, session_id: str, participant_id: str, answer_id: str, text: str
    ) -> tuple[str, bool]:
        """Store a question once per client id: (question id, whether it was new)."""
        with self._db.write():
            earlier = self._db.row(
                "SELECT id, text FROM questions WHERE participant_id = ? AND answer_id = ?",
                (participant_id, answer_id),
            )
            if earlier is not None:
                if earlier["text"] != text:
                    raise StoreError(
                        "conflict", N_("This id was already used for another question.")
                    )
                return earlier["id"], False
            question_id = new_id()
            self._db.execute(
                "INSERT INTO questions (id, session_id, participant_id, answer_id, text,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (question_id, session_id, participant_id, answer_id, text, self._db.now()),
            )
        return question_id, True

    def questions(self, session_id: str) -> list[dict[str, Any]]:
        """Every question of the session with its votes, most votes first, then oldest."""
        return self._db.rows(
            "SELECT q.id, q.participant_id, q.text, q.status, q.answered, q.created_at,"
            " (SELECT count(*) FROM question_votes v WHERE v.question_id = q.id) AS votes"
            " FROM questions q WHERE q.session_id = ? ORDER BY votes DESC, q.created_at, q.rowid",
            (session_id,),
        )

    def vote(self, session_id: str, question_id: str, participant_id: str) -> None:
        """One vote per person per question, never on one's own, only on questions shown."""
        with self._db.write():
            question = self._db.row(
                "SELECT participant_id, status FROM questions WHERE id = ? AND session_id = ?",
                (question_id, session_id),
            )
            if question is None or question["status"] != "approved":
                raise StoreError("unknown_question", N_("There is no such question to vote for."))
            if question["participant_id"] == participant_id:
                raise StoreError("own_question", N_("You cannot vote for your own question."))
            # A vote already there is left as it was: a failed statement would break the
            # transaction on PostgreSQL.
            added = self._db.execute(
                "INSERT INTO question_votes (question_id, participant_id) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                (question_id, participant_id),
            )
            if added == 0:
                raise StoreError("already_voted", N_("You have already voted for this."))

    def votes_of(self, participant_id: str) -> list[str]:
        rows = self._db.rows(
            "SELECT question_id FROM question_votes WHERE participant_id = ?", (participant_id,)
        )
        return [r["question_id"] for r in rows]

    def set_question(self, session_id: str, question_id: str, **changes: Any) -> None:
        """Change a question's status ('approved', 'hidden', 'pending') or answered flag."""
        allowed = {"status", "answered"}
        if not changes or set(changes) - allowed:
            raise StoreError("bad_request", N_("Nothing to change."))
        if changes.get("status", "pending") not in ("pending", "approved", "hidden") or changes.get(
            "answered", 0
        ) not in (0, 1):
            raise StoreError("bad_request", N_("That is not a question status."))
        assignments = ", ".join(f"{name} = ?" for name in changes)
        changed = self._db.execute(
            f"UPDATE questions SET {assignments} WHERE id = ? AND session_id = ?",
            (*changes.values(), question_id, session_id),
        )
        if changed != 1:
            raise StoreError("unknown_question", N_("There is no such question."))

    # Red-flag alerts ------------------------------------------------------------------------

    def add_alert(self, session_id: str, participant_id: str, source: str, matched: str) -> dict:
        alert_id = new_id()
        added = self._db.execute(
            "INSERT INTO alerts (id, session_id, participant_id, name, source, matched,"
            " created_at) SELECT ?, ?, id, name, ?, ?, ? FROM participants WHERE id = ?",
            (alert_id, session_id, source, matched, self._db.now(), participant_id),
        )
        if added != 1:
            raise StoreError("not_found", N_("There is no such participant."))
        return self._alert(alert_id)

    def alerted_phrases(self, session_id: str, participant_id: str, source: str) -> set[str]:
        rows = self._db.rows(
            "SELECT matched FROM alerts WHERE session_id = ? AND participant_id = ? AND source = ?",
            (session_id, participant_id, source),
        )
        return {phrase for row in rows for phrase in row["matched"].split(", ")}

    def alerts(self, session_id: str, *, alert_id: str | None = None) -> list[dict[str, Any]]:
        """Alerts newest first, with the participant's display name (for the facilitator only)."""
        # The one alert's filter is added in Python: PostgreSQL cannot type a bare NULL.
        one, params = (" AND a.id = ?", (alert_id,)) if alert_id is not None else ("", ())
        return self._db.rows(
            f"SELECT {_ALERT} FROM alerts a WHERE a.session_id = ?{one}"
            " ORDER BY a.created_at DESC, a.rowid DESC",
            (session_id, *params),
        )

    def _alert(self, alert_id: str) -> dict[str, Any]:
        """One alert just stored: by its id alone, so no order is needed."""
        return self._db.one(f"SELECT {_ALERT} FROM alerts a WHERE a.id = ?", (alert_id,))

    def mark_alert_seen(self, session_id: str, alert_id: str) -> None:
        changed = self._db.execute(
            "UPDATE alerts SET seen_at = coalesce(seen_at, ?) WHERE id = ? AND session_id = ?",
            (self._db.now(), alert_id, session_id),
        )
        if changed != 1:
            raise StoreError("unknown_alert", N_("There is no such alert."))
