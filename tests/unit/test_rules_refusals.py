"""The participant and moderation rules pinned exactly: every refusal's code and the sentence
people read, the first step a self-paced move may reach, and what a repeated answer returns."""

from __future__ import annotations

import pytest

from sessions import rules
from sessions.activities import InvalidResponse
from sessions.commands import Answer
from sessions.live import SELF_PACED, LiveState, Rejected
from sessions.rules import MAX_QUESTION, StoredAnswer, decide_answer

COLOUR = 2  # the small deck's single-choice poll
SELF = LiveState(mode=SELF_PACED)


def refusal(call) -> tuple[str, str]:
    with pytest.raises(Rejected) as caught:
        call()
    return caught.value.code, caught.value.message


def answer(deck, step_id, value, *, earlier=None, state=None):
    state = state or LiveState(step_index=COLOUR, open=True)
    return decide_answer(
        state, deck, Answer(step_id, value, "a1"), participant_id="p", earlier=earlier
    )


def test_an_answer_to_no_step_says_there_is_no_such_question(small):
    assert refusal(lambda: answer(small, "nothing", "red")) == (
        "unknown_step",
        "There is no such question in this session.",
    )


def test_a_value_the_kind_refuses_is_refused_with_the_kinds_own_reason(small):
    step = small.step_by_id("colour")
    with pytest.raises(InvalidResponse) as kind_says:
        step.activity.validate_response(step, "purple")
    assert refusal(lambda: answer(small, "colour", "purple")) == (
        "invalid_value",
        str(kind_says.value),
    )


def test_another_answer_under_a_used_id_says_it_was_used(small):
    earlier = StoredAnswer("colour", "green")
    assert refusal(lambda: answer(small, "colour", "red", earlier=earlier)) == (
        "conflict",
        "This answer id was already used for a different answer.",
    )


def test_a_repeated_answer_returns_the_step_and_the_stored_value(small):
    decision = answer(small, "colour", "red", earlier=StoredAnswer("colour", "red"))
    assert (decision.step, decision.value, decision.duplicate) == (
        small.step_by_id("colour"),
        "red",
        True,
    )
    assert decision.events == ()


@pytest.mark.parametrize(
    ("state", "text", "code", "message"),
    [
        (LiveState(), 7, "invalid_value", "Your question must be text."),
        (
            LiveState(),
            "x" * (MAX_QUESTION + 1),
            "invalid_value",
            f"Your question is too long: please keep it to {MAX_QUESTION} characters.",
        ),
        (LiveState(), "  \n ", "invalid_value", "Write your question before sending."),
        (LiveState(ended=True), "Why?", "ended", "This session has ended."),
    ],
)
def test_each_refused_question_says_why_in_a_fixed_code_and_sentence(state, text, code, message):
    assert refusal(lambda: rules.accept_question(state, text)) == (code, message)


@pytest.mark.parametrize(
    ("state", "position", "by", "code", "message"),
    [
        (LiveState(), 1, +1, "not_self_paced", "The physio moves the class on."),
        (LiveState(mode=SELF_PACED, ended=True), 1, +1, "ended", "This session has closed."),
        (SELF, 0, -1, "at_start", "This is the first step."),
        (SELF, 8, +1, "at_end", "This is the last step."),
    ],
)
def test_each_refused_self_paced_move_says_why(small, state, position, by, code, message):
    assert refusal(lambda: rules.move_own_pace(state, small, position, by)) == (code, message)


def test_a_self_paced_move_back_may_reach_the_first_step(small):
    assert rules.move_own_pace(SELF, small, 1, -1) == 0


def test_a_step_that_is_not_moderated_says_which_kinds_are(room_deck):
    assert refusal(lambda: rules.moderated_step(room_deck, "talk")) == (
        "unknown_step",
        "Only open questions and word clouds are moderated.",
    )


def test_regrouping_off_a_discussion_says_where_groups_are_made(room_deck):
    assert refusal(lambda: rules.step_to_regroup(LiveState(), room_deck)) == (
        "no_groups",
        "Groups are made on a discussion step or a second vote.",
    )


@pytest.mark.parametrize("step_id", ["welcome", "nothing"])
def test_results_of_a_step_without_answers_say_there_is_no_such_question(small, step_id):
    assert refusal(lambda: rules.step_with_results(small, step_id)) == (
        "unknown_step",
        "There is no such question in this session.",
    )
