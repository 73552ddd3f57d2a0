"""Blanking the projector: a flag of the live state, toggled like the others, cleared by a move
or the end, refused where there is no room to show, and kept by the store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sessions.live import (
    LOBBY,
    SELF_PACED,
    BlankScreen,
    EndSession,
    GoToStep,
    LiveState,
    NextStep,
    PreviousStep,
    Rejected,
    ScreenBlanked,
    decide,
)

SEEN = frozenset({"safety"})


def at(index: int, **fields) -> LiveState:
    return LiveState(seq=7, step_index=index, shown_locked=SEEN, **fields)


@pytest.mark.parametrize(
    "before", [LiveState(seq=3), at(0), at(2, open=True), at(4, revealed=True)]
)
def test_blank_sets_only_its_flag_and_bumps_seq(small, before):
    outcome = decide(before, small, BlankScreen(on=True))
    assert outcome.state == replace(before, seq=before.seq + 1, blanked=True)
    assert outcome.events == (ScreenBlanked(True),)
    shown = decide(outcome.state, small, BlankScreen(on=False))
    assert shown.state == replace(before, seq=before.seq + 2)
    assert shown.events == (ScreenBlanked(False),)


@pytest.mark.parametrize("on", [True, False])
def test_blank_already_in_effect_changes_nothing(small, on):
    before = at(2, open=True, blanked=on)
    outcome = decide(before, small, BlankScreen(on=on))
    assert outcome.state == before
    assert not outcome.changed


@pytest.mark.parametrize("command", [NextStep(), PreviousStep(), GoToStep(5), GoToStep(LOBBY)])
def test_moving_shows_the_screen_again(small, command):
    outcome = decide(at(3, blanked=True), small, command)
    assert outcome.state.blanked is False


def test_a_move_to_the_same_step_leaves_it_blank(small):
    before = at(3, blanked=True)
    assert decide(before, small, GoToStep(3)).state == before


def test_the_end_shows_the_thank_you_not_black(small):
    assert decide(at(3, blanked=True), small, EndSession()).state.blanked is False


def test_blank_is_refused_after_the_end_and_in_self_paced_sessions(small):
    with pytest.raises(Rejected) as caught:
        decide(replace(at(3), ended=True), small, BlankScreen(on=True))
    assert caught.value.code == "ended"
    with pytest.raises(Rejected) as caught:
        decide(LiveState(mode=SELF_PACED), small, BlankScreen(on=True))
    assert caught.value.code == "self_paced"


def test_the_store_keeps_the_blank_across_a_reload(store, live_session, small):
    session_id = live_session["id"]
    state = store.sessions.load_live(session_id)
    assert state.blanked is False
    blanked = decide(state, store.sessions.deck_of(session_id), BlankScreen(on=True)).state
    assert store.sessions.save_live(session_id, blanked, expected_seq=state.seq)
    assert store.sessions.load_live(session_id) == blanked
    assert store.sessions.load_live(session_id).blanked is True
