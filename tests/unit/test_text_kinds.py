"""The free-text kinds: word clouds, open questions and reflections. Which answers are valid and
in what form they are stored, how they add up, and what each audience may see of them.

Steps of the room deck (tests/unit/conftest.py): `words` is a word cloud (3 words of up to 20
characters), `ideas` an open question (up to 50 characters), `notebook` a reflection with the
prompts `remember` and `ask` (`ask` is the question prompt)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import (
    FACILITATOR,
    NO_MODERATION,
    PARTICIPANT,
    SCREEN,
    InvalidResponse,
    Moderation,
    Response,
)
from sessions.activities.text import MAX_ROOM_WORDS, normalise_word
from sessions.deck import DeckError, parse_deck
from sessions.views import results_for, step_view

ROOM = [SCREEN, PARTICIPANT]
EVERYONE = [FACILITATOR, SCREEN, PARTICIPANT]


def validate(deck, step_id, value):
    step = deck.step_by_id(step_id)
    return step.activity.validate_response(step, value)


def refusal(deck, step_id, value) -> str:
    with pytest.raises(InvalidResponse) as caught:
        validate(deck, step_id, value)
    return str(caught.value)


def results(deck, step_id, responses, moderation=NO_MODERATION):
    step = deck.step_by_id(step_id)
    return step.activity.results(step, responses, moderation)


def seen_by(audience, deck, step_id, facts, *, revealed=True, min_responses=3):
    return results_for(
        audience, deck.step_by_id(step_id), facts, seq=7, revealed=revealed,
        min_responses=min_responses,
    )


def keys_anywhere(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_anywhere(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from keys_anywhere(inner)


def assert_plain_english(message: str) -> None:
    """A sentence a participant can read: no Python reprs, types or tracebacks."""
    assert message[:1].isupper()
    assert message.endswith(".")
    for artefact in ("None", "<", "{", "[", "Traceback", "Error", "'"):
        assert artefact not in message


# Word cloud: valid answers --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (["Walking"], ["Walking"]),
        (["  walking  "], ["walking"]),
        (["walking   the\n\ndog"], ["walking the dog"]),
        (["heat", "Rest", "pacing"], ["heat", "Rest", "pacing"]),
        (["Walking", "walking!", " WALKING "], ["Walking"]),
        (["walking the dog", "Walking  the dog."], ["walking the dog"]),
        (["“pacing”", "pacing"], ["“pacing”"]),
        (["rest", "heat", "Rest?"], ["rest", "heat"]),
        (["x" * 20], ["x" * 20]),
        (["Don't stop"], ["Don't stop"]),
    ],
)
def test_word_cloud_words_are_trimmed_collapsed_and_deduplicated(room_deck, value, stored):
    assert validate(room_deck, "words", value) == stored


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Walking", "walking"),
        ("  Walking!  ", "walking"),
        ("“Pacing”", "pacing"),
        ("walking   the  dog", "walking the dog"),
        ("...rest...", "rest"),
        ("Don't stop", "don't stop"),
        ("!!!", ""),
    ],
)
def test_a_word_is_counted_by_its_normal_form(text, key):
    assert normalise_word(text) == key


# Word cloud: refused answers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "Send at least one word."),
        ("walking", "Send at least one word."),
        (None, "Send at least one word."),
        ({"word": "walking"}, "Send at least one word."),
        (["a", "b", "c", "d"], "Send at most 3 words or short phrases."),
        ([""], "Each entry needs at least one letter or number."),
        (["   "], "Each entry needs at least one letter or number."),
        (["!?!"], "Each entry needs at least one letter or number."),
        (["walking", "..."], "Each entry needs at least one letter or number."),
        ([5], "Each word must be text."),
        ([None], "Each word must be text."),
        ([["walking"]], "Each word must be text."),
        (["x" * 21], "Each word is too long: please keep it to 20 characters."),
    ],
    ids=repr,
)
def test_a_bad_word_cloud_answer_is_refused_in_plain_english(room_deck, value, message):
    text = refusal(room_deck, "words", value)
    assert text == message
    assert_plain_english(text)


# Word cloud: results --------------------------------------------------------------------------


def word_responses(*values: list[str]) -> list[Response]:
    return [Response(v, answer_id=f"a{i}", name=f"P{i}") for i, v in enumerate(values)]


def test_word_cloud_results_count_people_per_normal_form_most_sent_first(room_deck):
    facts = results(
        room_deck,
        "words",
        word_responses(["Walking", "heat"], ["walking!"], ["Rest", "Heat"], ["swimming"]),
    )
    assert facts == {
        "total": 4,
        "words": [
            {"text": "heat", "count": 2, "hidden": False},
            {"text": "walking", "count": 2, "hidden": False},
            {"text": "rest", "count": 1, "hidden": False},
            {"text": "swimming", "count": 1, "hidden": False},
        ],
    }


def test_one_person_is_counted_once_per_word_even_if_sent_twice(room_deck):
    facts = results(room_deck, "words", word_responses(["walk", "Walk!"]))
    assert facts["words"] == [{"text": "walk", "count": 1, "hidden": False}]


def test_the_facilitator_sees_hidden_words_marked(room_deck):
    facts = results(
        room_deck, "words", word_responses(["walk"], ["rude"], ["walk"]),
        Moderation(hidden=frozenset({"rude"})),
    )
    shown = seen_by(FACILITATOR, room_deck, "words", facts)
    assert {"text": "rude", "count": 1, "hidden": True} in shown["words"]
    assert {"text": "walk", "count": 2, "hidden": False} in shown["words"]


@pytest.mark.parametrize("audience", ROOM)
def test_the_room_never_sees_a_hidden_word(room_deck, audience):
    facts = results(
        room_deck, "words", word_responses(["walk", "Rude"], ["rude!"], ["walk"], ["heat"]),
        Moderation(hidden=frozenset({"rude"})),
    )
    shown = seen_by(audience, room_deck, "words", facts)
    assert shown["withheld"] is False
    assert shown["words"] == [{"text": "walk", "count": 2}, {"text": "heat", "count": 1}]
    assert "rude" not in json.dumps(shown).lower()
    assert "hidden" not in set(keys_anywhere(shown))


@pytest.mark.parametrize("audience", ROOM)
def test_the_room_sees_at_most_the_fifty_most_sent_words(room_deck, audience):
    responses = word_responses(*[[f"word{i}"] for i in range(60)], ["word59"], ["word58"])
    shown = seen_by(audience, room_deck, "words", results(room_deck, "words", responses))
    assert len(shown["words"]) == MAX_ROOM_WORDS
    assert shown["words"][:2] == [{"text": "word58", "count": 2}, {"text": "word59", "count": 2}]


@pytest.mark.parametrize("audience", ROOM)
def test_a_word_cloud_below_the_threshold_is_withheld_from_the_room(room_deck, audience):
    facts = results(room_deck, "words", word_responses(["walk"], ["heat"]))
    assert seen_by(audience, room_deck, "words", facts) == {
        "seq": 7, "step_id": "words", "kind": "wordcloud", "withheld": True, "total": 2,
    }
    assert seen_by(FACILITATOR, room_deck, "words", facts)["withheld"] is True


@pytest.mark.parametrize("audience", ROOM)
def test_a_word_cloud_is_not_shown_to_the_room_before_reveal(room_deck, audience):
    facts = results(room_deck, "words", word_responses(["a"], ["b"], ["c"]))
    assert seen_by(audience, room_deck, "words", facts, revealed=False) is None


@given(
    answers=st.lists(st.lists(st.sampled_from(["Walk", "walk!", "heat", "Rest", "rude", "RUDE"]),
                              min_size=1, max_size=3), max_size=8),
    hidden=st.sets(st.sampled_from(["walk", "heat", "rest", "rude"])),
)
def test_hidden_words_never_reach_the_room_whatever_was_sent(room_deck, answers, hidden):
    facts = results(room_deck, "words", word_responses(*answers),
                    Moderation(hidden=frozenset(hidden)))
    for audience in ROOM:
        shown = seen_by(audience, room_deck, "words", facts, min_responses=1)
        if shown.get("withheld"):
            continue
        assert not {w["text"] for w in shown["words"]} & hidden


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
        ("   \n ", "Write something before sending."),
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
        ({"remember": "  ", "ask": "\n"}, "Write an answer to at least one of the prompts."),
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
    assert shown == {"seq": 7, "step_id": "notebook", "kind": "reflect", "count": 3,
                     "withheld": False}
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
    assert seen_by(audience, room_deck, "notebook", facts, revealed=revealed,
                   min_responses=min_responses) is None


def test_reflections_are_private_by_their_kind():
    from sessions.activities import KINDS

    assert KINDS["reflect"].room_sees_results is False


def test_a_reflection_gives_only_its_written_answers_to_the_red_flag_scan(room_deck):
    step = room_deck.step_by_id("notebook")
    assert step.activity.free_text(step, {"remember": "Bladder", "ask": ""}) == ["Bladder"]


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
    return {"id": "notebook", "kind": "reflect", "title": "Look back", "prompts": prompts,
            **fields}


def test_text_kinds_have_sensible_defaults():
    assert dict(parse_one(wordcloud()).fields) == {"max_words": 3, "max_length": 30}
    assert dict(parse_one(open_question()).fields) == {"max_length": 280}
    assert parse_one(reflect()).fields["question_prompt"] is None


BAD_FIELDS = [
    ("max-words-zero", wordcloud(max_words=0), "steps[0].max_words",
     "must be a whole number from 1 to 10"),
    ("max-words-eleven", wordcloud(max_words=11), "steps[0].max_words",
     "must be a whole number from 1 to 10"),
    ("max-words-bool", wordcloud(max_words=True), "steps[0].max_words",
     "must be a whole number from 1 to 10"),
    ("max-length-four", wordcloud(max_length=4), "steps[0].max_length",
     "must be a whole number from 5 to 60"),
    ("max-length-text", wordcloud(max_length="ten"), "steps[0].max_length",
     "must be a whole number from 5 to 60"),
    ("open-too-short", open_question(max_length=19), "steps[0].max_length",
     "must be a whole number from 20 to 1000"),
    ("open-too-long", open_question(max_length=1001), "steps[0].max_length",
     "must be a whole number from 20 to 1000"),
    ("no-prompts", {**reflect(), "prompts": []}, "steps[0].prompts", "needs 1 to 5 entries"),
    ("prompts-not-a-list", {**reflect(), "prompts": "remember"}, "steps[0].prompts",
     "needs 1 to 5 entries"),
    ("six-prompts", {**reflect(), "prompts": [{"id": f"p{i}", "label": "L"} for i in range(6)]},
     "steps[0].prompts", "needs 1 to 5 entries"),
    ("prompt-without-label", {**reflect(), "prompts": [{"id": "p"}]},
     "steps[0].prompts[0].label", "is required"),
    ("prompt-extra-key", {**reflect(), "prompts": [{"id": "p", "label": "L", "x": 1}]},
     "steps[0].prompts[0]", "each entry needs an id and a label, and nothing else"),
    ("prompt-bad-id", {**reflect(), "prompts": [{"id": "Bad Id", "label": "L"}]},
     "steps[0].prompts[0].id", "needs a short id of lowercase letters, digits and hyphens"),
    ("prompt-repeated-id",
     {**reflect(), "prompts": [{"id": "p", "label": "L"}, {"id": "p", "label": "M"}]},
     "steps[0].prompts[1].id", "'p' is used by an earlier entry"),
    ("prompt-label-too-long", {**reflect(), "prompts": [{"id": "p", "label": "x" * 301}]},
     "steps[0].prompts[0].label", "is too long (at most 300 characters)"),
    ("question-prompt-unknown", reflect(question_prompt="next"), "steps[0].question_prompt",
     "must be the id of one of the prompts"),
    ("question-prompt-label", reflect(question_prompt="Ask"), "steps[0].question_prompt",
     "must be the id of one of the prompts"),
    ("wordcloud-unknown-field", wordcloud(prompts=[]), "steps[0].prompts",
     "is not a field a wordcloud step can have"),
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
        | st.dictionaries(st.sampled_from(["remember", "ask", "other"]) | st.text(max_size=5),
                          children, max_size=3)
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
