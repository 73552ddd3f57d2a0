"""A second vote is stored apart from the first, once per answer id, and never overwrites it."""

from __future__ import annotations

import pytest

from sessions.live import CloseResponses, GoToStep, LiveState, VoteAgain, decide
from sessions.store import Conflict
from tests.unit.test_vote_again import DECK


@pytest.fixture
def room(store, facilitator_id):
    store.decks.save("peer", DECK)
    session_id = store.sessions.create("peer", facilitator_id)["id"]
    deck = store.sessions.deck_of(session_id)
    state = decide(LiveState(), deck, GoToStep(0)).state
    assert store.sessions.save_live(session_id, state, expected_seq=0)
    participant, _ = store.participants.add(session_id, "Blue Heron")
    return {"session_id": session_id, "deck": deck, "participant_id": participant["id"]}


def vote(store, room, value, answer_id):
    return store.responses.record_answer(
        session_id=room["session_id"],
        participant_id=room["participant_id"],
        step_id="myth",
        answer_id=answer_id,
        value=value,
        seen=store.sessions.load_live(room["session_id"]),
    )


def vote_again(store, room):
    state = store.sessions.load_live(room["session_id"])
    for command in (CloseResponses(), VoteAgain()):
        new = decide(state, room["deck"], command).state
        assert store.sessions.save_live(room["session_id"], new, expected_seq=state.seq)
        state = new


def test_the_second_vote_is_kept_apart_and_the_first_stays_as_it_was(store, room):
    session_id, person = room["session_id"], room["participant_id"]
    assert vote(store, room, "fact", "first").duplicate is False
    vote_again(store, room)
    assert store.sessions.load_live(session_id).voted_again == frozenset({"myth"})
    assert vote(store, room, "myth", "second").duplicate is False
    assert store.responses.values_by_participant(session_id, "myth") == {person: "fact"}
    assert store.responses.second_votes(session_id, "myth") == {person: "myth"}
    assert store.responses.second_votes_of(person) == {"myth": "myth"}
    assert store.responses.of_participant(person) == {"myth": "fact"}


def test_a_retried_vote_is_stored_once_and_a_changed_one_is_a_conflict(store, room):
    session_id, person = room["session_id"], room["participant_id"]
    vote(store, room, "fact", "first")
    vote_again(store, room)
    assert vote(store, room, "fact", "first").duplicate is True  # the first vote, sent again
    assert store.responses.second_votes(session_id, "myth") == {}
    assert vote(store, room, "myth", "second").duplicate is False
    assert vote(store, room, "myth", "second").duplicate is True
    with pytest.raises(Conflict):
        vote(store, room, "fact", "second")
    assert store.responses.second_votes(session_id, "myth") == {person: "myth"}


def test_deleting_a_participant_deletes_their_second_votes(store, room):
    vote_again(store, room)
    vote(store, room, "myth", "second")
    store.participants.delete(room["participant_id"])
    assert store.responses.second_votes(room["session_id"], "myth") == {}
