"""The bundled back-pain deck says what its clinical content says: each participant-facing
sentence of tests/data/back-pain-content.md (a verbatim copy of the parts the deck is written
from) is on the phone at the step it belongs to, with its emphasis, and the wording the
content marks verbatim is exact. A change to the deck or to the reference text that lets
them drift apart fails here."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from sessions.activities import PARTICIPANT
from sessions.deck import Deck, parse_deck
from sessions.views import step_view

REFERENCE = Path(__file__).resolve().parents[1] / "data" / "back-pain-content.md"
DECK = Path(__file__).resolve().parents[2] / "sessions" / "decks" / "back-pain-1.yaml"

# The content's numbered rows and the steps written from them. Row 6 (the quiz) and row 13
# (the action plan, whose fields are the plan kind's own) are checked apart or not at all.
ROW_STEPS = {
    1: "welcome",
    2: "group-agreement",
    3: "safety",
    4: "confidence-before",
    5: "how-long",
    7: "pain-protection",
    8: "pain-up",
    9: "pain-down",
    10: "talk-in-groups",
    11: "pacing",
    12: "flare-ups",
    14: "reflect",
    15: "confidence-after",
    16: "feedback",
    17: "thank-you",
}
QUIZ_STEPS = (
    "myth-scan",
    "myth-bed-rest",
    "myth-exercise",
    "myth-common",
    "myth-posture",
    "myth-stress",
    "myth-flare-up",
    "myth-red-flags",
)
QUOTED = re.compile(r'"([^"]+)"')
ROW = re.compile(r"^\| (\d+) \| ([^|]+) \| [^|]* \| ([^|]*) \|", re.M)
QUIZ_ITEM = re.compile(r'^\d+\. "(.+?)" \*\*(Myth|Fact)\.\*\* (.+)$', re.M)
PHRASE_BREAK = re.compile(r"[.,;:?!]+")
HELP_ROUTES = re.compile(r"999|A&E|111|GP")


@pytest.fixture(scope="module")
def reference() -> str:
    return REFERENCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rows(reference) -> dict[int, str]:
    return {int(number): content.strip() for number, _, content in ROW.findall(reference)}


@pytest.fixture(scope="module")
def deck() -> Deck:
    return parse_deck(DECK.read_text(encoding="utf-8"), source="back-pain-1")


def phone_text(deck: Deck, step_id: str) -> str:
    """Every word a participant's phone is sent for the step, emphasis kept as Markdown."""
    step = deck.step_by_id(step_id)
    view = step_view(step, deck.steps.index(step), PARTICIPANT, revealed=True)
    words = list(_strings(view))
    if step.kind == "scale":
        words += [f"{view['min']} = {view['min_label']}", f"{view['max']} = {view['max_label']}"]
    # Discussion cards reach a phone only once groups are made, each group its own.
    words += [card["text"] for card in step.fields.get("cards", ())]
    return normalise(" \n ".join(words))


def _strings(value: Any, key: str = ""):
    if key in {"id", "kind", "image", "correct"}:
        return
    if isinstance(value, str):
        yield _from_html(value) if key.endswith("_html") else value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v, key)


def _from_html(text: str) -> str:
    text = re.sub(r"</?strong>", "**", text)
    text = re.sub(r"</?em>", "*", text)
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def normalise(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(re.sub(r'["()]', " ", text).split())


def phrases(text: str) -> list[str]:
    """The content's wording in pieces the deck may lay out differently (a sentence as a list
    of points), each of which must still be said word for word."""
    found = []
    for piece in PHRASE_BREAK.split(normalise(text)):
        piece = piece.strip().removeprefix("and ").strip()
        if piece:
            found.append(piece)
    return found


def missing(text: str, said: str) -> list[str]:
    return [p for p in phrases(text) if p not in said]


@pytest.mark.parametrize("row", sorted(set(ROW_STEPS) - {5, 8, 9, 15, 16}))
def test_each_quoted_sentence_of_the_content_is_on_the_phone(rows, deck, row):
    quotes = QUOTED.findall(rows[row])
    assert quotes, f"row {row} of the reference has no attendee-facing text"
    said = phone_text(deck, ROW_STEPS[row])
    assert [m for quote in quotes for m in missing(quote, said)] == []


@pytest.mark.parametrize("row", [5, 8, 9])
def test_each_poll_asks_the_contents_question_with_its_options(rows, deck, row):
    (question,) = QUOTED.findall(rows[row])
    step = deck.step_by_id(ROW_STEPS[row])
    assert missing(question, phone_text(deck, step.id)) == []
    options = rows[row].rsplit('"', 1)[1].split(" / ")
    assert [o["label"] for o in step.fields["options"]] == [o.strip() for o in options]


def test_the_pain_polls_stress_up_and_down_as_the_content_does(rows, deck):
    for row, word in ((8, "up"), (9, "down")):
        assert f"**{word}**" in rows[row]
        assert f"**{word}**" in phone_text(deck, ROW_STEPS[row])


def test_the_closing_confidence_scale_repeats_the_opening_one(rows, deck):
    assert rows[15].startswith("Repeat of #4")
    (opening,) = QUOTED.findall(rows[4])
    assert missing(opening, phone_text(deck, "confidence-after")) == []


def test_the_feedback_step_uses_the_fft_wording_verbatim(rows, deck):
    """The content marks the FFT question, its six answers and the follow-up verbatim."""
    question, why, note = QUOTED.findall(rows[16])
    answers = rows[16].split('?**" ', 1)[1].split(". Then", 1)[0].split(" / ")
    step = deck.step_by_id("feedback")
    view = step_view(step, deck.steps.index(step), PARTICIPANT, revealed=False)
    assert view["question"] == question.strip("*")
    assert [o["label"] for o in view["options"]] == answers
    assert (view["why_prompt"], view["why_note"]) == (why, note)


def test_each_quiz_item_has_the_contents_statement_answer_and_explanation(reference, deck):
    items = QUIZ_ITEM.findall(reference)
    assert len(items) == len(QUIZ_STEPS)
    for step_id, (statement, answer, explanation) in zip(QUIZ_STEPS, items, strict=True):
        step = deck.step_by_id(step_id)
        assert normalise(step.title) == normalise(statement), step_id
        labels = {o["id"]: o["label"] for o in step.fields["options"]}
        assert [labels[c] for c in step.fields["correct"]] == [answer], step_id
        assert normalise(step.fields["explanation"]) == normalise(explanation), step_id


def test_the_thank_you_slide_gives_every_route_to_help_of_the_safety_slide(rows, deck):
    """The content puts the red-flag reminder beside the thank-you: urgent help (999, A&E)
    and the route for worries that are urgent but not an emergency (111, the GP)."""
    assert "red-flag reminder" in rows[17]
    routes = set(HELP_ROUTES.findall(rows[3]))
    said = phone_text(deck, "thank-you")
    assert {r for r in routes if r.lower() not in said} == set()


def test_a_changed_word_in_the_deck_is_caught(rows, deck):
    """The comparison itself can fail: one word changed on the safety slide is reported."""
    changed = rows[3].replace("both", "either")
    said = phone_text(deck, "safety")
    assert missing(QUOTED.findall(changed)[0], said) == ["numbness or pain in **either** legs"]
