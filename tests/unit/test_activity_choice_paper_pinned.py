"""Polls, quizzes and scales on paper pinned exactly: the boxes printed, how many may be
ticked, the note under them, and what a paper answer becomes; and a quiz answer is right only
when it is every right option and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from sessions.activities import KINDS, InvalidResponse
from sessions.activities.base import MANY, ONE, OnPaper, PaperQuestion
from sessions.deck import parse_deck

POLL, QUIZ, SCALE = KINDS["poll"], KINDS["quiz"], KINDS["scale"]
OPTIONS = "    options: [{id: a, label: Aye}, {id: b, label: Bee}, {id: c, label: Sea}]\n"
BOXES = (("a", "Aye"), ("b", "Bee"), ("c", "Sea"))


def one_step(kind: str, body: str) -> Any:
    deck = f"title: T\nsteps:\n  - id: s\n    kind: {kind}\n    title: The step\n{body}"
    return parse_deck(deck).step_by_id("s")


def test_a_poll_of_one_answer_is_one_box_to_tick():
    assert POLL.on_paper(one_step("poll", OPTIONS)) == OnPaper(
        (PaperQuestion("choice", "The step", ONE, BOXES),), note="Tick one box."
    )


def test_a_poll_of_many_answers_is_all_boxes_that_apply():
    assert POLL.on_paper(one_step("poll", OPTIONS + "    multiple: true\n")) == OnPaper(
        (PaperQuestion("choice", "The step", MANY, BOXES),), note="Tick all that apply."
    )


def test_a_quiz_takes_many_ticks_only_when_more_than_one_option_is_right():
    one_right = one_step("quiz", OPTIONS + "    correct: b\n")
    two_right = one_step("quiz", OPTIONS + "    correct: [a, c]\n")
    assert [q.answer for q in QUIZ.on_paper(one_right).questions] == [ONE]
    assert QUIZ.on_paper(one_right).note == "Tick one box."
    assert [q.answer for q in QUIZ.on_paper(two_right).questions] == [MANY]
    assert QUIZ.on_paper(two_right).note == "Tick all that apply."


def test_a_choice_from_paper_is_the_ticked_box_or_boxes_as_they_are():
    step = one_step("poll", OPTIONS)
    assert POLL.from_paper(step, {"choice": "b"}) == "b"
    assert POLL.from_paper(step, {"choice": ["a", "c"]}) == ["a", "c"]
    assert POLL.from_paper(step, {}) is None


def test_a_quiz_answer_is_right_only_as_every_right_option_and_no_other():
    step = one_step("quiz", OPTIONS + "    correct: [a, c]\n")
    assert QUIZ.is_right(step, ["c", "a"]) is True
    assert QUIZ.is_right(step, ["a"]) is False
    assert QUIZ.is_right(step, ["a", "b", "c"]) is False
    single = one_step("quiz", OPTIONS + "    correct: b\n")
    assert (QUIZ.is_right(single, "b"), QUIZ.is_right(single, "a")) == (True, False)
    assert POLL.is_right(one_step("poll", OPTIONS), "a") is False


def test_a_scale_on_paper_is_a_box_for_each_number_from_min_to_max_with_its_end_words():
    step = one_step("scale", "    min: 2\n    max: 5\n    min_label: Low\n    max_label: High\n")
    numbers = (("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"))
    assert SCALE.on_paper(step) == OnPaper(
        (PaperQuestion("number", "The step", ONE, numbers, ends=("Low", "High")),),
        note="Tick one number.",
    )


def test_a_scale_from_paper_is_the_ticked_number_or_nothing():
    step = one_step("scale", "    min: 0\n    max: 10\n")
    assert SCALE.from_paper(step, {"number": "7"}) == 7
    assert SCALE.from_paper(step, {}) is None


def test_a_scale_box_that_is_not_a_number_is_passed_on_for_validation_to_refuse():
    step = one_step("scale", "    min: 0\n    max: 10\n")
    assert SCALE.from_paper(step, {"number": "seven"}) == "seven"
    with pytest.raises(InvalidResponse, match="whole number from 0 to 10"):
        SCALE.validate_response(step, "seven")
