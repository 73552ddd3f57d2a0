"""Which database the TALKBACK_DATABASE setting names: a file path or sqlite:///path is
SQLite (the default), postgresql://... is a PostgreSQL server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.store.base import Database

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def is_postgres(setting: str) -> bool:
    return setting.startswith(POSTGRES_PREFIXES)


def sqlite_path(setting: str) -> str:
    """The SQLite file a setting that is not a PostgreSQL address names."""
    if setting.startswith(SQLITE_PREFIX):
        return setting[len(SQLITE_PREFIX) :]
    return setting


def open_database(
    setting: str, *, busy_timeout_ms: int, clock: Callable[[], str], pool_size: int = 8
) -> Any:
    """The database the setting names, open and migrated; both engines offer the same calls.
    `pool_size` is PostgreSQL's connections per process; SQLite opens its file per thread."""
    if is_postgres(setting):
        # psycopg is imported only by a store that uses it.
        from sessions.store.postgres import PostgresDatabase

        return PostgresDatabase(
            setting, busy_timeout_ms=busy_timeout_ms, clock=clock, pool_size=pool_size
        )
    return Database(sqlite_path(setting), busy_timeout_ms=busy_timeout_ms, clock=clock)
