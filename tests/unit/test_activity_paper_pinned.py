"""Each kind's paper handout and paper answers pinned exactly: what is printed for each
question (its label, its boxes, how many may be ticked, the words at the ends of a scale, the
note under it) and what a paper answer becomes."""

from __future__ import annotations

from typing import Any

import pytest

from sessions.activities import KINDS, InvalidResponse
from sessions.activities.base import ONE, WRITE, OnPaper, PaperQuestion
from sessions.activities.feedback import FFT_OPTIONS, FFT_QUESTION, WHY_NOTE, WHY_PROMPT
from sessions.deck import parse_deck


def one_step(kind: str, body: str = "") -> Any:
    deck = f"title: T\nsteps:\n  - id: s\n    kind: {kind}\n    title: The step\n{body}"
    return parse_deck(deck).step_by_id("s")


FEEDBACK = KINDS["feedback"]
FEEDBACK_STEP = one_step(
    "feedback",
    "    extra:\n"
    "      - {id: pace, title: 'Was the pace right?', min_label: Too slow, max_label: Too fast}\n",
)


def test_feedback_on_paper_is_the_fft_the_why_and_each_rating_in_full():
    assert FEEDBACK.on_paper(FEEDBACK_STEP) == OnPaper(
        (
            PaperQuestion(
                "fft", FFT_QUESTION, ONE, tuple((o["id"], o["label"]) for o in FFT_OPTIONS)
            ),
            PaperQuestion("why", f"{WHY_PROMPT} {WHY_NOTE}", WRITE, lines=4),
            PaperQuestion(
                "extra-pace",
                "Was the pace right?",
                ONE,
                tuple((str(n), str(n)) for n in range(11)),
                ends=("Too slow", "Too fast"),
            ),
        ),
        note="Tick one box for each question.",
    )


def test_a_feedback_rating_prints_its_boxes_0_to_10_by_number():
    *_, pace = FEEDBACK.on_paper(FEEDBACK_STEP).questions
    assert pace.choices[0] == ("0", "0")
    assert pace.choices[-1] == ("10", "10")


def test_feedback_from_paper_keeps_the_comment_and_the_rating_as_a_number():
    answer = FEEDBACK.from_paper(FEEDBACK_STEP, {"fft": "poor", "why": "Cold", "extra-pace": "3"})
    assert answer == {"fft": "poor", "why": "Cold", "extra": {"pace": 3}}


def test_a_feedback_rating_that_is_not_a_number_is_passed_on_for_validation_to_refuse():
    answer = FEEDBACK.from_paper(FEEDBACK_STEP, {"fft": "good", "extra-pace": "lots"})
    assert answer == {"fft": "good", "why": "", "extra": {"pace": "lots"}}
    with pytest.raises(InvalidResponse, match="whole number from 0 to 10"):
        FEEDBACK.validate_response(FEEDBACK_STEP, answer)


WORDCLOUD, OPEN, REFLECT = KINDS["wordcloud"], KINDS["open"], KINDS["reflect"]


def test_a_word_cloud_on_paper_is_one_numbered_line_for_each_word_allowed():
    step = one_step("wordcloud", "    max_words: 2\n")
    assert WORDCLOUD.on_paper(step) == OnPaper(
        (
            PaperQuestion("word-1", "The step (1 of 2)", WRITE, lines=1),
            PaperQuestion("word-2", "The step (2 of 2)", WRITE, lines=1),
        ),
        note="Up to 2 words or short phrases, one a line.",
    )


def test_word_cloud_from_paper_keeps_the_written_lines_in_order_up_to_the_limit():
    step = one_step("wordcloud", "    max_words: 3\n")
    # Only the step's own lines are read: there is no word-0 or word-4 on its paper.
    written = {
        "word-0": "No",
        "word-1": "Ache",
        "word-2": "  ",
        "word-3": " Stiff ",
        "word-4": "No",
    }
    assert WORDCLOUD.from_paper(step, written) == ["Ache", " Stiff "]
    assert WORDCLOUD.from_paper(step, {"word-3": "Last"}) == ["Last"]
    assert WORDCLOUD.from_paper(step, {"word-1": " ", "word-2": ""}) is None
    assert WORDCLOUD.from_paper(step, {}) is None


@pytest.mark.parametrize(
    ("max_length", "lines"),
    [(20, 3), (239, 3), (240, 3), (320, 4), (399, 4), (400, 5), (640, 8), (1000, 8)],
)
def test_an_open_question_leaves_a_line_for_each_80_characters_from_3_to_8(max_length, lines):
    step = one_step("open", f"    max_length: {max_length}\n")
    assert OPEN.on_paper(step) == OnPaper((PaperQuestion("text", "The step", WRITE, lines=lines),))


def test_an_open_answer_from_paper_is_the_text_as_written_or_nothing_when_blank():
    step = one_step("open")
    assert OPEN.from_paper(step, {"text": " Heat helps "}) == " Heat helps "
    assert OPEN.from_paper(step, {"text": " \n "}) is None
    assert OPEN.from_paper(step, {}) is None


def test_a_reflection_on_paper_is_four_lines_for_each_prompt_kept_by_the_person():
    step = one_step(
        "reflect",
        "    prompts: [{id: one, label: One thing}, {id: two, label: Another}]\n",
    )
    assert REFLECT.on_paper(step) == OnPaper(
        (
            PaperQuestion("one", "One thing", WRITE, lines=4),
            PaperQuestion("two", "Another", WRITE, lines=4),
        ),
        collected=False,
        note="This part is yours to keep: it is not collected.",
    )


PLAN = KINDS["plan"]
RATINGS = tuple((str(n), str(n)) for n in range(11))


def test_the_plan_on_paper_has_every_field_but_the_phone_only_choices():
    questions = PLAN.on_paper(one_step("plan")).questions
    assert len(questions) == 18
    assert questions[0] == PaperQuestion("matters", "What matters to me", WRITE, lines=2)
    assert questions[2] == PaperQuestion(
        "goal_rating", "How well can I do it today? (0 = not at all, 10 = fully)", ONE, RATINGS
    )
    assert questions[-1] == PaperQuestion(
        "review_date", "When I'll look at this plan again", WRITE, lines=1
    )
    assert [q.key for q in questions if q.answer == ONE] == ["goal_rating", "confidence"]
    assert all(q.choices == RATINGS and q.lines == 0 for q in questions if q.answer == ONE)
    assert {q.lines for q in questions[:-1] if q.answer == WRITE} == {2}


def test_the_plan_on_paper_is_kept_at_home_with_the_contact_after_the_note():
    keep = "Your plan is yours to keep: take this page home. It is not collected."
    assert (PLAN.on_paper(one_step("plan")).collected, PLAN.on_paper(one_step("plan")).note) == (
        False,
        keep,
    )
    with_contact = one_step("plan", "    contact: Ring 0123 456789\n")
    assert PLAN.on_paper(with_contact).note == f"{keep} Ring 0123 456789"
