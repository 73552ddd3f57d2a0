"""Sessions: starting one on a snapshot of a deck, finding it by id, join code or screen key,
its live state, and closing self-paced sessions when they are due."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from typing import Any, cast
from weakref import WeakValueDictionary

from sessions.deck import Deck, parse_deck
from sessions.live import GROUP, MODES, ONE_TO_ONE, LiveState, SafetySkipped
from sessions.store.base import (
    LIVE_COLUMNS,
    Database,
    Part,
    StoreError,
    new_id,
    state_from_row,
)
from sessions.store.decks import Decks
from sessions.store.records import SessionRecord
from sessions.words import N_

# The record's columns by name, not `*`: on PostgreSQL the table also has its arrival-order
# `rowid` column (pg_schema.ARRIVAL_ORDERED), which is no part of a session.
SESSION_COLUMNS = ", ".join(SessionRecord.__annotations__)
SESSION_COLUMNS_OF_S = ", ".join(f"s.{name}" for name in SessionRecord.__annotations__)


class Sessions(Part):
    def __init__(self, db: Database, decks: Decks):
        super().__init__(db)
        self._decks_part = decks
        self._decks: dict[str, Deck] = {}  # session id -> its deck, which never changes
        # Sessions run from the same deck text share one parsed (immutable) copy of it: a clinic
        # runs one deck in many groups, and each copy is about 60 KB and a parse.
        self._parsed: WeakValueDictionary[str, Deck] = WeakValueDictionary()

    def create(
        self,
        deck_id: str,
        facilitator_id: str,
        *,
        mode: str = GROUP,
        closes_at: str | None = None,
        scoring: bool = False,
        leaderboard: bool = False,
    ) -> SessionRecord:
        """A new live session on a snapshot of the deck, with a join code unique among live
        sessions. Raises StoreError('unknown_deck') when there is no such deck. A one-to-one
        session shows results from the first answer: there is no group to hide anyone in.
        `scoring` counts each person's right quiz answers; `leaderboard` (only with scoring)
        shows the best scores by nickname at the end."""
        if mode not in MODES:
            raise StoreError(
                "bad_request", N_("mode must be one of: %(modes)s"), modes=", ".join(MODES)
            )
        if leaderboard and not scoring:
            raise StoreError("bad_request", N_("A leaderboard needs quiz scores turned on."))
        deck_row = self._decks_part.get(deck_id)
        if deck_row is None:
            raise StoreError("unknown_deck", N_("There is no such deck."))
        if self._db.row("SELECT 1 AS found FROM users WHERE id = ?", (facilitator_id,)) is None:
            raise StoreError("bad_request", N_("That facilitator does not exist."))
        deck = self._parse(deck_row["yaml"], source=deck_id)
        session_id, screen_key = new_id(), secrets.token_urlsafe(24)
        for _ in range(20):
            code = f"{secrets.randbelow(1_000_000):06d}"
            # A code taken by a live session stores nothing (the conflict is on the code's
            # unique index), and another is drawn: no error to tell apart on either engine.
            added = self._db.execute(
                "INSERT INTO sessions (id, deck_id, title, deck_yaml, code, screen_key,"
                " facilitator_id, min_responses, created_at, mode, closes_at, scoring,"
                " leaderboard) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                (
                    session_id,
                    deck_id,
                    deck.title,
                    deck_row["yaml"],
                    code,
                    screen_key,
                    facilitator_id,
                    1 if mode == ONE_TO_ONE else deck.min_responses,
                    self._db.now(),
                    mode,
                    closes_at,
                    int(scoring),
                    int(leaderboard),
                ),
            )
            if added == 1:
                self._decks[session_id] = deck
                return cast(SessionRecord, self.get(session_id))  # written just above
        raise StoreError("busy", N_("Could not find a free join code; try again."))

    def get(self, session_id: str) -> SessionRecord | None:
        return cast(
            SessionRecord | None,
            self._db.row(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)),
        )

    def with_head_count(self, session_id: str) -> tuple[SessionRecord, int]:
        """The session's row (its live state with it: state_from_row) and how many have joined,
        in one read: what every audience's snapshot starts from."""
        row = self._db.row(
            f"SELECT {SESSION_COLUMNS_OF_S},"
            " (SELECT count(*) FROM participants p WHERE p.session_id = s.id)"
            " AS head_count FROM sessions s WHERE s.id = ?",
            (session_id,),
        )
        if row is None:
            raise StoreError("not_found", N_("There is no such session."))
        head_count = row.pop("head_count")
        return cast(SessionRecord, row), head_count

    def live_by_code(self, code: str) -> SessionRecord | None:
        return cast(
            SessionRecord | None,
            self._db.row(
                f"SELECT {SESSION_COLUMNS} FROM sessions WHERE code = ? AND status = 'live'",
                (code,),
            ),
        )

    def by_screen_key(self, key: str) -> SessionRecord | None:
        return cast(
            SessionRecord | None,
            self._db.row(f"SELECT {SESSION_COLUMNS} FROM sessions WHERE screen_key = ?", (key,)),
        )

    def of_facilitator(self, facilitator_id: str, limit: int = 50) -> list[dict[str, Any]]:
        return self._db.rows(
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
            row = self._db.row(
                "SELECT deck_yaml, deck_id FROM sessions WHERE id = ?", (session_id,)
            )
            if row is None:
                raise StoreError("not_found", N_("There is no such session."))
            deck = self._decks[session_id] = self._parse(row["deck_yaml"], source=row["deck_id"])
        return deck

    def _parse(self, yaml_text: str, *, source: str) -> Deck:
        key = hashlib.sha256(yaml_text.encode()).hexdigest()
        deck = self._parsed.get(key)
        if deck is None:
            deck = self._parsed[key] = parse_deck(yaml_text, source=source)
        return deck

    def load_live(self, session_id: str, *, to_change: bool = False) -> LiveState:
        """The room's state; `to_change`, inside the write that will save it, holds its row
        until the commit, so two commands on the session take turns."""
        lock = self._db.update_lock if to_change else ""
        row = self._db.row(f"SELECT {LIVE_COLUMNS} FROM sessions WHERE id = ?{lock}", (session_id,))
        if row is None:
            raise StoreError("not_found", N_("There is no such session."))
        return state_from_row(row)

    def save_live(
        self,
        session_id: str,
        state: LiveState,
        expected_seq: int,
        *,
        skipped: Sequence[SafetySkipped] = (),
        by: str | None = None,
    ) -> bool:
        """Store a new state if nobody changed the session since `expected_seq` was read.
        Safety steps `skipped` on the way are recorded, with who (`by`) and when, and audited,
        in the same transaction: a forced skip is never stored without its record."""
        with self._db.write():
            changed = self._db.execute(
                "UPDATE sessions SET seq = ?, step_index = ?, open = ?, revealed = ?,"
                " status = ?, shown_locked = ?, ended_at = ?, timer_status = ?,"
                " timer_ends_at = ?, timer_remaining = ?, blanked = ?, voted_again = ?,"
                " active_at = ? WHERE id = ? AND seq = ?",
                (
                    state.seq,
                    state.step_index,
                    int(state.open),
                    int(state.revealed),
                    "ended" if state.ended else "live",
                    json.dumps(sorted(state.shown_locked)),
                    self._db.now() if state.ended else None,
                    state.timer.status,
                    state.timer.ends_at,
                    state.timer.remaining,
                    int(state.blanked),
                    json.dumps(sorted(state.voted_again)),
                    self._db.now(),
                    session_id,
                    expected_seq,
                ),
            )
            if changed == 1 and skipped:
                self._record_skips(session_id, skipped, by)
        return changed == 1

    def _record_skips(self, session_id: str, skipped: Sequence[SafetySkipped], by) -> None:
        found = self._db.row("SELECT username FROM users WHERE id = ?", (by,))
        name, now = (found["username"] if found else "(unknown)"), self._db.now()
        for step in skipped:
            self._db.execute(
                "INSERT INTO safety_skips (session_id, step_id, step_title, skipped_by,"
                " skipped_by_name, skipped_at) VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, step.step_id, step.title, by, name, now),
            )
            self._db.execute(
                "INSERT INTO audit_log (at, user_id, username, action, target, detail)"
                " VALUES (?, ?, ?, 'safety.skip', ?, ?)",
                (now, by, name, f"session {session_id}", f"step {step.step_id}"),
            )

    def safety_skips(self, session_id: str) -> list[dict[str, Any]]:
        """Each forced skip past an unseen locked safety step, oldest first."""
        return self._db.rows(
            "SELECT step_id, step_title, skipped_by_name, skipped_at FROM safety_skips"
            " WHERE session_id = ? ORDER BY id",
            (session_id,),
        )

    def close_due(self) -> list[str]:
        """End self-paced sessions whose closing time has passed; the ids of those this call
        ended (with several workers racing, each session is ended, and reported, once)."""
        now = self._db.now()
        due = [
            r["id"]
            for r in self._db.rows(
                "SELECT id FROM sessions WHERE status = 'live' AND closes_at IS NOT NULL"
                " AND closes_at <= ?",
                (now,),
            )
        ]
        ended = []
        with self._db.write():
            for session_id in due:
                changed = self._db.execute(
                    "UPDATE sessions SET status = 'ended', ended_at = ?, seq = seq + 1"
                    " WHERE id = ? AND status = 'live'",
                    (now, session_id),
                )
                if changed == 1:
                    ended.append(session_id)
        return ended

    def mark_trial(self, session_id: str) -> None:
        """A session started to try a deck out, so reports can leave it out."""
        self._db.update("sessions", {"id": session_id}, {"trial": 1})

    def set_room_languages(self, session_id: str, languages: str) -> None:
        """The screen's room language(s), as sessions/room_language.py stores them."""
        self._db.update("sessions", {"id": session_id}, {"room_languages": languages})

    def forget_decks(self) -> None:
        """Drop the parsed decks kept in memory, for sessions deleted or changed beneath."""
        self._decks.clear()
