"""The flags a step view carries so that the browser never needs a kind's name: they come
from the kind's class, for every audience and in the outline alike."""

from __future__ import annotations

import pytest

from sessions.activities import AUDIENCES, KINDS
from sessions.deck import parse_deck
from sessions.views import outline_entry, step_view

DECK = """
title: Flags
steps:
  - {id: hello, kind: slide, title: Hello}
  - {id: pick, kind: poll, title: Pick, options: [{id: a, label: A}, {id: b, label: B}]}
  - {id: think, kind: reflect, title: Think, prompts: [{id: p, label: "Why?"}]}
  - {id: talk, kind: discuss, title: Talk, cards: [{id: c, text: Card}]}
  - id: talk-back
    kind: discuss
    title: Talk and send a note
    report_back: true
    cards: [{id: c, text: Card}]
  - {id: goals, kind: plan, title: My plan}
"""

EXPECTED = {
    "hello": dict(is_activity=False, takes_answers=False, room_sees_results=True, private=False),
    "pick": dict(is_activity=True, takes_answers=True, room_sees_results=True, private=False),
    "think": dict(is_activity=True, takes_answers=True, room_sees_results=False, private=True),
    "talk": dict(is_activity=True, takes_answers=False, room_sees_results=False, private=True),
    "talk-back": dict(is_activity=True, takes_answers=True, room_sees_results=False, private=True),
    "goals": dict(is_activity=True, takes_answers=True, room_sees_results=False, private=True),
}


@pytest.fixture(scope="module")
def deck():
    return parse_deck(DECK)


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("step_id", EXPECTED)
def test_every_audience_gets_the_flags_of_the_step_kind(deck, step_id, audience):
    index = deck.index_of(step_id)
    view = step_view(deck.steps[index], index, audience, revealed=False)
    assert {key: view[key] for key in EXPECTED[step_id]} == EXPECTED[step_id]


@pytest.mark.parametrize("step_id", EXPECTED)
def test_the_outline_carries_the_same_flags(deck, step_id):
    index = deck.index_of(step_id)
    entry = outline_entry(deck.steps[index], index)
    assert {key: entry[key] for key in EXPECTED[step_id]} == EXPECTED[step_id]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_private_is_the_room_never_seeing_results(kind):
    activity = KINDS[kind]
    assert activity.private is not activity.room_sees_results
