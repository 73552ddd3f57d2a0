"""The connection, its transactions, and the errors the store raises."""

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

from sessions.deck import Deck
from sessions.live import LiveState, Timer
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


class StoreBase:
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


def state_from_row(row: dict[str, Any]) -> LiveState:
    return LiveState(
        seq=row["seq"],
        step_index=row["step_index"],
        open=bool(row["open"]),
        revealed=bool(row["revealed"]),
        ended=row["status"] == "ended",
        shown_locked=frozenset(json.loads(row["shown_locked"])),
        timer=Timer(row["timer_status"], row["timer_ends_at"], row["timer_remaining"]),
        mode=row["mode"],
    )


LIVE_COLUMNS = (
    "seq, step_index, open, revealed, status, shown_locked, timer_status, timer_ends_at,"
    " timer_remaining, mode"
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
