"""A session nobody uses ends, so its join code stops working; its console is warned first,
and any use keeps it open. Self-paced sessions close on their own date instead."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from sessions.store import IdleSweep, Store

STARTED = datetime.fromisoformat("2025-03-01T10:00:00+00:00")
IDLE = timedelta(hours=12)
WARN = timedelta(minutes=15)


class Clock:
    """The store's clock, moved on by the test."""

    def __init__(self) -> None:
        self.now = STARTED

    def __call__(self) -> str:
        return self.now.isoformat(timespec="seconds")

    def at(self, **elapsed) -> None:
        self.now = STARTED + timedelta(**elapsed)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_setting, clock):
    store = Store(database_setting, clock=clock)
    yield store
    store.close()


def sweep(store):
    return store.idle.sweep(idle_after=IDLE, warn_before=WARN)


def test_a_session_nobody_uses_is_warned_then_ended(store, clock, live_session):
    clock.at(hours=11, minutes=40)
    assert sweep(store) == IdleSweep()
    clock.at(hours=11, minutes=50)
    outcome = sweep(store)
    assert outcome.warned == {live_session["id"]: "2025-03-01T22:00:00+00:00"}
    assert store.sessions.live_by_code(live_session["code"]) is not None
    clock.at(hours=12)
    outcome = sweep(store)
    assert outcome.ended == [live_session["id"]]
    assert outcome.warned == {}
    assert store.sessions.live_by_code(live_session["code"]) is None
    row = store.sessions.get(live_session["id"])
    assert row["status"] == "ended"
    assert row["ended_at"] == "2025-03-01T22:00:00+00:00"
    assert store.sessions.load_live(live_session["id"]).seq == live_session["seq"] + 1
    assert sweep(store).ended == []  # ended once


def test_a_change_from_the_console_keeps_the_session_open(store, clock, live_session):
    clock.at(hours=11, minutes=55)
    state = store.sessions.load_live(live_session["id"])
    assert store.sessions.save_live(
        live_session["id"], replace(state, seq=state.seq + 1), state.seq
    )
    clock.at(hours=12, minutes=5)
    assert sweep(store).ended == []
    clock.at(hours=23, minutes=55)
    assert sweep(store).ended == [live_session["id"]]


def test_someone_joining_keeps_the_session_open(store, clock, live_session):
    clock.at(hours=6)
    store.participants.add(live_session["id"], "Sam")
    clock.at(hours=12, minutes=5)
    assert sweep(store).ended == []
    clock.at(hours=17, minutes=50)
    assert list(sweep(store).warned) == [live_session["id"]]


def test_an_answer_keeps_the_session_open(store, clock, live_session, small):
    participant, _ = store.participants.add(live_session["id"], "Sam")
    state = store.sessions.load_live(live_session["id"])
    poll = replace(state, seq=state.seq + 1, step_index=2, open=True)
    assert store.sessions.save_live(live_session["id"], poll, state.seq)
    clock.at(hours=10)
    store.responses.record(
        session_id=live_session["id"],
        participant_id=participant["id"],
        step_id="colour",
        answer_id="a1",
        value="red",
        check=lambda state: None,
    )
    clock.at(hours=21, minutes=59)
    assert sweep(store).ended == []
    clock.at(hours=22)
    assert sweep(store).ended == [live_session["id"]]


def test_self_paced_sessions_are_left_to_their_closing_date(
    store, clock, small_deck_id, facilitator_id
):
    row = store.sessions.create(
        small_deck_id, facilitator_id, mode="self-paced", closes_at="2025-03-30T23:59:59+00:00"
    )
    clock.at(days=3)
    assert sweep(store).ended == []
    assert store.sessions.live_by_code(row["code"]) is not None


def test_sessions_already_ended_are_not_warned(store, clock, live_session):
    state = store.sessions.load_live(live_session["id"])
    assert store.sessions.save_live(
        live_session["id"], replace(state, seq=state.seq + 1, ended=True), 0
    )
    clock.at(hours=11, minutes=50)
    assert sweep(store).warned == {}


@pytest.mark.parametrize(
    ("idle_after", "warn_before"),
    [(timedelta(0), WARN), (timedelta(hours=-1), WARN), (IDLE, timedelta(minutes=-1))],
)
def test_nonsense_durations_are_refused_and_end_nothing(
    store, clock, live_session, idle_after, warn_before
):
    clock.at(days=2)
    with pytest.raises(ValueError, match="idle_after"):
        store.idle.sweep(idle_after=idle_after, warn_before=warn_before)
    assert store.sessions.get(live_session["id"])["status"] == "live"
