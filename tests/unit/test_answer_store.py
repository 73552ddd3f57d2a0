"""The live path's answer write: stored once, and only on the state the rules decided on."""

from __future__ import annotations

import pytest

from sessions.live import SELF_PACED, CloseResponses, GoToStep, LiveState, decide, own_pace
from sessions.rules import StoredAnswer
from sessions.store import Conflict


@pytest.fixture
def room(store, live_session):
    """The small deck on its colour poll (index 2), open, with one participant."""
    session_id = live_session["id"]
    deck = store.sessions.deck_of(session_id)
    state = decide(LiveState(), deck, GoToStep(2, force=True)).state
    assert store.sessions.save_live(session_id, state, expected_seq=0)
    participant, _ = store.participants.add(session_id, "Blue Heron")
    return {"session_id": session_id, "deck": deck, "participant_id": participant["id"]}


def record(store, room, seen, value="red", *, answer_id="a1", step_id="colour"):
    return store.responses.record_answer(
        session_id=room["session_id"],
        participant_id=room["participant_id"],
        step_id=step_id,
        answer_id=answer_id,
        value=value,
        seen=seen,
    )


def count(store, table: str) -> int:
    return store.database.one(f"SELECT count(*) AS n FROM {table}")["n"]


def test_an_answer_on_the_state_read_is_stored_once(store, room):
    seen = store.sessions.load_live(room["session_id"])
    assert record(store, room, seen).duplicate is False
    assert record(store, room, seen).duplicate is True
    assert store.responses.earlier(room["participant_id"], "a1") == StoredAnswer("colour", "red")
    assert (count(store, "responses"), count(store, "answer_ids")) == (1, 1)


def test_an_answer_decided_on_a_state_that_moved_on_stores_nothing(store, room):
    seen = store.sessions.load_live(room["session_id"])
    closed = decide(seen, room["deck"], CloseResponses()).state
    assert store.sessions.save_live(room["session_id"], closed, expected_seq=seen.seq)
    assert record(store, room, seen) is None
    assert (count(store, "responses"), count(store, "answer_ids")) == (0, 0)
    assert store.responses.earlier(room["participant_id"], "a1") is None


def test_a_self_paced_answer_is_stored_only_on_the_step_the_participant_was_on(
    store, small_deck_id, facilitator_id
):
    session_id = store.sessions.create(small_deck_id, facilitator_id, mode=SELF_PACED)["id"]
    participant, _ = store.participants.add(session_id, "Green Owl")
    room = {"session_id": session_id, "participant_id": participant["id"]}
    store.participants.move(participant["id"], 2)
    seen = own_pace(store.sessions.load_live(session_id), 2, answered=False)
    assert record(store, room, seen, "red") is not None
    store.participants.move(participant["id"], 3)
    assert record(store, room, seen, "blue", answer_id="a2") is None
    assert store.responses.values(session_id, "colour") == ["red"]


def test_another_answer_under_a_stored_id_is_a_conflict(store, room):
    seen = store.sessions.load_live(room["session_id"])
    record(store, room, seen)
    with pytest.raises(Conflict):
        record(store, room, seen, "blue")
    assert store.responses.values(room["session_id"], "colour") == ["red"]
