"""Spotting possible red-flag symptoms in free text with the back-pain phrase list
(sessions/data/red_flags/back-pain.yaml): the content
file's symptoms in plain phrasing match, ordinary text does not, and words only combine within
one sentence."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions import redflags

DATA = Path(__file__).resolve().parents[2] / "sessions" / "data" / "red_flags" / "back-pain.yaml"
LABELS = [" ".join(entry) for entry in yaml.safe_load(DATA.read_text(encoding="utf-8"))]


def red_flags_in(text: str) -> list[str]:
    return redflags.red_flags_in(text, redflags.phrase_list("back-pain"))


# The safety slide of /work/shared/content/back-pain.md, without its bold marks.
SAFETY_SLIDE = (
    "Most back pain is not serious. Get help now (999 or A&E) if you have back pain and: "
    "numbness or tingling around your bottom or genitals; new trouble peeing or controlling "
    "your bladder or bowel; weakness, numbness or pain in both legs. Call 111 or your GP "
    "urgently if you have a high temperature, weight loss you can't explain, or pain much "
    "worse at night."
)


def test_the_phrase_list_is_short_lower_case_word_starts():
    entries = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    assert entries
    assert all(isinstance(e, list) and 1 <= len(e) <= 4 for e in entries)
    assert all(isinstance(w, str) and w == w.lower() and w.strip() == w for e in entries for w in e)
    assert len(set(LABELS)) == len(LABELS)


# Matches --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        # the brief's plain phrasings of the content file's symptoms
        ("I can't control my bladder", ["bladder"]),
        ("numbness around my bottom", ["numb bottom"]),
        ("pain in both legs", ["both legs"]),
        ("tingling in my groin", ["tingl groin"]),
        # more of the content file's symptoms, as people write them
        ("My bowels haven't been right", ["bowel"]),
        ("Numb around my genitals since Sunday", ["numb genital"]),
        ("a tingly feeling on my bottom", ["tingl bottom"]),
        ("I've had trouble peeing", ["trouble peeing"]),
        ("I can't pee properly", ["can't pee"]),
        ("I cannot pee", ["cannot pee"]),
        ("I can't wee", ["can't wee"]),
        ("I wet myself at work", ["wet myself"]),
        ("bit of incontinence", ["incontinen"]),
        ("my legs keep giving way", ["legs giving way"]),
        ("I've got a high temperature", ["high temperature"]),
        ("weight loss I can't explain", ["weight loss"]),
        ("I'm losing weight without trying", ["losing weight"]),
        ("it gets much worse at night", ["worse at night"]),
        ("the pain is much worse at night", ["worse at night", "night pain"]),
        ("night pain wakes me", ["night pain"]),
        ("I've had a fever", ["fever"]),
        ("is this cauda equina?", ["cauda equina"]),
    ],
)
def test_a_symptom_in_plain_words_is_flagged(text, flags):
    assert red_flags_in(text) == flags


@pytest.mark.parametrize(
    "text",
    [
        "I CAN'T CONTROL MY BLADDER",
        "i can't control my bladder",
        "I Can't Control My Bladder",
        "NUMBNESS AROUND MY BOTTOM",
        "Pain In Both Legs",
        "TINGLING in my Groin",
    ],
)
def test_matching_ignores_case(text):
    assert red_flags_in(text)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("I can\u2019t pee", "can't pee"),
        ("I CAN\u2019T PEE", "can't pee"),
        ("I can\u2019t wee", "can't wee"),
    ],
)
def test_a_curly_apostrophe_counts_as_a_straight_one(text, flag):
    assert red_flags_in(text) == [flag]


def test_several_words_match_in_any_order_within_a_sentence():
    assert red_flags_in("Legs, both of them, feel odd") == ["both legs"]
    assert red_flags_in("My bottom feels numb") == ["numb bottom"]


def test_every_symptom_on_the_safety_slide_is_flagged():
    found = red_flags_in(SAFETY_SLIDE)
    for flag in [
        "numb bottom",
        "numb genital",
        "tingl bottom",
        "tingl genital",
        "trouble peeing",
        "bladder",
        "bowel",
        "both legs",
        "high temperature",
        "weight loss",
        "worse at night",
    ]:
        assert flag in found


def test_both_legs_weak_also_names_both_legs():
    assert red_flags_in("Both my legs are weak") == ["both legs", "both legs weak"]


def test_each_flag_is_named_once_in_the_order_of_the_list():
    found = red_flags_in("Bladder trouble. Then my bowel. The bladder again! Both legs.")
    assert found == ["bladder", "bowel", "both legs"]
    assert found == sorted(found, key=LABELS.index)


def test_the_flags_name_phrases_not_the_text():
    text = "Ann says her bladder is playing up"
    found = red_flags_in(text)
    assert found == ["bladder"]
    assert "Ann" not in " ".join(found)


# No match -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "I walked both dogs",
        "my leg hurts",
        "My legs ache after gardening",
        "Both knees are stiff",
        "I feel numb about it all",
        "My bottom step is loose",
        "Walking helps, and heat helps too",
        "I sleep badly",
        "Pain at the weekend",
        "High hopes for next week",
        "I can't sleep",
        "I lost my temper",
        "Legs up the wall is my favourite stretch",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert red_flags_in(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I walked both dogs. My legs are tired.",
        "I walked both dogs! My legs are tired.",
        "Did I walk both dogs? My legs say yes",
        "I walked both dogs; my legs are tired",
        "I walked both dogs\nmy legs are tired",
        "My hands felt numb. I sat on my bottom step.",
        "I'm in high spirits. The temperature dropped.",
        "I can't. Pee breaks are a nuisance",
    ],
)
def test_words_in_different_sentences_do_not_combine(text):
    assert red_flags_in(text) == []


# Any text -------------------------------------------------------------------------------------


@given(st.text(max_size=200))
def test_any_text_gives_a_list_of_known_flags_without_repeats(text):
    found = red_flags_in(text)
    assert all(flag in LABELS for flag in found)
    assert len(set(found)) == len(found)


sentence_text = st.text(alphabet=string.ascii_letters + " ',", max_size=60)


@given(st.text(alphabet=string.ascii_letters + string.digits + " '.,;!?\n", max_size=80))
def test_case_does_not_matter(text):
    assert red_flags_in(text.upper()) == red_flags_in(text.lower()) == red_flags_in(text)


@given(first=sentence_text, second=sentence_text)
def test_two_sentences_flag_what_each_flags_alone(first, second):
    alone = red_flags_in(first) + red_flags_in(second)
    together = red_flags_in(f"{first}. {second}")
    assert together == list(dict.fromkeys(alone))
