"""The free-text kinds together: word clouds, open questions and reflections. What each audience
sees of their steps, which deck fields they take, and that any JSON answer is stored or refused
cleanly.

Steps of the room deck (tests/unit/conftest.py): `words` is a word cloud, `ideas` an open
question, `notebook` a reflection."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import InvalidResponse
from sessions.deck import DeckError, parse_deck
from sessions.views import step_view
from tests.unit.text_answers import EVERYONE, validate

# Step views -----------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", EVERYONE)
@pytest.mark.parametrize(
    ("step_id", "own"),
    [
        ("words", {"max_words": 3, "max_length": 20}),
        ("ideas", {"max_length": 50}),
        (
            "notebook",
            {
                "prompts": [
                    {"id": "remember", "label": "One thing to remember"},
                    {"id": "ask", "label": "One question for next time"},
                ],
                "question_prompt": "ask",
                "max_length": 1000,
            },
        ),
    ],
)
def test_each_text_kind_shows_its_own_fields_to_every_audience(room_deck, audience, step_id, own):
    step = room_deck.step_by_id(step_id)
    shown = step_view(step, room_deck.index_of(step_id), audience, revealed=False)
    assert {k: shown[k] for k in own} == own


# Deck fields ----------------------------------------------------------------------------------


def parse_one(step: dict):
    text = yaml.safe_dump({"title": "T", "steps": [step]}, sort_keys=False)
    return parse_deck(text, source="t.yaml").steps[0]


def wordcloud(**fields) -> dict:
    return {"id": "words", "kind": "wordcloud", "title": "A word?", **fields}


def open_question(**fields) -> dict:
    return {"id": "ideas", "kind": "open", "title": "What helps?", **fields}


def reflect(**fields) -> dict:
    prompts = [{"id": "remember", "label": "Remember"}, {"id": "ask", "label": "Ask"}]
    return {"id": "notebook", "kind": "reflect", "title": "Look back", "prompts": prompts, **fields}


def test_text_kinds_have_sensible_defaults():
    assert dict(parse_one(wordcloud()).fields) == {"max_words": 3, "max_length": 30}
    assert dict(parse_one(open_question()).fields) == {"max_length": 280}
    assert parse_one(reflect()).fields["question_prompt"] is None


BAD_FIELDS = [
    (
        "max-words-zero",
        wordcloud(max_words=0),
        "steps[0].max_words",
        "must be a whole number from 1 to 10",
    ),
    (
        "max-words-eleven",
        wordcloud(max_words=11),
        "steps[0].max_words",
        "must be a whole number from 1 to 10",
    ),
    (
        "max-words-bool",
        wordcloud(max_words=True),
        "steps[0].max_words",
        "must be a whole number from 1 to 10",
    ),
    (
        "max-length-four",
        wordcloud(max_length=4),
        "steps[0].max_length",
        "must be a whole number from 5 to 60",
    ),
    (
        "max-length-text",
        wordcloud(max_length="ten"),
        "steps[0].max_length",
        "must be a whole number from 5 to 60",
    ),
    (
        "open-too-short",
        open_question(max_length=19),
        "steps[0].max_length",
        "must be a whole number from 20 to 1000",
    ),
    (
        "open-too-long",
        open_question(max_length=1001),
        "steps[0].max_length",
        "must be a whole number from 20 to 1000",
    ),
    ("no-prompts", {**reflect(), "prompts": []}, "steps[0].prompts", "needs 1 to 5 entries"),
    (
        "prompts-not-a-list",
        {**reflect(), "prompts": "remember"},
        "steps[0].prompts",
        "needs 1 to 5 entries",
    ),
    (
        "six-prompts",
        {**reflect(), "prompts": [{"id": f"p{i}", "label": "L"} for i in range(6)]},
        "steps[0].prompts",
        "needs 1 to 5 entries",
    ),
    (
        "prompt-without-label",
        {**reflect(), "prompts": [{"id": "p"}]},
        "steps[0].prompts[0].label",
        "is required",
    ),
    (
        "prompt-extra-key",
        {**reflect(), "prompts": [{"id": "p", "label": "L", "x": 1}]},
        "steps[0].prompts[0]",
        "each entry needs an id and a label, and nothing else",
    ),
    (
        "prompt-bad-id",
        {**reflect(), "prompts": [{"id": "Bad Id", "label": "L"}]},
        "steps[0].prompts[0].id",
        "needs a short id of lowercase letters, digits and hyphens",
    ),
    (
        "prompt-repeated-id",
        {**reflect(), "prompts": [{"id": "p", "label": "L"}, {"id": "p", "label": "M"}]},
        "steps[0].prompts[1].id",
        "'p' is used by an earlier entry",
    ),
    (
        "prompt-label-too-long",
        {**reflect(), "prompts": [{"id": "p", "label": "x" * 301}]},
        "steps[0].prompts[0].label",
        "is too long (at most 300 characters)",
    ),
    (
        "question-prompt-unknown",
        reflect(question_prompt="next"),
        "steps[0].question_prompt",
        "must be the id of one of the prompts",
    ),
    (
        "question-prompt-label",
        reflect(question_prompt="Ask"),
        "steps[0].question_prompt",
        "must be the id of one of the prompts",
    ),
    (
        "wordcloud-unknown-field",
        wordcloud(prompts=[]),
        "steps[0].prompts",
        "is not a field a wordcloud step can have",
    ),
]


@pytest.mark.parametrize(
    ("step", "where", "problem"), [c[1:] for c in BAD_FIELDS], ids=[c[0] for c in BAD_FIELDS]
)
def test_a_bad_text_kind_field_is_refused_naming_step_and_field(step, where, problem):
    with pytest.raises(DeckError) as caught:
        parse_one(step)
    assert caught.value.where == f"t.yaml: {where}"
    assert caught.value.problem == problem


# Fuzzing: anything JSON can hold is valid (and stays so) or refused as InvalidResponse ------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=25)
    | st.sampled_from(["Walking", "  walk  ", "!!", "remember", "ask", ""]),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.sampled_from(["remember", "ask", "other"]) | st.text(max_size=5),
            children,
            max_size=3,
        )
    ),
    max_leaves=10,
)


@given(step_id=st.sampled_from(["words", "ideas", "notebook"]), value=json_values)
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
    json.dumps(stored)  # stored as JSON
