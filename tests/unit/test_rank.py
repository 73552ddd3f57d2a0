"""Ranking: the deck's options, which orders are valid answers (each option once, every option
present), the average places and firsts, what each audience sees, the privacy threshold, and
the report, export and demo answers made from it."""

from __future__ import annotations

import random
from collections import Counter

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
  - id: matters
    kind: rank
    title: What matters most to you in your recovery?
    options:
      - {id: sleep, label: Sleeping well}
      - {id: work, label: Getting back to work}
      - {id: walk, label: Walking further}
      - {id: mood, label: Feeling less low}
"""
IDS = ["sleep", "work", "walk", "mood"]
PARSED = parse_deck(DECK).step_by_id("matters")  # once: the property tests run often


@pytest.fixture
def deck():
    return parse_deck(DECK)


@pytest.fixture
def step(deck):
    return deck.step_by_id("matters")


def refusal(step, value) -> str:
    with pytest.raises(InvalidResponse) as caught:
        step.activity.validate_response(step, value)
    return str(caught.value)


# The deck's fields -----------------------------------------------------------------------------


def test_a_ranking_keeps_its_options_in_the_deck_s_order_and_writes_back_the_same(deck, step):
    assert step.activity is KINDS["rank"]
    assert [o["id"] for o in step.fields["options"]] == IDS
    assert parse_deck(dump_deck(deck)) == deck


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        ("[{id: a, label: A}]", "a ranking needs at least two options"),
        (
            "[" + ", ".join(f"{{id: o{n}, label: O{n}}}" for n in range(9)) + "]",
            "a ranking can have at most 8 options",
        ),
        ("[{id: a, label: A}, {id: a, label: B}]", "'a' is used by an earlier option"),
        ("[{id: a, label: A}, {id: b}]", "label"),
    ],
)
def test_a_ranking_with_wrong_options_is_refused_naming_the_field(options, problem):
    text = DECK.split("    options:")[0] + f"    options: {options}\n"
    with pytest.raises(DeckError, match="steps\\[0\\]\\.options") as caught:
        parse_deck(text)
    assert problem in str(caught.value)


def test_the_editor_reports_every_mistake_of_a_ranking_at_once():
    data = {
        "title": "x",
        "steps": [{"id": "r", "kind": "rank", "title": "", "options": [{"id": "a"}], "size": 2}],
    }
    found = {(e.where, e.problem) for e in authoring.problems(data)}
    assert ("steps[0].options", "a ranking needs at least two options") in found
    assert ("steps[0].size", "is not a field a rank step can have") in found
    assert any(where == "steps[0].title" for where, _ in found)


# Answers ---------------------------------------------------------------------------------------


def test_a_whole_ranking_is_stored_in_the_person_s_order(step):
    assert step.activity.validate_response(step, ["walk", "sleep", "mood", "work"]) == [
        "walk",
        "sleep",
        "mood",
        "work",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            ["sleep", "work", "walk"],
            "Your order leaves out 'Feeling less low': put every option in it.",
        ),
        (
            ["sleep", "sleep", "work", "walk", "mood"],
            "'Sleeping well' is in your order more than once: put each option in once.",
        ),
        (["sleep", "work", "walk", "run"], "'run' is not one of the options."),
        ([], "Your order leaves out 'Sleeping well': put every option in it."),
        ("sleep", "Send the options in your order, as a list of their ids."),
        ({"sleep": 1}, "Send the options in your order, as a list of their ids."),
        (["sleep", "work", 3, "mood"], "Send the options in your order, as a list of their ids."),
        (None, "Send the options in your order, as a list of their ids."),
    ],
)
def test_a_ranking_missing_repeating_or_inventing_an_option_is_refused(step, value, message):
    assert refusal(step, value) == message


@given(st.lists(st.sampled_from([*IDS, "run"]) | st.integers() | st.none(), max_size=6))
def test_a_list_is_stored_exactly_when_it_holds_every_option_once(value):
    step = PARSED
    whole = all(isinstance(v, str) for v in value) and sorted(value) == sorted(IDS)
    try:
        stored = step.activity.validate_response(step, value)
    except InvalidResponse:
        assert not whole
    else:
        assert whole
        assert stored == value


# Results ---------------------------------------------------------------------------------------


def test_results_give_each_option_its_average_place_and_how_many_put_it_first(step):
    results = step.activity.aggregate(
        step,
        [
            ["sleep", "work", "walk", "mood"],
            ["sleep", "walk", "work", "mood"],
            ["work", "sleep", "mood", "walk"],
        ],
    )
    assert results == {
        "total": 3,
        "mean_position": {"sleep": 1.33, "work": 2.0, "walk": 3.0, "mood": 3.67},
        "first": {"sleep": 2, "work": 1, "walk": 0, "mood": 0},
    }


def test_with_no_answers_no_option_has_an_average_place(step):
    assert step.activity.aggregate(step, iter([])) == {
        "total": 0,
        "mean_position": dict.fromkeys(IDS, None),
        "first": dict.fromkeys(IDS, 0),
    }


def test_a_stored_value_that_is_not_a_whole_ranking_is_not_counted(step):
    results = step.activity.aggregate(step, [["sleep"], "sleep", ["mood", "walk", "work", "sleep"]])
    assert results["total"] == 1
    assert results["first"]["mood"] == 1


@given(st.lists(st.permutations(IDS), max_size=30))
def test_average_places_and_firsts_match_a_recount(orders):
    step = PARSED
    results = step.activity.aggregate(step, (list(o) for o in orders))
    assert results["total"] == len(orders)
    assert results["first"] == {i: Counter(o[0] for o in orders)[i] for i in IDS}
    for option_id in IDS:
        places = [list(o).index(option_id) + 1 for o in orders]
        expected = round(sum(places) / len(places), 2) if places else None
        assert results["mean_position"][option_id] == expected
    if orders:  # the places given out are 1 + 2 + 3 + 4 for each person
        assert sum(results["mean_position"].values()) == pytest.approx(10, abs=0.03)
    assert sum(results["first"].values()) == len(orders)


# What each audience sees -----------------------------------------------------------------------


@pytest.mark.parametrize("audience", [FACILITATOR, SCREEN, PARTICIPANT])
@pytest.mark.parametrize("revealed", [False, True])
def test_every_audience_sees_the_options_and_the_kind_s_flags(step, audience, revealed):
    view = step_view(step, 0, audience, revealed=revealed)
    assert view["kind"] == "rank"
    assert view["options"] == [dict(o) for o in step.fields["options"]]
    assert (view["takes_answers"], view["room_sees_results"], view["private"]) == (
        True,
        True,
        False,
    )


def seen(step, audience, results, *, revealed=True, min_responses=3):
    return results_for(
        audience, step, results, seq=4, revealed=revealed, min_responses=min_responses
    )


def test_the_room_sees_a_ranking_only_once_revealed_and_enough_have_answered(step):
    two = step.activity.aggregate(step, [IDS, IDS])
    three = step.activity.aggregate(step, [IDS, IDS, IDS[::-1]])
    for audience in (SCREEN, PARTICIPANT):
        assert seen(step, audience, three, revealed=False) is None
        assert seen(step, audience, two) == {
            "seq": 4,
            "step_id": "matters",
            "kind": "rank",
            "withheld": True,
            "total": 2,
        }
        shown = seen(step, audience, three)
        assert shown["withheld"] is False
        assert shown["mean_position"] == three["mean_position"]
        assert shown["first"] == {"sleep": 2, "work": 0, "walk": 0, "mood": 1}
    console = seen(step, FACILITATOR, two, revealed=False)
    assert (console["withheld"], console["first"]["sleep"]) == (True, 2)


# Review ----------------------------------------------------------------------------------------


def test_the_report_lists_options_by_average_place_then_firsts_then_the_deck_s_order(step):
    results = {
        "total": 4,
        "mean_position": {"sleep": 2.5, "work": 2.5, "walk": 1.5, "mood": 3.5},
        "first": {"sleep": 1, "work": 2, "walk": 1, "mood": 0},
    }
    entry = step.activity.report_entry(step, results)
    assert [r["id"] for r in entry["ranked"]] == ["walk", "work", "sleep", "mood"]
    assert [r["place"] for r in entry["ranked"]] == [1, 2, 3, 4]
    assert entry["size"] == 4
    assert entry["rows"][0] == {"label": "Walking further", "count": 1, "percent": 25.0}
    assert entry["rows"][1] == {"label": "Getting back to work", "count": 2, "percent": 50.0}


def test_the_export_has_a_row_per_option_in_its_place(step):
    results = step.activity.aggregate(step, [IDS, IDS])
    sections = step.activity.report_sections([(3, step, results)], lambda item, _: dict(item))
    [table] = step.activity.export_tables(sections)
    name, header, rows = table
    assert name == "Rankings"
    assert header == ("Step", "Title", "Place", "Option", "Average place", "Put first", "Answered")
    assert rows[0] == (3, step.title, 1, "Sleeping well", 1.0, 2, 2)
    assert rows[-1] == (3, step.title, 4, "Feeling less low", 4.0, 0, 2)


def test_demo_answers_are_valid_rankings_that_repeat_for_a_seed(step):
    people = [f"p{n}" for n in range(12)]

    def made(seed):
        return list(step.activity.demo_answers(step, people, random.Random(seed), {}))

    answers = made(7)
    assert answers == made(7)
    assert len(answers) == 12
    for _, value in answers:
        assert step.activity.validate_response(step, value) == value
    assert len({tuple(v) for _, v in answers}) > 1  # not everyone gives the same order


# Trends ----------------------------------------------------------------------------------------


def kept(step, orders):
    from sessions.activities import Response

    responses = [Response(list(o)) for o in orders]
    results = step.activity.aggregate(step, [r.value for r in responses])
    return step.activity.kept_results(step, responses, results, ())


def test_the_kept_results_add_each_option_s_places_up(step):
    assert kept(step, [IDS, IDS[::-1]])["place_sums"] == dict.fromkeys(IDS, 5)


def test_trends_pool_every_session_s_places_exactly(deck, step):
    from sessions.reports.trends import build_trends

    def session(sid, orders):
        return {
            "id": sid,
            "deck_id": "recovery",
            "title": "Recovery",
            "created_at": "2025-01-10T10:00:00+00:00",
            "joined": len(orders),
            "reached_end": len(orders),
            "results": {"matters": kept(step, orders)},
        }

    # Sleep: places 1, 1, 2 over three people (4 / 3 = 1.33), though the sessions' own
    # averages are 1.0 and 1.5 (their mean would be 1.25).
    a = session("a", [IDS])
    b = session("b", [IDS, ["work", "sleep", "walk", "mood"]])
    found = build_trends([a, b], {"a": deck, "b": deck})
    [table] = [t for t in found["kind_tables"] if t["name"] == "Rankings over the period"]
    first, second = table["rows"][:2]
    assert first == ("Recovery", step.title, 1, "Sleeping well", 1.33, 2, 3, 2)
    assert second == ("Recovery", step.title, 2, "Getting back to work", 1.67, 1, 3, 2)
    assert table["header"][4:] == ("Average place", "Put first", "Answered", "Sessions")
