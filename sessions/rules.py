"""The rules for what participants and facilitators ask besides moving the room: answers,
questions, self-paced moves, moderation and groups. Pure: the caller reads the state, passes
the clock in, stores what is decided and publishes the events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sessions.activities import InvalidResponse
from sessions.activities.base import clean_text
from sessions.commands import (
    Answer,
    Event,
    OwnViewChanged,
    ProgressChanged,
    QuestionsChanged,
    ResultsChanged,
    TextWritten,
)
from sessions.deck import Deck, Step
from sessions.live import SELF_PACED, LiveState, Rejected, check_answer
from sessions.words import N_

MAX_QUESTION = 280


@dataclass(frozen=True)
class StoredAnswer:
    """What is already stored under a participant's answer id."""

    step_id: str
    value: Any


@dataclass(frozen=True)
class AnswerDecision:
    """An answer to store (or, when `duplicate`, one stored before: acknowledge it again)."""

    step: Step
    value: Any
    duplicate: bool
    events: tuple[Event, ...] = ()


def is_past_closing(closes_at: str | None, now: str) -> bool:
    """Whether a self-paced session's closing time (UTC ISO-8601, as `now`) has come."""
    return closes_at is not None and closes_at <= now


def decide_answer(
    state: LiveState,
    deck: Deck,
    answer: Answer,
    *,
    participant_id: str,
    earlier: StoredAnswer | None,
) -> AnswerDecision:
    """Check an answer's value against its step's kind, then against the session's state. The
    same answer id sent again is acknowledged again whatever the state (a phone retrying after
    a lost acknowledgement must not be told its stored answer is refused); with another
    answer it is a conflict. `state` is the participant's own view in a self-paced session."""
    step = deck.step_by_id(answer.step_id)
    if step is None:
        raise Rejected("unknown_step", N_("There is no such question in this session."))
    try:
        value = step.activity.validate_response(step, answer.value)
    except InvalidResponse as exc:
        code = "invalid_value" if step.takes_responses else "no_responses"
        raise Rejected(code, exc.words) from None
    if earlier is not None:
        if (earlier.step_id, earlier.value) != (step.id, value):
            raise Rejected(
                "conflict", N_("This answer id was already used for a different answer.")
            )
        return AnswerDecision(step, value, duplicate=True)
    check_answer(state, deck, step.id)
    if answer.round is not None and answer.round != state.vote_round(step.id):
        raise Rejected("closed", N_("That vote is closed: the question is being asked again."))
    events: list[Event] = [ResultsChanged()]
    texts = tuple(step.activity.free_text(step, value))
    if texts:
        events.append(TextWritten(participant_id, step.title, texts))
    if state.mode == SELF_PACED:
        events += [ProgressChanged(), OwnViewChanged(participant_id)]
    return AnswerDecision(step, value, duplicate=False, events=tuple(events))


def accept_question(state: LiveState, text: Any) -> str:
    """An anonymous question's text as stored; refused when empty, too long or after the end."""
    try:
        cleaned = clean_text(text, limit=MAX_QUESTION, what="Your question")
    except InvalidResponse as exc:
        raise Rejected("invalid_value", exc.words) from None
    if not cleaned:
        raise Rejected("invalid_value", N_("Write your question before sending."))
    if state.ended:
        raise Rejected("ended", N_("This session has ended."))
    return cleaned


def question_events(participant_id: str, text: str) -> tuple[Event, ...]:
    return (QuestionsChanged(), TextWritten(participant_id, "a question", (text,)))


def move_own_pace(state: LiveState, deck: Deck, position: int, by: int) -> int:
    """A self-paced participant's next or previous position; refused at either end, after the
    session closes, and in a room the facilitator moves."""
    if state.mode != SELF_PACED:
        raise Rejected("not_self_paced", N_("The physio moves the class on."))
    if state.ended:
        raise Rejected("ended", N_("This session has closed."))
    target = position + by
    if target < 0:
        raise Rejected("at_start", N_("This is the first step."))
    if target >= len(deck.steps):
        raise Rejected("at_end", N_("This is the last step."))
    return target


def moderated_step(deck: Deck, step_id: str) -> Step:
    """The step whose answers the facilitator approves, hides or stars."""
    step = deck.step_by_id(step_id)
    if step is None or not step.activity.moderated:
        raise Rejected("unknown_step", N_("Only open questions and word clouds are moderated."))
    return step


def makes_groups_now(state: LiveState, step: Step) -> bool:
    """A discussion step, or a question on its second vote (the room talks it over)."""
    return step.activity.makes_groups or state.vote_round(step.id) == 2


def step_to_regroup(state: LiveState, deck: Deck) -> Step:
    """Groups are made, and made again, only on the discussion step the room is on (or the
    question it is voting on again)."""
    step = state.current_step(deck)
    if step is None or not makes_groups_now(state, step):
        raise Rejected("no_groups", N_("Groups are made on a discussion step or a second vote."))
    return step


def step_with_results(deck: Deck, step_id: str) -> Step:
    step = deck.step_by_id(step_id)
    if step is None or not step.takes_responses:
        raise Rejected("unknown_step", N_("There is no such question in this session."))
    return step
