"""A points step's rules pinned exactly: an unknown id's wording, the sums over answers, the
shares when results know fewer options than the step, the export and trend tables, and the demo
answer."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sessions.activities import KINDS, InvalidResponse
from sessions.deck import parse_deck
from tests.unit.test_activity_demo_pinned import ScriptedChance

POINTS = KINDS["points"]
STEP = parse_deck("""\
title: Recovery
steps:
  - id: spend
    kind: points
    title: Where would you put your effort?
    options:
      - {id: a, label: Sleep}
      - {id: b, label: Work}
      - {id: c, label: Walk}
""").step_by_id("spend")


def whole(message: str) -> str:
    return f"^{re.escape(message)}$"


def test_an_unknown_id_is_quoted_to_forty_characters():
    with pytest.raises(InvalidResponse, match=whole(f"'{'x' * 40}' is not one of the options.")):
        POINTS.validate_response(STEP, {"x" * 50: 100})


def test_the_whole_budget_may_go_to_one_option():
    assert POINTS.validate_response(STEP, {"b": 100}) == {"a": 0, "b": 100, "c": 0}


def test_the_sums_skip_what_is_not_an_answer_and_count_an_option_left_out_as_none():
    assert POINTS.point_sums(STEP, ["junk", {"a": 60, "b": 40}, None, {"c": 100}]) == (
        2,
        {"a": 60, "b": 40, "c": 100},
    )


def test_with_no_answers_there_are_no_shares():
    results = {"total": 0, "mean_points": {"a": None, "b": None, "c": None}}
    assert [(r["label"], r["mean_points"], r["share"]) for r in POINTS.shares(STEP, results)] == [
        ("Sleep", None, None),
        ("Work", None, None),
        ("Walk", None, None),
    ]


def test_an_option_the_results_do_not_know_has_no_share_and_comes_after_any_points():
    results = {"total": 2, "mean_points": {"a": 0.5, "c": 99.5}}
    assert [(r["label"], r["mean_points"], r["share"]) for r in POINTS.shares(STEP, results)] == [
        ("Walk", 99.5, 99.5),
        ("Sleep", 0.5, 0.5),
        ("Work", None, 0.0),
    ]


def test_the_export_table_has_its_header():
    ((name, header, rows),) = POINTS.export_tables({"points_shared": []})
    assert (name, rows) == ("Points", [])
    assert header == (
        "Step",
        "Title",
        "Option",
        "Average points",
        "% of the points",
        "Points each",
        "Answered",
    )


def session(deck_id: str, title: str) -> dict[str, Any]:
    return {"deck_id": deck_id, "title": title}


def test_trends_are_pooled_per_deck_and_question_with_their_header():
    (table,) = POINTS.trend_tables(
        [
            (
                session("d1", "Monday"),
                STEP,
                {"total": 2, "point_sums": {"a": 120, "b": 80, "c": 0}},
            ),
            (
                session("d2", "Tuesday"),
                STEP,
                {"total": 1, "point_sums": {"a": 0, "b": 0, "c": 100}},
            ),
        ]
    )
    name, header, rows = table
    assert name == "Points over the period"
    assert header == (
        "Deck",
        "Question",
        "Option",
        "Average points",
        "% of the points",
        "Answered",
        "Sessions",
    )
    title = "Where would you put your effort?"
    assert rows == [
        ("Monday", title, "Sleep", 60.0, 60.0, 2, 1),
        ("Monday", title, "Work", 40.0, 40.0, 2, 1),
        ("Monday", title, "Walk", 0.0, 0.0, 2, 1),
        ("Tuesday", title, "Walk", 100.0, 100.0, 1, 1),
        ("Tuesday", title, "Sleep", 0.0, 0.0, 1, 1),
        ("Tuesday", title, "Work", 0.0, 0.0, 1, 1),
    ]


def test_a_trend_with_no_answers_has_no_average_and_an_option_given_nothing_has_none():
    (table,) = POINTS.trend_tables(
        [(session("d1", "Monday"), STEP, {"total": 0, "point_sums": {"a": 0}})]
    )
    assert [(row[2], row[3], row[4]) for row in table[2]] == [
        ("Sleep", None, None),
        ("Work", None, None),
        ("Walk", None, None),
    ]
    (table,) = POINTS.trend_tables(
        [(session("d1", "Monday"), STEP, {"total": 1, "point_sums": {"a": 30, "b": 70}})]
    )
    assert [(row[2], row[3], row[4]) for row in table[2]] == [
        ("Work", 70.0, 70.0),
        ("Sleep", 30.0, 30.0),
        ("Walk", 0.0, 0.0),
    ]


def test_a_demo_answer_shares_the_budget_in_fives_by_weights_leaning_to_the_first_options():
    rng = ScriptedChance(gausses=[2.0, 2.0, -2.0])
    # weights 2, 2 and at least 0.1: fives 9, 9, 0; what rounding left goes to the first option
    assert POINTS.demo_answer(STEP, 0, rng, {}) == {"a": 55, "b": 45, "c": 0}
    assert rng.calls == [("gauss", 3, 1.5), ("gauss", 2, 1.5), ("gauss", 1, 1.5)]
