"""Paper answers: each paper form (or paper FFT card) is one participant marked as paper, with
its answers, all stored in one transaction."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from sessions.store.base import Part, hash_token, new_id

PAPER_FORM = "Paper form"


class Paper(Part):
    def add_forms(
        self, session_id: str, forms: Sequence[Mapping[str, Any]], *, name: str = PAPER_FORM
    ) -> list[str]:
        """Store the forms (each an answer by step id, already checked), all or none; the new
        participants' ids. A paper participant has a token nobody holds: no device is them."""
        now = self._db.now()
        added = []
        with self._db.write():
            for answers in forms:
                participant_id = new_id()
                self._db.insert(
                    "participants",
                    {
                        "id": participant_id,
                        "session_id": session_id,
                        "token_hash": hash_token(secrets.token_urlsafe(32)),
                        "name": name,
                        "joined_at": now,
                        "paper": 1,
                    },
                )
                for step_id, value in answers.items():
                    self._add_answer(session_id, participant_id, step_id, value, now)
                added.append(participant_id)
        return added

    def _add_answer(
        self, session_id: str, participant_id: str, step_id: str, value: Any, now: str
    ) -> None:
        encoded = json.dumps(value, sort_keys=True)
        answer_id = f"paper-{secrets.token_urlsafe(9)}"
        self._db.insert(
            "answer_ids",
            {
                "participant_id": participant_id,
                "answer_id": answer_id,
                "step_id": step_id,
                "value": encoded,
            },
        )
        self._db.insert(
            "responses",
            {
                "participant_id": participant_id,
                "step_id": step_id,
                "session_id": session_id,
                "value": encoded,
                "answer_id": answer_id,
                "answered_at": now,
            },
        )

    def count(self, session_id: str) -> int:
        """How many of the session's participants were entered from paper."""
        row = self._db.one(
            "SELECT count(*) AS n FROM participants WHERE session_id = ? AND paper = 1",
            (session_id,),
        )
        return row["n"]

    def answers_count(self, session_id: str) -> int:
        """How many stored answers of the session came from paper."""
        row = self._db.one(
            "SELECT count(*) AS n FROM responses r JOIN participants p ON p.id = r.participant_id"
            " WHERE r.session_id = ? AND p.paper = 1",
            (session_id,),
        )
        return row["n"]
