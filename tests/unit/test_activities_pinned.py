"""Rules of the step kinds pinned exactly: how many people results with no answers are made of
(the privacy threshold reads it), how words are counted and ordered, what the room and a
review keep of open answers, and what scrubbing leaves."""

from __future__ import annotations

import pytest

from sessions.activities import InvalidResponse, Response
from sessions.activities.text import normalise_word


def test_a_slide_refuses_any_answer_saying_it_takes_none(small):
    step = small.step_by_id("welcome")
    with pytest.raises(InvalidResponse, match=r"^This step takes no answers\.$"):
        step.activity.validate_response(step, "hello")


@pytest.mark.parametrize("step_id", ["before", "notebook", "my-plan"])
def test_results_with_nobody_counted_are_made_of_nobody(room_deck, step_id):
    step = room_deck.step_by_id(step_id)
    assert step.activity.result_size({}) == 0


def test_words_sent_as_often_are_listed_in_alphabetical_order(room_deck):
    step = room_deck.step_by_id("words")
    responses = [Response(["pacing", "walking"]), Response(["heat", "walking"])]
    words = step.activity.results(step, responses)["words"]
    assert [(w["text"], w["count"]) for w in words] == [("walking", 2), ("heat", 1), ("pacing", 1)]


def test_a_word_in_curly_quotes_is_counted_without_them():
    assert normalise_word("“Walking”") == "walking"
    assert normalise_word("‘pacing’") == "pacing"


def approved(answer_id: str, text: str) -> dict:
    return {"id": answer_id, "text": text, "status": "approved", "starred": False}


def test_the_room_is_told_how_many_open_answers_there_are(room_deck):
    step = room_deck.step_by_id("ideas")
    results = {"total": 3, "answers": [approved("a1", "Walk daily")]}
    assert step.activity.room_results(step, results)["total"] == 3


def test_a_kept_open_answer_keeps_its_text_unless_removed(room_deck):
    step = room_deck.step_by_id("ideas")
    results = {"total": 2, "answers": [approved("a1", "Walk daily"), approved("a2", "Ann K.")]}
    kept = step.activity.kept_results(step, [], results, {"a2"})
    assert [(a["text"], a["redacted"]) for a in kept["answers"]] == [
        ("Walk daily", False),
        ("", True),
    ]


def test_scrubbing_feedback_that_is_not_a_form_leaves_nothing(room_deck):
    activity = room_deck.step_by_id("feedback").activity
    assert activity.scrub("a stray comment") == ""
    assert activity.scrub({"fft": "good", "why": "Ann was kind"}) == {"fft": "good", "why": ""}
