"""The one write entry, seen from the clients: a refusal changes and sends nothing, and an
answer decided on a state that moved on is decided again."""

from __future__ import annotations

import pytest

from sessions import live
from sessions.store import StoreError
from tests.conftest import scalar


@pytest.fixture
def on_poll(console, join, store):
    """A phone in a session on the single-choice poll, and nothing received yet."""
    phone = join(console.session)
    deck = store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of("how-long"), force=True)["ok"]
    console.received(), phone.received()
    return phone


def count(store, table: str) -> int:
    return scalar(store, f"SELECT count(*) FROM {table}")


def test_an_answer_racing_close_is_decided_again_and_refused(console, on_poll, store, realtime):
    """`close` lands between the entry reading the state and writing the answer."""
    session_id = console.session["id"]
    earlier_answer = store.responses.earlier

    def close_first(participant_id, answer_id):
        state = store.sessions.load_live(session_id)
        closed = live.decide(state, store.sessions.deck_of(session_id), live.CloseResponses()).state
        assert store.sessions.save_live(session_id, closed, expected_seq=state.seq)
        store.responses.earlier = earlier_answer  # once
        return earlier_answer(participant_id, answer_id)

    store.responses.earlier = close_first
    ack = on_poll.emit("answer", step_id="how-long", value="over-a-year", id="a1")
    assert ack["error"]["code"] == "closed"
    assert count(store, "responses") == 0
    realtime.flush()
    assert console.received("results") == []


@pytest.mark.parametrize(
    ("event", "payload", "code"),
    [
        ("moderate", {"step_id": "how-long", "item": "x", "action": "hide"}, "unknown_step"),
        ("moderate", {"step_id": 5, "item": "x", "action": "hide"}, "bad_request"),
        ("question", {"question_id": "nope", "action": "approve"}, "unknown_question"),
        ("alert_seen", {"alert_id": "nope"}, "unknown_alert"),
        ("regroup", None, "no_groups"),
        ("next", {"seq": 0}, "stale"),
    ],
)
def test_a_refused_console_command_changes_and_sends_nothing(
    console, on_poll, store, realtime, event, payload, code
):
    seq = store.sessions.load_live(console.session["id"]).seq
    ack = console.emit(event, payload)
    assert ack["ok"] is False
    assert ack["error"]["code"] == code
    assert ack["error"]["message"]
    realtime.flush()
    assert console.received() == []
    assert on_poll.received() == []
    assert store.sessions.load_live(console.session["id"]).seq == seq
    assert count(store, "moderation") == 0


def test_an_accepted_command_is_acknowledged_with_the_stored_version(console, on_poll, store):
    seq = store.sessions.load_live(console.session["id"]).seq
    ack = console.emit("close", seq=seq)
    assert ack == {"ok": True, "seq": seq + 1}
    assert store.sessions.load_live(console.session["id"]).seq == seq + 1
    [snapshot] = on_poll.received("snapshot")
    assert snapshot["seq"] == seq + 1


def test_a_stored_answer_is_acknowledged_even_when_a_read_after_its_commit_fails(
    console, on_poll, store, realtime, monkeypatch
):
    """After the commit the entry asks whether the person has another device; that read
    failing (a busy or unreachable database) must not tell the phone "Nothing was saved"."""

    def unreachable(participant_id):
        raise StoreError("unavailable", "The database cannot be reached. Nothing was saved.")

    monkeypatch.setattr(store.room, "devices", unreachable)
    ack = on_poll.emit("answer", step_id="how-long", value="over-a-year", id="a1")
    assert ack["ok"], ack
    assert count(store, "responses") == 1
    realtime.flush()
    assert console.received("results")  # the room still hears of it


def test_a_stored_answer_is_acknowledged_even_when_telling_the_room_fails(
    console, on_poll, store, realtime, monkeypatch
):
    def unreachable(session_id):
        raise StoreError("unavailable", "The database cannot be reached. Nothing was saved.")

    monkeypatch.setattr(realtime, "results_changed", unreachable)
    ack = on_poll.emit("answer", step_id="how-long", value="over-a-year", id="a1")
    assert ack["ok"], ack
    assert count(store, "responses") == 1
