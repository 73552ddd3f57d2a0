"""Discussions and action plans together: the deck fields they take, and that any JSON answer to
them is stored or refused cleanly.

Steps of the room deck (tests/unit/conftest.py): `talk` is a discussion with a report-back note,
`quiet-talk` one without a note, `my-plan` the action plan."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import InvalidResponse
from sessions.activities.plan import PLAN_FIELDS
from sessions.deck import DeckError, parse_deck
from tests.unit.discussion_and_plan_answers import validate

# Discussion: deck fields ----------------------------------------------------------------------


def parse_one(step: dict):
    text = yaml.safe_dump({"title": "T", "steps": [step]}, sort_keys=False)
    return parse_deck(text, source="t.yaml").steps[0]


def discuss(**fields) -> dict:
    step = {
        "id": "talk",
        "kind": "discuss",
        "title": "Talk",
        "cards": [{"id": "c1", "text": "Card one"}, {"id": "c2", "text": "Card two"}],
    }
    return {**step, **fields}


def plan(**fields) -> dict:
    return {"id": "my-plan", "kind": "plan", "title": "My plan", **fields}


def test_a_discussion_has_sensible_defaults():
    assert {k: v for k, v in parse_one(discuss()).fields.items() if k != "cards"} == {
        "group_size": 3,
        "cards_per_group": 1,
        "report_back": False,
    }


@pytest.mark.parametrize("size", [2, 3, 6])
def test_a_group_size_from_two_to_six_is_allowed(size):
    assert parse_one(discuss(group_size=size)).fields["group_size"] == size


BAD_FIELDS = [
    (
        "no-cards",
        {k: v for k, v in discuss().items() if k != "cards"},
        "steps[0].cards",
        "needs 1 to 30 entries",
    ),
    ("empty-cards", discuss(cards=[]), "steps[0].cards", "needs 1 to 30 entries"),
    ("cards-not-a-list", discuss(cards="talk"), "steps[0].cards", "needs 1 to 30 entries"),
    (
        "thirty-one-cards",
        discuss(cards=[{"id": f"c{i}", "text": "T"} for i in range(31)]),
        "steps[0].cards",
        "needs 1 to 30 entries",
    ),
    (
        "card-a-string",
        discuss(cards=["Talk about it"]),
        "steps[0].cards[0]",
        "each entry needs an id and a text, and nothing else",
    ),
    (
        "card-with-label",
        discuss(cards=[{"id": "c", "label": "L"}]),
        "steps[0].cards[0]",
        "each entry needs an id and a text, and nothing else",
    ),
    ("card-without-text", discuss(cards=[{"id": "c"}]), "steps[0].cards[0].text", "is required"),
    (
        "card-empty-text",
        discuss(cards=[{"id": "c", "text": "  "}]),
        "steps[0].cards[0].text",
        "must not be empty",
    ),
    (
        "card-text-too-long",
        discuss(cards=[{"id": "c", "text": "x" * 401}]),
        "steps[0].cards[0].text",
        "is too long (at most 400 characters)",
    ),
    (
        "card-bad-id",
        discuss(cards=[{"id": "C 1", "text": "T"}]),
        "steps[0].cards[0].id",
        "needs a short id of lowercase letters, digits and hyphens",
    ),
    (
        "card-repeated-id",
        discuss(cards=[{"id": "c", "text": "T"}, {"id": "c", "text": "U"}]),
        "steps[0].cards[1].id",
        "'c' is used by an earlier entry",
    ),
    (
        "group-of-one",
        discuss(group_size=1),
        "steps[0].group_size",
        "must be a whole number from 2 to 6",
    ),
    (
        "group-of-seven",
        discuss(group_size=7),
        "steps[0].group_size",
        "must be a whole number from 2 to 6",
    ),
    (
        "group-size-text",
        discuss(group_size="three"),
        "steps[0].group_size",
        "must be a whole number from 2 to 6",
    ),
    (
        "group-size-bool",
        discuss(group_size=True),
        "steps[0].group_size",
        "must be a whole number from 2 to 6",
    ),
    (
        "group-size-float",
        discuss(group_size=2.5),
        "steps[0].group_size",
        "must be a whole number from 2 to 6",
    ),
    (
        "no-cards-per-group",
        discuss(cards_per_group=0),
        "steps[0].cards_per_group",
        "must be a whole number from 1 to 3",
    ),
    (
        "four-cards-per-group",
        discuss(cards_per_group=4),
        "steps[0].cards_per_group",
        "must be a whole number from 1 to 3",
    ),
    (
        "report-back-yes",
        discuss(report_back="yes"),
        "steps[0].report_back",
        "must be true or false",
    ),
    (
        "discuss-unknown-field",
        discuss(prompts=[]),
        "steps[0].prompts",
        "is not a field a discuss step can have",
    ),
    (
        "contact-too-long",
        plan(contact="x" * 301),
        "steps[0].contact",
        "is too long (at most 300 characters)",
    ),
    ("contact-a-list", plan(contact=["111"]), "steps[0].contact", "must be text"),
    (
        "plan-unknown-field",
        plan(fields=["goal"]),
        "steps[0].fields",
        "is not a field a plan step can have",
    ),
]


@pytest.mark.parametrize(
    ("step", "where", "problem"), [c[1:] for c in BAD_FIELDS], ids=[c[0] for c in BAD_FIELDS]
)
def test_a_bad_discussion_or_plan_field_is_refused_naming_step_and_field(step, where, problem):
    with pytest.raises(DeckError) as caught:
        parse_one(step)
    assert caught.value.where == f"t.yaml: {where}"
    assert caught.value.problem == problem


# Fuzzing --------------------------------------------------------------------------------------

plan_names = [name for name, _, _ in PLAN_FIELDS]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=13)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["2026-02-28", "2026-02-30", "2024-02-29", ""])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(plan_names) | st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=10,
)


@given(step_id=st.sampled_from(["talk", "quiet-talk", "my-plan"]), value=json_values)
def test_any_json_value_is_either_stored_or_refused_cleanly(room_deck, step_id, value):
    refused = None
    try:
        stored = validate(room_deck, step_id, value)
    except InvalidResponse as error:
        refused = str(error)
    if refused is not None:
        assert refused  # a message for the participant
        return
    assert validate(room_deck, step_id, stored) == stored
    json.dumps(stored)


@given(st.dictionaries(st.sampled_from(plan_names), scalars, max_size=8))
def test_a_plan_made_only_of_known_fields_is_stored_or_refused_cleanly(room_deck, value):
    try:
        stored = validate(room_deck, "my-plan", value)
    except InvalidResponse:
        return
    assert set(stored) == set(value)
