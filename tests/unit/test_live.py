"""The live session's rules: what each facilitator command does from each state, when a
participant may answer, and invariants over any sequence of commands."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.deck import parse_deck
from sessions.live import (
    LOBBY,
    CloseResponses,
    EndSession,
    GoToStep,
    HideResults,
    LiveState,
    NextStep,
    OpenResponses,
    Outcome,
    PreviousStep,
    Rejected,
    ResponsesClosed,
    ResponsesOpened,
    ResultsHidden,
    ResultsRevealed,
    RevealResults,
    SafetySkipped,
    SessionEnded,
    StepChanged,
    check_answer,
    decide,
)

# The small deck (tests/unit/conftest.py): 0 welcome (slide), 1 safety (locked slide),
# 2 colour (poll), 3 foods (poll), 4 myth (quiz), 5 pick-two (quiz), 6 confidence (scale),
# 7 change (scale), 8 thanks (slide, the last step).
LAST = 8
SEEN = frozenset({"safety"})


def at(index: int, **fields) -> LiveState:
    """The room on a step, with the safety step already shown and seq 7."""
    return LiveState(seq=7, step_index=index, shown_locked=SEEN, **fields)


LOBBY_STATE = LiveState(seq=3)

ALL_COMMANDS = [
    NextStep(),
    PreviousStep(),
    GoToStep(0),
    GoToStep(3, force=True),
    OpenResponses(),
    CloseResponses(),
    RevealResults(),
    HideResults(),
    EndSession(),
]


# Moving between steps -------------------------------------------------------------------------

MOVES = [
    # (case, state before, command, index after, open after)
    ("next-from-lobby-shows-first-step", LOBBY_STATE, NextStep(), 0, False),
    ("next-onto-the-safety-slide", at(0), NextStep(), 1, False),
    ("next-onto-a-poll-opens-it", at(1), NextStep(), 2, True),
    ("next-from-open-poll-to-poll", at(2, open=True, revealed=True), NextStep(), 3, True),
    ("next-from-quiz-to-quiz", at(4, open=False, revealed=True), NextStep(), 5, True),
    ("next-onto-the-last-step", at(LAST - 1, open=True), NextStep(), LAST, False),
    ("back-from-first-step-to-lobby", at(0), PreviousStep(), LOBBY, False),
    ("back-onto-a-closed-poll-reopens-it", at(3, open=True), PreviousStep(), 2, True),
    ("back-from-revealed-poll-to-slide", at(2, open=True, revealed=True), PreviousStep(), 1, False),
    ("goto-lobby", at(5, open=True), GoToStep(LOBBY), LOBBY, False),
    ("goto-first-step-from-lobby", LOBBY_STATE, GoToStep(0), 0, False),
    ("goto-the-safety-step-itself", LOBBY_STATE, GoToStep(1), 1, False),
    ("goto-a-scale", at(0), GoToStep(6), 6, True),
    ("goto-the-last-step", at(0), GoToStep(LAST), LAST, False),
    ("goto-backwards", at(7), GoToStep(2), 2, True),
]


@pytest.mark.parametrize(
    ("before", "command", "index", "is_open"), [m[1:] for m in MOVES], ids=[m[0] for m in MOVES]
)
def test_moving_shows_the_step_opens_questions_and_hides_results(
    small, before, command, index, is_open
):
    outcome = decide(before, small, command)
    assert outcome.state.step_index == index
    assert outcome.state.open is is_open
    assert outcome.state.revealed is False
    assert outcome.state.seq == before.seq + 1
    assert outcome.events == (StepChanged(index),)


@pytest.mark.parametrize(
    ("before", "command", "code"),
    [
        (at(LAST), NextStep(), "at_end"),
        (LOBBY_STATE, PreviousStep(), "at_start"),
        (at(0), GoToStep(LAST + 1), "unknown_step"),
        (at(0), GoToStep(-2), "unknown_step"),
        (at(0), GoToStep(100, force=True), "unknown_step"),
    ],
    ids=["next-after-last", "back-from-lobby", "goto-past-end", "goto-before-lobby", "goto-far"],
)
def test_a_move_off_the_deck_is_rejected(small, before, command, code):
    with pytest.raises(Rejected) as caught:
        decide(before, small, command)
    assert caught.value.code == code
    assert caught.value.message


def test_next_on_a_one_step_deck_goes_from_lobby_to_the_step_and_stops():
    one = parse_deck("title: One\nsteps:\n  - {id: only, kind: slide, title: Only}\n")
    state = decide(LiveState(), one, NextStep()).state
    assert state.step_index == 0
    with pytest.raises(Rejected, match="last step"):
        decide(state, one, NextStep())


@pytest.mark.parametrize(
    "before", [at(4, open=True), at(4, open=False, revealed=True), LOBBY_STATE, at(0)]
)
def test_going_to_the_current_step_changes_nothing(small, before):
    outcome = decide(before, small, GoToStep(before.step_index))
    assert outcome == Outcome(before)
    assert not outcome.changed


# The safety step ------------------------------------------------------------------------------


@pytest.mark.parametrize("target", [2, 4, LAST])
def test_goto_past_an_unseen_safety_step_is_rejected(small, target):
    with pytest.raises(Rejected) as caught:
        decide(LiveState(step_index=0), small, GoToStep(target))
    assert caught.value.code == "safety_unseen"
    assert "When to get help" in caught.value.message


@pytest.mark.parametrize("target", [2, 4, LAST])
def test_goto_past_an_unseen_safety_step_is_allowed_with_force(small, target):
    outcome = decide(LiveState(step_index=0), small, GoToStep(target, force=True))
    assert outcome.state.step_index == target


def test_a_forced_goto_past_an_unseen_safety_step_says_which_step_it_skipped(small):
    outcome = decide(LOBBY_STATE, small, GoToStep(4, force=True))
    assert outcome.state.step_index == 4
    assert outcome.state.open is True
    assert outcome.events == (StepChanged(4), SafetySkipped("safety", "When to get help"))


def test_force_skips_nothing_when_the_safety_step_was_shown(small):
    state = decide(decide(LOBBY_STATE, small, GoToStep(1)).state, small, GoToStep(0)).state
    assert decide(state, small, GoToStep(4, force=True)).events == (StepChanged(4),)


def test_force_records_nothing_when_the_room_does_not_move(small):
    state = decide(LOBBY_STATE, small, GoToStep(4, force=True)).state
    assert decide(state, small, GoToStep(4, force=True)).events == ()


def test_force_records_nothing_before_the_safety_step(small):
    assert decide(LOBBY_STATE, small, GoToStep(0, force=True)).events == (StepChanged(0),)


def test_showing_the_safety_step_records_it_as_seen(small):
    outcome = decide(LiveState(step_index=0), small, NextStep())
    assert outcome.state.shown_locked == {"safety"}


def test_goto_the_safety_step_records_it_as_seen(small):
    assert decide(LiveState(), small, GoToStep(1)).state.shown_locked == {"safety"}


def test_goto_past_the_safety_step_is_allowed_once_it_was_shown(small):
    state = LiveState()
    for command in (NextStep(), NextStep(), PreviousStep(), PreviousStep()):
        state = decide(state, small, command).state
    assert state.step_index == LOBBY
    assert decide(state, small, GoToStep(6)).state.step_index == 6


def test_a_forced_jump_does_not_count_as_showing_the_safety_step(small):
    state = decide(LiveState(), small, GoToStep(4, force=True)).state
    assert "safety" not in state.shown_locked
    with pytest.raises(Rejected, match="has not been shown"):
        decide(state, small, GoToStep(6))


def test_going_back_before_an_unseen_safety_step_is_allowed(small):
    state = decide(LiveState(), small, GoToStep(4, force=True)).state
    assert decide(state, small, GoToStep(0)).state.step_index == 0


def test_the_back_pain_deck_refuses_to_skip_its_safety_slide(back_pain):
    first_question = back_pain.index_of("confidence-before")
    with pytest.raises(Rejected) as caught:
        decide(LiveState(), back_pain, GoToStep(first_question))
    assert caught.value.code == "safety_unseen"


# Opening, closing, revealing and hiding -------------------------------------------------------

TOGGLES = [
    # (case, state before, command, what changes, event)
    ("open", at(2, open=False), OpenResponses(), {"open": True}, ResponsesOpened("colour")),
    ("close", at(2, open=True), CloseResponses(), {"open": False}, ResponsesClosed("colour")),
    ("reveal", at(4, open=True), RevealResults(), {"revealed": True}, ResultsRevealed("myth")),
    (
        "hide",
        at(4, open=True, revealed=True),
        HideResults(),
        {"revealed": False},
        ResultsHidden("myth"),
    ),
    ("reveal-a-scale", at(6), RevealResults(), {"revealed": True}, ResultsRevealed("confidence")),
    (
        "reopen-after-reveal",
        at(3, revealed=True),
        OpenResponses(),
        {"open": True},
        ResponsesOpened("foods"),
    ),
]


@pytest.mark.parametrize(
    ("before", "command", "changes", "event"), [t[1:] for t in TOGGLES], ids=[t[0] for t in TOGGLES]
)
def test_a_toggle_changes_only_its_own_flag_and_bumps_seq(small, before, command, changes, event):
    outcome = decide(before, small, command)
    assert outcome.state == replace(before, seq=before.seq + 1, **changes)
    assert outcome.events == (event,)


@pytest.mark.parametrize(
    ("before", "command"),
    [
        (at(2, open=True), OpenResponses()),
        (at(2, open=False), CloseResponses()),
        (at(4, revealed=True), RevealResults()),
        (at(4, revealed=False), HideResults()),
        (at(6, open=True, revealed=True), OpenResponses()),
    ],
    ids=[
        "open-when-open",
        "close-when-closed",
        "reveal-when-revealed",
        "hide-when-hidden",
        "scale",
    ],
)
def test_a_command_already_in_effect_changes_nothing(small, before, command):
    outcome = decide(before, small, command)
    assert outcome.state is before
    assert outcome.events == ()
    assert not outcome.changed


@pytest.mark.parametrize(
    "command", [OpenResponses(), CloseResponses(), RevealResults(), HideResults()]
)
@pytest.mark.parametrize(
    "before", [LOBBY_STATE, at(0), at(1), at(LAST)], ids=["lobby", "slide", "safety", "last"]
)
def test_a_step_without_questions_cannot_be_opened_closed_or_revealed(small, before, command):
    with pytest.raises(Rejected) as caught:
        decide(before, small, command)
    assert caught.value.code == "no_responses"


# Ending ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "before",
    [LOBBY_STATE, at(2, open=True, revealed=True), at(LAST)],
    ids=["lobby", "poll", "last"],
)
def test_end_closes_the_session_for_good(small, before):
    outcome = decide(before, small, EndSession())
    assert outcome.state.ended
    assert outcome.state.open is False
    assert outcome.state.stage == "ended"
    assert outcome.state.current_step(small) is None
    assert outcome.state.seq == before.seq + 1
    assert outcome.events == (SessionEnded(),)


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=repr)
def test_every_command_after_the_end_is_rejected_as_ended(small, command):
    ended = decide(at(2, open=True), small, EndSession()).state
    with pytest.raises(Rejected) as caught:
        decide(ended, small, command)
    assert caught.value.code == "ended"


def test_an_unknown_command_is_a_bad_request(small):
    with pytest.raises(Rejected) as caught:
        decide(LOBBY_STATE, small, object())  # type: ignore[arg-type]
    assert caught.value.code == "bad_request"


# Stage and current step -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "stage", "step_id"),
    [
        (LiveState(), "lobby", None),
        (at(0), "step", "welcome"),
        (at(4), "step", "myth"),
        (at(4, ended=True), "ended", None),
        (LiveState(ended=True), "ended", None),
    ],
)
def test_the_stage_and_current_step_follow_the_state(small, state, stage, step_id):
    assert state.stage == stage
    step = state.current_step(small)
    assert (step.id if step else None) == step_id


# Answers --------------------------------------------------------------------------------------

ANSWER_REFUSALS = [
    # (case, state, step id, code)
    ("closed", at(2, open=False), "colour", "closed"),
    ("another-step", at(2, open=True), "foods", "not_current"),
    ("lobby", LiveState(open=False), "colour", "not_current"),
    ("unknown-step", at(2, open=True), "nope", "unknown_step"),
    ("a-slide", at(0), "welcome", "no_responses"),
    ("the-safety-slide", at(1), "safety", "no_responses"),
    ("ended", at(2, open=True, ended=True), "colour", "ended"),
    ("ended-unknown-step", at(2, ended=True), "nope", "ended"),
]


@pytest.mark.parametrize(
    ("state", "step_id", "code"),
    [a[1:] for a in ANSWER_REFUSALS],
    ids=[a[0] for a in ANSWER_REFUSALS],
)
def test_an_answer_is_refused_unless_its_step_is_current_and_open(small, state, step_id, code):
    with pytest.raises(Rejected) as caught:
        check_answer(state, small, step_id)
    assert caught.value.code == code


@pytest.mark.parametrize("index", [2, 3, 4, 5, 6, 7])
def test_an_answer_to_the_current_open_step_is_allowed(small, index):
    step = small.steps[index]
    assert check_answer(at(index, open=True), small, step.id) is step


def test_an_answer_is_allowed_after_reveal_while_still_open(small):
    assert check_answer(at(4, open=True, revealed=True), small, "myth").id == "myth"


# Invariants over any sequence of commands ----------------------------------------------------


def commands(step_count: int):
    """Mostly moves and toggles; `end` is rare so that sequences run on after it seldom."""
    index = st.integers(min_value=-3, max_value=step_count + 2)
    simple = [NextStep()] * 4 + [PreviousStep()] * 2 + [OpenResponses(), CloseResponses()]
    simple += [RevealResults(), HideResults()] * 2 + [EndSession()]
    return st.one_of(
        st.sampled_from(simple),
        st.builds(GoToStep, index=index, force=st.booleans()),
    )


def replay(deck, sequence):
    """Every (state before, command, outcome or the Rejected) along the way."""
    state = LiveState()
    for command in sequence:
        try:
            outcome = decide(state, deck, command)
        except Rejected as rejected:
            yield state, command, rejected
            continue
        yield state, command, outcome
        state = outcome.state


def check_invariants(deck, before, command, result, *, forced: bool) -> None:
    if isinstance(result, Rejected):
        assert result.code in {
            "at_start", "at_end", "unknown_step", "safety_unseen", "no_responses", "ended",
        }  # fmt: skip
        return
    after = result.state
    assert LOBBY <= after.step_index < len(deck.steps)
    if result.changed:
        assert after.seq == before.seq + 1
        assert after != before
    else:
        assert after == before
    step = after.current_step(deck)
    if after.open:
        assert step is not None
        assert step.takes_responses
    if after.revealed and not after.ended:
        assert step is not None
        assert step.takes_responses
    assert before.shown_locked <= after.shown_locked
    if not forced and step is not None:
        unseen = [s.id for s in deck.steps[: after.step_index] if s.locked]
        assert set(unseen) <= after.shown_locked, "the room got past a safety step unseen"


@settings(max_examples=300)
@given(sequence=st.lists(commands(20), max_size=60))
def test_any_sequence_of_commands_keeps_the_state_sound(back_pain, sequence):
    last_seq, forced = 0, False
    for before, command, result in replay(back_pain, sequence):
        forced = forced or (isinstance(command, GoToStep) and command.force)
        check_invariants(back_pain, before, command, result, forced=forced)
        state = before if isinstance(result, Rejected) else result.state
        assert state.seq >= last_seq
        last_seq = state.seq


@given(sequence=st.lists(commands(9), max_size=40))
def test_after_end_every_command_is_refused(small, sequence):
    state = decide(LiveState(), small, EndSession()).state
    for command in sequence:
        with pytest.raises(Rejected) as caught:
            decide(state, small, command)
        assert caught.value.code == "ended"
