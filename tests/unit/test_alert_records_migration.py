"""Alerts raised before they became clinical records are carried over by the migration: each
keeps its phrase, times and the participant's display name, and no longer depends on the
participant's row."""

from __future__ import annotations

import pytest

from sessions.store import Store

pytestmark = pytest.mark.sqlite_only  # rebuilds SQLite's old table and migration record

OLD_ALERTS = """
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        participant_id TEXT NOT NULL REFERENCES participants(id),
        source TEXT NOT NULL,
        matched TEXT NOT NULL,
        created_at TEXT NOT NULL,
        seen_at TEXT
    )
"""


def test_an_alert_from_before_keeps_its_name_and_outlives_the_participant(
    store, db_path, live_session
):
    participant, _ = store.participants.add(live_session["id"], "Ann")
    store.db.execute("DROP TABLE alerts")
    store.db.execute(OLD_ALERTS)
    store.db.execute(
        "INSERT INTO alerts VALUES ('a1', ?, ?, 'Reflect', 'bladder', '2026-01-01T10:00:00',"
        " '2026-01-01T10:01:00')",
        (live_session["id"], participant["id"]),
    )
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_alert_records'")
    store.db.conn.commit()
    store.close()
    reopened = Store(str(db_path))
    try:
        alert = reopened.alerts.get("a1")
        assert (alert["name"], alert["matched"], alert["seen_at"]) == (
            "Ann",
            "bladder",
            "2026-01-01T10:01:00",
        )
        assert alert["followed_up_at"] is None
        assert [a["id"] for a in reopened.alerts.open()] == ["a1"]
        reopened.participants.delete(participant["id"])
        assert reopened.alerts.get("a1")["matched"] == "bladder"
        assert list(reopened.db.query("PRAGMA foreign_key_check")) == []
    finally:
        reopened.close()
