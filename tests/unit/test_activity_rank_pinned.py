"""A ranking's rules pinned exactly: an unknown id's wording, the room's order when the results
know fewer options than the step, the trends pooled per deck and question, and the demo answer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sessions.activities import KINDS, InvalidResponse
from sessions.deck import parse_deck
from tests.unit.test_activity_demo_pinned import ScriptedChance

RANK = KINDS["rank"]
STEP = parse_deck("""\
title: Recovery
steps:
  - id: matters
    kind: rank
    title: What matters most?
    options:
      - {id: a, label: Sleep}
      - {id: b, label: Work}
      - {id: c, label: Walk}
""").step_by_id("matters")


def whole(message: str) -> str:
    return f"^{re.escape(message)}$"


def test_an_unknown_id_is_quoted_to_forty_characters():
    with pytest.raises(InvalidResponse, match=whole(f"'{'x' * 40}' is not one of the options.")):
        RANK.validate_response(STEP, ["x" * 50, "a", "b"])


def test_an_option_the_results_do_not_know_comes_last_with_nobody_putting_it_first():
    results = {"mean_position": {"a": 2.0, "b": 1.0}, "first": {"a": 1, "b": 2}}
    assert [(r["id"], r["mean_position"], r["first"]) for r in RANK.ranked(STEP, results)] == [
        ("b", 1.0, 2),
        ("a", 2.0, 1),
        ("c", None, 0),
    ]


def test_with_no_answers_an_option_the_results_do_not_know_keeps_its_deck_place():
    results = {"mean_position": {"a": None, "b": None}, "first": {"a": 0, "b": 0}}
    assert [(r["place"], r["id"], r["first"]) for r in RANK.ranked(STEP, results)] == [
        (1, "a", 0),
        (2, "b", 0),
        (3, "c", 0),
    ]


def session(deck_id: str, title: str) -> dict[str, Any]:
    return {"deck_id": deck_id, "title": title}


def test_trends_are_pooled_per_deck_and_question_with_their_header():
    (table,) = RANK.trend_tables(
        [
            (
                session("d1", "Monday"),
                STEP,
                {"total": 2, "place_sums": {"a": 2, "b": 4, "c": 6}, "first": {"a": 2}},
            ),
            (
                session("d2", "Tuesday"),
                STEP,
                {"total": 1, "place_sums": {"a": 3, "b": 1, "c": 2}, "first": {"b": 1}},
            ),
        ]
    )
    name, header, rows = table
    assert name == "Rankings over the period"
    assert header == (
        "Deck",
        "Question",
        "Place",
        "Option",
        "Average place",
        "Put first",
        "Answered",
        "Sessions",
    )
    assert rows == [
        ("Monday", "What matters most?", 1, "Sleep", 1.0, 2, 2, 1),
        ("Monday", "What matters most?", 2, "Work", 2.0, 0, 2, 1),
        ("Monday", "What matters most?", 3, "Walk", 3.0, 0, 2, 1),
        ("Tuesday", "What matters most?", 1, "Work", 1.0, 1, 1, 1),
        ("Tuesday", "What matters most?", 2, "Walk", 2.0, 0, 1, 1),
        ("Tuesday", "What matters most?", 3, "Sleep", 3.0, 0, 1, 1),
    ]


def test_a_trend_with_no_answers_has_no_average_and_an_unplaced_option_counts_nothing():
    (table,) = RANK.trend_tables(
        [(session("d1", "Monday"), STEP, {"total": 0, "place_sums": {"a": 0}, "first": {"a": 0}})]
    )
    assert table[2] == [
        ("Monday", "What matters most?", 1, "Sleep", None, 0, 0, 1),
        ("Monday", "What matters most?", 2, "Work", None, 0, 0, 1),
        ("Monday", "What matters most?", 3, "Walk", None, 0, 0, 1),
    ]
    (table,) = RANK.trend_tables(
        [
            (
                session("d1", "Monday"),
                STEP,
                {"total": 1, "place_sums": {"a": 2, "b": 1}, "first": {"b": 1}},
            )
        ]
    )
    assert [(row[3], row[4], row[5]) for row in table[2]] == [
        ("Walk", 0.0, 0),
        ("Work", 1.0, 1),
        ("Sleep", 2.0, 0),
    ]


def test_a_demo_ranking_is_the_deck_order_shuffled_by_a_gauss_of_spread_one_point_two():
    rng = ScriptedChance(gausses=[0.0, -1.5, 0.0])
    assert RANK.demo_answer(STEP, 0, rng, {}) == ["b", "a", "c"]
    assert rng.calls == [("gauss", 0, 1.2)] * 3
