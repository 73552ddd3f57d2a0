"""Which database the TALKBACK_DATABASE setting names: a file path or sqlite:///path is
SQLite (the default), postgresql://... is a PostgreSQL server."""

from __future__ import annotations

from sessions.store.base import StoreError

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def is_postgres(setting: str) -> bool:
    return setting.startswith(POSTGRES_PREFIXES)


def sqlite_path(setting: str) -> str:
    """The SQLite file the setting names. The parts of the store still speak sqlite-utils'
    table API, so a PostgreSQL setting is refused here, clearly, before anything is opened."""
    if is_postgres(setting):
        raise StoreError(
            "unavailable",
            "TALKBACK_DATABASE names a PostgreSQL server, but the store does not run on"
            " PostgreSQL yet (see docs/deploy.md). Give a SQLite file path instead.",
        )
    if setting.startswith(SQLITE_PREFIX):
        return setting[len(SQLITE_PREFIX) :]
    return setting
