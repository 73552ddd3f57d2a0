"""A write inside another is a savepoint of it: undone alone when it fails, committed with the
rest, and refused once SQLite has undone the transaction around it."""

from __future__ import annotations

import pytest

from sessions.store import StoreError


def names(store) -> list[str]:
    return [
        r["username"] for r in store.database.rows("SELECT username FROM users ORDER BY username")
    ]


def add(db, username: str) -> None:
    db.execute(
        "INSERT INTO users (id, username, password_hash, role, created_at)"
        " VALUES (?, ?, 'x', 'facilitator', 'now')",
        (username, username),
    )


def refused_write(store, username: str) -> None:
    with store.database.write() as db:
        add(db, username)
        raise StoreError("bad_request", "No.")


def undone_then_more(store) -> None:
    with store.database.write() as db:
        add(db, "lost")
        db.conn.execute("ROLLBACK")  # what SQLite does itself when the disk fills
        with store.database.write() as inner:
            add(inner, "alone")


@pytest.mark.sqlite_only  # counts the COMMITs SQLite traces
def test_a_failed_inner_write_is_undone_alone(store):
    commits: list[str] = []
    store.database.sqlite.conn.set_trace_callback(
        lambda sql: commits.append(sql) if sql == "COMMIT" else None
    )
    with store.database.write() as db:
        add(db, "kept")
        with pytest.raises(StoreError):
            refused_write(store, "undone")
        with store.database.write() as inner:
            add(inner, "also-kept")
    store.database.sqlite.conn.set_trace_callback(None)
    assert names(store) == ["also-kept", "kept"]
    assert commits == ["COMMIT"]


@pytest.mark.sqlite_only  # imitates SQLite undoing a transaction on a full disk
def test_an_inner_write_after_the_transaction_was_undone_is_refused(store):
    """As after a full disk: nothing may be committed apart from the rest."""
    with pytest.raises(StoreError) as refused:
        undone_then_more(store)
    assert refused.value.code == "unavailable"
    assert names(store) == []
