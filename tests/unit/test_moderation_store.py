"""Moderation in the store, on a real SQLite file: decisions kept per session, step and item, and
what they let the room see of open answers."""

from __future__ import annotations

import pytest

from sessions.activities import NO_MODERATION, SCREEN, Moderation
from sessions.views import results_for
from tests.unit.room_store_calls import NAMES, answer, store_error

# Moderation -----------------------------------------------------------------------------------


def test_a_step_with_no_decisions_has_no_moderation(store, sid):
    assert store.room.moderation(sid, "ideas") == NO_MODERATION


@pytest.mark.parametrize(
    ("actions", "approved", "hidden", "starred"),
    [
        (["approve"], True, False, False),
        (["hide"], False, True, False),
        (["pending"], False, False, False),
        (["star"], False, False, True),
        (["approve", "hide"], False, True, False),
        (["hide", "approve"], True, False, False),
        (["approve", "pending"], False, False, False),
        (["approve", "star"], True, False, True),
        (["star", "approve"], True, False, True),
        (["approve", "star", "hide"], False, True, True),
        (["approve", "star", "unstar"], True, False, False),
        (["unstar"], False, False, False),
        (["star", "star"], False, False, True),
    ],
)
def test_moderation_decisions_are_upserted_and_read_back(
    store, sid, actions, approved, hidden, starred
):
    for action in actions:
        store.room.moderate(sid, "ideas", "answer-1", action)
    moderation = store.room.moderation(sid, "ideas")
    assert ("answer-1" in moderation.approved) is approved
    assert ("answer-1" in moderation.hidden) is hidden
    assert ("answer-1" in moderation.starred) is starred
    assert len(store.database.rows("SELECT * FROM moderation")) == 1


def test_moderation_is_kept_per_session_step_and_item(store, sid, other_sid):
    store.room.moderate(sid, "ideas", "a1", "approve")
    store.room.moderate(sid, "ideas", "a2", "hide")
    store.room.moderate(sid, "words", "walking", "hide")
    store.room.moderate(other_sid, "ideas", "a3", "approve")
    assert store.room.moderation(sid, "ideas") == Moderation(
        approved=frozenset({"a1"}), hidden=frozenset({"a2"})
    )
    assert store.room.moderation(sid, "words") == Moderation(hidden=frozenset({"walking"}))
    assert store.room.moderation(other_sid, "ideas") == Moderation(approved=frozenset({"a3"}))


def test_a_moderated_item_is_kept_exactly_as_given(store, sid):
    store.room.moderate(sid, "words", "don't stop – café", "hide")
    assert store.room.moderation(sid, "words").hidden == frozenset({"don't stop – café"})


@pytest.mark.parametrize("action", ["delete", "APPROVE", "approved", "", "star; DROP TABLE"])
def test_moderating_with_an_unknown_action_is_refused_and_stores_nothing(store, sid, action):
    error = store_error(store.room.moderate, sid, "ideas", "a1", action)
    assert error.code == "bad_request"
    assert "approve, hide, pending, star, unstar" in error.message
    assert store.room.moderation(sid, "ideas") == NO_MODERATION


def test_stored_moderation_decides_what_the_room_sees_of_open_answers(store, sid, people):
    deck = store.sessions.deck_of(sid)
    step = deck.step_by_id("ideas")
    for i, name in enumerate(NAMES):
        answer(store, sid, people[name], "ideas", f"Answer from {name}", answer_id=f"id{i}")
    store.room.moderate(sid, "ideas", "id1", "approve")
    store.room.moderate(sid, "ideas", "id2", "approve")
    store.room.moderate(sid, "ideas", "id2", "star")
    store.room.moderate(sid, "ideas", "id3", "hide")
    facts = step.activity.results(
        step, store.responses.for_step(sid, "ideas"), store.room.moderation(sid, "ideas")
    )
    shown = results_for(SCREEN, step, facts, seq=1, revealed=True, min_responses=3)
    assert shown["answers"] == [
        {"id": "id2", "text": "Answer from Green Owl", "starred": True},
        {"id": "id1", "text": "Answer from Red Fox", "starred": False},
    ]
