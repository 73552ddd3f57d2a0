"""Peer instruction: a poll or quiz that takes a second vote once the first is closed. The
rules (when "vote again" is allowed), the results of both votes and who may see them."""

from __future__ import annotations

import pytest

from sessions.deck import DeckError, parse_deck
from sessions.live import (
    SELF_PACED,
    CloseResponses,
    GoToStep,
    LiveState,
    NextStep,
    OpenResponses,
    PreviousStep,
    Rejected,
    ResponsesOpened,
    RevealResults,
    VoteAgain,
    check_answer,
    decide,
)
from sessions.rules import makes_groups_now
from sessions.views import FACILITATOR, PARTICIPANT, SCREEN, results_for, snapshot

DECK = """\
title: Peer class
min_responses: 3
steps:
  - id: myth
    kind: quiz
    title: Bed rest is best.
    options:
      - {id: myth, label: Myth}
      - {id: fact, label: Fact}
    correct: myth
    vote_again: true
  - id: colour
    kind: poll
    title: Favourite colour?
    vote_again: true
    options:
      - {id: red, label: Red}
      - {id: blue, label: Blue}
  - id: once
    kind: quiz
    title: Asked once.
    options:
      - {id: agree, label: Agree}
      - {id: disagree, label: Disagree}
    correct: agree
"""


@pytest.fixture(scope="module")
def deck():
    return parse_deck(DECK, source="peer.yaml")


def on(index: int, **fields) -> LiveState:
    return LiveState(seq=4, step_index=index, **fields)


def test_a_closed_vote_opens_again_once_as_the_second_vote_with_results_hidden(deck):
    closed = on(0, open=False, revealed=True)
    outcome = decide(closed, deck, VoteAgain())
    assert outcome.events == (ResponsesOpened("myth"),)
    voted = frozenset({"myth"})
    assert outcome.state == LiveState(seq=5, step_index=0, open=True, voted_again=voted)
    assert outcome.state.vote_round("myth") == 2
    assert outcome.state.vote_round("colour") == 1
    check_answer(outcome.state, deck, "myth")  # phones may vote again


def test_voting_again_while_the_first_vote_is_open_is_refused(deck):
    with pytest.raises(Rejected) as refused:
        decide(on(0, open=True), deck, VoteAgain())
    assert refused.value.code == "still_open"
    assert refused.value.message == "Close the first vote before voting again."


def test_a_second_vote_is_refused_where_the_deck_allows_none(deck):
    with pytest.raises(Rejected) as refused:
        decide(on(2, open=False), deck, VoteAgain())
    assert refused.value.code == "no_second_vote"
    assert refused.value.message == "This question does not take a second vote."


def test_a_third_vote_is_refused(deck):
    second = decide(on(0), deck, VoteAgain()).state
    closed = decide(second, deck, CloseResponses()).state
    with pytest.raises(Rejected) as refused:
        decide(closed, deck, VoteAgain())
    assert refused.value.code == "no_second_vote"
    assert refused.value.message == "This question has had its second vote already."


def test_voting_again_in_the_lobby_or_in_a_self_paced_session_is_refused(deck):
    with pytest.raises(Rejected) as lobby:
        decide(LiveState(), deck, VoteAgain())
    assert lobby.value.code == "no_responses"
    with pytest.raises(Rejected) as alone:
        decide(on(0, mode=SELF_PACED), deck, VoteAgain())
    assert alone.value.code == "self_paced"


def test_another_step_is_on_its_first_vote_and_going_back_shows_the_second(deck):
    second = decide(on(0), deck, VoteAgain()).state
    moved = decide(second, deck, NextStep()).state
    assert (moved.step_index, moved.vote_round("colour")) == (1, 1)
    back = decide(moved, deck, PreviousStep()).state
    assert back.vote_round("myth") == 2
    assert (back.open, back.revealed) == (True, False)


def test_opening_the_first_vote_again_is_not_a_second_vote(deck):
    reopened = decide(on(1, open=False), deck, OpenResponses()).state
    assert reopened.vote_round("colour") == 1
    assert decide(reopened, deck, GoToStep(1)).state == reopened


@pytest.mark.parametrize(("quiz", "poll", "step"), [("twice", "true", 0), ("true", "twice", 1)])
def test_vote_again_is_a_deck_field_that_must_be_true_or_false(quiz, poll, step):
    # the first is the quiz's, the second the poll's
    text = DECK.replace("vote_again: true", f"vote_again: {quiz}", 1)
    text = text.replace("vote_again: true\n    options", f"vote_again: {poll}\n    options")
    with pytest.raises(DeckError) as bad:
        parse_deck(text, source="peer.yaml")
    assert bad.value.where == f"peer.yaml: steps[{step}].vote_again"
    assert "must be true or false" in str(bad.value)


def test_each_audience_sees_the_step_may_be_voted_on_again(deck):
    state = decide(on(0), deck, VoteAgain()).state
    for audience in (FACILITATOR, SCREEN, PARTICIPANT):
        shown = snap(deck, audience, state)
        assert shown["round"] == 2
        assert shown["step"]["vote_again"] is True
    assert snap(deck, PARTICIPANT, on(2, open=True))["round"] == 1
    assert snap(deck, PARTICIPANT, on(2, open=True))["step"]["vote_again"] is False


def snap(deck, audience, state):
    session = {
        "id": "s1",
        "code": "ABC",
        "join_url": "j",
        "screen_url": "s",
        "min_responses": 3,
    }
    return snapshot(audience, state, deck, session=session, results=None, participant_count=0)


# Results of both votes -------------------------------------------------------------------------

FIRST = {"p1": "fact", "p2": "fact", "p3": "myth", "p4": "fact", "p5": "myth"}
SECOND = {"p1": "myth", "p2": "fact", "p3": "myth", "p4": "myth", "p6": "myth"}


def test_moved_to_correct_counts_people_wrong_then_right_who_voted_both_times(deck):
    step = deck.step_by_id("myth")
    second = step.activity.second_vote(step, FIRST, SECOND)
    # p1 and p4 moved to the right answer; p3 was right both times; p6 voted only the second
    # time; p5 only the first.
    assert second == {
        "total": 5,
        "counts": {"myth": 4, "fact": 1},
        "correct_count": 4,
        "both": 4,
        "moved_to_correct": 2,
    }


def test_someone_right_then_wrong_has_not_moved_to_correct(deck):
    step = deck.step_by_id("myth")
    second = step.activity.second_vote(step, {"p1": "myth"}, {"p1": "fact"})
    assert (second["both"], second["moved_to_correct"]) == (1, 0)


def test_a_polls_second_vote_is_counted_like_its_first(deck):
    step = deck.step_by_id("colour")
    second = step.activity.second_vote(step, {"p1": "red"}, {"p1": "blue", "p2": "blue"})
    assert second == {"total": 2, "counts": {"red": 0, "blue": 2}}


def test_a_step_without_a_second_vote_has_no_second_vote_results(deck):
    step = deck.step_by_id("once")
    assert step.activity.votes_again(step) is False
    assert deck.step_by_id("myth").activity.votes_again(deck.step_by_id("myth")) is True


def both_votes(deck, first, second):
    step = deck.step_by_id("myth")
    results = step.activity.aggregate(step, first.values())
    results["second_vote"] = step.activity.second_vote(step, first, second)
    return step, results


def test_the_room_sees_both_votes_side_by_side_once_revealed(deck):
    step, results = both_votes(deck, FIRST, SECOND)
    shown = results_for(SCREEN, step, results, seq=9, revealed=True, min_responses=3)
    assert shown == {
        "seq": 9,
        "step_id": "myth",
        "kind": "quiz",
        "total": 5,
        "counts": {"myth": 2, "fact": 3},
        "correct_count": 2,
        "withheld": False,
        "second_vote": {
            "total": 5,
            "counts": {"myth": 4, "fact": 1},
            "correct_count": 4,
            "both": 4,
            "moved_to_correct": 2,
            "withheld": False,
        },
    }
    assert results_for(SCREEN, step, results, seq=9, revealed=False, min_responses=3) is None


def test_moved_to_correct_is_kept_from_the_room_when_few_voted_both_times(deck):
    step, results = both_votes(deck, FIRST, SECOND)
    shown = results_for(PARTICIPANT, step, results, seq=9, revealed=True, min_responses=5)
    assert shown["second_vote"] == {
        "total": 5,
        "counts": {"myth": 4, "fact": 1},
        "correct_count": 4,
        "both": 4,
        "withheld": False,
    }
    console = results_for(FACILITATOR, step, results, seq=9, revealed=False, min_responses=5)
    assert console["second_vote"]["moved_to_correct"] == 2


def test_each_vote_is_held_back_from_the_room_below_the_threshold_on_its_own(deck):
    first = {"p1": "fact", "p2": "myth"}
    second = {"p1": "myth", "p2": "myth", "p3": "myth"}
    step, results = both_votes(deck, first, second)
    shown = results_for(SCREEN, step, results, seq=9, revealed=True, min_responses=3)
    assert shown == {
        "seq": 9,
        "step_id": "myth",
        "kind": "quiz",
        "withheld": True,
        "total": 2,
        "second_vote": {
            "total": 3,
            "counts": {"myth": 3, "fact": 0},
            "correct_count": 3,
            "both": 2,
            "withheld": False,
        },
    }
    step, results = both_votes(deck, FIRST, {"p1": "myth"})
    shown = results_for(SCREEN, step, results, seq=9, revealed=True, min_responses=3)
    assert shown["second_vote"] == {"withheld": True, "total": 1}
    console = results_for(FACILITATOR, step, results, seq=9, revealed=True, min_responses=3)
    assert console["second_vote"]["withheld"] is True
    assert console["second_vote"]["counts"] == {"myth": 1, "fact": 0}


def test_a_revealed_second_vote_reveals_its_answer(deck):
    state = decide(decide(on(0), deck, VoteAgain()).state, deck, CloseResponses()).state
    revealed = decide(state, deck, RevealResults()).state
    assert snap(deck, PARTICIPANT, revealed)["step"]["correct"] == ["myth"]
    assert "correct" not in snap(deck, PARTICIPANT, state)["step"]


def test_an_answer_made_for_the_first_vote_is_refused_once_the_second_is_open(deck):
    from sessions.commands import Answer
    from sessions.rules import decide_answer

    second = decide(on(0), deck, VoteAgain()).state
    late = Answer("myth", "fact", "a1", round=1)
    with pytest.raises(Rejected) as refused:
        decide_answer(second, deck, late, participant_id="p1", earlier=None)
    assert refused.value.code == "closed"
    assert refused.value.message == "That vote is closed: the question is being asked again."
    for answer in (Answer("myth", "myth", "b1", round=2), Answer("myth", "myth", "b1")):
        decision = decide_answer(second, deck, answer, participant_id="p1", earlier=None)
        assert decision.value == "myth"
    with pytest.raises(Rejected) as early:
        decide_answer(on(0, open=True), deck, Answer("myth", "myth", "c1", round=2), **NOBODY)
    assert early.value.code == "closed"


NOBODY = {"participant_id": "p1", "earlier": None}


def test_the_room_talks_in_groups_on_a_question_only_while_it_votes_again(deck):
    myth, colour = deck.step_by_id("myth"), deck.step_by_id("colour")
    assert not makes_groups_now(on(0, open=True), myth)
    voting_again = on(0, open=True, voted_again=frozenset({"myth"}))
    assert makes_groups_now(voting_again, myth)
    assert not makes_groups_now(voting_again, colour)  # its own second vote has not begun
