"""The server's periodic job ends a session nobody uses, after warning its console, and its
join code stops working."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app import create_app
from server.housekeeping import Housekeeping

WARN = timedelta(minutes=15)


@pytest.fixture
def housekeeping(realtime, app):
    return Housekeeping(
        realtime,
        checkpoint_every=60,
        max_queued_packets=10,
        stop_grace=1,
        identity_recheck=30,
        idle_session_hours=12,
        idle_warning_minutes=15,
        app=app,
    )


@pytest.fixture
def clock(store, monkeypatch):
    """Moves the store's clock on from now, as the hours pass."""
    start = datetime.now(UTC)

    def at(**elapsed):
        moment = (start + timedelta(**elapsed)).isoformat(timespec="seconds")
        monkeypatch.setattr(store.database, "now", lambda: moment)

    return at


def test_an_idle_session_warns_its_console_then_ends(app, console, housekeeping, clock, store):
    console.received()
    clock(hours=11, minutes=50)
    housekeeping.end_idle_sessions()
    warning = console.last("idle_warning")
    ends_at = datetime.fromisoformat(warning["ends_at"])
    assert timedelta(minutes=9) < ends_at - datetime.fromisoformat(store.database.now()) <= WARN
    assert warning["seq"] == store.sessions.load_live(console.session["id"]).seq
    clock(hours=12, minutes=1)
    housekeeping.end_idle_sessions()
    assert console.last("snapshot")["stage"] == "ended"
    refused = app.test_client().post("/api/join", json={"code": console.session["code"]})
    assert refused.status_code == 404


def test_using_the_console_after_the_warning_keeps_the_session(
    app, console, housekeeping, clock, store
):
    clock(hours=11, minutes=50)
    housekeeping.end_idle_sessions()
    assert console.received("idle_warning")
    assert console.emit("next")["ok"]
    clock(hours=12, minutes=30)
    housekeeping.end_idle_sessions()
    assert console.received("idle_warning") == []
    assert store.sessions.get(console.session["id"])["status"] == "live"
    joined = app.test_client().post("/api/join", json={"code": console.session["code"]})
    assert joined.status_code == 201


@pytest.mark.parametrize(
    "settings",
    [
        {"IDLE_SESSION_HOURS": 0},
        {"IDLE_SESSION_HOURS": "soon"},
        {"IDLE_WARNING_MINUTES": -5},
        {"IDLE_SESSION_HOURS": 1, "IDLE_WARNING_MINUTES": 60},
        {"IDLE_CHECK_EVERY": 0},
    ],
)
def test_nonsense_idle_settings_are_refused_at_start(tmp_path, settings):
    with pytest.raises(ValueError, match="TALKBACK_IDLE"):
        create_app({"DATABASE": str(tmp_path / "t.db"), "SECRET_KEY": "x", **settings})
