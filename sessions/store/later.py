"""Questions a participant asks the physio privately, to be answered later in writing. Only the
session's staff and the person who asked ever read them; the reply goes into that person's
notebook. Never part of the room's question queue."""

from __future__ import annotations

from typing import Any

from sessions.store.base import Part, StoreError, new_id
from sessions.words import N_

_QUESTION = (
    "q.id, q.participant_id, q.text, q.created_at, q.reply, q.replied_at,"
    " coalesce(p.name, '') AS name"
)


class LaterQuestions(Part):
    def add(
        self, session_id: str, participant_id: str, answer_id: str, text: str
    ) -> tuple[str, bool]:
        """Store a question once per client id: (question id, whether it was new)."""
        question_id = new_id()
        with self._db.write():
            # The insert is the check, so two sends of one question race to a single row.
            added = self._db.execute(
                "INSERT INTO later_questions (id, session_id, participant_id, answer_id, text,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (participant_id, answer_id) DO NOTHING",
                (question_id, session_id, participant_id, answer_id, text, self._db.now()),
            )
            if added:
                return question_id, True
            earlier = self._db.one(
                "SELECT id, text FROM later_questions WHERE participant_id = ? AND answer_id = ?",
                (participant_id, answer_id),
            )
        if earlier["text"] != text:
            raise StoreError("conflict", N_("This id was already used for another question."))
        return earlier["id"], False

    def of_session(self, session_id: str) -> list[dict[str, Any]]:
        """Every private question of the session, oldest first, with the asker's display name:
        for the session's staff only."""
        return self._db.rows(
            f"SELECT {_QUESTION} FROM later_questions q"
            " LEFT JOIN participants p ON p.id = q.participant_id"
            " WHERE q.session_id = ? ORDER BY q.created_at, q.rowid",
            (session_id,),
        )

    def of_participant(self, participant_id: str) -> list[dict[str, Any]]:
        """One person's own private questions and the replies to them, oldest first."""
        return self._db.rows(
            f"SELECT {_QUESTION} FROM later_questions q"
            " LEFT JOIN participants p ON p.id = q.participant_id"
            " WHERE q.participant_id = ? ORDER BY q.created_at, q.rowid",
            (participant_id,),
        )

    def reply(self, session_id: str, question_id: str, text: str, *, by: str) -> str:
        """Write (or rewrite) the reply to one of this session's private questions; returns
        the participant it goes to."""
        with self._db.write():
            found = self._db.row(
                "SELECT participant_id FROM later_questions WHERE id = ? AND session_id = ?",
                (question_id, session_id),
            )
            if found is None:
                raise StoreError("unknown_question", N_("There is no such question."))
            self._db.update(
                "later_questions",
                {"id": question_id},
                {"reply": text, "replied_at": self._db.now(), "replied_by": by},
            )
        return found["participant_id"]
