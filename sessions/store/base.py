"""The database the store's parts share: its one connection, short write transactions with
cooperative busy waits, and the errors every part raises."""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils
from sqlite_utils.utils import dedupe_keys

from sessions.live import LiveState, Timer
from sessions.migrations import migrations
from sessions.store.table_writes import TableWrites
from sessions.words import N_, Words, words

ROLES = ("admin", "facilitator", "reviewer")


class StoreError(Exception):
    """The store could not do what was asked; `code` is for programs, `words` for people
    (translated where it is sent; `message` is its English)."""

    def __init__(self, code: str, message: str | Words, **values: object):
        self.code = code
        self.words = words(message, values)
        self.message = self.words.english()
        super().__init__(self.message)


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


class Database(TableWrites):
    """The connection and its transactions. Parts read and write only through this."""

    engine = "sqlite"
    greatest = "max"  # the scalar larger-of-two function, GREATEST on PostgreSQL
    # A read that holds its row until the transaction ends: SQLite's writers already go one
    # at a time (BEGIN IMMEDIATE), so nothing is added here.
    share_lock = ""
    update_lock = ""  # BEGIN IMMEDIATE already runs writes one at a time

    def __init__(
        self,
        path: str,
        *,
        busy_timeout_ms: int = 2000,
        clock: Callable[[], str] = utc_now,
    ):
        # SQLite's own busy wait sleeps inside C, which would freeze an eventlet or gevent
        # server for every waiting write; so it is off, and attempt() waits cooperatively.
        conn = sqlite3.connect(path, check_same_thread=False, timeout=0)
        self.sqlite = sqlite_utils.Database(conn)
        self._busy_timeout = busy_timeout_ms / 1000
        self._lock = threading.RLock()
        self._writer: int | None = None  # the thread inside write(), which nests as savepoints
        self.attempt(lambda: self.sqlite.execute("PRAGMA journal_mode=WAL"))
        self.sqlite.execute("PRAGMA synchronous=FULL")
        self.sqlite.execute("PRAGMA foreign_keys=ON")
        self.sqlite.execute("PRAGMA busy_timeout=0")
        self.now = clock  # an attribute, so a test can hold the clock at a moment
        # Several workers may start together: a migration that meets a busy database is
        # rolled back whole and the rest are tried again.
        self.attempt(lambda: migrations.apply(self.sqlite))

    def close(self) -> None:
        with self._lock:
            self.sqlite.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log back into the database file, so the log stays small."""
        self.attempt(lambda: self.sqlite.execute("PRAGMA wal_checkpoint(PASSIVE)"))

    def attempt(self, action: Callable[[], Any]) -> Any:
        """Run a statement under the connection's lock. While another process holds the
        database, wait by sleeping between tries (which yields to other clients under eventlet
        or gevent) up to the busy timeout; then fail with a clear StoreError."""
        deadline = time.monotonic() + self._busy_timeout
        pause = 0.005
        while True:
            with self._lock:
                try:
                    return action()
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() >= deadline:
                        raise _store_error(exc) from exc
            time.sleep(pause)  # outside the lock, so reads of this process go on meanwhile
            pause = min(pause * 2, 0.05)

    @contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """One short write transaction; a busy or broken database becomes a StoreError.
        Inside another write of the same thread it is a savepoint of that transaction: its
        changes are undone alone if it fails, and committed (one fsync) with the rest."""
        if self.writing():
            with self._savepoint():
                yield self.sqlite
            return
        self.attempt(self._begin_transaction)
        conn = self.sqlite.conn
        try:
            yield self.sqlite
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise _store_error(exc) from exc
            raise
        finally:
            self._writer = None
            self._lock.release()

    def writing(self) -> bool:
        """True inside a write() of the calling thread (or green thread)."""
        return self._writer == threading.get_ident()

    def transaction_alive(self) -> bool:
        """True inside a write() of the calling thread whose transaction can still commit:
        some failures (a full disk) make SQLite undo the whole of it, savepoints and all."""
        return self.writing() and self.sqlite.conn.in_transaction

    def _begin_transaction(self) -> None:
        """BEGIN IMMEDIATE, keeping the connection's lock until write() releases it."""
        self._lock.acquire()
        try:
            self.sqlite.conn.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise
        self._writer = threading.get_ident()

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        conn = self.sqlite.conn
        if not conn.in_transaction:
            # SQLite undid the enclosing transaction (a full disk); a savepoint now would
            # start and commit a transaction of its own, apart from the rest.
            raise StoreError("unavailable", N_("The database failed. Nothing was saved."))
        conn.execute("SAVEPOINT part")
        try:
            yield
        except BaseException as exc:
            if conn.in_transaction:  # some failures (a full disk) roll back the whole of it
                conn.execute("ROLLBACK TO part")
                conn.execute("RELEASE part")
            if isinstance(exc, sqlite3.OperationalError):
                raise _store_error(exc) from exc
            raise
        conn.execute("RELEASE part")

    def execute(self, sql: str, params: tuple = ()) -> int:
        """A statement that returns no rows, in a write; the count of rows it changed."""
        with self.write():
            return self.sqlite.conn.execute(sql, params).rowcount

    def rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        return self.attempt(lambda: self._read(sql, params))

    def _read(self, sql: str, params: tuple) -> list[dict[str, Any]]:
        """A SELECT runs straight on the connection: sqlite-utils' query() wraps each statement
        in a savepoint, two statements more per read, so that one that writes can be undone,
        and a SELECT writes nothing. Anything else still goes through query()."""
        if sql.lstrip()[:6].upper() != "SELECT":
            return list(self.sqlite.query(sql, params))
        cursor = self.sqlite.conn.execute(sql, params)
        keys = dedupe_keys(column[0] for column in cursor.description)  # as query() names them
        return [dict(zip(keys, row, strict=True)) for row in cursor]

    def row(self, sql: str, params: tuple = ()) -> dict[str, Any] | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def one(self, sql: str, params: tuple = ()) -> dict[str, Any]:
        """The row of a query that always has one, such as a count."""
        return self.rows(sql, params)[0]


class Part:
    """One concern of the store. It reads and writes through the database it is given, and
    asks other parts only when they were handed to it."""

    def __init__(self, db: Database):
        self._db = db


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
        blanked=bool(row["blanked"]),
        voted_again=frozenset(json.loads(row["voted_again"])),
    )


LIVE_COLUMNS = (
    "seq, step_index, open, revealed, status, shown_locked, timer_status, timer_ends_at,"
    " timer_remaining, mode, blanked, voted_again"
)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _store_error(exc: sqlite3.OperationalError) -> StoreError:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError("busy", N_("The database is busy. Please try again in a moment."))
    if "readonly" in text or "read-only" in text:
        return StoreError(
            "unavailable", N_("The database cannot be written to. Nothing was saved.")
        )
    if "full" in text:
        return StoreError("unavailable", N_("The disk is full. Nothing was saved."))
    return StoreError("unavailable", N_("The database failed. Nothing was saved."))
