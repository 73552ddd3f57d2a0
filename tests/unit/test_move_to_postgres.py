"""Moving a service's SQLite file into an empty PostgreSQL database (run.py migrate-to): every
row arrives as it was, pictures as bytes and row numbers kept, so new rows come after the old
ones; a target that is not empty, or is not PostgreSQL, is refused untouched; and a copy that
fails half-way keeps nothing. Runs on the local PostgreSQL server (tests/postgres_server.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from sessions.store import Store, StoreError
from sessions.store.move_to_postgres import (
    SQLITE_BOOKKEEPING,
    MoveRefused,
    move_to_postgres,
    tables_parents_first,
)
from sessions.store.pictures import NewImage
from tests.postgres_server import fresh_database
from tests.unit.conftest import SMALL_DECK

CLOCK = "2025-03-01T10:00:00+00:00"
COLOUR = 2  # the small deck's poll
PICTURE = bytes(range(256)) * 3  # every byte value, NUL included


@pytest.fixture
def pg_url() -> Iterator[str]:
    with fresh_database() as url:
        yield url


@pytest.fixture
def source(tmp_path) -> Iterator[Store]:
    """A SQLite store holding a little of everything, made through the store's own parts."""
    store = Store(str(tmp_path / "talkback.db"), clock=lambda: CLOCK)
    fill(store)
    yield store
    store.close()


def fill(store: Store) -> dict[str, Any]:
    user_id = store.accounts.create_user("physio", "not-a-real-hash", "facilitator")
    store.accounts.create_api_token(user_id)
    store.decks.save("small", SMALL_DECK)
    image = NewImage(name="knee.webp", width=2, height=1, files={320: PICTURE, 640: PICTURE[:9]})
    with store.database.write():
        store.decks.add_image(image, deck_id="small", by=user_id)
    session = store.sessions.create("small", user_id)
    current = store.sessions.load_live(session["id"])
    state = replace(current, seq=current.seq + 1, step_index=COLOUR, open=True)
    assert store.sessions.save_live(session["id"], state, expected_seq=current.seq)
    # Someone who answered and then left: a gap in the row numbers, which must stay a gap.
    leaver = store.participants.add(session["id"], "Left early")[0]["id"]
    answer(store, session["id"], leaver, "gone", "blue")
    people = [store.participants.add(session["id"], f"Person {n}")[0]["id"] for n in range(5)]
    for n, person in enumerate(people):
        answer(store, session["id"], person, f"a{n}", ["red", "blue"][n % 2])
    store.participants.delete(leaver)
    store.room.add_alert(session["id"], people[0], "colour", "chest pain")
    store.audit.record(None, "export", f"session {session['id']}", "csv")
    return {"session_id": session["id"], "people": people}


def answer(store: Store, session_id: str, person: str, answer_id: str, value: str) -> None:
    store.responses.record(
        session_id=session_id,
        participant_id=person,
        step_id="colour",
        answer_id=answer_id,
        value=value,
        check=lambda state: None,
    )


def sqlite_rows(store: Store, table: str, with_rowid: bool) -> list[dict[str, Any]]:
    """A table's rows in the file; with SQLite's row number as `rowid` where PostgreSQL keeps it."""
    chosen = "rowid AS rowid, *" if with_rowid else "*"
    cursor = store.db.conn.execute(f"SELECT {chosen} FROM {table}")
    names = [column[0] for column in cursor.description]
    return sorted((dict(zip(names, row, strict=True)) for row in cursor), key=repr)


def postgres_rows(url: str, table: str) -> list[dict[str, Any]]:
    with psycopg.connect(url, row_factory=dict_row) as conn:
        return sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def postgres_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'migrations'"
            )
        ]
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def has_rowid_column(url: str, table: str) -> bool:
    with psycopg.connect(url) as conn:
        return (
            conn.execute(
                "SELECT 1 FROM information_schema.columns"
                " WHERE table_name = %s AND column_name = 'rowid'",
                (table,),
            ).fetchone()
            is not None
        )


# The copy ------------------------------------------------------------------------------------


def test_every_table_arrives_row_for_row_with_pictures_as_bytes(source, pg_url):
    copied = move_to_postgres(source.database, pg_url, batch_rows=2)
    tables = tables_parents_first(source.db.conn)
    assert [table.name for table in copied] == tables
    for table in tables:
        expected = sqlite_rows(source, table, with_rowid=has_rowid_column(pg_url, table))
        assert postgres_rows(pg_url, table) == expected, table
    people = postgres_rows(pg_url, "participants")
    assert min(row["rowid"] for row in people) == 2  # the leaver's 1 is not handed on
    counts = {table.name: table.rows for table in copied}
    assert (counts["participants"], counts["responses"], counts["alerts"]) == (5, 5, 1)
    files = postgres_rows(pg_url, "image_files")
    assert sorted(row["data"] for row in files) == sorted([PICTURE, PICTURE[:9]])
    assert all(isinstance(row["data"], bytes) for row in files)


def test_tables_come_after_the_tables_their_foreign_keys_point_at(source):
    order = tables_parents_first(source.db.conn)
    assert not SQLITE_BOOKKEEPING & set(order)
    for position, table in enumerate(order):
        for parent in source.db.conn.execute(f"PRAGMA foreign_key_list({table})"):
            assert parent[2] in order[:position], (table, parent[2])


def test_rows_made_after_the_move_arrive_after_the_copied_ones(source, pg_url):
    move_to_postgres(source.database, pg_url)
    with psycopg.connect(pg_url) as conn:
        before = {
            table: conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
            for table in ("participants", "responses")
        }
        (last_audit,) = conn.execute("SELECT max(id) FROM audit_log").fetchone()
    moved = Store(pg_url, clock=lambda: CLOCK)
    try:
        session_id = moved.database.one("SELECT id FROM sessions")["id"]
        newcomer = moved.participants.add(session_id, "Late Arrival")[0]["id"]
        answer(moved, session_id, newcomer, "late", "red")
        moved.audit.record(None, "export", f"session {session_id}", "pdf")
        newest = moved.database.one(
            "SELECT p.rowid AS person, r.rowid AS answer FROM participants p"
            " JOIN responses r ON r.participant_id = p.id WHERE p.id = ?",
            (newcomer,),
        )
        assert newest["person"] > before["participants"]
        assert newest["answer"] > before["responses"]
        assert moved.database.one("SELECT max(id) AS id FROM audit_log")["id"] > last_audit
        # The room still lists people and answers in the order they came.
        names = [
            p["name"] for p in moved.database.rows("SELECT name FROM participants ORDER BY rowid")
        ]
        assert names == [f"Person {n}" for n in range(5)] + ["Late Arrival"]
    finally:
        moved.close()


# What is refused, and what a failure leaves ---------------------------------------------------


def test_a_target_with_rows_is_refused_and_left_as_it_was(source, pg_url):
    other = Store(pg_url, clock=lambda: CLOCK)
    other.audit.record(None, "settings", "retention", "kept")
    other.close()
    before = {table: postgres_rows(pg_url, table) for table in postgres_counts(pg_url)}
    with pytest.raises(MoveRefused, match="not empty"):
        move_to_postgres(source.database, pg_url)
    assert {table: postgres_rows(pg_url, table) for table in before} == before


def test_a_target_of_another_kind_or_a_source_not_on_sqlite_is_refused(source, pg_url):
    for url in ("mysql://db.example/talkback", "sqlite:///other.db", "/srv/talkback.db"):
        with pytest.raises(MoveRefused, match="postgresql://"):
            move_to_postgres(source.database, url)
    moved = Store(pg_url)
    try:
        with pytest.raises(MoveRefused, match="SQLite"):
            move_to_postgres(moved.database, pg_url)
    finally:
        moved.close()
    assert set(postgres_counts(pg_url).values()) == {0}


def test_an_unreachable_server_is_a_clear_error(source):
    with pytest.raises(StoreError, match="Cannot reach the database"):
        move_to_postgres(source.database, "postgresql://postgres@127.0.0.1:1/nowhere")


def test_a_copy_that_fails_half_way_keeps_nothing(source, pg_url):
    # SQLite keeps text in an INTEGER column; PostgreSQL refuses it, after earlier tables
    # (users, decks, sessions, ...) have been copied in the same transaction.
    source.db.conn.execute("UPDATE participants SET position = 'first' WHERE name = 'Person 3'")
    source.db.conn.commit()
    with pytest.raises(StoreError, match="nothing was kept") as failed:
        move_to_postgres(source.database, pg_url, batch_rows=2)
    assert failed.value.code == "failed"
    counts = postgres_counts(pg_url)
    assert len(counts) == len(tables_parents_first(source.db.conn))
    assert set(counts.values()) == {0}
    with psycopg.connect(pg_url) as conn:  # the sequences were not moved on either
        (first,) = conn.execute(
            "SELECT nextval(pg_get_serial_sequence('participants', 'rowid'))"
        ).fetchone()
    assert first == 1


def test_a_database_file_that_is_not_there_is_refused_and_not_made(tmp_path, pg_url):
    missing = tmp_path / "not-there.db"
    moved = subprocess.run(
        [sys.executable, "run.py", "--database", str(missing), "migrate-to", pg_url],
        cwd=Path(__file__).parents[2],
        env={**os.environ, "TALKBACK_ASYNC_MODE": "threading"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert moved.returncode == 2
    assert "There is no database file at" in moved.stderr
    assert not missing.exists()
