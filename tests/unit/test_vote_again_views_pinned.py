"""What the room is shown of a second vote, pinned where mutation testing found the rules
unchecked: names never leave the console, the boundary of the moved-to-correct count, the kind
drawing the room's results for its own step, and the lobby's vote round."""

from __future__ import annotations

import pytest

from sessions.deck import parse_deck
from sessions.live import LOBBY, LiveState
from sessions.views import FACILITATOR, SCREEN, results_for
from tests.unit.test_vote_again import DECK, FIRST, SECOND, both_votes, snap


@pytest.fixture(scope="module")
def deck():
    return parse_deck(DECK, source="peer.yaml")


def test_a_second_vote_by_name_reaches_the_console_and_never_the_room(deck):
    step, results = both_votes(deck, FIRST, SECOND)
    results["second_vote"]["by_name"] = [{"name": "Ann", "value": "myth"}]
    console = results_for(FACILITATOR, step, results, seq=9, revealed=True, min_responses=3)
    assert console["second_vote"]["by_name"] == [{"name": "Ann", "value": "myth"}]
    screen = results_for(SCREEN, step, results, seq=9, revealed=True, min_responses=3)
    assert "by_name" not in screen["second_vote"]


def test_the_room_is_told_how_many_moved_once_exactly_enough_voted_both_times(deck):
    step, results = both_votes(deck, FIRST, SECOND)  # four people voted both times
    shown = results_for(SCREEN, step, results, seq=9, revealed=True, min_responses=4)
    assert shown["second_vote"]["moved_to_correct"] == 2


def test_the_room_sees_results_drawn_by_the_kind_for_its_own_step(deck, monkeypatch):
    step, results = both_votes(deck, FIRST, SECOND)
    asked_for = []
    drawn = step.activity.room_results

    def room_results(of_step, of_results):
        asked_for.append(of_step)
        return drawn(of_step, of_results)

    monkeypatch.setattr(step.activity, "room_results", room_results)
    results_for(SCREEN, step, results, seq=9, revealed=True, min_responses=3)
    assert asked_for == [step, step]  # the second vote, then the first


def test_the_lobby_is_on_the_first_vote(deck):
    assert snap(deck, SCREEN, LiveState(seq=1, step_index=LOBBY))["round"] == 1
