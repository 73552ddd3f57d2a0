"""Fault injection is for the fault tests' own entry script: no setting of a served app makes
an answer stop the server."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from app import DEFAULTS, create_app, realtime_of

ROOT = Path(__file__).resolve().parents[2]

CRASH_ID = "crash-me"


class ProcessExit(Exception):
    """What os._exit does in these tests, so that a crash path fails the test, not the run."""


@pytest.fixture
def app(database_setting, monkeypatch):
    """A served app with the old crash setting given every way configuration reaches it."""
    monkeypatch.setenv("TALKBACK_FAULT_CRASH_AFTER_COMMIT", CRASH_ID)
    app = create_app(
        {
            "DATABASE": database_setting,
            "SECRET_KEY": "test-secret",
            "ASYNC_MODE": "threading",
            "RESULTS_INTERVAL": 0,
            "TESTING": True,
            "FAULT_CRASH_AFTER_COMMIT": CRASH_ID,
        }
    )
    yield app
    realtime_of(app).store.close()


@pytest.fixture
def exits(monkeypatch):
    codes: list[int] = []

    def exit_process(code: int):
        codes.append(code)
        raise ProcessExit(code)

    monkeypatch.setattr(os, "_exit", exit_process)
    return codes


def test_an_answer_with_the_crash_id_is_stored_and_acknowledged(console, join, store, exits):
    phone = join(console.session)
    deck = store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of("how-long"), force=True)["ok"]
    ack = phone.emit("answer", step_id="how-long", value="over-a-year", id=CRASH_ID)
    assert ack["ok"] is True, ack
    assert exits == []
    assert store.responses.values(console.session["id"], "how-long") == ["over-a-year"]


SERVED = ["app.py", "run.py", "server", "sessions", "facilitator", "participant"]


def served_sources() -> list[Path]:
    return [p for name in SERVED for p in sorted((ROOT / name).glob("**/*.py")) or [ROOT / name]]


def test_no_setting_of_the_served_app_names_a_fault():
    assert not [key for key in DEFAULTS if "FAULT" in key or "CRASH" in key]
    mentions = [
        str(path.relative_to(ROOT))
        for path in served_sources()
        if re.search(r"\bFAULT_|CRASH_AFTER_COMMIT", path.read_text(encoding="utf-8"))
    ]
    assert mentions == []


def test_only_the_graceful_stop_ends_the_served_process():
    exits = [
        str(path.relative_to(ROOT))
        for path in served_sources()
        if "os._exit(" in path.read_text(encoding="utf-8")
    ]
    assert exits == ["server/housekeeping.py"]
