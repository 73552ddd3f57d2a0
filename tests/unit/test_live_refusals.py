"""The live rules pinned exactly: every refusal's code and the sentence people read, the
boundaries of timer lengths, and the edges of moving that the broader tests pass over."""

from __future__ import annotations

import pytest

from sessions.deck import parse_deck
from sessions.live import (
    LOBBY,
    MAX_TIMER_SECONDS,
    SELF_PACED,
    TIMER_OFF,
    EndSession,
    ExtendTimer,
    GoToStep,
    LiveState,
    NextStep,
    OpenResponses,
    PreviousStep,
    Rejected,
    RevealResults,
    StartTimer,
    Timer,
    check_answer,
    decide,
    own_pace,
)

# The small deck (tests/unit/conftest.py): 0 welcome (slide), 1 safety (locked slide),
# 2 colour (poll), ... 8 thanks (slide, the last step).
LAST = 8
SEEN = frozenset({"safety"})
T0 = 1_750_000_000.0


def at(index: int, **fields) -> LiveState:
    return LiveState(seq=7, step_index=index, shown_locked=SEEN, **fields)


def refusal(call) -> tuple[str, str]:
    with pytest.raises(Rejected) as caught:
        call()
    return caught.value.code, caught.value.message


@pytest.mark.parametrize(
    ("state", "command", "code", "message"),
    [
        (LiveState(ended=True), NextStep(), "ended", "This session has ended."),
        (
            LiveState(mode=SELF_PACED),
            NextStep(),
            "self_paced",
            "Each person moves through this session at their own pace.",
        ),
        (at(LAST), NextStep(), "at_end", "This is the last step."),
        (LiveState(), PreviousStep(), "at_start", "This is the start of the session."),
        (at(0), GoToStep(9), "unknown_step", "There is no step 10 in this deck."),
        (at(0), GoToStep(-2), "unknown_step", "There is no step -1 in this deck."),
        (at(0), OpenResponses(), "no_responses", "This step takes no answers."),
        (LiveState(), RevealResults(), "no_responses", "This step takes no answers."),
        (at(0), object(), "bad_request", "Unknown command."),
        (at(0), StartTimer(0), "bad_request", "A timer runs from 1 second to 4 hours."),
        (at(0), ExtendTimer(30), "no_timer", "Start the timer first."),
        (
            at(0, timer=Timer("running", ends_at=T0 + 60)),
            ExtendTimer(0),
            "bad_request",
            "Extend by 1 second to 4 hours.",
        ),
    ],
)
def test_each_refused_command_says_why_in_a_fixed_code_and_sentence(
    small, state, command, code, message
):
    assert refusal(lambda: decide(state, small, command, now=T0)) == (code, message)


@pytest.mark.parametrize(
    ("state", "step_id", "code", "message"),
    [
        (at(2, open=True, ended=True), "colour", "ended", "This session has ended."),
        (at(2, open=True), "nothing", "unknown_step", "There is no such question in this session."),
        (at(0, open=True), "welcome", "no_responses", "This step takes no answers."),
        (at(2, open=True), "foods", "not_current", "This question is not being asked now."),
        (at(2), "colour", "closed", "Answers for this question are closed."),
    ],
)
def test_each_refused_answer_says_why_in_a_fixed_code_and_sentence(
    small, state, step_id, code, message
):
    assert refusal(lambda: check_answer(state, small, step_id)) == (code, message)


def test_a_timer_started_without_a_moment_counts_from_the_epoch(small):
    assert decide(at(0), small, StartTimer(30)).state.timer == Timer("running", ends_at=30.0)


@pytest.mark.parametrize("seconds", [1, MAX_TIMER_SECONDS])
def test_extending_by_one_second_or_by_four_hours_is_allowed(small, seconds):
    state = at(0, timer=Timer("paused", remaining=10.0))
    timer = decide(state, small, ExtendTimer(seconds), now=T0).state.timer
    assert timer == Timer("paused", remaining=min(10.0 + seconds, MAX_TIMER_SECONDS))


@pytest.mark.parametrize("seconds", [0, MAX_TIMER_SECONDS + 1])
def test_extending_by_nothing_or_past_four_hours_is_refused(small, seconds):
    state = at(0, timer=Timer("paused", remaining=10.0))
    assert refusal(lambda: decide(state, small, ExtendTimer(seconds), now=T0))[0] == "bad_request"


def test_a_timer_that_is_off_has_no_seconds_left():
    assert TIMER_OFF.seconds_left(T0) is None
    assert Timer("off", remaining=5.0).seconds_left(T0) is None


def test_ending_hides_revealed_results(small):
    state = at(4, revealed=True)
    assert decide(state, small, EndSession()).state.revealed is False


# A deck whose first step is locked and whose last step takes answers: the edges of moving.
EDGES = parse_deck(
    """\
title: Edges
steps:
  - {id: rules, kind: slide, title: Ground rules, locked: true}
  - {id: middle, kind: slide, title: Middle}
  - id: last
    kind: poll
    title: Last question?
    options:
      - {id: agree, label: Agree}
      - {id: disagree, label: Disagree}
""",
    source="edges.yaml",
)


def test_going_to_a_locked_first_step_is_never_refused_as_skipping_it():
    outcome = decide(LiveState(), EDGES, GoToStep(0))
    assert outcome.state.step_index == 0
    assert outcome.state.shown_locked == frozenset({"rules"})


def test_going_back_to_the_lobby_takes_no_answers_and_shows_no_locked_step():
    state = LiveState(step_index=1, shown_locked=frozenset({"rules"}))
    lobby = decide(state, EDGES, GoToStep(LOBBY)).state
    assert (lobby.step_index, lobby.open) == (LOBBY, False)
    fresh = decide(LiveState(step_index=1), EDGES, GoToStep(LOBBY, force=True)).state
    assert fresh.shown_locked == frozenset()


@pytest.mark.parametrize(("ended", "answered"), [(False, False), (False, True), (True, True)])
def test_a_self_paced_view_is_open_until_the_end_and_revealed_once_answered(ended, answered):
    state = LiveState(seq=4, mode=SELF_PACED, ended=ended, revealed=not answered)
    view = own_pace(state, 2, answered=answered)
    assert (view.step_index, view.open, view.revealed) == (2, not ended, answered)
    assert (view.seq, view.mode, view.ended) == (4, SELF_PACED, ended)
