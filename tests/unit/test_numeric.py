"""Numeric steps: a number in a range with the decimals the step allows. Their deck fields and
the editor's checks, which answers are refused and why, how answers add up (mean, median,
quartiles, bins), what each audience sees, and their part of the report and export."""

from __future__ import annotations

import json
import math
import statistics
from dataclasses import replace
from types import MappingProxyType

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions import authoring
from sessions.activities import FACILITATOR, PARTICIPANT, SCREEN, InvalidResponse
from sessions.activities.numeric import bins_for, quantile
from sessions.deck import DeckError, dump_deck, parse_deck
from sessions.reports.report import build_report
from sessions.reports.tables import session_tables
from sessions.views import results_for, step_view

DECK = """\
title: Moving more
min_responses: 3
steps:
  - id: walk
    kind: numeric
    title: How many minutes can you walk today?
    min: 0
    max: 120
    unit: minutes
  - id: weight
    kind: numeric
    title: How heavy is your shopping bag?
    min: 0.5
    max: 20
    decimals: 1
    unit: kg
"""


@pytest.fixture(scope="module")
def deck():
    return parse_deck(DECK)


def step_with(deck, **fields):
    """The walking step with some fields changed, as a deck would parse them."""
    step = deck.step_by_id("walk")
    return replace(step, fields=MappingProxyType({**step.fields, **fields}))


def validate(step, value):
    return step.activity.validate_response(step, value)


def refusal(step, value) -> str:
    with pytest.raises(InvalidResponse) as caught:
        validate(step, value)
    return str(caught.value)


# Deck fields ------------------------------------------------------------------------------


def test_fields_are_parsed_with_their_defaults_and_written_back(deck):
    assert deck.step_by_id("walk").fields == {
        "min": 0,
        "max": 120,
        "unit": "minutes",
        "decimals": 0,
    }
    assert deck.step_by_id("weight").fields == {
        "min": 0.5,
        "max": 20,
        "unit": "kg",
        "decimals": 1,
    }
    assert parse_deck(dump_deck(deck)) == deck


WALK = {
    "id": "walk",
    "kind": "numeric",
    "title": "How many minutes can you walk today?",
    "min": 0,
    "max": 120,
    "unit": "minutes",
}


def walk_deck(**changes):
    """A deck of the walking step alone, with fields changed (None leaves one out)."""
    step = {k: v for k, v in {**WALK, **changes}.items() if v is not None}
    return parse_deck(yaml.safe_dump({"title": "Moving more", "steps": [step]}))


@pytest.mark.parametrize(
    ("changes", "where", "problem"),
    [
        ({"min": 120}, "max", "must be more than min"),
        ({"max": -3}, "max", "must be more than min"),
        ({"max": math.inf}, "max", "must be a number from -1,000,000,000 to 1,000,000,000"),
        ({"max": math.nan}, "max", "must be a number from"),
        ({"max": 2_000_000_000}, "max", "must be a number from"),
        ({"min": -2_000_000_000}, "min", "must be a number from"),
        ({"max": "120"}, "max", "must be a number from"),
        ({"max": True}, "max", "must be a number from"),
        ({"min": None}, "min", "is required"),
        ({"max": None}, "max", "is required"),
        ({"max": 120.5}, "max", "has more decimals than decimals (0)"),
        ({"min": 0.25, "decimals": 1}, "min", "has more decimals than decimals (1)"),
        ({"decimals": 4}, "decimals", "must be a whole number from 0 to 3"),
        ({"decimals": -1}, "decimals", "must be a whole number from 0 to 3"),
        ({"decimals": 1.5}, "decimals", "must be a whole number from 0 to 3"),
        ({"decimals": True}, "decimals", "must be a whole number from 0 to 3"),
        ({"unit": "m" * 31}, "unit", "is too long (at most 30 characters)"),
        ({"colour": "red"}, "colour", "is not a field a numeric step can have"),
    ],
)
def test_a_wrong_field_names_itself(changes, where, problem):
    with pytest.raises(DeckError) as caught:
        walk_deck(**changes)
    assert f"steps[0].{where}: {problem}" in str(caught.value)


def test_a_range_may_be_negative_or_have_the_decimals_allowed():
    assert walk_deck(min=-10, max=-2.5, decimals=1).steps[0].fields["max"] == -2.5
    assert walk_deck(min=1.0, max=3.0).steps[0].fields == {
        **walk_deck().steps[0].fields,
        "min": 1,
        "max": 3,
    }


def test_the_editor_reports_every_mistake_at_once():
    step = {"id": "n", "kind": "numeric", "title": "N", "min": "lots", "decimals": 5}
    step.update(max=5, unit="m" * 31)
    found = {(e.where, e.problem) for e in authoring.problems({"title": "x", "steps": [step]})}
    assert found == {
        ("steps[0].min", "must be a number from -1,000,000,000 to 1,000,000,000"),
        ("steps[0].decimals", "must be a whole number from 0 to 3"),
        ("steps[0].unit", "is too long (at most 30 characters)"),
    }


def test_the_editor_checks_the_range_against_the_decimals():
    def problems(**fields):
        step = {"id": "n", "kind": "numeric", "title": "N", **fields}
        return {(e.where, e.problem) for e in authoring.problems({"title": "x", "steps": [step]})}

    assert problems(min=0.25, max=5, decimals=1) == {
        ("steps[0].min", "has more decimals than decimals (1)")
    }
    assert problems(min=0.25, max=5, decimals=2) == set()
    assert problems(min=10, max=5) == {("steps[0].max", "must be more than min")}


# Answers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [(0, 0), (45, 45), (120, 120), (45.0, 45), (1e2, 100)],
)
def test_a_whole_number_in_range_is_stored_as_a_whole_number(deck, value, stored):
    kept = validate(deck.step_by_id("walk"), value)
    assert kept == stored
    assert type(kept) is int


@pytest.mark.parametrize(("value", "stored"), [(0.5, 0.5), (7.5, 7.5), (20, 20), (3.0, 3)])
def test_a_number_with_the_decimals_allowed_is_kept(deck, value, stored):
    assert validate(deck.step_by_id("weight"), value) == stored


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "That is out of range. Type a number from 0 to 120 minutes."),
        (121, "That is out of range. Type a number from 0 to 120 minutes."),
        (10**400, "That is not a number we can use. Type one from 0 to 120 minutes."),
        (float("nan"), "That is not a number we can use. Type one from 0 to 120 minutes."),
        (float("inf"), "That is not a number we can use. Type one from 0 to 120 minutes."),
        (float("-inf"), "That is not a number we can use. Type one from 0 to 120 minutes."),
        (45.5, "Type a whole number, without a decimal point."),
        (True, "Type a number from 0 to 120 minutes."),
        (False, "Type a number from 0 to 120 minutes."),
        ("45", "Type a number from 0 to 120 minutes."),
        ("NaN", "Type a number from 0 to 120 minutes."),
        ("Infinity", "Type a number from 0 to 120 minutes."),
        (None, "Type a number from 0 to 120 minutes."),
        ([45], "Type a number from 0 to 120 minutes."),
        ({"value": 45}, "Type a number from 0 to 120 minutes."),
    ],
)
def test_a_bad_number_is_refused_with_what_is_wrong(deck, value, message):
    assert refusal(deck.step_by_id("walk"), value) == message


def test_json_from_a_hostile_client_cannot_carry_a_number_that_is_not_finite(deck):
    step = deck.step_by_id("walk")
    for text in ("NaN", "Infinity", "-Infinity", "1e999", "-1e999"):
        assert "not a number we can use" in refusal(step, json.loads(text))


def test_too_many_decimals_says_how_many_are_allowed(deck):
    weight = deck.step_by_id("weight")
    assert refusal(weight, 7.25) == "Use at most 1 decimal place."
    assert refusal(weight, 0.4) == "That is out of range. Type a number from 0.5 to 20.0 kg."
    assert refusal(step_with(deck, decimals=2), 7.125) == "Use at most 2 decimal places."


def test_a_step_without_a_unit_says_only_its_range(deck):
    assert refusal(step_with(deck, unit=""), 500) == (
        "That is out of range. Type a number from 0 to 120."
    )


# Results ----------------------------------------------------------------------------------


def test_results_have_count_mean_median_quartiles_and_bins(deck):
    step = deck.step_by_id("walk")
    results = step.activity.aggregate(step, [5, 10, 20, 30, 45, 60, 120])
    assert results["count"] == 7
    assert results["mean"] == 41.4
    assert results["median"] == 30
    assert results["quartiles"] == [15.0, 30, 52.5]
    assert [(b["label"], b["count"]) for b in results["bins"]] == [
        ("0–19", 2),
        ("20–39", 2),
        ("40–59", 1),
        ("60–79", 1),
        ("80–99", 0),
        ("100–120", 1),
    ]


def test_with_no_answers_there_are_no_figures_but_every_bin(deck):
    step = deck.step_by_id("walk")
    results = step.activity.aggregate(step, [])
    assert (results["count"], results["mean"], results["median"]) == (0, None, None)
    assert results["quartiles"] is None
    assert len(results["bins"]) == 6
    assert all(b["count"] == 0 for b in results["bins"])


def test_one_answer_is_its_own_median_and_quartiles(deck):
    step = deck.step_by_id("walk")
    results = step.activity.aggregate(step, [25])
    assert results["quartiles"] == [25, 25, 25]
    assert results["mean"] == 25


def test_figures_keep_one_decimal_more_than_the_answers(deck):
    weight = deck.step_by_id("weight")
    results = weight.activity.aggregate(weight, [1.5, 2.5, 2.5, 3.5])
    assert results["mean"] == 2.5
    assert results["quartiles"] == [2.25, 2.5, 2.75]
    ones = deck.step_by_id("walk")
    assert ones.activity.aggregate(ones, [1, 2])["mean"] == 1.5
    assert ones.activity.aggregate(ones, [1, 1, 2])["mean"] == 1.3


def test_values_that_do_not_fit_the_step_are_left_out_of_the_count(deck):
    step = deck.step_by_id("walk")
    results = step.activity.aggregate(step, [10, "10", True, None, 999, float("nan"), 20])
    assert (results["count"], results["mean"]) == (2, 15.0)


@pytest.mark.parametrize(
    ("low", "high", "decimals", "labels"),
    [
        (0, 10, 0, [str(n) for n in range(11)]),
        (0, 100, 0, [*(f"{n}–{n + 9}" for n in range(0, 80, 10)), "80–89", "90–100"]),
        (1, 5, 0, ["1", "2", "3", "4", "5"]),
        (-5, 5, 0, [str(n) for n in range(-5, 6)]),
        (3, 47, 0, ["3–4", *(f"{n}–{n + 4}" for n in range(5, 45, 5)), "45–47"]),
        (0, 300, 0, ["0–49", "50–99", "100–149", "150–199", "200–249", "250–300"]),
        (0, 1, 1, [f"0.{n}" for n in range(10)] + ["1.0"]),
        (35.5, 42.5, 1, ["35.5–35.9", *(f"{n}.0–{n}.9" for n in range(36, 42)), "42.0–42.5"]),
        (
            0,
            10000,
            0,
            [f"{n:,}–{n + 999:,}" for n in range(0, 8000, 1000)] + ["8,000–8,999", "9,000–10,000"],
        ),
    ],
)
def test_bins_are_round_and_come_from_the_range_alone(deck, low, high, decimals, labels):
    step = step_with(deck, min=low, max=high, decimals=decimals)
    made = bins_for(step)
    assert [b["label"] for b in made] == labels
    assert (made[0]["from"], made[-1]["to"]) == (low, high)
    assert len(made) <= 12


@given(
    st.integers(-1000, 1000),
    st.integers(1, 100_000),
    st.integers(0, 3),
)
def test_the_bins_cover_the_range_once_in_order(low, span, decimals):
    step = replace(
        parse_deck(DECK).step_by_id("walk"),
        fields=MappingProxyType(
            {"min": low, "max": low + span / 10**decimals, "unit": "", "decimals": decimals}
        ),
    )
    unit = 10**decimals
    made = bins_for(step)
    assert 1 <= len(made) <= 12
    assert round(made[0]["from"] * unit) == low * unit
    assert round(made[-1]["to"] * unit) == round(step.fields["max"] * unit)
    for before, after in zip(made, made[1:], strict=False):
        assert round(after["from"] * unit) == round(before["to"] * unit) + 1


answers = st.lists(
    st.integers(0, 1200).map(lambda n: n / 10),  # 0.0 to 120.0, one decimal
    max_size=40,
)


@given(answers)
def test_a_recount_gives_the_same_figures_as_counting_by_hand(values):
    step = replace(
        parse_deck(DECK).step_by_id("walk"),
        fields=MappingProxyType({"min": 0, "max": 120, "unit": "", "decimals": 1}),
    )
    stored = [validate(step, v) for v in values]
    results = step.activity.aggregate(step, stored)
    assert results["count"] == len(values)
    assert sum(b["count"] for b in results["bins"]) == len(values)
    for b in results["bins"]:
        assert b["count"] == sum(1 for v in values if b["from"] <= v <= b["to"])
    if not values:
        assert (results["mean"], results["quartiles"]) == (None, None)
        return
    assert results["mean"] == pytest.approx(statistics.fmean(values), abs=0.051)
    assert results["median"] == pytest.approx(statistics.median(values), abs=0.051)
    if len(values) > 1:
        lower, middle, upper = statistics.quantiles(values, n=4, method="inclusive")
        assert results["quartiles"] == [
            pytest.approx(lower, abs=0.051),
            pytest.approx(middle, abs=0.051),
            pytest.approx(upper, abs=0.051),
        ]
    first, _, last = results["quartiles"]
    assert min(values) <= first <= results["median"] <= last <= max(values)
    # The answers arrive in any order; the figures do not depend on it.
    assert step.activity.aggregate(step, list(reversed(stored))) == results


def test_quantiles_interpolate_between_the_two_nearest():
    assert quantile([1, 2, 3, 4], 0.25) == 1.75
    assert quantile([1, 2, 3, 4], 0.5) == 2.5
    assert quantile([1, 2, 3, 4], 0.75) == 3.25
    assert quantile([7], 0.75) == 7


# What each audience sees ----------------------------------------------------------------------


@pytest.mark.parametrize("audience", [FACILITATOR, SCREEN, PARTICIPANT])
def test_every_audience_gets_the_range_unit_and_decimals(deck, audience):
    view = step_view(deck.step_by_id("weight"), 1, audience, revealed=False)
    assert {k: view[k] for k in ("min", "max", "unit", "decimals")} == {
        "min": 0.5,
        "max": 20,
        "unit": "kg",
        "decimals": 1,
    }
    assert view["kind"] == "numeric"
    assert (view["takes_answers"], view["room_sees_results"], view["private"]) == (
        True,
        True,
        False,
    )


def room_view(deck, values, *, audience=SCREEN, revealed=True):
    step = deck.step_by_id("walk")
    results = step.activity.aggregate(step, values)
    return results_for(audience, step, results, seq=4, revealed=revealed, min_responses=3)


@pytest.mark.parametrize("audience", [SCREEN, PARTICIPANT])
def test_the_room_sees_no_figure_below_the_threshold(deck, audience):
    shown = room_view(deck, [10, 90], audience=audience)
    assert shown == {"seq": 4, "step_id": "walk", "kind": "numeric", "withheld": True, "count": 2}


@pytest.mark.parametrize("audience", [SCREEN, PARTICIPANT])
def test_the_room_sees_every_figure_once_enough_answered_and_revealed(deck, audience):
    assert room_view(deck, [10, 20, 90], audience=audience, revealed=False) is None
    shown = room_view(deck, [10, 20, 90], audience=audience)
    assert shown["withheld"] is False
    assert (shown["count"], shown["median"], shown["quartiles"]) == (3, 20, [15.0, 20, 55.0])
    assert sum(b["count"] for b in shown["bins"]) == 3


def test_the_facilitator_sees_the_figures_before_the_threshold(deck):
    shown = room_view(deck, [10, 90], audience=FACILITATOR, revealed=False)
    assert (shown["withheld"], shown["count"], shown["median"]) == (True, 2, 50.0)


def test_a_one_to_one_console_may_see_answers_by_name(deck):
    assert deck.step_by_id("walk").activity.answers_by_name is True


# Report, export, demo ---------------------------------------------------------------------


def finished_report(deck, results):
    row = {
        "id": "s1",
        "title": deck.title,
        "deck_id": "moving",
        "facilitator_id": "u1",
        "created_at": "2026-11-02T10:00:00+00:00",
        "ended_at": "2026-11-02T11:00:00+00:00",
    }
    summary = {
        "joined": 4,
        "reached_end": 4,
        "fft_positive": None,
        "fft_negative": None,
        "purged_at": None,
        "attendance": [{"step_id": "walk", "count": 4, "source": "connected"}],
        "questions": [],
    }
    return build_report(row, deck, summary, results, [], facilitator="sam")


def test_the_report_has_the_bins_as_rows_and_the_figures(deck):
    step = deck.step_by_id("walk")
    report = finished_report(deck, {"walk": step.activity.aggregate(step, [5, 10, 30, 100])})
    [entry] = report["steps"]
    assert (entry["kind"], entry["size"], entry["mean"], entry["median"]) == (
        "numeric",
        4,
        36.2,
        20.0,
    )
    assert (entry["lower_quartile"], entry["upper_quartile"], entry["unit"]) == (
        8.8,
        47.5,
        "minutes",
    )
    assert entry["rows"][0] == {"label": "0–19", "count": 2, "percent": 50.0}
    assert entry["rows"][-1] == {"label": "100–120", "count": 1, "percent": 25.0}
    assert report["numeric"] == [
        {
            "number": 1,
            "title": step.title,
            "unit": "minutes",
            "size": 4,
            "mean": 36.2,
            "median": 20.0,
            "lower_quartile": 8.8,
            "upper_quartile": 47.5,
        }
    ]


def test_the_export_has_a_table_of_numbers_and_the_bins_in_results(deck):
    step = deck.step_by_id("walk")
    report = finished_report(deck, {"walk": step.activity.aggregate(step, [5, 10, 30, 100])})
    tables = {t.name: t.cells() for t in session_tables(report)}
    assert tables["Numbers"] == [
        [
            "Step",
            "Question",
            "Unit",
            "Answered",
            "Mean",
            "Lower quartile",
            "Median",
            "Upper quartile",
        ],
        [1, step.title, "minutes", 4, 36.2, 8.8, 20.0, 47.5],
    ]
    assert [1, step.title, "numeric", "0–19", 2, 50.0, 4] in tables["Results"]


def test_a_session_without_answers_has_empty_figures_in_the_export(deck):
    step = deck.step_by_id("walk")
    report = finished_report(deck, {"walk": step.activity.aggregate(step, [])})
    numbers = {t.name: t.cells() for t in session_tables(report)}["Numbers"]
    assert numbers[1] == [1, step.title, "minutes", 0, "", "", "", ""]


def test_demo_answers_are_valid_and_spread_over_the_range(deck):
    import random

    rng = random.Random(7)
    for step in deck.steps:
        made = [
            v for _, v in step.activity.demo_answers(step, [str(n) for n in range(200)], rng, {})
        ]
        assert 150 < len(made) < 200  # a few leave it
        assert [validate(step, v) for v in made] == made
        assert len(set(made)) > 10
        assert not any(isinstance(v, float) and math.isnan(v) for v in made)
