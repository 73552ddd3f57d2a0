"""The table writes the parts share, on both engines: the same calls leave the same rows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sessions.store.base import Database
from sessions.store.postgres import PostgresDatabase
from tests.postgres_server import fresh_database


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> Iterator[Database | PostgresDatabase]:
    if request.param == "sqlite":
        db: Database | PostgresDatabase = Database(str(tmp_path / "t.db"))
    else:
        db = PostgresDatabase(request.getfixturevalue("pg_url"))
        db.execute("TRUNCATE settings")
    yield db
    db.close()


def _values(database) -> list[tuple[str, str]]:
    return [(r["key"], r["value"]) for r in database.rows("SELECT * FROM settings ORDER BY key")]


def test_insert_upsert_update_and_delete_leave_the_same_rows(database):
    with database.write():
        database.insert("settings", {"key": "a", "value": "1", "updated_at": "t"})
        database.insert("settings", {"key": "a", "value": "9", "updated_at": "t"}, ignore=True)
        database.upsert("settings", {"key": "b", "value": "2", "updated_at": "t"}, keys=("key",))
        database.upsert("settings", {"key": "b", "value": "3", "updated_at": "t"}, keys=("key",))
    assert _values(database) == [("a", "1"), ("b", "3")]
    assert database.update("settings", {"key": "a"}, {"value": "4"}) == 1
    assert database.update("settings", {"key": "none"}, {"value": "4"}) == 0
    assert database.delete_where("settings", "key = ?", ("b",)) == 1
    assert _values(database) == [("a", "4")]


def test_a_taken_key_fails_and_changes_nothing(database):
    database.insert("settings", {"key": "a", "value": "1", "updated_at": "t"})
    with pytest.raises(Exception, match="(?i)unique|rule of the data"):
        database.insert("settings", {"key": "a", "value": "2", "updated_at": "t"})
    assert _values(database) == [("a", "1")]


def test_the_larger_of_two_is_spelled_for_each_engine(database):
    assert database.one(f"SELECT {database.greatest}(2, 5) AS n")["n"] == 5
