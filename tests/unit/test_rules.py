"""The rules for answers, questions, self-paced moves, moderation and groups, without a server:
what each request may do, and the events it causes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sessions import rules
from sessions.commands import (
    Answer,
    OwnViewChanged,
    ProgressChanged,
    QuestionsChanged,
    ResultsChanged,
    TextWritten,
)
from sessions.live import SELF_PACED, LiveState, Rejected
from sessions.rules import StoredAnswer, decide_answer

COLOUR = 2  # the small deck's single-choice poll


def on(index: int, **changes) -> LiveState:
    return replace(LiveState(step_index=index, open=True), **changes)


def decide(state, deck, step_id="colour", value="red", *, earlier=None):
    return decide_answer(
        state, deck, Answer(step_id, value, "a1"), participant_id="p", earlier=earlier
    )


def refused(*args, **kwargs) -> str:
    with pytest.raises(Rejected) as caught:
        decide(*args, **kwargs)
    assert caught.value.message
    return caught.value.code


def test_an_answer_to_the_open_step_is_accepted_and_changes_the_results(small):
    decision = decide(on(COLOUR), small)
    assert (decision.step.id, decision.value, decision.duplicate) == ("colour", "red", False)
    assert decision.events == (ResultsChanged(),)


@pytest.mark.parametrize(
    ("state", "step_id", "value", "code"),
    [
        (on(COLOUR), "nope", "red", "unknown_step"),
        (on(COLOUR), "colour", "purple", "invalid_value"),
        (on(COLOUR), "colour", None, "invalid_value"),
        (on(0), "welcome", 1, "no_responses"),
        (on(COLOUR), "foods", ["apple"], "not_current"),
        (on(COLOUR, open=False), "colour", "red", "closed"),
        (on(COLOUR, ended=True), "colour", "red", "ended"),
    ],
)
def test_an_answer_that_cannot_be_taken_says_why(small, state, step_id, value, code):
    assert refused(state, small, step_id, value) == code


def test_the_same_answer_again_is_a_duplicate_even_once_closed(small):
    closed = on(COLOUR, open=False)
    decision = decide(closed, small, earlier=StoredAnswer("colour", "red"))
    assert decision.duplicate is True
    assert decision.events == ()


@pytest.mark.parametrize("earlier", [StoredAnswer("colour", "blue"), StoredAnswer("foods", "red")])
def test_another_answer_under_the_same_id_is_a_conflict(small, earlier):
    assert refused(on(COLOUR), small, earlier=earlier) == "conflict"


def test_a_bad_value_is_refused_before_the_id_is_compared(small):
    assert refused(on(COLOUR), small, value="purple", earlier=StoredAnswer("colour", "red")) == (
        "invalid_value"
    )


def test_free_text_is_looked_at_for_red_flags(room_deck):
    ideas = room_deck.index_of("ideas")
    decision = decide(on(ideas), room_deck, "ideas", " numb legs ")
    assert decision.events == (ResultsChanged(), TextWritten("p", "What helps?", ("numb legs",)))


def test_a_self_paced_answer_moves_the_progress_and_the_own_view(small):
    decision = decide(on(COLOUR, mode=SELF_PACED), small)
    assert decision.events == (ResultsChanged(), ProgressChanged(), OwnViewChanged("p"))


def test_a_question_is_trimmed_and_tells_every_audience():
    assert rules.accept_question(LiveState(), "  Is it safe?  ") == "Is it safe?"
    assert rules.question_events("p", "Is it safe?") == (
        QuestionsChanged(),
        TextWritten("p", "a question", ("Is it safe?",)),
    )


@pytest.mark.parametrize(
    ("state", "text", "code"),
    [
        (LiveState(), None, "invalid_value"),
        (LiveState(), 5, "invalid_value"),
        (LiveState(), "   ", "invalid_value"),
        (LiveState(), "x" * (rules.MAX_QUESTION + 1), "invalid_value"),
        (LiveState(ended=True), "Is it safe?", "ended"),
    ],
)
def test_a_question_that_cannot_be_taken_says_why(state, text, code):
    with pytest.raises(Rejected) as caught:
        rules.accept_question(state, text)
    assert caught.value.code == code


def test_a_self_paced_move_goes_one_step_either_way(small):
    state = LiveState(mode=SELF_PACED)
    assert rules.move_own_pace(state, small, 3, +1) == 4
    assert rules.move_own_pace(state, small, 3, -1) == 2


@pytest.mark.parametrize(
    ("state", "position", "by", "code"),
    [
        (LiveState(), 0, +1, "not_self_paced"),
        (LiveState(mode=SELF_PACED, ended=True), 0, +1, "ended"),
        (LiveState(mode=SELF_PACED), 0, -1, "at_start"),
        (LiveState(mode=SELF_PACED), 8, +1, "at_end"),
    ],
)
def test_a_self_paced_move_that_cannot_be_made_says_why(small, state, position, by, code):
    with pytest.raises(Rejected) as caught:
        rules.move_own_pace(state, small, position, by)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("step_id", "moderated"), [("words", True), ("ideas", True), ("talk", False), ("nope", False)]
)
def test_only_open_questions_and_word_clouds_are_moderated(room_deck, step_id, moderated):
    if moderated:
        assert rules.moderated_step(room_deck, step_id).id == step_id
    else:
        with pytest.raises(Rejected, match="moderated"):
            rules.moderated_step(room_deck, step_id)


def test_groups_are_made_again_only_on_a_discussion_step(room_deck):
    talk = room_deck.index_of("talk")
    assert rules.step_to_regroup(on(talk), room_deck).id == "talk"
    for state in (LiveState(), on(room_deck.index_of("ideas")), on(talk, ended=True)):
        with pytest.raises(Rejected) as caught:
            rules.step_to_regroup(state, room_deck)
        assert caught.value.code == "no_groups"


def test_results_are_shown_only_for_steps_that_take_answers(small):
    assert rules.step_with_results(small, "colour").id == "colour"
    for step_id in ("welcome", "nope"):
        with pytest.raises(Rejected, match="no such question"):
            rules.step_with_results(small, step_id)


@pytest.mark.parametrize(
    ("closes_at", "past"),
    [(None, False), ("2026-03-01T10:00:01+00:00", False), ("2026-03-01T10:00:00+00:00", True)],
)
def test_a_session_is_past_closing_from_its_closing_time(closes_at, past):
    assert rules.is_past_closing(closes_at, "2026-03-01T10:00:00+00:00") is past
