"""The room's countdown: started with the step's planned minutes or given seconds, paused,
resumed, extended and stopped by the facilitator; off again on any other step; never below
zero; and `seq` moves once per real change.

Steps of the room deck (tests/unit/conftest.py): `words` (index 0) has no planned minutes,
`talk` (3) 10 minutes, `my-plan` (5) 8 minutes, `long-talk` (9) 90 minutes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.live import (
    DEFAULT_TIMER_SECONDS,
    MAX_TIMER_SECONDS,
    TIMER_OFF,
    CloseResponses,
    EndSession,
    ExtendTimer,
    GoToStep,
    HideResults,
    LiveState,
    NextStep,
    OpenResponses,
    PauseTimer,
    PreviousStep,
    Rejected,
    ResumeTimer,
    RevealResults,
    StartTimer,
    StopTimer,
    Timer,
    TimerChanged,
    decide,
)
from sessions.views import timer_view

T0 = 1_750_000_000.0  # any moment; the domain never reads a clock itself


def on(deck, step_id: str) -> LiveState:
    return decide(LiveState(), deck, GoToStep(deck.index_of(step_id), force=True)).state


def running(deck, step_id="words", seconds=300, now=T0) -> LiveState:
    return decide(on(deck, step_id), deck, StartTimer(seconds), now=now).state


def rejected(state, deck, command, now=T0) -> str:
    with pytest.raises(Rejected) as caught:
        decide(state, deck, command, now=now)
    return caught.value.code


# Starting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step_id", "seconds"),
    [("words", DEFAULT_TIMER_SECONDS), ("talk", 600), ("my-plan", 480), ("ideas", 120)],
)
def test_start_without_seconds_uses_the_steps_minutes_or_two_minutes(room_deck, step_id, seconds):
    outcome = decide(on(room_deck, step_id), room_deck, StartTimer(), now=T0)
    assert outcome.state.timer == Timer("running", ends_at=T0 + seconds)
    assert outcome.state.timer.seconds_left(T0) == seconds
    assert DEFAULT_TIMER_SECONDS == 120


def test_start_uses_fractional_minutes_in_whole_seconds(back_pain):
    quiz = next(s for s in back_pain.steps if s.minutes == 1.25)
    state = decide(LiveState(), back_pain, GoToStep(back_pain.index_of(quiz.id), force=True)).state
    assert decide(state, back_pain, StartTimer(), now=T0).state.timer.seconds_left(T0) == 75


def test_start_in_the_lobby_uses_two_minutes(room_deck):
    state = decide(LiveState(), room_deck, StartTimer(), now=T0).state
    assert state.timer == Timer("running", ends_at=T0 + 120)


@pytest.mark.parametrize("seconds", [1, 45, 600, MAX_TIMER_SECONDS])
def test_start_with_seconds_counts_down_from_them(room_deck, seconds):
    state = decide(on(room_deck, "talk"), room_deck, StartTimer(seconds), now=T0).state
    assert state.timer == Timer("running", ends_at=T0 + seconds)


@pytest.mark.parametrize("seconds", [0, -1, -600, MAX_TIMER_SECONDS + 1, 10**9])
def test_start_outside_one_second_to_an_hour_is_refused(room_deck, seconds):
    state = on(room_deck, "words")
    assert rejected(state, room_deck, StartTimer(seconds)) == "bad_request"


def test_start_again_restarts_the_countdown(room_deck):
    state = running(room_deck, seconds=300)
    state = decide(state, room_deck, StartTimer(60), now=T0 + 100).state
    assert state.timer == Timer("running", ends_at=T0 + 160)


def test_start_again_while_paused_runs_from_the_new_seconds(room_deck):
    state = decide(running(room_deck, seconds=300), room_deck, PauseTimer(), now=T0 + 10).state
    state = decide(state, room_deck, StartTimer(30), now=T0 + 20).state
    assert state.timer == Timer("running", ends_at=T0 + 50)


def test_start_without_seconds_on_a_long_step_still_starts(room_deck):
    state = decide(on(room_deck, "long-talk"), room_deck, StartTimer(), now=T0).state
    assert state.timer.status == "running"
    assert 0 < state.timer.seconds_left(T0) <= MAX_TIMER_SECONDS


# Counting down --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("elapsed", "left"), [(0, 300), (0.4, 299.6), (100, 200), (300, 0), (301, 0), (10**6, 0)]
)
def test_seconds_left_count_down_and_stop_at_zero(room_deck, elapsed, left):
    timer = running(room_deck, seconds=300).timer
    assert timer.seconds_left(T0 + elapsed) == pytest.approx(left)
    assert timer.seconds_left(T0 + elapsed) >= 0


@pytest.mark.parametrize(
    ("timer", "now", "shown"),
    [
        (TIMER_OFF, T0, {"status": "off", "seconds_left": None}),
        (Timer("running", ends_at=T0 + 60), T0, {"status": "running", "seconds_left": 60}),
        (Timer("running", ends_at=T0 + 60), T0 + 0.4, {"status": "running", "seconds_left": 60}),
        (Timer("running", ends_at=T0 + 60), T0 + 59.9, {"status": "running", "seconds_left": 0}),
        (Timer("running", ends_at=T0 + 60), T0 + 75, {"status": "running", "seconds_left": 0}),
        (Timer("paused", remaining=42.2), T0 + 999, {"status": "paused", "seconds_left": 42}),
    ],
)
def test_the_timer_is_shown_in_whole_seconds_never_below_zero(timer, now, shown):
    assert timer_view(timer, now) == shown


# Pause, resume, extend, stop ------------------------------------------------------------------


def test_pause_keeps_the_seconds_left_until_resumed(room_deck):
    state = decide(running(room_deck, seconds=300), room_deck, PauseTimer(), now=T0 + 100).state
    assert state.timer == Timer("paused", remaining=200)
    assert state.timer.seconds_left(T0 + 5000) == 200
    state = decide(state, room_deck, ResumeTimer(), now=T0 + 1000).state
    assert state.timer == Timer("running", ends_at=T0 + 1200)


def test_pause_after_the_time_is_up_pauses_at_zero(room_deck):
    state = decide(running(room_deck, seconds=60), room_deck, PauseTimer(), now=T0 + 90).state
    assert state.timer == Timer("paused", remaining=0)


@pytest.mark.parametrize(
    ("extend", "seconds", "left"), [(ExtendTimer(), 300, 260), (ExtendTimer(30), 300, 230)]
)
def test_extend_adds_sixty_seconds_by_default_to_a_running_timer(room_deck, extend, seconds, left):
    state = decide(running(room_deck, seconds=seconds), room_deck, extend, now=T0 + 100).state
    assert state.timer == Timer("running", ends_at=T0 + 100 + left)


def test_extend_adds_to_a_paused_timer_and_keeps_it_paused(room_deck):
    state = decide(running(room_deck, seconds=300), room_deck, PauseTimer(), now=T0 + 100).state
    state = decide(state, room_deck, ExtendTimer(60), now=T0 + 500).state
    assert state.timer == Timer("paused", remaining=260)


def test_extend_after_the_time_is_up_counts_from_now(room_deck):
    state = decide(running(room_deck, seconds=60), room_deck, ExtendTimer(), now=T0 + 500).state
    assert state.timer == Timer("running", ends_at=T0 + 560)


def test_extend_never_goes_past_the_longest_timer(room_deck):
    nearly = running(room_deck, seconds=MAX_TIMER_SECONDS - 100)
    state = decide(nearly, room_deck, ExtendTimer(600), now=T0).state
    assert state.timer.seconds_left(T0) == MAX_TIMER_SECONDS


@pytest.mark.parametrize("seconds", [0, -60, MAX_TIMER_SECONDS + 1])
def test_extend_by_an_impossible_amount_is_refused(room_deck, seconds):
    assert rejected(running(room_deck), room_deck, ExtendTimer(seconds)) == "bad_request"


def test_extend_when_the_timer_is_off_is_refused_as_no_timer(room_deck):
    assert rejected(on(room_deck, "words"), room_deck, ExtendTimer()) == "no_timer"
    stopped = decide(running(room_deck), room_deck, StopTimer(), now=T0).state
    assert rejected(stopped, room_deck, ExtendTimer(30)) == "no_timer"


@pytest.mark.parametrize("paused", [False, True])
def test_stop_turns_the_timer_off(room_deck, paused):
    state = running(room_deck)
    if paused:
        state = decide(state, room_deck, PauseTimer(), now=T0 + 1).state
    outcome = decide(state, room_deck, StopTimer(), now=T0 + 2)
    assert outcome.state.timer == TIMER_OFF
    assert outcome.events == (TimerChanged(TIMER_OFF),)
    assert outcome.state.timer.seconds_left(T0) is None


@pytest.mark.parametrize(
    "command", [StartTimer(), PauseTimer(), ResumeTimer(), ExtendTimer(), StopTimer()]
)
def test_no_timer_command_works_after_the_session_ended(room_deck, command):
    ended = decide(running(room_deck), room_deck, EndSession()).state
    assert ended.timer == TIMER_OFF
    assert rejected(ended, room_deck, command) == "ended"


# Other steps, other commands ------------------------------------------------------------------


@pytest.mark.parametrize(
    "command", [NextStep(), PreviousStep(), GoToStep(0), GoToStep(-1), GoToStep(10)]
)
def test_moving_to_another_step_turns_the_timer_off(room_deck, command):
    state = running(room_deck, step_id="talk")
    outcome = decide(state, room_deck, command, now=T0)
    assert outcome.state.step_index != state.step_index
    assert outcome.state.timer == TIMER_OFF
    assert outcome.state.seq == state.seq + 1


def test_going_to_the_step_already_shown_leaves_the_timer_running(room_deck):
    state = running(room_deck, step_id="talk")
    outcome = decide(state, room_deck, GoToStep(room_deck.index_of("talk")), now=T0)
    assert outcome.state == state
    assert not outcome.changed


@pytest.mark.parametrize(
    "command", [CloseResponses(), RevealResults(), OpenResponses(), HideResults()]
)
def test_opening_closing_and_revealing_leave_the_timer_alone(room_deck, command):
    state = running(room_deck, step_id="words")
    state = replace(
        state,
        open=isinstance(command, CloseResponses | RevealResults),
        revealed=isinstance(command, HideResults),
    )
    outcome = decide(state, room_deck, command, now=T0 + 50)
    assert outcome.changed
    assert outcome.state.timer == state.timer


# seq: once per change, never for a no-op ------------------------------------------------------


@pytest.mark.parametrize(
    ("setup", "command"),
    [
        ([], PauseTimer()),
        ([], ResumeTimer()),
        ([], StopTimer()),
        ([StartTimer(60)], ResumeTimer()),
        ([StartTimer(60), PauseTimer()], PauseTimer()),
    ],
    ids=["pause-off", "resume-off", "stop-off", "resume-running", "pause-paused"],
)
def test_a_timer_command_already_in_effect_changes_nothing(room_deck, setup, command):
    state = on(room_deck, "words")
    for earlier in setup:
        state = decide(state, room_deck, earlier, now=T0).state
    outcome = decide(state, room_deck, command, now=T0 + 5)
    assert outcome.state == state
    assert outcome.events == ()


@pytest.mark.parametrize(
    "steps",
    [
        [StartTimer()],
        [StartTimer(30), PauseTimer()],
        [StartTimer(30), PauseTimer(), ResumeTimer()],
        [StartTimer(30), ExtendTimer()],
        [StartTimer(30), PauseTimer(), ExtendTimer(5)],
        [StartTimer(30), StopTimer()],
        [StartTimer(30), StartTimer(40)],
    ],
)
def test_each_timer_change_moves_seq_by_one_and_says_what_the_timer_is(room_deck, steps):
    state = on(room_deck, "words")
    for i, command in enumerate(steps):
        outcome = decide(state, room_deck, command, now=T0 + i)
        assert outcome.state.seq == state.seq + 1
        assert outcome.events == (TimerChanged(outcome.state.timer),)
        assert replace(outcome.state, seq=state.seq, timer=state.timer) == state
        state = outcome.state


def test_extending_a_timer_already_at_the_limit_is_a_no_op(room_deck):
    state = running(room_deck, seconds=MAX_TIMER_SECONDS)
    outcome = decide(state, room_deck, ExtendTimer(), now=T0)
    assert outcome.state.timer == state.timer
    assert outcome.state.seq == state.seq
    assert outcome.events == ()


# Any sequence of commands ---------------------------------------------------------------------

timer_commands = st.one_of(
    st.builds(StartTimer, st.none() | st.integers(-10, MAX_TIMER_SECONDS + 10)),
    st.just(PauseTimer()),
    st.just(ResumeTimer()),
    st.builds(ExtendTimer, st.integers(-10, MAX_TIMER_SECONDS + 10)),
    st.just(StopTimer()),
    st.just(NextStep()),
    st.just(PreviousStep()),
    st.builds(GoToStep, st.integers(-1, 8), st.just(True)),
)


@settings(max_examples=300)
@given(
    start=st.sampled_from(["words", "talk", "my-plan", "feedback"]),
    sequence=st.lists(st.tuples(timer_commands, st.floats(0, 400, allow_nan=False)), max_size=40),
)
def test_any_sequence_keeps_the_timer_sane(room_deck, start, sequence):
    state, now = on(room_deck, start), T0
    for command, wait in sequence:
        now += wait
        code = None
        try:
            outcome = decide(state, room_deck, command, now=now)
        except Rejected as error:
            code = error.code
        if code is not None:
            assert code in {"bad_request", "no_timer", "at_start", "at_end"}
            continue
        new = outcome.state
        assert new.seq == state.seq + (1 if outcome.changed else 0)
        if not outcome.changed:
            assert new == state
        if new.step_index != state.step_index:
            assert new.timer == TIMER_OFF
        timer = new.timer
        assert timer.status in {"off", "running", "paused"}
        for later in (now, now + 1, now + 10_000):
            left = timer.seconds_left(later)
            assert (left is None) == (timer.status == "off")
            if left is not None:
                assert 0 <= left <= MAX_TIMER_SECONDS
                assert timer_view(timer, later)["seconds_left"] >= 0
        state = new


# Kept in the store ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "timer",
    [TIMER_OFF, Timer("running", ends_at=T0 + 90.5), Timer("paused", remaining=12.25)],
)
def test_the_timer_is_saved_and_loaded_back(store, room_session, timer):
    state = replace(LiveState(), seq=1, step_index=3, open=True, timer=timer)
    assert store.sessions.save_live(room_session["id"], state, expected_seq=0)
    assert store.sessions.load_live(room_session["id"]).timer == timer
