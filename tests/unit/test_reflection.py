"""Reflections: which answers are valid and in what form they are stored, and that nobody but
the writer sees the text. `notebook` in the room deck (tests/unit/conftest.py) is a reflection
with the prompts `remember` and `ask` (`ask` is the question prompt)."""

from __future__ import annotations

import json

import pytest

from sessions.activities import FACILITATOR, Response
from tests.unit.text_answers import ROOM, refusal, results, seen_by, validate

# Reflection: valid and refused answers --------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ({"remember": "Pacing"}, {"remember": "Pacing"}),
        ({"remember": "  Pacing  "}, {"remember": "Pacing"}),
        ({"ask": "Is heat better than ice?"}, {"ask": "Is heat better than ice?"}),
        ({"remember": "Pacing", "ask": ""}, {"remember": "Pacing", "ask": ""}),
        ({"ask": "Why?", "remember": "Pacing"}, {"remember": "Pacing", "ask": "Why?"}),
        ({"remember": "x" * 1000}, {"remember": "x" * 1000}),
        ({"remember": "Two\nlines"}, {"remember": "Two\nlines"}),
    ],
)
def test_a_reflection_is_stored_by_prompt_in_the_deck_order(room_deck, value, stored):
    result = validate(room_deck, "notebook", value)
    assert result == stored
    assert list(result) == [k for k in ("remember", "ask") if k in result]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({}, "Write an answer to at least one of the prompts."),
        ({"remember": ""}, "Write an answer to at least one of the prompts."),
        pytest.param(
            {"remember": "  ", "ask": "\n"},
            "Write an answer to at least one of the prompts.",
            id="only-spaces-and-a-new-line",
        ),
        ("Pacing", "Write an answer to at least one of the prompts."),
        (["Pacing"], "Write an answer to at least one of the prompts."),
        (None, "Write an answer to at least one of the prompts."),
        ({"other": "Pacing"}, "That is not one of this step's prompts."),
        ({"remember": "Pacing", "secret": "x"}, "That is not one of this step's prompts."),
        ({"remember": 5}, "Your answer must be text."),
        ({"remember": None}, "Your answer must be text."),
        ({"remember": "x" * 1001}, "Your answer is too long: please keep it to 1000 characters."),
    ],
    ids=repr,
)
def test_a_bad_reflection_is_refused_in_plain_english(room_deck, value, message):
    assert refusal(room_deck, "notebook", value) == message


# Reflection: nobody but the writer sees the text ----------------------------------------------

REFLECTIONS = [
    Response({"remember": "My secret worry", "ask": ""}, answer_id="a1", name="Ann"),
    Response({"ask": "Will it ever stop?"}, answer_id="a2", name="Bob"),
    Response({"remember": "", "ask": ""}, answer_id="a3", name="Cat"),
    Response({"remember": "Pacing", "ask": "Heat?"}, answer_id="a4", name="Dan"),
]


def test_the_facilitator_gets_only_how_many_wrote_something(room_deck):
    facts = results(room_deck, "notebook", REFLECTIONS)
    assert facts == {"count": 3}
    shown = seen_by(FACILITATOR, room_deck, "notebook", facts)
    assert shown == {
        "seq": 7,
        "step_id": "notebook",
        "kind": "reflect",
        "count": 3,
        "withheld": False,
    }
    for response in REFLECTIONS:
        for text in response.value.values():
            if text:
                assert text not in json.dumps(shown)
        assert response.name not in json.dumps(shown)


@pytest.mark.parametrize("audience", ROOM)
@pytest.mark.parametrize("revealed", [False, True])
@pytest.mark.parametrize("min_responses", [1, 3, 50])
def test_the_room_never_gets_reflection_results(room_deck, audience, revealed, min_responses):
    facts = results(room_deck, "notebook", REFLECTIONS)
    assert (
        seen_by(
            audience, room_deck, "notebook", facts, revealed=revealed, min_responses=min_responses
        )
        is None
    )


def test_reflections_are_private_by_their_kind():
    from sessions.activities import KINDS

    assert KINDS["reflect"].room_sees_results is False


def test_a_reflection_gives_only_its_written_answers_to_the_red_flag_scan(room_deck):
    step = room_deck.step_by_id("notebook")
    assert step.activity.free_text(step, {"remember": "Bladder", "ask": ""}) == ["Bladder"]
