"""Points: a budget (100 unless the deck says otherwise) shared between the options in whole
points, every point given; the average points of each option, what each audience sees, the
privacy threshold, and the report, export and demo answers made from it."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions import authoring
from sessions.activities import FACILITATOR, KINDS, PARTICIPANT, SCREEN, InvalidResponse
from sessions.deck import DeckError, dump_deck, parse_deck
from sessions.views import results_for, step_view

DECK = """\
title: Recovery
steps:
  - id: share
    kind: points
    title: Share 100 points between what you want to work on
    options:
      - {id: sleep, label: Sleep}
      - {id: work, label: Work}
      - {id: exercise, label: Exercise}
      - {id: mood, label: Mood}
"""
IDS = ["sleep", "work", "exercise", "mood"]
PARSED = parse_deck(DECK).step_by_id("share")  # once: the property tests run often
SHARE_100 = "share exactly 100 between the options."


@pytest.fixture
def step():
    return parse_deck(DECK).step_by_id("share")


def refusal(step, value) -> str:
    with pytest.raises(InvalidResponse) as caught:
        step.activity.validate_response(step, value)
    return str(caught.value)


def points(*given: int) -> dict[str, int]:
    return dict(zip(IDS, given, strict=True))


# The deck's fields -----------------------------------------------------------------------------


def test_the_budget_is_100_unless_the_deck_gives_another(step):
    assert step.activity is KINDS["points"]
    assert step.fields["budget"] == 100
    other = parse_deck(DECK.replace("    options:", "    budget: 10\n    options:"))
    assert other.steps[0].fields["budget"] == 10
    assert parse_deck(dump_deck(other)) == other


@pytest.mark.parametrize("budget", ["9", "1001", "50.5", "true", "'100'"])
def test_a_budget_that_is_not_a_whole_number_from_10_to_1000_is_refused(budget):
    with pytest.raises(DeckError, match=r"steps\[0\]\.budget: must be a whole number from 10"):
        parse_deck(DECK.replace("    options:", f"    budget: {budget}\n    options:"))


def test_a_points_step_needs_two_to_eight_options():
    text = DECK.split("    options:")[0] + "    options: [{id: a, label: A}]\n"
    with pytest.raises(DeckError, match="a points step needs at least two options"):
        parse_deck(text)


def test_the_editor_reports_every_mistake_of_a_points_step_at_once():
    data = {
        "title": "x",
        "steps": [
            {"id": "p", "kind": "points", "title": "P", "options": [], "budget": 5, "size": 1}
        ],
    }
    found = {(e.where, e.problem) for e in authoring.problems(data)}
    assert ("steps[0].options", "a points step needs at least two options") in found
    assert ("steps[0].budget", "must be a whole number from 10 to 1000") in found
    assert ("steps[0].size", "is not a field a points step can have") in found


# Answers ---------------------------------------------------------------------------------------


def test_points_adding_up_to_the_budget_are_stored_for_every_option(step):
    assert step.activity.validate_response(step, {"work": 60, "sleep": 40.0}) == points(
        40, 60, 0, 0
    )
    stored = step.activity.validate_response(step, points(25, 25, 25, 25))
    assert list(stored) == IDS
    assert all(type(v) is int for v in stored.values())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (points(10, 20, 30, 30), f"Your points add up to 90: {SHARE_100}"),
        (points(50, 50, 50, 0), f"Your points add up to 150: {SHARE_100}"),
        (points(101, 0, 0, 0), "The points for 'Sleep' cannot be more than 100."),
        ({"sleep": 10**400, "work": 0}, "The points for 'Sleep' cannot be more than 100."),
        ({"sleep": 1e300, "work": 0}, "The points for 'Sleep' cannot be more than 100."),
        ({}, f"Your points add up to 0: {SHARE_100}"),
        (points(-10, 60, 50, 0), "The points for 'Sleep' cannot be below 0."),
        ({"sleep": 50.5, "work": 49.5}, "The points for 'Sleep' must be a whole number."),
        ({"sleep": True, "work": 99}, "The points for 'Sleep' must be a whole number."),
        ({"sleep": "50", "work": 50}, "The points for 'Sleep' must be a whole number."),
        ({"sleep": None, "work": 100}, "The points for 'Sleep' must be a whole number."),
        ({"sleep": float("nan"), "work": 100}, "The points for 'Sleep' must be a whole number."),
        ({"sleep": float("inf"), "work": 100}, "The points for 'Sleep' must be a whole number."),
        ({"sleep": 50, "swim": 50}, "'swim' is not one of the options."),
        ([50, 50], "Send each option's points, as option id and number."),
        (100, "Send each option's points, as option id and number."),
    ],
)
def test_points_that_do_not_add_up_or_are_not_whole_and_positive_are_refused(step, value, message):
    assert refusal(step, value) == message


@given(st.dictionaries(st.sampled_from(IDS), st.integers(min_value=-5, max_value=105)))
def test_whole_points_are_stored_exactly_when_none_is_negative_and_they_add_up(value):
    step = PARSED
    fits = all(v >= 0 for v in value.values()) and sum(value.values()) == 100
    try:
        stored = step.activity.validate_response(step, value)
    except InvalidResponse:
        assert not fits
    else:
        assert fits
        assert stored == {i: value.get(i, 0) for i in IDS}


# Results ---------------------------------------------------------------------------------------


def test_results_give_the_average_points_of_each_option(step):
    results = step.activity.aggregate(step, [points(40, 60, 0, 0), points(10, 20, 30, 40)])
    assert results == {
        "total": 2,
        "mean_points": {"sleep": 25.0, "work": 40.0, "exercise": 15.0, "mood": 20.0},
    }


def test_with_no_answers_no_option_has_an_average(step):
    assert step.activity.aggregate(step, iter([])) == {
        "total": 0,
        "mean_points": dict.fromkeys(IDS, None),
    }


shares = st.lists(st.integers(min_value=0, max_value=100), min_size=3, max_size=3).filter(
    lambda three: sum(three) <= 100
)


@given(st.lists(shares, max_size=30))
def test_average_points_match_a_recount(given_out):
    step = PARSED
    answers = [points(a, b, c, 100 - a - b - c) for a, b, c in given_out]
    results = step.activity.aggregate(step, answers)
    assert results["total"] == len(answers)
    for option_id in IDS:
        mine = [a[option_id] for a in answers]
        expected = round(sum(mine) / len(mine), 1) if mine else None
        assert results["mean_points"][option_id] == expected
    if answers:  # every answer gives out the whole budget
        assert sum(results["mean_points"].values()) == pytest.approx(100, abs=0.2)


# What each audience sees -----------------------------------------------------------------------


@pytest.mark.parametrize("audience", [FACILITATOR, SCREEN, PARTICIPANT])
def test_every_audience_sees_the_options_and_the_budget(step, audience):
    view = step_view(step, 0, audience, revealed=False)
    assert (view["kind"], view["budget"], view["takes_answers"]) == ("points", 100, True)
    assert [o["id"] for o in view["options"]] == IDS


def test_the_room_sees_points_only_once_revealed_and_enough_have_answered(step):
    two = step.activity.aggregate(step, [points(100, 0, 0, 0)] * 2)
    three = step.activity.aggregate(step, [points(100, 0, 0, 0)] * 2 + [points(0, 0, 0, 100)])
    for audience in (SCREEN, PARTICIPANT):

        def seen(results, revealed=True, audience=audience):
            return results_for(audience, step, results, seq=2, revealed=revealed, min_responses=3)

        assert seen(three, revealed=False) is None
        assert seen(two) == {
            "seq": 2,
            "step_id": "share",
            "kind": "points",
            "withheld": True,
            "total": 2,
        }
        assert seen(three)["mean_points"] == {
            "sleep": 66.7,
            "work": 0.0,
            "exercise": 0.0,
            "mood": 33.3,
        }
    console = results_for(FACILITATOR, step, two, seq=2, revealed=False, min_responses=3)
    assert (console["withheld"], console["mean_points"]["sleep"]) == (True, 100.0)


# Review ----------------------------------------------------------------------------------------


def test_the_report_lists_options_by_average_points(step):
    results = step.activity.aggregate(step, [points(10, 20, 30, 40), points(10, 40, 30, 20)])
    entry = step.activity.report_entry(step, results)
    assert entry["size"] == 2
    assert entry["budget"] == 100
    assert [(r["label"], r["mean_points"]) for r in entry["shares"]] == [
        ("Work", 30.0),
        ("Exercise", 30.0),
        ("Mood", 30.0),
        ("Sleep", 10.0),
    ]


def test_the_export_has_a_row_per_option_with_its_average_and_share(step):
    other = parse_deck(DECK.replace("    options:", "    budget: 10\n    options:")).steps[0]
    results = other.activity.aggregate(other, [points(4, 6, 0, 0)])
    sections = other.activity.report_sections([(5, other, results)], lambda item, _: dict(item))
    [(name, header, rows)] = other.activity.export_tables(sections)
    assert name == "Points"
    assert header[3:5] == ("Average points", "% of the points")
    assert rows[0] == (5, other.title, "Work", 6.0, 60.0, 10, 1)
    assert rows[1] == (5, other.title, "Sleep", 4.0, 40.0, 10, 1)


@pytest.mark.parametrize("budget", [100, 37])
def test_demo_answers_give_out_the_whole_budget_and_repeat_for_a_seed(budget):
    text = DECK.replace("    options:", f"    budget: {budget}\n    options:")
    step = parse_deck(text).steps[0]
    people = [f"p{n}" for n in range(10)]

    def made(seed):
        return list(step.activity.demo_answers(step, people, random.Random(seed), {}))

    answers = made(3)
    assert answers == made(3)
    assert len(answers) == 10
    for _, value in answers:
        assert step.activity.validate_response(step, value) == value


# Trends ----------------------------------------------------------------------------------------


def test_trends_pool_every_session_s_points_exactly(step):
    from sessions.activities import Response
    from sessions.reports.trends import build_trends

    deck = parse_deck(DECK)

    def session(sid, answers):
        responses = [Response(a) for a in answers]
        results = step.activity.aggregate(step, answers)
        return {
            "id": sid,
            "deck_id": "recovery",
            "title": "Recovery",
            "created_at": "2025-02-10T10:00:00+00:00",
            "joined": len(answers),
            "reached_end": len(answers),
            "results": {"share": step.activity.kept_results(step, responses, results, ())},
        }

    # Sleep: 33 + 0 + 0 = 33 over three people (11), where the sessions' rounded averages
    # (33.0 and 0.0) would give 16.5.
    a = session("a", [points(33, 67, 0, 0)])
    b = session("b", [points(0, 0, 50, 50), points(0, 0, 50, 50)])
    assert a["results"]["share"]["point_sums"] == points(33, 67, 0, 0)
    found = build_trends([a, b], {"a": deck, "b": deck})
    [table] = [t for t in found["kind_tables"] if t["name"] == "Points over the period"]
    assert table["rows"][0] == ("Recovery", step.title, "Exercise", 33.3, 33.3, 3, 2)
    assert ("Recovery", step.title, "Sleep", 11.0, 11.0, 3, 2) in table["rows"]
