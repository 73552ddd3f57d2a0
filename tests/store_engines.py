"""A whole Store on each engine, for the store's tests: SQLite in a fresh file, PostgreSQL in a
database made once per test module and emptied before each test. Use it from a test module as

    from tests.store_engines import engine_store, pg_url  # noqa: F401  (fixtures)

and take `engine_store` (the Store) in a test; it runs once on each engine."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sessions.store import Store
from sessions.store.postgres import PostgresDatabase
from tests.postgres_server import fresh_database

CLOCK = "2025-03-01T10:00:00+00:00"


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_store(request, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        store = Store(str(tmp_path / "t.db"), clock=lambda: CLOCK)
    else:
        database = PostgresDatabase(request.getfixturevalue("pg_url"))
        database.now = lambda: CLOCK
        empty_every_table(database)
        store = Store.on(database)
    yield store
    store.close()


def empty_every_table(database: PostgresDatabase) -> None:
    tables = [
        row["tablename"]
        for row in database.rows(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'migrations'"
        )
    ]
    database.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
