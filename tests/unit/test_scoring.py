"""Quiz scores: a point for each right answer (no other kind scores), counted over the deck's
quizzes; the leaderboard ranks nicknames by score and carries nothing else.

The small deck (tests/unit/conftest.py) has two quizzes: `myth` (right: myth) and `pick-two`
(right: b and d)."""

from __future__ import annotations

from dataclasses import replace

from sessions.activities import KINDS
from sessions.scoring import MAX_LEADERS, leaderboard, own_score


def test_only_the_quiz_is_scored():
    assert {kind for kind, activity in KINDS.items() if activity.scored} == {"quiz"}


def test_a_point_for_each_right_answer_out_of_every_quiz_in_the_deck(small):
    assert own_score(small, {"myth": "myth", "pick-two": ["d", "b"]}) == {"right": 2, "of": 2}
    assert own_score(small, {"myth": "fact", "pick-two": ["b"]}) == {"right": 0, "of": 2}
    assert own_score(small, {"myth": "myth", "colour": "red", "confidence": 7}) == {
        "right": 1,
        "of": 2,
    }
    assert own_score(small, {}) == {"right": 0, "of": 2}


def test_a_deck_without_quizzes_scores_nothing_out_of_nothing(back_pain):
    no_quiz = [s for s in back_pain.steps if not s.activity.scored]
    assert own_score(replace(back_pain, steps=tuple(no_quiz)), {"welcome": 1}) == {
        "right": 0,
        "of": 0,
    }


def test_the_leaderboard_ranks_nicknames_by_score_then_name(small):
    people = [
        ("Blue Heron", {"myth": "myth"}),
        ("ann", {"myth": "myth", "pick-two": ["b", "d"]}),
        ("Cat", {"myth": "fact"}),
        ("Bob", {"myth": "myth"}),
        ("Quiet Otter", {"colour": "red"}),  # answered no quiz: not on the board
    ]
    assert leaderboard(small, people) == {
        "of": 2,
        "entries": [
            {"name": "ann", "right": 2},
            {"name": "Blue Heron", "right": 1},
            {"name": "Bob", "right": 1},
            {"name": "Cat", "right": 0},
        ],
    }


def test_the_leaderboard_shows_at_most_ten(small):
    people = [(f"P{n:02d}", {"myth": "myth"}) for n in range(MAX_LEADERS + 5)]
    board = leaderboard(small, people)
    assert len(board["entries"]) == MAX_LEADERS == 10
    assert [e["name"] for e in board["entries"]][:2] == ["P00", "P01"]
