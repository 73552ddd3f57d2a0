"""The people in a session: joining with a name, their tokens, rejoin and helper codes, their
helpers' tokens, notebook links, where a self-paced participant is, and deleting all they
contributed."""

from __future__ import annotations

import secrets
from typing import Any, cast

from sessions.store.base import Part, hash_token, new_id
from sessions.store.records import ParticipantRecord

_PARTICIPANT = "id, session_id, name, joined_at, position, no_phone"


class Participants(Part):
    def add(
        self, session_id: str, name: str, *, no_phone: bool = False
    ) -> tuple[ParticipantRecord, str]:
        """A new participant and their token. Someone without a phone (added by staff) gets a
        token nobody is ever given, so no device can sign in as them."""
        participant_id, token = new_id(), secrets.token_urlsafe(32)
        self._db.insert(
            "participants",
            {
                "id": participant_id,
                "session_id": session_id,
                "token_hash": hash_token(token),
                "name": name,
                "joined_at": self._db.now(),
                "no_phone": int(no_phone),
            },
        )
        return cast(ParticipantRecord, self.get(participant_id)), token  # written just above

    def without_phones(self, session_id: str) -> list[ParticipantRecord]:
        """The people staff added and answer for, in the order they were added."""
        return cast(
            list[ParticipantRecord],
            self._db.rows(
                f"SELECT {_PARTICIPANT} FROM participants WHERE session_id = ? AND no_phone = 1"
                " ORDER BY joined_at, rowid",
                (session_id,),
            ),
        )

    def get(self, participant_id: str) -> ParticipantRecord | None:
        return cast(
            ParticipantRecord | None,
            self._db.row(
                f"SELECT {_PARTICIPANT} FROM participants WHERE id = ?", (participant_id,)
            ),
        )

    def for_token(self, token: str) -> ParticipantRecord | None:
        """The participant this token is, or whom it helps (a helper's device is a connection
        of the same person)."""
        hashed = hash_token(token)
        found = self._db.row(
            f"SELECT {_PARTICIPANT} FROM participants WHERE token_hash = ?", (hashed,)
        ) or self._db.row(
            f"SELECT {', '.join('p.' + c for c in _PARTICIPANT.split(', '))} FROM participants p"
            " JOIN helper_tokens h ON h.participant_id = p.id WHERE h.token_hash = ?",
            (hashed,),
        )
        return cast(ParticipantRecord | None, found)

    def is_helper_token(self, token: str) -> bool:
        """Whether the token is a helper's rather than the person's own."""
        row = self._db.row(
            "SELECT 1 AS yes FROM helper_tokens WHERE token_hash = ?", (hash_token(token),)
        )
        return row is not None

    def set_helper_digest(self, participant_id: str, digest: str) -> None:
        """Keep the digest of the participant's helper code, once. Read first: the phone's
        page asks on every load, and a write would queue behind the room's answers."""
        row = self._db.row(
            "SELECT helper_digest IS NULL AS missing FROM participants WHERE id = ?",
            (participant_id,),
        )
        if row is None or not row["missing"]:
            return
        self._db.execute(
            "UPDATE participants SET helper_digest = ? WHERE id = ? AND helper_digest IS NULL",
            (digest, participant_id),
        )

    def for_helper_code(self, digest: str) -> dict[str, Any] | None:
        """The participant whose helper code has this digest, with their session's status."""
        return self._db.row(
            "SELECT p.id, p.session_id, p.name, p.joined_at, p.position, s.status AS status"
            " FROM participants p JOIN sessions s ON s.id = p.session_id"
            " WHERE p.helper_digest = ?",
            (digest,),
        )

    def add_helper(self, participant_id: str) -> str | None:
        """A token for a helper's device, for the same participant; the person's own token
        and any other helper's go on working. None when the participant is gone."""
        token = secrets.token_urlsafe(32)
        added = self._db.execute(
            "INSERT INTO helper_tokens (token_hash, participant_id, linked_at)"
            " SELECT ?, id, ? FROM participants WHERE id = ?",
            (hash_token(token), self._db.now(), participant_id),
        )
        return token if added == 1 else None

    def set_rejoin_digest(self, participant_id: str, digest: str) -> None:
        """Keep the digest of the participant's rejoin code (never the code itself)."""
        self._db.update("participants", {"id": participant_id}, {"rejoin_digest": digest})

    def for_rejoin(self, digest: str) -> dict[str, Any] | None:
        """The participant whose rejoin code has this digest, with their session's status."""
        return self._db.row(
            "SELECT p.id, p.session_id, p.name, p.joined_at, p.position, s.status AS status"
            " FROM participants p JOIN sessions s ON s.id = p.session_id"
            " WHERE p.rejoin_digest = ?",
            (digest,),
        )

    def new_token(self, participant_id: str) -> str | None:
        """A new token for the participant, for the device they rejoin from; the old token
        stops working. None when the participant is gone."""
        token = secrets.token_urlsafe(32)
        changed = self._db.update(
            "participants", {"id": participant_id}, {"token_hash": hash_token(token)}
        )
        return token if changed == 1 else None

    def for_notebook(self, key: str) -> ParticipantRecord | None:
        return cast(
            ParticipantRecord | None,
            self._db.row(
                f"SELECT {_PARTICIPANT} FROM participants WHERE notebook_key_hash = ?",
                (hash_token(key),),
            ),
        )

    def notebook_key(self, participant_id: str) -> str | None:
        """A new private link key for the participant's notebook (the old one stops working).
        256 random bits; only its hash is kept. None when the participant is gone (they
        deleted their data), as there is no notebook left to link to."""
        key = secrets.token_urlsafe(32)
        changed = self._db.update(
            "participants", {"id": participant_id}, {"notebook_key_hash": hash_token(key)}
        )
        return key if changed == 1 else None

    def move(self, participant_id: str, position: int) -> None:
        self._db.update("participants", {"id": participant_id}, {"position": position})

    def progress(self, session_id: str) -> dict[int, int]:
        """How many self-paced participants are on each step."""
        rows = self._db.rows(
            "SELECT position, count(*) AS n FROM participants WHERE session_id = ?"
            " GROUP BY position",
            (session_id,),
        )
        return {r["position"]: r["n"] for r in rows}

    def delete(self, participant_id: str) -> None:
        """Everything a participant contributed goes: answers, plan, questions (and the
        physio's written replies to them), votes, group
        places, and their name. A red-flag alert is a clinical record of a safety concern, so
        it stays with its matched phrase and follow-up, but loses the name and the link to
        them. Aggregates already kept for reports stay."""
        with self._db.write():
            own_questions = "SELECT id FROM questions WHERE participant_id = ?"
            self._db.execute(
                f"DELETE FROM question_votes WHERE participant_id = ? OR question_id IN"
                f" ({own_questions})",
                (participant_id, participant_id),
            )
            for table in (
                "questions",
                "later_questions",
                "responses",
                "second_votes",
                "answer_ids",
                "discussion_groups",
                "helper_tokens",
            ):
                self._db.delete_where(table, "participant_id = ?", (participant_id,))
            self._db.execute(
                "UPDATE alerts SET name = '', participant_id = NULL WHERE participant_id = ?",
                (participant_id,),
            )
            self._db.delete_where("participants", "id = ?", (participant_id,))

    def ids(self, session_id: str) -> list[str]:
        rows = self._db.rows("SELECT id FROM participants WHERE session_id = ?", (session_id,))
        return [r["id"] for r in rows]

    def count(self, session_id: str) -> int:
        row = self._db.one(
            "SELECT count(*) AS n FROM participants WHERE session_id = ?", (session_id,)
        )
        return row["n"]
