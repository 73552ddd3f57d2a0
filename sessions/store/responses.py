"""Answers: stored exactly once, counted from what is stored."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from typing import Any

from sessions.activities import Response
from sessions.live import SELF_PACED, LiveState, own_pace
from sessions.rules import StoredAnswer
from sessions.store.base import (
    LIVE_COLUMNS,
    Conflict,
    Database,
    Part,
    Recorded,
    StoreError,
    state_from_row,
)
from sessions.store.group_commit import GroupCommit
from sessions.words import N_


class Responses(Part):
    def __init__(self, db: Database, together: GroupCommit):
        super().__init__(db)
        self._together = together  # answers arriving together share one commit

    # Responses ------------------------------------------------------------------------------

    def record(
        self,
        *,
        session_id: str,
        participant_id: str,
        step_id: str,
        answer_id: str,
        value: Any,
        check: Callable[[LiveState], None],
    ) -> Recorded:
        """Store an answer exactly once. `check` is run on the state read inside the same
        transaction (the demo and the tests use it; the live path uses record_answer). The
        same answer id with the same value is a duplicate; with another value a Conflict."""
        encoded = json.dumps(value, sort_keys=True)
        with self._db.write():
            state = self._own_state(session_id, participant_id)
            if self._seen_before(participant_id, answer_id, step_id, encoded):
                return Recorded(duplicate=True, state=state)
            check(state)
            self._insert_answer(state, session_id, participant_id, step_id, answer_id, encoded)
        return Recorded(duplicate=False, state=state)

    def earlier(self, participant_id: str, answer_id: str) -> StoredAnswer | None:
        """What a participant already sent under this answer id, if anything."""
        row = self._db.row(
            "SELECT step_id, value FROM answer_ids WHERE participant_id = ? AND answer_id = ?",
            (participant_id, answer_id),
        )
        return StoredAnswer(row["step_id"], json.loads(row["value"])) if row else None

    def record_answer(
        self,
        *,
        session_id: str,
        participant_id: str,
        step_id: str,
        answer_id: str,
        value: Any,
        seen: LiveState,
    ) -> Recorded | None:
        """Store an answer the rules accepted on the state `seen` (the participant's own view
        when self-paced), exactly once, in a transaction shared with the answers that arrive
        with it; it returns once that is committed. None when the state moved on since it was
        read (an answer racing `close`): nothing is stored, and the caller decides again."""
        encoded = json.dumps(value, sort_keys=True)

        def write() -> Recorded | None:
            state = self._own_state(session_id, participant_id)
            if self._seen_before(participant_id, answer_id, step_id, encoded):
                return Recorded(duplicate=True, state=state)
            if state != seen:
                return None
            self._insert_answer(state, session_id, participant_id, step_id, answer_id, encoded)
            return Recorded(duplicate=False, state=state)

        return self._together.run(write)

    def _own_state(self, session_id: str, participant_id: str) -> LiveState:
        # Held until the answer commits, so a close waits for it (and an answer after a close
        # reads the closed room).
        row = self._db.row(
            f"SELECT {LIVE_COLUMNS} FROM sessions WHERE id = ?{self._db.share_lock}", (session_id,)
        )
        if row is None:
            raise StoreError("not_found", N_("There is no such session."))
        state = state_from_row(row)
        if state.mode == SELF_PACED:
            place = self._db.row(
                f"SELECT position FROM participants WHERE id = ?{self._db.share_lock}",
                (participant_id,),
            )
            if place is None:
                raise StoreError("not_found", N_("There is no such participant."))
            state = own_pace(state, place["position"], answered=False)
        return state

    def _seen_before(self, participant_id: str, answer_id: str, step_id: str, encoded: str) -> bool:
        """True for the same answer again; a Conflict for another answer under the same id."""
        earlier = self._db.row(
            "SELECT step_id, value FROM answer_ids WHERE participant_id = ? AND answer_id = ?",
            (participant_id, answer_id),
        )
        if earlier is None:
            return False
        if earlier["step_id"] != step_id or earlier["value"] != encoded:
            raise Conflict()
        return True

    def _insert_answer(
        self,
        state: LiveState,
        session_id: str,
        participant_id: str,
        step_id: str,
        answer_id: str,
        encoded: str,
    ) -> None:
        """Into the vote the state says is on: a second vote is kept apart, so the first one
        is never overwritten."""
        now = self._db.now()
        self._db.insert(
            "answer_ids",
            {
                "participant_id": participant_id,
                "answer_id": answer_id,
                "step_id": step_id,
                "value": encoded,
            },
        )
        table = "second_votes" if state.vote_round(step_id) == 2 else "responses"
        self._db.execute(
            f"INSERT INTO {table} (participant_id, step_id, session_id, value, answer_id,"
            " answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id, step_id)"
            " DO UPDATE SET value = excluded.value, answer_id = excluded.answer_id,"
            " answered_at = excluded.answered_at",
            (participant_id, step_id, session_id, encoded, answer_id, now),
        )

    def values(self, session_id: str, step_id: str) -> list[Any]:
        rows = self._db.rows(
            "SELECT value FROM responses WHERE session_id = ? AND step_id = ?",
            (session_id, step_id),
        )
        return [json.loads(r["value"]) for r in rows]

    def by_person(self, session_id: str) -> list[tuple[str, dict[str, Any]]]:
        """Each participant who answered anything: their name and their answers by step id."""
        rows = self._db.rows(
            "SELECT r.participant_id, p.name, r.step_id, r.value FROM responses r"
            " JOIN participants p ON p.id = r.participant_id WHERE r.session_id = ?"
            " ORDER BY r.participant_id",
            (session_id,),
        )
        people: dict[str, tuple[str, dict[str, Any]]] = {}
        for r in rows:
            people.setdefault(r["participant_id"], (r["name"], {}))[1][r["step_id"]] = json.loads(
                r["value"]
            )
        return list(people.values())

    def of_participant(self, participant_id: str) -> dict[str, Any]:
        rows = self._db.rows(
            "SELECT step_id, value FROM responses WHERE participant_id = ?", (participant_id,)
        )
        return {r["step_id"]: json.loads(r["value"]) for r in rows}

    def save_own(self, session_id: str, participant_id: str, step_id: str, value: Any) -> None:
        """A participant's own later change (a plan edited from the notebook), outside the room's
        rules: it replaces their response to that step."""
        encoded = json.dumps(value, sort_keys=True)
        answer_id = f"notebook-{secrets.token_urlsafe(9)}"
        self._db.execute(
            "INSERT INTO responses (participant_id, step_id, session_id, value, answer_id,"
            " answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id, step_id)"
            " DO UPDATE SET value = excluded.value, answer_id = excluded.answer_id,"
            " answered_at = excluded.answered_at",
            (participant_id, step_id, session_id, encoded, answer_id, self._db.now()),
        )

    def for_step(self, session_id: str, step_id: str) -> list[Response]:
        """A step's responses in the order they came, with the author's name and discussion
        group for the few views allowed to show them."""
        rows = self._db.rows(
            "SELECT r.value, r.answer_id, p.name, g.group_no FROM responses r"
            " JOIN participants p ON p.id = r.participant_id"
            " LEFT JOIN discussion_groups g ON g.session_id = r.session_id"
            "   AND g.step_id = r.step_id AND g.participant_id = r.participant_id"
            " WHERE r.session_id = ? AND r.step_id = ? ORDER BY r.answered_at, r.rowid",
            (session_id, step_id),
        )
        return [
            Response(json.loads(r["value"]), r["answer_id"], r["name"], r["group_no"]) for r in rows
        ]

    def values_by_participant(self, session_id: str, step_id: str) -> dict[str, Any]:
        rows = self._db.rows(
            "SELECT participant_id, value FROM responses WHERE session_id = ? AND step_id = ?",
            (session_id, step_id),
        )
        return {r["participant_id"]: json.loads(r["value"]) for r in rows}

    def second_votes(self, session_id: str, step_id: str) -> dict[str, Any]:
        """A step's second vote (peer instruction), by participant id."""
        rows = self._db.rows(
            "SELECT participant_id, value FROM second_votes WHERE session_id = ? AND step_id = ?",
            (session_id, step_id),
        )
        return {r["participant_id"]: json.loads(r["value"]) for r in rows}

    def named_second_votes(self, session_id: str, step_id: str) -> list[tuple[str, Any]]:
        """A step's second vote as (name, value) in the order they came, for one-to-one."""
        rows = self._db.rows(
            "SELECT p.name, v.value FROM second_votes v"
            " JOIN participants p ON p.id = v.participant_id"
            " WHERE v.session_id = ? AND v.step_id = ? ORDER BY v.answered_at, v.rowid",
            (session_id, step_id),
        )
        return [(r["name"], json.loads(r["value"])) for r in rows]

    def second_votes_of(self, participant_id: str) -> dict[str, Any]:
        rows = self._db.rows(
            "SELECT step_id, value FROM second_votes WHERE participant_id = ?", (participant_id,)
        )
        return {r["step_id"]: json.loads(r["value"]) for r in rows}

    def timed_of_participant(self, participant_id: str) -> list[dict[str, Any]]:
        """The participant's answers with when each was last given, oldest first."""
        rows = self._db.rows(
            "SELECT session_id, step_id, value, answered_at FROM responses"
            " WHERE participant_id = ? ORDER BY answered_at, rowid",
            (participant_id,),
        )
        return [{**r, "value": json.loads(r["value"])} for r in rows]
