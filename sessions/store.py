"""Persistence on SQLite through sqlite-utils: the only module that speaks SQL.

Writes are short transactions started with BEGIN IMMEDIATE, so that two processes sharing the
file queue for the write lock instead of failing half-way; nothing inside one may yield."""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from sessions.deck import Deck, parse_deck
from sessions.live import LiveState
from sessions.migrations import migrations

ROLES = ("admin", "facilitator", "reviewer")


class StoreError(Exception):
    """The store could not do what was asked; `code` is for programs, the message for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class Conflict(StoreError):
    def __init__(self) -> None:
        super().__init__("conflict", "This answer id was already used for a different answer.")


@dataclass(frozen=True)
class Recorded:
    """The outcome of storing an answer: `duplicate` when the same answer id was stored before."""

    duplicate: bool
    state: LiveState


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_id() -> str:
    return secrets.token_urlsafe(12)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Store:
    def __init__(
        self,
        path: str,
        *,
        busy_timeout_ms: int = 2000,
        clock: Callable[[], str] = utc_now,
    ):
        conn = sqlite3.connect(path, check_same_thread=False, timeout=busy_timeout_ms / 1000)
        self.db = Database(conn)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        self._lock = threading.RLock()
        self._now = clock
        self._decks: dict[str, Deck] = {}
        with self._lock:
            migrations.apply(self.db)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log back into the database file, so the log stays small."""
        with self._lock:
            self.db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    # Transactions ---------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Database]:
        """One short write transaction; a busy or broken database becomes a StoreError."""
        with self._lock:
            conn = self.db.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise _store_error(exc) from exc
            try:
                yield self.db
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise _store_error(exc) from exc
                raise

    def _rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        with self._lock:
            try:
                return list(self.db.query(sql, params))
            except sqlite3.OperationalError as exc:
                raise _store_error(exc) from exc

    def _row(self, sql: str, params: tuple = ()) -> dict[str, Any] | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    # Accounts -------------------------------------------------------------------------------

    def create_user(self, username: str, password_hash: str, role: str = "facilitator") -> str:
        if role not in ROLES:
            raise StoreError("bad_request", f"Role must be one of: {', '.join(ROLES)}.")
        user_id = new_id()
        try:
            with self._write() as db:
                db.execute(
                    "INSERT INTO users (id, username, password_hash, role, created_at)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (user_id, username, password_hash, role, self._now()),
                )
        except sqlite3.IntegrityError:
            raise StoreError("exists", f"There is already a user called {username}.") from None
        return user_id

    def set_password(self, user_id: str, password_hash: str) -> None:
        with self._write() as db:
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user_id))

    def user_by_name(self, username: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM users WHERE username = ?", (username,))

    def user(self, user_id: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM users WHERE id = ? AND NOT disabled", (user_id,))

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        with self._write() as db:
            db.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), user_id))

    def create_api_token(self, user_id: str, *, expires_at: str | None = None) -> str:
        """A new bearer token; only its hash is kept."""
        token = secrets.token_urlsafe(32)
        with self._write() as db:
            db.execute(
                "INSERT INTO api_tokens (token_hash, user_id, created_at, expires_at)"
                " VALUES (?, ?, ?, ?)",
                (hash_token(token), user_id, self._now(), expires_at),
            )
        return token

    def user_for_token(self, token: str) -> dict[str, Any] | None:
        return self._row(
            "SELECT users.* FROM api_tokens JOIN users ON users.id = api_tokens.user_id"
            " WHERE token_hash = ? AND revoked_at IS NULL AND NOT users.disabled"
            " AND (expires_at IS NULL OR expires_at > ?)",
            (hash_token(token), self._now()),
        )

    def revoke_api_token(self, token: str) -> bool:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                (self._now(), hash_token(token)),
            )
        return cursor.rowcount == 1

    def revoke_api_tokens_of(self, user_id: str) -> int:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                (self._now(), user_id),
            )
        return cursor.rowcount

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
                (deck_id, deck.title, deck.description, yaml_text, len(deck.steps),
                 int(bundled), self._now()),
            )
        return deck

    def decks(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT id, title, description, step_count, bundled, updated_at FROM decks"
            " ORDER BY title"
        )

    def deck_row(self, deck_id: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM decks WHERE id = ?", (deck_id,))

    # Sessions -------------------------------------------------------------------------------

    def create_session(self, deck_id: str, facilitator_id: str) -> dict[str, Any]:
        """A new live session on a snapshot of the deck, with a join code unique among live
        sessions. Raises StoreError('unknown_deck') when there is no such deck."""
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
                        " facilitator_id, min_responses, created_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (session_id, deck_id, deck.title, deck_row["yaml"], code, screen_key,
                         facilitator_id, deck.min_responses, self._now()),
                    )
            except sqlite3.IntegrityError as exc:
                if "sessions.code" in str(exc):
                    continue  # the code is taken by a live session: draw another
                raise StoreError("bad_request", "That facilitator or deck does not exist.") from exc
            self._decks[session_id] = deck
            return self.session(session_id)
        raise StoreError("busy", "Could not find a free join code; try again.")

    def session(self, session_id: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM sessions WHERE id = ?", (session_id,))

    def live_session_by_code(self, code: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM sessions WHERE code = ? AND status = 'live'", (code,))

    def session_by_screen_key(self, key: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM sessions WHERE screen_key = ?", (key,))

    def sessions_of(self, facilitator_id: str, limit: int = 50) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT s.id, s.title, s.code, s.status, s.created_at, s.ended_at,"
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
        row = self._row(
            "SELECT seq, step_index, open, revealed, status, shown_locked FROM sessions"
            " WHERE id = ?",
            (session_id,),
        )
        if row is None:
            raise StoreError("not_found", "There is no such session.")
        return _state_from_row(row)

    def save_live(self, session_id: str, state: LiveState, expected_seq: int) -> bool:
        """Store a new state if nobody changed the session since `expected_seq` was read."""
        with self._write() as db:
            cursor = db.execute(
                "UPDATE sessions SET seq = ?, step_index = ?, open = ?, revealed = ?,"
                " status = ?, shown_locked = ?, ended_at = ? WHERE id = ? AND seq = ?",
                (state.seq, state.step_index, int(state.open), int(state.revealed),
                 "ended" if state.ended else "live", json.dumps(sorted(state.shown_locked)),
                 self._now() if state.ended else None, session_id, expected_seq),
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
        return self.participant(participant_id), token

    def participant(self, participant_id: str) -> dict[str, Any] | None:
        return self._row(
            "SELECT id, session_id, name, joined_at FROM participants WHERE id = ?",
            (participant_id,),
        )

    def participant_for_token(self, token: str) -> dict[str, Any] | None:
        return self._row(
            "SELECT id, session_id, name, joined_at FROM participants WHERE token_hash = ?",
            (hash_token(token),),
        )

    def participant_count(self, session_id: str) -> int:
        row = self._row(
            "SELECT count(*) AS n FROM participants WHERE session_id = ?", (session_id,)
        )
        return row["n"]

    # Responses ------------------------------------------------------------------------------

    def record_response(
        self,
        *,
        session_id: str,
        participant_id: str,
        step_id: str,
        answer_id: str,
        value: Any,
        check: Callable[[LiveState], None],
    ) -> Recorded:
        """Store an answer exactly once. `check` is the domain's rule, run on the state read
        inside the same transaction, so an answer racing `close` is either stored or refused.
        The same answer id with the same value is a duplicate; with another value a Conflict."""
        encoded = json.dumps(value, sort_keys=True)
        with self._write() as db:
            earlier = next(
                db.query(
                    "SELECT step_id, value FROM answer_ids WHERE participant_id = ?"
                    " AND answer_id = ?",
                    (participant_id, answer_id),
                ),
                None,
            )
            row = next(
                db.query(
                    "SELECT seq, step_index, open, revealed, status, shown_locked"
                    " FROM sessions WHERE id = ?",
                    (session_id,),
                ),
                None,
            )
            if row is None:
                raise StoreError("not_found", "There is no such session.")
            state = _state_from_row(row)
            if earlier is not None:
                if earlier["step_id"] != step_id or earlier["value"] != encoded:
                    raise Conflict()
                return Recorded(duplicate=True, state=state)
            check(state)
            now = self._now()
            db.execute(
                "INSERT INTO answer_ids (participant_id, answer_id, step_id, value)"
                " VALUES (?, ?, ?, ?)",
                (participant_id, answer_id, step_id, encoded),
            )
            db.execute(
                "INSERT INTO responses (participant_id, step_id, session_id, value, answer_id,"
                " answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (participant_id, step_id)"
                " DO UPDATE SET value = excluded.value, answer_id = excluded.answer_id,"
                " answered_at = excluded.answered_at",
                (participant_id, step_id, session_id, encoded, answer_id, now),
            )
        return Recorded(duplicate=False, state=state)

    def response_values(self, session_id: str, step_id: str) -> list[Any]:
        rows = self._rows(
            "SELECT value FROM responses WHERE session_id = ? AND step_id = ?",
            (session_id, step_id),
        )
        return [json.loads(r["value"]) for r in rows]

    def responses_of(self, participant_id: str) -> dict[str, Any]:
        rows = self._rows(
            "SELECT step_id, value FROM responses WHERE participant_id = ?", (participant_id,)
        )
        return {r["step_id"]: json.loads(r["value"]) for r in rows}


def _state_from_row(row: dict[str, Any]) -> LiveState:
    return LiveState(
        seq=row["seq"],
        step_index=row["step_index"],
        open=bool(row["open"]),
        revealed=bool(row["revealed"]),
        ended=row["status"] == "ended",
        shown_locked=frozenset(json.loads(row["shown_locked"])),
    )


def _store_error(exc: sqlite3.OperationalError) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError("busy", "The database is busy. Please try again in a moment.")
    if "readonly" in text or "read-only" in text:
        return StoreError("unavailable", "The database cannot be written to. Nothing was saved.")
    if "full" in text:
        return StoreError("unavailable", "The disk is full. Nothing was saved.")
    return StoreError("unavailable", "The database failed. Nothing was saved.")
