"""Open questions: which answers are valid and in what form they are stored, how moderation
orders them, and what each audience may see of them. `ideas` in the room deck
(tests/unit/conftest.py) is an open question (up to 50 characters)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import FACILITATOR, SCREEN, Moderation, Response
from tests.unit.text_answers import (
    ROOM,
    assert_plain_english,
    keys_anywhere,
    refusal,
    results,
    seen_by,
    validate,
)

# Open question: valid and refused answers -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("Walking helps", "Walking helps"),
        ("   Walking helps  \n", "Walking helps"),
        ("Line one\nline two", "Line one\nline two"),
        ("x" * 50, "x" * 50),
        ("  " + "x" * 50 + "  ", "x" * 50),
        ("a", "a"),
    ],
)
def test_an_open_answer_is_stored_trimmed(room_deck, value, stored):
    assert validate(room_deck, "ideas", value) == stored


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Write something before sending."),
        pytest.param("   \n ", "Write something before sending.", id="only-spaces-and-a-new-line"),
        ("x" * 51, "Your answer is too long: please keep it to 50 characters."),
        (5, "Your answer must be text."),
        (None, "Your answer must be text."),
        (["Walking"], "Your answer must be text."),
        ({"text": "Walking"}, "Your answer must be text."),
        (True, "Your answer must be text."),
    ],
    ids=repr,
)
def test_a_bad_open_answer_is_refused_in_plain_english(room_deck, value, message):
    text = refusal(room_deck, "ideas", value)
    assert text == message
    assert_plain_english(text)


# Open question: results -----------------------------------------------------------------------

OPEN_ANSWERS = [
    Response("Pending one", answer_id="a1", name="Ann"),
    Response("Approved one", answer_id="a2", name="Bob"),
    Response("Starred one", answer_id="a3", name="Cat"),
    Response("Hidden one", answer_id="a4", name="Dan"),
    Response("Approved two", answer_id="a5", name="Eve"),
    Response("Starred two", answer_id="a6", name="Fay"),
]
OPEN_MODERATION = Moderation(
    approved=frozenset({"a2", "a3", "a5", "a6"}),
    hidden=frozenset({"a4"}),
    starred=frozenset({"a3", "a4", "a6"}),
)


def test_the_facilitator_sees_every_open_answer_with_its_status_in_the_order_they_came(room_deck):
    facts = results(room_deck, "ideas", OPEN_ANSWERS, OPEN_MODERATION)
    assert facts == {
        "total": 6,
        "answers": [
            {"id": "a1", "text": "Pending one", "status": "pending", "starred": False},
            {"id": "a2", "text": "Approved one", "status": "approved", "starred": False},
            {"id": "a3", "text": "Starred one", "status": "approved", "starred": True},
            {"id": "a4", "text": "Hidden one", "status": "hidden", "starred": True},
            {"id": "a5", "text": "Approved two", "status": "approved", "starred": False},
            {"id": "a6", "text": "Starred two", "status": "approved", "starred": True},
        ],
    }
    assert "name" not in set(keys_anywhere(facts))


@pytest.mark.parametrize("audience", ROOM)
def test_the_room_sees_only_approved_open_answers_starred_first(room_deck, audience):
    facts = results(room_deck, "ideas", OPEN_ANSWERS, OPEN_MODERATION)
    shown = seen_by(audience, room_deck, "ideas", facts)
    assert shown["answers"] == [
        {"id": "a3", "text": "Starred one", "starred": True},
        {"id": "a6", "text": "Starred two", "starred": True},
        {"id": "a2", "text": "Approved one", "starred": False},
        {"id": "a5", "text": "Approved two", "starred": False},
    ]
    assert "status" not in set(keys_anywhere(shown))
    assert "Pending one" not in json.dumps(shown)
    assert "Hidden one" not in json.dumps(shown)


@pytest.mark.parametrize("audience", ROOM)
def test_a_hidden_answer_stays_hidden_even_if_also_marked_approved(room_deck, audience):
    moderation = Moderation(approved=frozenset({"a1"}), hidden=frozenset({"a1"}))
    facts = results(room_deck, "ideas", OPEN_ANSWERS[:1], moderation)
    assert facts["answers"][0]["status"] == "hidden"
    assert seen_by(audience, room_deck, "ideas", facts)["answers"] == []


@pytest.mark.parametrize("audience", ROOM)
def test_the_threshold_does_not_hold_back_an_approved_open_answer(room_deck, audience):
    facts = results(room_deck, "ideas", OPEN_ANSWERS[1:2], OPEN_MODERATION)
    shown = seen_by(audience, room_deck, "ideas", facts, min_responses=5)
    assert shown["withheld"] is False
    assert shown["answers"] == [{"id": "a2", "text": "Approved one", "starred": False}]
    assert seen_by(FACILITATOR, room_deck, "ideas", facts, min_responses=5)["withheld"] is False


@pytest.mark.parametrize("audience", ROOM)
def test_open_answers_are_not_shown_to_the_room_before_reveal(room_deck, audience):
    facts = results(room_deck, "ideas", OPEN_ANSWERS, OPEN_MODERATION)
    assert seen_by(audience, room_deck, "ideas", facts, revealed=False) is None


@given(
    statuses=st.lists(st.sampled_from(["pending", "approved", "hidden"]), max_size=8),
    stars=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_the_room_sees_exactly_the_approved_answers_starred_first(room_deck, statuses, stars):
    responses = [Response(f"text {i}", answer_id=f"a{i}") for i in range(len(statuses))]
    moderation = Moderation(
        approved=frozenset(f"a{i}" for i, s in enumerate(statuses) if s == "approved"),
        hidden=frozenset(f"a{i}" for i, s in enumerate(statuses) if s == "hidden"),
        starred=frozenset(f"a{i}" for i, s in enumerate(stars[: len(statuses)]) if s),
    )
    facts = results(room_deck, "ideas", responses, moderation)
    shown = seen_by(SCREEN, room_deck, "ideas", facts)["answers"]
    approved = [f"a{i}" for i, s in enumerate(statuses) if s == "approved"]
    assert sorted(a["id"] for a in shown) == sorted(approved)
    flags = [a["starred"] for a in shown]
    assert flags == sorted(flags, reverse=True)
    unstarred = [a["id"] for a in shown if not a["starred"]]
    assert unstarred == [i for i in approved if i in unstarred]  # otherwise as they came
