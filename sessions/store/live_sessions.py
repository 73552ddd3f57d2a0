"""Decks, sessions and their live state, and participants."""

from __future__ import annotations

import json
import secrets
import sqlite3
from typing import Any, cast

from sessions.deck import Deck, parse_deck
from sessions.live import GROUP, MODES, ONE_TO_ONE, LiveState
from sessions.store.base import (
    LIVE_COLUMNS,
    StoreBase,
    StoreError,
    hash_token,
    new_id,
    state_from_row,
)

_PARTICIPANT = "id, session_id, name, joined_at, position"


class SessionsStore(StoreBase):
    # Decks ----------------------------------------------------------------------------------

    def save_deck(self, deck_id: str, yaml_text: str, *, bundled: bool = False) -> Deck:
        deck = parse_deck(yaml_text, source=deck_id)
        with self._write() as db:
            db.execute(
                "INSERT INTO decks (id, title, description, yaml, step_count, bundled, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " title = excluded.title, description = excluded.description,"
                " yaml = excluded.yaml, step_count = excluded.step_count,"
                " bundled = excluded.bundled, updated_at = excluded.updated_at"
                " WHERE yaml != excluded.yaml OR bundled != excluded.bundled",
                (
                    deck_id,
                    deck.title,
                    deck.description,
                    yaml_text,
                    len(deck.steps),
                    int(bundled),
                    self._now(),
                ),
            )
        return deck

    def deck_row(self, deck_id: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM decks WHERE id = ?", (deck_id,))

    # Sessions -------------------------------------------------------------------------------

    def create_session(
        self, deck_id: str, facilitator_id: str, *, mode: str = GROUP, closes_at: str | None = None
    ) -> dict[str, Any]:
        """A new live session on a snapshot of the deck, with a join code unique among live
        sessions. Raises StoreError('unknown_deck') when there is no such deck. A one-to-one
        session shows results from the first answer: there is no group to hide anyone in."""
        if mode not in MODES:
            raise StoreError("bad_request", f"mode must be one of: {', '.join(MODES)}")
        deck_row = self.deck_row(deck_id)
        if deck_row is None:
            raise StoreError("unknown_deck", "There is no such deck.")
        deck = parse_deck(deck_row["yaml"], source=deck_id)
        session_id, screen_key = new_id(), secrets.token_urlsafe(24)
        for _ in range(20):
            code = f"{secrets.randbelow(1_000_000):06d}"
            try:
                with self._write() as db:
                    db.execute(
                        "INSERT INTO sessions (id, deck_id, title, deck_yaml, code, screen_key,"
                        " facilitator_id, min_responses, created_at, mode, closes_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            session_id,
                            deck_id,
                            deck.title,
                            deck_row["yaml"],
                            code,
                            screen_key,
                            facilitator_id,
                            1 if mode == ONE_TO_ONE else deck.min_responses,
                            self._now(),
                            mode,
                            closes_at,
                        ),
                    )
            except sqlite3.IntegrityError as exc:
                if "sessions.code" in str(exc):
                    continue  # the code is taken by a live session: draw another
                raise StoreError("bad_request", "That facilitator or deck does not exist.") from exc
            self._decks[session_id] = deck
            return cast(dict[str, Any], self.session(session_id))  # written just above
        raise StoreError("busy", "Could not find a free join code; try again.")

    def session(self, session_id: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM sessions WHERE id = ?", (session_id,))

    def live_session_by_code(self, code: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM sessions WHERE code = ? AND status = 'live'", (code,))

    def session_by_screen_key(self, key: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM sessions WHERE screen_key = ?", (key,))

    def sessions_of(self, facilitator_id: str, limit: int = 50) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT s.id, s.title, s.code, s.status, s.created_at, s.ended_at, s.mode,"
            " s.closes_at, s.demo,"
            " (SELECT count(*) FROM participants p WHERE p.session_id = s.id) AS participant_count"
            " FROM sessions s WHERE facilitator_id = ? ORDER BY created_at DESC, rowid DESC"
            " LIMIT ?",
            (facilitator_id, limit),
        )

    def deck_of(self, session_id: str) -> Deck:
        """The session's own copy of its deck (parsed once; it never changes)."""
        deck = self._decks.get(session_id)
        if deck is None:
            row = self._row("SELECT deck_yaml, deck_id FROM sessions WHERE id = ?", (session_id,))
            if row is None:
                raise StoreError("not_found", "There is no such session.")
            deck = self._decks[session_id] = parse_deck(row["deck_yaml"], source=row["deck_id"])
        return deck

    def load_live(self, session_id: str) -> LiveState:
        row = self._row(f"SELECT {LIVE_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
        if row is None:
            raise StoreError("not_found", "There is no such session.")
        return state_from_row(row)

    def save_live(self, session_id: str, state: LiveState, expected_seq: int) -> bool:
        """Store a new state if nobody changed the session since `expected_seq` was read."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE sessions SET seq = ?, step_index = ?, open = ?, revealed = ?,"
                " status = ?, shown_locked = ?, ended_at = ?, timer_status = ?,"
                " timer_ends_at = ?, timer_remaining = ?, blanked = ?, active_at = ?"
                " WHERE id = ? AND seq = ?",
                (
                    state.seq,
                    state.step_index,
                    int(state.open),
                    int(state.revealed),
                    "ended" if state.ended else "live",
                    json.dumps(sorted(state.shown_locked)),
                    self._now() if state.ended else None,
                    state.timer.status,
                    state.timer.ends_at,
                    state.timer.remaining,
                    int(state.blanked),
                    self._now(),
                    session_id,
                    expected_seq,
                ),
            )
        return cursor.rowcount == 1

    # Participants ---------------------------------------------------------------------------

    def add_participant(self, session_id: str, name: str) -> tuple[dict[str, Any], str]:
        participant_id, token = new_id(), secrets.token_urlsafe(32)
        with self._write() as db:
            db.execute(
                "INSERT INTO participants (id, session_id, token_hash, name, joined_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (participant_id, session_id, hash_token(token), name, self._now()),
            )
        return cast(dict[str, Any], self.participant(participant_id)), token  # written just above

    def participant(self, participant_id: str) -> dict[str, Any] | None:
        return self._row(f"SELECT {_PARTICIPANT} FROM participants WHERE id = ?", (participant_id,))

    def participant_for_token(self, token: str) -> dict[str, Any] | None:
        return self._row(
            f"SELECT {_PARTICIPANT} FROM participants WHERE token_hash = ?", (hash_token(token),)
        )

    def set_rejoin_digest(self, participant_id: str, digest: str) -> None:
        """Keep the digest of the participant's rejoin code (never the code itself)."""
        with self._write() as db:
            db.execute(
                "UPDATE participants SET rejoin_digest = ? WHERE id = ?", (digest, participant_id)
            )

    def participant_for_rejoin(self, digest: str) -> dict[str, Any] | None:
        """The participant whose rejoin code has this digest, with their session's status."""
        return self._row(
            "SELECT p.id, p.session_id, p.name, p.joined_at, p.position, s.status AS status"
            " FROM participants p JOIN sessions s ON s.id = p.session_id"
            " WHERE p.rejoin_digest = ?",
            (digest,),
        )

    def new_participant_token(self, participant_id: str) -> str | None:
        """A new token for the participant, for the device they rejoin from; the old token
        stops working. None when the participant is gone."""
        token = secrets.token_urlsafe(32)
        with self._write() as db:
            cursor = db.execute(
                "UPDATE participants SET token_hash = ? WHERE id = ?",
                (hash_token(token), participant_id),
            )
        return token if cursor.rowcount == 1 else None

    def participant_for_notebook(self, key: str) -> dict[str, Any] | None:
        return self._row(
            f"SELECT {_PARTICIPANT} FROM participants WHERE notebook_key_hash = ?",
            (hash_token(key),),
        )

    def notebook_key(self, participant_id: str) -> str | None:
        """A new private link key for the participant's notebook (the old one stops working).
        256 random bits; only its hash is kept. None when the participant is gone (they
        deleted their data), as there is no notebook left to link to."""
        key = secrets.token_urlsafe(32)
        with self._write() as db:
            cursor = db.execute(
                "UPDATE participants SET notebook_key_hash = ? WHERE id = ?",
                (hash_token(key), participant_id),
            )
        return key if cursor.rowcount == 1 else None

    def move_participant(self, participant_id: str, position: int) -> None:
        with self._write() as db:
            db.execute(
                "UPDATE participants SET position = ? WHERE id = ?", (position, participant_id)
            )

    def progress(self, session_id: str) -> dict[int, int]:
        """How many self-paced participants are on each step."""
        rows = self._rows(
            "SELECT position, count(*) AS n FROM participants WHERE session_id = ?"
            " GROUP BY position",
            (session_id,),
        )
        return {r["position"]: r["n"] for r in rows}

    def close_due_sessions(self) -> list[str]:
        """End self-paced sessions whose closing time has passed; the ids of those this call
        ended (with several workers racing, each session is ended, and reported, once)."""
        now = self._now()
        due = [
            r["id"]
            for r in self._rows(
                "SELECT id FROM sessions WHERE status = 'live' AND closes_at IS NOT NULL"
                " AND closes_at <= ?",
                (now,),
            )
        ]
        ended = []
        with self._write() as db:
            for session_id in due:
                cursor = db.execute(
                    "UPDATE sessions SET status = 'ended', ended_at = ?, seq = seq + 1"
                    " WHERE id = ? AND status = 'live'",
                    (now, session_id),
                )
                if cursor.rowcount == 1:
                    ended.append(session_id)
        return ended

    def delete_participant(self, participant_id: str) -> None:
        """Everything a participant contributed goes: answers, plan, questions, votes, group
        places, alerts, and their name. Aggregates already kept for reports stay."""
        with self._write() as db:
            own_questions = "SELECT id FROM questions WHERE participant_id = ?"
            db.execute(
                f"DELETE FROM question_votes WHERE participant_id = ? OR question_id IN"
                f" ({own_questions})",
                (participant_id, participant_id),
            )
            for table in ("questions", "responses", "answer_ids", "discussion_groups", "alerts"):
                db.execute(f"DELETE FROM {table} WHERE participant_id = ?", (participant_id,))
            db.execute("DELETE FROM participants WHERE id = ?", (participant_id,))

    def participant_count(self, session_id: str) -> int:
        row = self._one(
            "SELECT count(*) AS n FROM participants WHERE session_id = ?", (session_id,)
        )
        return row["n"]
