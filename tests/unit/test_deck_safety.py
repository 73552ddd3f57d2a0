"""A deck's safety block: the back-pain wording is the bundled deck's own, a deck without a
block gets neutral wording and raises no red flags, a deck may name a phrase list or give its
own phrases, and a bad block is refused with an error naming the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions import authoring
from sessions.deck import DeckError, dump_deck, parse_deck
from sessions.notebook import notebook
from sessions.redflags import LISTS, phrases_for, red_flags_in
from sessions.safety import NEUTRAL, NEUTRAL_TEXT, PHRASE_LISTS

BACK_PAIN_WORDS = ("bladder", "bowel", "genitals", "both")
FALLS = """\
title: Staying steady
steps:
  - {id: hello, kind: slide, title: Hello}
  - {id: plan, kind: plan, title: My plan}
"""


def deck_with(safety: str) -> str:
    return FALLS.replace("steps:\n", f"safety:\n{safety}steps:\n")


def test_the_bundled_deck_carries_the_back_pain_wording(back_pain):
    safety = back_pain.safety
    assert safety is not None
    assert safety.red_flags == "back-pain"
    for text in (safety.help, safety.when_to_get_help, safety.plan_reminder):
        assert all(word in text for word in BACK_PAIN_WORDS)
    assert "bladder" in red_flags_in("My bladder is odd", phrases_for(safety.red_flags))


def test_a_deck_without_a_block_gets_neutral_wording_and_no_red_flags():
    deck = parse_deck(FALLS)
    assert deck.safety is None
    assert deck.safety_wording is NEUTRAL
    wording = deck.safety_wording
    assert wording.reminder == NEUTRAL_TEXT
    assert "call 111" in wording.help_html
    assert "call 999" in wording.when_to_get_help_html
    shown = wording.help_html + wording.when_to_get_help_html + wording.reminder
    assert not any(word in shown for word in BACK_PAIN_WORDS)
    both = "I can't control my bladder and both legs are numb"
    assert red_flags_in(both, phrases_for(wording.red_flags)) == []


def test_a_deck_may_give_its_own_phrases():
    deck = parse_deck(deck_with("  red_flags: [chest pain, 'Blood  Sugar']\n"))
    assert deck.safety.red_flags == ("chest pain", "blood sugar")
    phrases = phrases_for(deck.safety.red_flags)
    assert red_flags_in("Pain in my chest. My sugar is high", phrases) == ["chest pain"]
    assert red_flags_in("my bladder", phrases) == []


def test_each_text_falls_back_to_neutral_wording_alone():
    deck = parse_deck(deck_with("  help: Ring the falls team if you fall at home.\n"))
    assert "falls team" in deck.safety_wording.help_html
    assert deck.safety_wording.reminder == NEUTRAL_TEXT


def test_the_notebook_says_when_to_get_help_from_the_decks_words(back_pain):
    assert "call 111" in notebook(parse_deck(FALLS), {}, [])["safety_html"]
    own = parse_deck(
        deck_with("  when_to_get_help: If you fall and **cannot get up**, call 999.\n")
    )
    assert "<strong>cannot get up</strong>" in notebook(own, {}, [])["safety_html"]
    book = notebook(back_pain, {}, [])
    assert "bladder" in book["safety_html"]
    assert book["safety_title"] == "When to get help"


@pytest.mark.parametrize(
    ("block", "where", "problem"),
    [
        ("  - call 999\n", "safety", "must be a set of fields"),
        ("  helps: x\n", "safety.helps", "is not a field the safety block can have"),
        ("  help: [a, b]\n", "safety.help", "must be text"),
        (f"  plan_reminder: {'x' * 1001}\n", "safety.plan_reminder", "at most 1000"),
        ("  red_flags: falls\n", "safety.red_flags", "'falls' is not a phrase list"),
        ("  red_flags: []\n", "safety.red_flags", "must name a phrase list or be a list"),
        ("  red_flags: [chest pain, 12]\n", "safety.red_flags[1]", "a few words"),
        ("  red_flags: [chest pain, 'pain!']\n", "safety.red_flags[1]", "a few words"),
    ],
)
def test_a_bad_block_is_refused_naming_the_field(block, where, problem):
    with pytest.raises(DeckError) as caught:
        parse_deck(deck_with(block), source="falls")
    assert caught.value.where == f"falls: {where}"
    assert problem in caught.value.problem


def test_the_editor_reports_a_bad_block_among_the_decks_problems():
    data = {
        "title": "Staying steady",
        "safety": {"red_flags": "falls"},
        "steps": [{"id": "hello", "kind": "slide", "title": "Hello"}, {"id": "x", "kind": "y"}],
    }
    assert {"safety.red_flags", "steps[1].kind"} <= {e.where for e in authoring.problems(data)}


@pytest.mark.parametrize(
    "block", ["  red_flags: back-pain\n", "  help: Hi\n  red_flags: [chest pain]\n", "  {}\n"]
)
def test_a_block_is_written_back_as_it_reads(block):
    deck = parse_deck(deck_with(block))
    assert parse_deck(dump_deck(deck)) == deck


def test_the_named_phrase_lists_are_the_files_kept_for_them():
    assert sorted(PHRASE_LISTS) == sorted(p.stem for p in Path(LISTS).glob("*.yaml"))
    assert all(phrases_for(name) for name in PHRASE_LISTS)
