"""A console command's writes (the live state, attendance, the step's visit, the audit row) are
one transaction: one commit, so one fsync, and all of it or none of it."""

from __future__ import annotations

import pytest

from tests.conftest import scalar

pytestmark = pytest.mark.sqlite_only  # counts the COMMITs SQLite traces


def count(store, table: str) -> int:
    return scalar(store, f"SELECT count(*) FROM {table}")


def test_a_step_forward_is_one_commit_with_all_its_records(console, join, store, commits):
    join(console.session)
    session_id = console.session["id"]
    commits.clear()
    ack = console.emit("next")
    assert ack["ok"] is True
    assert len(commits) == 1
    assert store.sessions.load_live(session_id).step_index == 0
    assert count(store, "step_attendance") == 1
    assert [v.step_id for v in store.timings.visits(session_id)] == [
        store.sessions.deck_of(session_id).steps[0].id
    ]
    assert store.db.execute(
        "SELECT action FROM audit_log WHERE action = 'console.next'"
    ).fetchall() == [("console.next",)]


def test_a_refused_command_commits_nothing(console, store, commits):
    commits.clear()
    ack = console.emit("next", seq=99)
    assert ack["error"]["code"] == "stale"
    assert commits == []
    assert store.sessions.load_live(console.session["id"]).step_index == -1
    actions = {r[0] for r in store.db.execute("SELECT action FROM audit_log").fetchall()}
    assert "console.next" not in actions


def test_when_the_audit_row_cannot_be_written_the_step_does_not_move(console, join, store):
    """All or nothing: a command is never stored without its audit row."""
    join(console.session)
    session_id = console.session["id"]
    store.db.execute(
        "CREATE TEMP TRIGGER no_audit BEFORE INSERT ON audit_log"
        " BEGIN SELECT RAISE(ABORT, 'the audit log cannot be written'); END"
    )
    ack = console.emit("next")
    assert ack["ok"] is False
    assert ack["error"]["message"]
    assert store.sessions.load_live(session_id).step_index == -1
    assert count(store, "step_attendance") == 0
    assert store.timings.visits(session_id) == []
    store.db.execute("DROP TRIGGER no_audit")
    assert console.emit("next")["ok"] is True
    assert store.sessions.load_live(session_id).step_index == 0
