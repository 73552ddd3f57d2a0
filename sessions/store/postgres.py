"""The store's database on PostgreSQL: the same interface as the SQLite Database (rows, row,
one, write nesting as savepoints, writing, attempt, now, close, checkpoint), over a small
pool of psycopg 3 connections.

SQLite serialises writers with BEGIN IMMEDIATE; PostgreSQL runs them together, so a write
that loses a race (SQLSTATE 40001 serialization failure, 40P01 deadlock) or meets a broken
connection is tried again within the busy timeout, then fails as StoreError `busy` or
`unavailable`. Nothing is committed before the outermost write() ends, so nothing can be
acknowledged before it is stored."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from sessions.store.green_wait import choose_green_wait
from sessions.words import N_

choose_green_wait()

import psycopg  # noqa: E402
from psycopg import errors  # noqa: E402
from psycopg.pq import TransactionStatus  # noqa: E402
from psycopg.rows import dict_row  # noqa: E402
from psycopg_pool import ConnectionPool, PoolTimeout  # noqa: E402

from sessions.store.base import StoreError, utc_now  # noqa: E402
from sessions.store.pg_schema import apply_migrations  # noqa: E402
from sessions.store.table_writes import TableWrites  # noqa: E402

RETRIED = (errors.SerializationFailure, errors.DeadlockDetected)
WAITED_TOO_LONG = (errors.LockNotAvailable, errors.QueryCanceled)  # lock_timeout, statement_timeout


def to_pyformat(sql: str) -> str:
    """SQLite's `?` placeholders as psycopg's `%s`, in one place. A `?` or `%` inside a quoted
    string literal stays a character; a literal `%` outside one is doubled for psycopg."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote:
            out.append("%%" if char == "%" else char)
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


class PostgresDatabase(TableWrites):
    """Connections and transactions on PostgreSQL. Parts read and write only through this."""

    engine = "postgresql"
    greatest = "GREATEST"  # the scalar larger-of-two function, max() on SQLite
    # Writers run together here: a read that must hold its row until the commit (an answer's
    # read of the room, which a close must wait for) says so.
    share_lock = " FOR SHARE"
    # A command's read of the room, held until its commit: a second command on the session
    # (a clicker pressed twice) waits and reads the first's result, as on SQLite.
    update_lock = " FOR UPDATE"

    def __init__(
        self,
        url: str,
        *,
        busy_timeout_ms: int = 2000,
        clock: Callable[[], str] = utc_now,
        pool_size: int = 8,
    ):
        if pool_size < 1:
            raise ValueError("TALKBACK_DB_POOL_SIZE must be at least 1")
        self._busy_timeout = busy_timeout_ms / 1000
        self.now = clock
        self._held: dict[int, psycopg.Connection] = {}  # thread -> its write's connection
        self._depth: dict[int, int] = {}
        try:
            self._pool = ConnectionPool(
                url,
                min_size=1,
                max_size=pool_size,
                # A read outside a write is one statement on its own: with autocommit it is
                # one round trip, not BEGIN, the read and a COMMIT on return to the pool.
                # write() opens its transaction itself (conn.transaction()).
                kwargs={"row_factory": dict_row, "autocommit": True},
                timeout=max(self._busy_timeout, 0.5),
                open=True,
            )
            self._pool.wait(timeout=max(self._busy_timeout, 2.0))
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise StoreError("unavailable", f"Cannot reach the database: {exc}") from exc
        self.attempt(lambda: self._migrate())

    def _migrate(self) -> None:
        with self._pool.connection() as conn:
            # Several workers may start together: one at a time applies what is missing.
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(7355608)")
                apply_migrations(conn)

    def close(self) -> None:
        self._pool.close()

    def checkpoint(self) -> None:
        """Nothing to do: PostgreSQL checkpoints its own log."""

    def attempt(self, action: Callable[[], Any]) -> Any:
        """Run action(); a lost race or a broken connection is tried again, with growing
        pauses (time.sleep, which yields under eventlet or gevent), up to the busy timeout."""
        deadline = time.monotonic() + self._busy_timeout
        pause = 0.005
        while True:
            try:
                return action()
            except StoreError:
                raise
            except (psycopg.Error, PoolTimeout) as exc:
                retry = isinstance(exc, (*RETRIED, psycopg.OperationalError, PoolTimeout))
                if self.writing() or not retry or time.monotonic() >= deadline:
                    raise store_error(exc) from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.05)

    def writing(self) -> bool:
        """True inside a write() of the calling thread (or green thread)."""
        return threading.get_ident() in self._held

    def transaction_alive(self) -> bool:
        """True inside a write() of the calling thread whose transaction can still commit. A
        statement that fails inside a savepoint is rolled back to it, leaving the transaction
        alive; one that fails outside any savepoint aborts it until it ends."""
        held = self._held.get(threading.get_ident())
        return held is not None and held.info.transaction_status == TransactionStatus.INTRANS

    @contextmanager
    def write(self) -> Iterator[PostgresDatabase]:
        """One short write transaction; inside another write of the same thread, a savepoint
        of it, undone alone if it fails and committed with the rest."""
        me = threading.get_ident()
        if me in self._held:
            conn = self._held[me]
            depth = self._depth[me] = self._depth[me] + 1
            try:
                with conn.transaction(savepoint_name=f"part{depth}"):
                    yield self
            except psycopg.Error as exc:
                raise store_error(exc) from exc
            finally:
                self._depth[me] -= 1
            return
        conn = self.attempt(lambda: self._pool.getconn())
        self._held[me], self._depth[me] = conn, 0
        try:
            with conn.transaction():
                yield self
        except psycopg.Error as exc:
            raise store_error(exc) from exc
        finally:
            del self._held[me], self._depth[me]
            self._pool.putconn(conn)

    def execute(self, sql: str, params: tuple = ()) -> int:
        """A statement that returns no rows; the count of rows it changed."""

        def run(conn: psycopg.Connection) -> int:
            return conn.execute(to_pyformat(sql), params).rowcount

        return self._run(run)

    def rows(self, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
        def run(conn: psycopg.Connection) -> list[dict[str, Any]]:
            cursor = conn.execute(to_pyformat(sql), params)
            if cursor.description is None:
                # Refused as SQLite's rows() refuses it; raising rolls the statement back.
                raise ValueError(f"rows() is only for SQL that returns rows: {sql}")
            return cast(list[dict[str, Any]], cursor.fetchall())

        if self.writing() or _plainly_a_read(sql):
            return self._run(run)
        # Outside a write, autocommit would keep a statement that is then refused: one that
        # is not plainly a read runs in a transaction of its own, undone with the refusal.
        return self._run(lambda conn: _in_a_transaction(conn, run))

    def row(self, sql: str, params: tuple = ()) -> dict[str, Any] | None:
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def one(self, sql: str, params: tuple = ()) -> dict[str, Any]:
        """The row of a query that always has one, such as a count."""
        return self.rows(sql, params)[0]

    def _run(self, action: Callable[[psycopg.Connection], Any]) -> Any:
        held = self._held.get(threading.get_ident())
        if held is not None:  # inside a write: its transaction, not retried alone
            return action(held)

        def on_a_pooled_connection() -> Any:
            with self._pool.connection() as conn:
                return action(conn)

        return self.attempt(on_a_pooled_connection)


def _plainly_a_read(sql: str) -> bool:
    return sql.lstrip()[:6].upper() == "SELECT"


def _in_a_transaction(conn: psycopg.Connection, action: Callable[[psycopg.Connection], Any]) -> Any:
    with conn.transaction():
        return action(conn)


def store_error(exc: BaseException) -> StoreError:
    if isinstance(exc, (*RETRIED, *WAITED_TOO_LONG)):
        return StoreError("busy", N_("The database is busy. Please try again in a moment."))
    if isinstance(exc, errors.ReadOnlySqlTransaction):
        return StoreError(
            "unavailable", N_("The database cannot be written to. Nothing was saved.")
        )
    if isinstance(exc, errors.DiskFull):
        return StoreError("unavailable", N_("The disk is full. Nothing was saved."))
    if isinstance(exc, (psycopg.OperationalError, PoolTimeout)):
        return StoreError("unavailable", N_("The database cannot be reached. Nothing was saved."))
    if isinstance(exc, errors.IntegrityError):
        return StoreError("conflict", f"That would break a rule of the data: {exc}")
    return StoreError("unavailable", N_("The database failed. Nothing was saved."))
