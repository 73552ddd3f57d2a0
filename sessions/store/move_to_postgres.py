"""Moving a service's data from its SQLite file into an empty PostgreSQL database (`run.py
migrate-to`): every table, parents before the tables whose foreign keys point at them, read
and written in batches, all in one PostgreSQL transaction, each table's count checked before
the commit. Row numbers are kept, so answers and people stay in the order they arrived and
new rows arrive after the old ones."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from sessions.store.green_wait import choose_green_wait

choose_green_wait()

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402

from sessions.store.base import StoreError  # noqa: E402
from sessions.store.engines import is_postgres  # noqa: E402
from sessions.store.postgres import PostgresDatabase  # noqa: E402

# Each engine records its own migrations and SQLite its AUTOINCREMENT counters: not data.
SQLITE_BOOKKEEPING = frozenset({"_sqlite_migrations", "sqlite_sequence"})
TARGET_BOOKKEEPING = "migrations"
ROWID = "rowid"  # SQLite's row number, a column of its own on PostgreSQL (ARRIVAL_ORDERED)
BATCH_ROWS = 500


class MoveRefused(StoreError):
    """The move was not started: nothing was written to the target."""

    def __init__(self, message: str):
        super().__init__("refused", message)


@dataclass(frozen=True)
class CopiedTable:
    name: str
    rows: int


def move_to_postgres(source: Any, url: str, *, batch_rows: int = BATCH_ROWS) -> list[CopiedTable]:
    """Copy the SQLite database `source` (the store's Database) into the PostgreSQL database
    at `url`, which must hold no rows yet; its migrations are applied first. Returns each
    table's count. Raises MoveRefused before anything is written, or StoreError if the copy
    fails, in which case the transaction is rolled back and the target stays empty."""
    if not is_postgres(url):
        raise MoveRefused(f"The target must be a postgresql:// address, not {url!r}.")
    if getattr(source, "engine", None) != "sqlite":
        raise MoveRefused("The database to move from must be a SQLite file.")
    _refuse_unless_empty_at(url)  # before the migrations add tables to someone else's data
    PostgresDatabase(url).close()  # applies the migrations, as a worker starting would
    try:
        with psycopg.connect(url) as target, target.transaction():
            # Held still while it is read: no write of a worker left running slips in.
            with source.write():
                return _copy_every_table(source.sqlite.conn, target, batch_rows)
    except psycopg.Error as exc:
        raise StoreError("failed", f"The copy failed and nothing was kept: {exc}") from exc


def _copy_every_table(
    source: sqlite3.Connection, target: psycopg.Connection, batch_rows: int
) -> list[CopiedTable]:
    tables = tables_parents_first(source)
    _refuse_unless_same_tables(tables, target)
    _refuse_unless_empty(target)
    copied = []
    for table in tables:
        columns = _source_columns(source, table)
        _refuse_unless_same_columns(table, columns, target)
        rows = _copy_table(source, target, table, columns, batch_rows)
        _check_count(source, target, table, rows)
        copied.append(CopiedTable(table, rows))
    _move_identities_past_copied_rows(target)
    return copied


def tables_parents_first(source: sqlite3.Connection) -> list[str]:
    """The data tables, each after every table its foreign keys point at."""
    names = [
        row[0]
        for row in source.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        if row[0] not in SQLITE_BOOKKEEPING
    ]
    parents = {
        name: {row[2] for row in source.execute(f'PRAGMA foreign_key_list("{name}")')} - {name}
        for name in names
    }
    ordered: list[str] = []
    while len(ordered) < len(names):
        ready = [n for n in names if n not in ordered and parents[n] <= set(ordered)]
        if not ready:
            raise MoveRefused("The tables' foreign keys form a loop; they cannot be copied.")
        ordered.extend(ready)
    return ordered


def _refuse_unless_same_tables(tables: list[str], target: psycopg.Connection) -> None:
    found = _target_tables(target) - {TARGET_BOOKKEEPING}
    if found != set(tables):
        differ = sorted(found.symmetric_difference(tables))
        raise MoveRefused(f"The two databases' tables differ ({', '.join(differ)}).")


def _refuse_unless_empty_at(url: str) -> None:
    try:
        with psycopg.connect(url) as target:
            _refuse_unless_empty(target)
    except psycopg.Error as exc:
        raise StoreError("unavailable", f"Cannot reach the database: {exc}") from exc


def _refuse_unless_empty(target: psycopg.Connection) -> None:
    for table in sorted(_target_tables(target) - {TARGET_BOOKKEEPING}):
        query = sql.SQL("SELECT EXISTS (SELECT 1 FROM {})").format(sql.Identifier(table))
        row = target.execute(query).fetchone()
        if row and row[0]:
            raise MoveRefused(
                f"The target database is not empty (table {table} has rows); "
                "move into a new, empty database."
            )


def _target_tables(target: psycopg.Connection) -> set[str]:
    rows = target.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    ).fetchall()
    return {row[0] for row in rows}


def _source_columns(source: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]


def _target_columns(target: psycopg.Connection, table: str) -> set[str]:
    rows = target.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s",
        (table,),
    ).fetchall()
    return {row[0] for row in rows}


def _refuse_unless_same_columns(table: str, columns: list[str], target: psycopg.Connection) -> None:
    extra = _target_columns(target, table) - {ROWID}
    if extra != set(columns):
        differ = sorted(extra.symmetric_difference(columns))
        raise MoveRefused(f"Table {table} has different columns in the two ({', '.join(differ)}).")


def _copy_table(
    source: sqlite3.Connection,
    target: psycopg.Connection,
    table: str,
    columns: list[str],
    batch_rows: int,
) -> int:
    """Copy one table in rowid order, `batch_rows` at a time; the count copied. Where the
    target keeps SQLite's row number as a column of its own, the number goes with the row."""
    keeps_rowid = ROWID in _target_columns(target, table)
    names = [ROWID, *columns] if keeps_rowid else columns
    selected = ", ".join(["rowid", *(f'"{c}"' for c in columns)])
    reading = source.execute(f'SELECT {selected} FROM "{table}" ORDER BY rowid')
    insert = sql.SQL("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES ({})").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, names)),
        sql.SQL(", ").join(sql.Placeholder() * len(names)),
    )
    copied = 0
    with target.cursor() as cursor:
        while batch := reading.fetchmany(batch_rows):
            cursor.executemany(insert, batch if keeps_rowid else [row[1:] for row in batch])
            copied += len(batch)
    return copied


def _check_count(
    source: sqlite3.Connection, target: psycopg.Connection, table: str, copied: int
) -> None:
    (expected,) = source.execute(f'SELECT count(*) FROM "{table}"').fetchone()
    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
    row = target.execute(query).fetchone()
    stored = row[0] if row else None
    if not expected == copied == stored:
        raise StoreError(
            "failed",
            f"Table {table}: {expected} rows in the file, {copied} copied, {stored} stored; "
            "nothing was kept.",
        )


def _move_identities_past_copied_rows(target: psycopg.Connection) -> None:
    """Set every identity column's sequence to its largest copied value, so the next row
    numbered by PostgreSQL comes after every copied one."""
    identities = target.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    ).fetchall()
    for table, column in identities:
        largest = sql.SQL("SELECT max({}) FROM {}").format(
            sql.Identifier(column), sql.Identifier(table)
        )
        row = target.execute(largest).fetchone()
        if row is None or row[0] is None:
            continue  # nothing copied: the sequence still starts at 1
        target.execute(
            "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
            (sql.Identifier(table).as_string(target), column, row[0]),
        )
