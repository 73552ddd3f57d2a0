"""The store's PostgreSQL database on the local server: the same schema as SQLite's from the
same numbered migrations, write transactions with savepoints, placeholders, and clear errors.
Without a reachable server these tests fail rather than skip."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from sessions.store import Store, StoreError
from sessions.store.engines import is_postgres, sqlite_path
from sessions.store.pg_schema import ARRIVAL_ORDERED, apply_migrations, translate
from sessions.store.postgres import PostgresDatabase, to_pyformat
from tests.postgres_server import fresh_database


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def pg(pg_url) -> Iterator[PostgresDatabase]:
    database = PostgresDatabase(pg_url, busy_timeout_ms=300)
    yield database
    database.execute("TRUNCATE users, settings CASCADE")
    database.close()


def _sqlite_schema(tmp_path) -> dict[str, set[str]]:
    Store(str(tmp_path / "t.db")).close()
    conn = sqlite3.connect(tmp_path / "t.db")
    tables = [
        name
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith(("sqlite_", "_sqlite"))
    ]
    # SQLite's own row numbers, which PostgreSQL's arrival-ordered tables spell out.
    return {
        t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")}
        | ({"rowid"} if t in ARRIVAL_ORDERED else set())
        for t in tables
    }


def test_the_same_migrations_give_postgresql_the_schema_sqlite_has(pg, tmp_path):
    found: dict[str, set[str]] = {}
    for row in pg.rows(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name <> 'migrations'"
    ):
        found.setdefault(row["table_name"], set()).add(row["column_name"])
    assert found == _sqlite_schema(tmp_path)


def test_the_indexes_and_unique_rules_match_sqlite_s(pg, tmp_path):
    Store(str(tmp_path / "t.db")).close()
    conn = sqlite3.connect(tmp_path / "t.db")
    listed = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    # sqlite-utils records its migrations in a table of its own, with this index
    sqlite_indexes = {name for (name,) in listed if not name.startswith("idx__sqlite")}
    listed = pg.rows("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'")
    pg_indexes = {row["indexname"] for row in listed}
    # SQLite names its own indexes for PRIMARY KEY and UNIQUE sqlite_autoindex_*; PostgreSQL
    # names them *_pkey and *_key; the case-blind user name is one more unique index.
    made_here = {i for i in pg_indexes if i.endswith(("_pkey", "_key"))}
    assert pg_indexes - made_here == sqlite_indexes | {"users_username_lower"}


def test_each_migration_is_recorded_once_and_not_applied_again(pg, pg_url):
    names = [r["name"] for r in pg.rows("SELECT name FROM migrations ORDER BY name")]
    assert names[0] == "m001_initial"
    assert len(names) == len(set(names))
    with psycopg.connect(pg_url) as conn, conn.transaction():
        assert apply_migrations(conn) == []


def _add_setting(pg: PostgresDatabase, key: str) -> None:
    pg.insert("settings", {"key": key, "value": "1", "updated_at": pg.now()})


def _add_then_fail(pg: PostgresDatabase, key: str) -> None:
    with pg.write():
        _add_setting(pg, key)
        raise RuntimeError("stop")


def _update_waiting_at_most_200ms(pg: PostgresDatabase) -> None:
    with pg.write():
        pg.execute("SET LOCAL lock_timeout = '200ms'")
        pg.execute("UPDATE settings SET value = '2' WHERE key = 'k'")


def test_a_write_is_committed_and_a_failed_one_leaves_nothing(pg):
    with pg.write():
        _add_setting(pg, "kept")
    with pytest.raises(RuntimeError):
        _add_then_fail(pg, "undone")
    assert [r["key"] for r in pg.rows("SELECT key FROM settings")] == ["kept"]


def test_a_nested_write_is_a_savepoint_undone_alone(pg):
    with pg.write():
        _add_setting(pg, "outer")
        assert pg.writing()
        with pytest.raises(RuntimeError):
            _add_then_fail(pg, "inner")
        with pg.write():
            _add_setting(pg, "second")
    assert not pg.writing()
    keys = sorted(r["key"] for r in pg.rows("SELECT key FROM settings"))
    assert keys == ["outer", "second"]


def test_user_names_are_unique_whatever_their_case(pg):
    user = {"password_hash": "x", "role": "admin", "created_at": "2025-03-01"}
    pg.insert("users", {"id": "a", "username": "physio", **user})
    with pytest.raises(StoreError) as caught:
        pg.insert("users", {"id": "b", "username": "Physio", **user})
    assert caught.value.code == "conflict"
    assert pg.one("SELECT count(*) AS n FROM users")["n"] == 1


def test_upsert_update_and_delete_speak_portable_sql(pg):
    pg.upsert("settings", {"key": "k", "value": "1", "updated_at": "t"}, keys=("key",))
    pg.upsert("settings", {"key": "k", "value": "2", "updated_at": "t"}, keys=("key",))
    assert pg.row("SELECT value FROM settings WHERE key = ?", ("k",)) == {"value": "2"}
    assert pg.update("settings", {"key": "k"}, {"value": "3"}) == 1
    assert pg.one("SELECT max(value) AS v FROM settings")["v"] == "3"
    assert pg.delete_where("settings", "key = ?", ("k",)) == 1
    assert pg.rows("SELECT * FROM settings") == []


def test_a_duplicate_insert_can_be_ignored(pg):
    _add_setting(pg, "k")
    pg.insert("settings", {"key": "k", "value": "9", "updated_at": "t"}, ignore=True)
    assert pg.one("SELECT value FROM settings")["value"] == "1"


def test_a_row_locked_elsewhere_makes_a_write_wait_then_fail_as_busy(pg, pg_url):
    _add_setting(pg, "k")
    with psycopg.connect(pg_url) as other, other.transaction():
        other.execute("SELECT * FROM settings WHERE key = 'k' FOR UPDATE")
        with pytest.raises(StoreError) as caught:
            _update_waiting_at_most_200ms(pg)
    assert caught.value.code == "busy"
    assert pg.one("SELECT value FROM settings")["value"] == "1"


def test_placeholders_become_psycopg_s_outside_string_literals():
    assert to_pyformat("SELECT '?%' , ? WHERE a LIKE 'x%' AND b % 2 = ?") == (
        "SELECT '?%%' , %s WHERE a LIKE 'x%%' AND b %% 2 = %s"
    )


def test_an_integer_primary_key_is_numbered_by_postgresql_as_by_sqlite():
    identity = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    for key in ("INTEGER PRIMARY KEY", "INTEGER PRIMARY KEY AUTOINCREMENT"):
        assert translate(f"CREATE TABLE t (id {key}, n INTEGER)") == [
            f"CREATE TABLE t (id {identity}, n BIGINT)"
        ]


def test_the_setting_chooses_the_engine():
    assert is_postgres("postgresql://db/talkback")
    assert not is_postgres("talkback.db")
    assert sqlite_path("sqlite:///var/talkback.db") == "var/talkback.db"
    assert sqlite_path("/srv/talkback.db") == "/srv/talkback.db"


def test_a_sqlite_url_opens_that_file(tmp_path):
    Store(f"sqlite:///{tmp_path / 'named.db'}").close()
    assert (tmp_path / "named.db").exists()


def test_a_store_opens_on_postgresql_from_its_address(pg_url):
    store = Store(pg_url)
    try:
        assert store.database.engine == "postgresql"
        assert store.db is None  # no sqlite-utils handle: only the portable calls
        store.settings.set("retention_days", "30")
        assert Store(pg_url).settings.get("retention_days") == "30"  # another worker sees it
    finally:
        store.close()


def test_an_unreachable_server_is_a_clear_unavailable_error():
    with pytest.raises(StoreError) as caught:
        PostgresDatabase("postgresql://postgres@127.0.0.1:1/none", busy_timeout_ms=100)
    assert caught.value.code == "unavailable"


def test_a_pool_of_none_is_refused_before_connecting():
    with pytest.raises(ValueError, match="TALKBACK_DB_POOL_SIZE"):
        PostgresDatabase("postgresql://postgres@127.0.0.1:1/none", pool_size=0)


def test_writes_beyond_the_pool_wait_for_a_connection_then_fail_as_unavailable(pg_url):
    database = PostgresDatabase(pg_url, busy_timeout_ms=300, pool_size=2)
    try:
        with database.write(), _write_on_another_thread_held(database):
            with pytest.raises(StoreError) as caught:
                _write_on_a_third_thread(database)
        assert caught.value.code == "unavailable"
        _write_on_a_third_thread(database)  # a connection came back: the next write goes in
        assert database.one("SELECT count(*) AS n FROM settings WHERE key = 'k'")["n"] == 1
    finally:
        database.execute("DELETE FROM settings WHERE key = 'k'")
        database.close()


@contextmanager
def _write_on_another_thread_held(database: PostgresDatabase) -> Iterator[None]:
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        with database.write():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=hold)
    thread.start()
    assert inside.wait(5)
    try:
        yield
    finally:
        release.set()
        thread.join()


def _write_on_a_third_thread(database: PostgresDatabase) -> None:
    failure: list[BaseException] = []

    def write() -> None:
        try:
            with database.write():
                database.insert("settings", {"key": "k", "value": "1", "updated_at": "t"})
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            failure.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
