"""Word clouds: which words are valid and in what form they are stored, how they are counted,
and what each audience may see of them. `words` in the room deck (tests/unit/conftest.py) is a
word cloud (3 words of up to 20 characters)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import FACILITATOR, Moderation, Response
from sessions.activities.text import MAX_ROOM_WORDS, normalise_word
from tests.unit.text_answers import (
    ROOM,
    assert_plain_english,
    keys_anywhere,
    refusal,
    results,
    seen_by,
    validate,
)

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
        room_deck,
        "words",
        word_responses(["walk"], ["rude"], ["walk"]),
        Moderation(hidden=frozenset({"rude"})),
    )
    shown = seen_by(FACILITATOR, room_deck, "words", facts)
    assert {"text": "rude", "count": 1, "hidden": True} in shown["words"]
    assert {"text": "walk", "count": 2, "hidden": False} in shown["words"]


@pytest.mark.parametrize("audience", ROOM)
def test_the_room_never_sees_a_hidden_word(room_deck, audience):
    facts = results(
        room_deck,
        "words",
        word_responses(["walk", "Rude"], ["rude!"], ["walk"], ["heat"]),
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
        "seq": 7,
        "step_id": "words",
        "kind": "wordcloud",
        "withheld": True,
        "total": 2,
    }
    assert seen_by(FACILITATOR, room_deck, "words", facts)["withheld"] is True


@pytest.mark.parametrize("audience", ROOM)
def test_a_word_cloud_is_not_shown_to_the_room_before_reveal(room_deck, audience):
    facts = results(room_deck, "words", word_responses(["a"], ["b"], ["c"]))
    assert seen_by(audience, room_deck, "words", facts, revealed=False) is None


@given(
    answers=st.lists(
        st.lists(
            st.sampled_from(["Walk", "walk!", "heat", "Rest", "rude", "RUDE"]),
            min_size=1,
            max_size=3,
        ),
        max_size=8,
    ),
    hidden=st.sets(st.sampled_from(["walk", "heat", "rest", "rude"])),
)
def test_hidden_words_never_reach_the_room_whatever_was_sent(room_deck, answers, hidden):
    facts = results(
        room_deck, "words", word_responses(*answers), Moderation(hidden=frozenset(hidden))
    )
    for audience in ROOM:
        shown = seen_by(audience, room_deck, "words", facts, min_responses=1)
        if shown.get("withheld"):
            continue
        assert not {w["text"] for w in shown["words"]} & hidden
