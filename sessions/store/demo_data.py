"""Demo sessions: the mark that `run.py --demo` puts on the sessions it makes up, and their
removal, all of a demo session's rows at once."""

from __future__ import annotations

from sessions.store.base import Database, Part
from sessions.store.live_sessions import Sessions

DEMO = "SELECT id FROM sessions WHERE demo = 1"
DEMO_PEOPLE = f"SELECT id FROM participants WHERE session_id IN ({DEMO})"

# Children before parents, so that no foreign key is left pointing at a deleted row.
_REMOVAL = (
    (
        "DELETE FROM question_votes WHERE question_id IN"
        f" (SELECT id FROM questions WHERE session_id IN ({DEMO}))"
        f" OR participant_id IN ({DEMO_PEOPLE})"
    ),
    f"DELETE FROM questions WHERE session_id IN ({DEMO})",
    f"DELETE FROM later_questions WHERE session_id IN ({DEMO})",
    f"DELETE FROM alerts WHERE session_id IN ({DEMO})",
    f"DELETE FROM reaction_counts WHERE session_id IN ({DEMO})",
    f"DELETE FROM safety_skips WHERE session_id IN ({DEMO})",
    f"DELETE FROM session_roles WHERE session_id IN ({DEMO})",
    f"DELETE FROM discussion_groups WHERE session_id IN ({DEMO})",
    f"DELETE FROM moderation WHERE session_id IN ({DEMO})",
    f"DELETE FROM answer_ids WHERE participant_id IN ({DEMO_PEOPLE})",
    f"DELETE FROM responses WHERE session_id IN ({DEMO})",
    f"DELETE FROM second_votes WHERE session_id IN ({DEMO})",
    f"DELETE FROM connections WHERE participant_id IN ({DEMO_PEOPLE})",
    f"DELETE FROM participants WHERE session_id IN ({DEMO})",
    f"DELETE FROM step_attendance WHERE session_id IN ({DEMO})",
    f"DELETE FROM step_visits WHERE session_id IN ({DEMO})",
    f"DELETE FROM step_results WHERE session_id IN ({DEMO})",
    f"DELETE FROM session_summaries WHERE session_id IN ({DEMO})",
    f"DELETE FROM redactions WHERE session_id IN ({DEMO})",
)


class Demo(Part):
    def __init__(self, db: Database, sessions: Sessions):
        super().__init__(db)
        self._sessions = sessions

    def mark(self, session_id: str) -> None:
        """Mark a session as made up for a demonstration, not a class that ran."""
        self._db.update("sessions", {"id": session_id}, {"demo": 1})

    def count(self) -> int:
        return self._db.one("SELECT count(*) AS n FROM sessions WHERE demo = 1")["n"]

    def remove_all(self) -> int:
        """Delete every demo session with all its rows, in one transaction; how many went.
        Sessions that ran are untouched."""
        with self._db.write():
            for statement in _REMOVAL:
                self._db.execute(statement)
            removed = self._db.delete_where("sessions", "demo = 1")
        self._sessions.forget_decks()
        return removed
