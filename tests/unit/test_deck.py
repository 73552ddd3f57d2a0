"""Decks: the bundled decks load, and a good deck becomes what its author wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.deck import parse_deck
from tests.unit.deck_yaml import deck, options, parse, poll, quiz, scale, slide

BUNDLED = sorted((Path(__file__).resolve().parents[2] / "sessions" / "decks").glob("*.yaml"))


# The bundled deck -----------------------------------------------------------------------------


def test_the_bundled_back_pain_deck_parses(back_pain):
    assert back_pain.title == "Making sense of back pain"
    assert back_pain.min_responses == 5
    assert len(back_pain.steps) == 24
    assert [s.id for s in back_pain.steps if s.kind not in ("slide", "quiz")] == [
        "confidence-before",
        "how-long",
        "pain-up",
        "pain-down",
        "talk-in-groups",
        "my-plan",
        "reflect",
        "confidence-after",
        "feedback",
    ]  # the order of the demo session in the clinical content
    assert back_pain.steps[0].id == "welcome"
    assert back_pain.steps[-1].id == "thank-you"


def test_the_bundled_deck_has_unique_step_ids(back_pain):
    ids = [s.id for s in back_pain.steps]
    assert len(set(ids)) == len(ids)


def test_the_bundled_deck_safety_step_is_locked_and_comes_before_the_first_activity(back_pain):
    safety = back_pain.step_by_id("safety")
    assert safety is not None
    assert safety.locked
    assert [s.id for s in back_pain.steps if s.locked] == ["safety"]
    first_activity = next(i for i, s in enumerate(back_pain.steps) if s.takes_responses)
    assert back_pain.index_of("safety") < first_activity


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_deck_parses_and_locks_a_safety_step_before_any_activity(path):
    bundled = parse_deck(path.read_text(encoding="utf-8"), source=path.name)
    locked = [i for i, s in enumerate(bundled.steps) if s.locked]
    activities = [i for i, s in enumerate(bundled.steps) if s.takes_responses]
    assert locked, f"{path.name} has no locked safety step"
    assert not activities or locked[0] < activities[0]


def test_the_bundled_deck_quizzes_all_have_an_explanation(back_pain):
    quizzes = [s for s in back_pain.steps if s.kind == "quiz"]
    assert quizzes
    assert all(s.fields["explanation"] for s in quizzes)


# What a good deck becomes ---------------------------------------------------------------------


def test_defaults_fill_in_what_the_author_left_out():
    parsed = parse(deck(slide(), poll(), scale()))
    welcome, colour, confidence = parsed.steps
    assert parsed.min_responses == 3
    assert parsed.description == ""
    assert welcome.locked is False
    assert welcome.fields["takeaway"] is False
    assert welcome.fields["image"] is None
    assert welcome.minutes is None
    assert colour.fields["multiple"] is False
    assert (confidence.fields["min"], confidence.fields["max"]) == (0, 10)


def test_text_fields_are_trimmed_and_numbers_in_them_read_as_text():
    parsed = parse(deck(slide(title="  Welcome  ", notes=" Say hello. "), title=2024))
    assert parsed.title == "2024"
    assert parsed.steps[0].title == "Welcome"
    assert parsed.steps[0].notes == "Say hello."


def test_a_quiz_correct_answer_is_kept_as_a_list_in_option_order():
    four = options(4)
    parsed = parse(deck(quiz(options=four, correct=["o3", "o1"]), quiz("single", correct="fact")))
    assert parsed.steps[0].fields["correct"] == ["o1", "o3"]
    assert parsed.steps[1].fields["correct"] == ["fact"]


def test_a_slide_image_keeps_its_file_name_and_alt_text():
    image = {"src": "spine_1.webp", "alt": "A drawing of the spine"}
    parsed = parse(deck(slide(image=image)))
    assert parsed.steps[0].fields["image"] == image


def test_the_deck_and_its_steps_cannot_be_changed_after_parsing(small):
    with pytest.raises(AttributeError):
        small.title = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        small.steps[0].fields["takeaway"] = True  # type: ignore[index]


def test_the_largest_allowed_deck_parses():
    parsed = parse(deck(*[slide(f"s{i}") for i in range(200)], min_responses=50))
    assert len(parsed.steps) == 200
    assert parsed.min_responses == 50
