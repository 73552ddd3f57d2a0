"""Each kind's refusals pinned word for word: the message is what the participant reads, so
each bad answer is refused with its own whole sentence."""

from __future__ import annotations

import math
import re

import pytest

from sessions.activities import InvalidResponse

REFUSALS = [
    # (step id, answer, the whole message)
    ("colour", "purple", "Choose one of the options."),
    ("colour", ["red"], "Choose one of the options."),
    ("foods", [], "Choose at least one option."),
    ("foods", "apple", "Choose at least one option."),
    ("foods", ["apple", "kiwi"], "That is not one of the options."),
    ("foods", ["apple", 1], "That is not one of the options."),
    ("foods", ["apple", "apple"], "Each option can be chosen once."),
    ("pick-two", [], "Choose at least one option."),
    ("myth", "maybe", "Choose one of the options."),
    ("confidence", 11, "Choose a whole number from 0 to 10."),
    ("confidence", -1, "Choose a whole number from 0 to 10."),
    ("confidence", 2.5, "Choose a whole number from 0 to 10."),
    ("confidence", "5", "Choose a whole number from 0 to 10."),
    ("confidence", math.nan, "Choose a whole number from 0 to 10."),
    ("change", -6, "Choose a whole number from -5 to 5."),
    ("quiet-talk", "We agreed", "This discussion has no report-back note."),
    ("talk", "  \n ", "Write the group's note before sending."),
    ("talk", 5, "The note must be text."),
    ("talk", "x" * 501, "The note is too long: please keep it to 500 characters."),
    ("feedback", "good", "Send your answer to the question, and why if you like."),
    (
        "feedback",
        {"fft": "good", "name": "Ann"},
        "Send your answer to the question, and why if you like.",
    ),
    ("feedback", {"fft": "great"}, "Choose one of the six answers."),
    ("feedback", {"why": "Nice"}, "Choose one of the six answers."),
    ("feedback", {"fft": "good", "why": 5}, "Your answer must be text."),
    (
        "feedback",
        {"fft": "good", "why": "x" * 1001},
        "Your answer is too long: please keep it to 1000 characters.",
    ),
    ("feedback", {"fft": "good", "extra": {"nope": 3}}, "That is not one of the questions."),
    ("feedback", {"fft": "good", "extra": [3]}, "That is not one of the questions."),
    ("feedback", {"fft": "good", "extra": {"helpful": 11}}, "Choose a whole number from 0 to 10."),
    ("feedback", {"fft": "good", "extra": {"helpful": -1}}, "Choose a whole number from 0 to 10."),
    ("feedback", {"fft": "good", "extra": {"pace": True}}, "Choose a whole number from 0 to 10."),
    ("feedback", {"fft": "good", "extra": {"pace": 5.0}}, "Choose a whole number from 0 to 10."),
    ("my-plan", "Walk", "The plan must be sent as its fields."),
    ("my-plan", {"nope": "x"}, "The plan has no field called nope."),
    ("my-plan", {"n" * 50: "x"}, f"The plan has no field called {'n' * 40}."),
    ("my-plan", {"goal": 3}, "Each answer must be text."),
    ("my-plan", {"goal": "x" * 301}, "Each answer is too long: please keep it to 300 characters."),
    ("my-plan", {"confidence": 11}, "Choose a whole number from 0 to 10."),
    ("my-plan", {"confidence": -1}, "Choose a whole number from 0 to 10."),
    ("my-plan", {"confidence": True}, "Choose a whole number from 0 to 10."),
    ("my-plan", {"goal_rating": "7"}, "Choose a whole number from 0 to 10."),
    ("my-plan", {"review_date": "2025/01/01"}, "Give the date as year-month-day."),
    ("my-plan", {"review_date": 20250101}, "Give the date as year-month-day."),
    ("my-plan", {"review_date": "2025-02-29"}, "That date does not exist."),
    ("my-plan", {"review_date": "0000-01-01"}, "That date does not exist."),
    ("my-plan", {"review_date": "2025-13-01"}, "That date does not exist."),
    ("my-plan", {"review_date": "2025-00-10"}, "That date does not exist."),
    ("my-plan", {"review_date": "2025-01-00"}, "That date does not exist."),
    ("my-plan", {"review_date": "2025-04-31"}, "That date does not exist."),
    ("my-plan", {"share": "yes"}, "Choose yes or no."),
    ("my-plan", {"done": None}, "Choose yes or no."),
    ("words", [], "Send at least one word."),
    ("words", "walk", "Send at least one word."),
    ("words", ["a", "b", "c", "d"], "Send at most 3 words or short phrases."),
    ("words", ["!!!"], "Each entry needs at least one letter or number."),
    ("words", [5], "Each word must be text."),
    ("words", ["x" * 21], "Each word is too long: please keep it to 20 characters."),
    ("ideas", "  ", "Write something before sending."),
    ("ideas", 5, "Your answer must be text."),
    ("ideas", "x" * 51, "Your answer is too long: please keep it to 50 characters."),
    ("notebook", {}, "Write an answer to at least one of the prompts."),
    ("notebook", "Pace it", "Write an answer to at least one of the prompts."),
    ("notebook", {"remember": " ", "ask": ""}, "Write an answer to at least one of the prompts."),
    ("notebook", {"remember": "Pace", "nope": "x"}, "That is not one of this step's prompts."),
    (
        "notebook",
        {"remember": "x" * 1001},
        "Your answer is too long: please keep it to 1000 characters.",
    ),
]


@pytest.mark.parametrize(("step_id", "value", "message"), REFUSALS)
def test_a_bad_answer_is_refused_in_its_own_words(small, room_deck, step_id, value, message):
    step = small.step_by_id(step_id) or room_deck.step_by_id(step_id)
    with pytest.raises(InvalidResponse, match=f"^{re.escape(message)}$"):
        step.activity.validate_response(step, value)


ACCEPTED = [
    # (step id, answer, as stored)
    ("confidence", 10, 10),
    ("confidence", 0, 0),
    ("confidence", 7.0, 7),
    ("change", -5, -5),
    ("foods", ["cheese", "apple"], ["apple", "cheese"]),
    ("feedback", {"fft": "good"}, {"fft": "good", "why": "", "extra": {}}),
    (
        "feedback",
        {"fft": "poor", "extra": {"helpful": 0, "pace": 10}},
        {"fft": "poor", "why": "", "extra": {"helpful": 0, "pace": 10}},
    ),
    ("my-plan", {"confidence": 0, "goal_rating": 10}, {"confidence": 0, "goal_rating": 10}),
    ("my-plan", {"confidence": None}, {"confidence": None}),
    ("my-plan", {"review_date": ""}, {"review_date": ""}),
    ("my-plan", {"review_date": None}, {"review_date": ""}),
    ("my-plan", {"review_date": "2024-02-29"}, {"review_date": "2024-02-29"}),
    ("my-plan", {"review_date": "2025-12-31"}, {"review_date": "2025-12-31"}),
    ("my-plan", {"review_date": "0001-01-01"}, {"review_date": "0001-01-01"}),
    ("my-plan", {"share": False, "done": True}, {"share": False, "done": True}),
    ("my-plan", {"goal": " Walk \x07"}, {"goal": "Walk"}),
    ("words", ["Walk\tslowly", "walk slowly!", "heat"], ["Walk slowly", "heat"]),
    ("notebook", {"ask": "Why?\n", "remember": ""}, {"remember": "", "ask": "Why?"}),
    ("talk", " We agreed \n", "We agreed"),
]


@pytest.mark.parametrize(("step_id", "value", "stored"), ACCEPTED)
def test_a_good_answer_is_stored_as_given_in_its_tidy_form(
    small, room_deck, step_id, value, stored
):
    step = small.step_by_id(step_id) or room_deck.step_by_id(step_id)
    assert step.activity.validate_response(step, value) == stored


@pytest.mark.parametrize("step_id", ["welcome", "colour", "words", "notebook", "feedback"])
def test_only_the_plan_takes_answers_from_a_plain_form(small, room_deck, step_id):
    step = small.step_by_id(step_id) or room_deck.step_by_id(step_id)
    with pytest.raises(InvalidResponse, match=r"^This step takes no answers from a form\.$"):
        step.activity.answer_from_form({"goal": "Walk"})


def test_a_plan_from_a_plain_form_has_every_field_in_the_types_it_is_checked_in(room_deck):
    plan = room_deck.step_by_id("my-plan").activity
    form = {"goal": " Walk ", "goal_rating": " 7 ", "confidence": "lots", "share": "yes"}
    answer = plan.answer_from_form(form)
    empty = {name: "" for name in answer}
    assert len(empty) == 20
    assert answer == {
        **empty,
        "goal": " Walk ",  # tidied when checked
        "goal_rating": 7,
        "confidence": "lots",  # refused when checked, in its own words
        "share": True,
        "done": False,
    }


def test_a_plan_from_a_plain_form_has_no_rating_where_none_was_given(room_deck):
    plan = room_deck.step_by_id("my-plan").activity
    answer = plan.answer_from_form({"confidence": " ", "done": "no"})
    assert (answer["goal_rating"], answer["confidence"]) == (None, None)
    assert (answer["done"], answer["share"]) == (False, False)
    assert plan.answer_from_form({"done": "yes"})["done"] is True
