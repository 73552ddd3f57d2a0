"""A number step's rules pinned exactly: the largest range, the size of results without a
count, the demo answer's draws, and the histogram's bin widths and joined last bin."""

from __future__ import annotations

from typing import Any

from sessions.activities import KINDS
from sessions.activities.numeric import LIMIT, bin_width, bins_for
from sessions.deck import parse_deck
from tests.unit.test_activity_demo_pinned import ScriptedChance

NUMERIC = KINDS["numeric"]


def numeric_step(**fields: Any) -> Any:
    lines = "\n".join(f"    {key}: {value}" for key, value in fields.items())
    deck = f"title: T\nsteps:\n  - id: n\n    kind: numeric\n    title: How far?\n{lines}\n"
    return parse_deck(deck).step_by_id("n")


def test_the_range_may_reach_the_limit_either_way():
    step = numeric_step(min=-LIMIT, max=LIMIT)
    assert (step.fields["min"], step.fields["max"]) == (-LIMIT, LIMIT)


def test_results_without_a_count_are_of_nobody():
    assert NUMERIC.result_size({}) == 0
    assert NUMERIC.result_size({"count": 3}) == 3


def test_one_demo_answer_in_ten_is_left_out_and_the_rest_lean_to_a_third_of_the_range():
    step = numeric_step(min=10, max=70, decimals=1)
    assert NUMERIC.demo_answer(step, 0, ScriptedChance(randoms=[0.0999]), {}) is None
    rng = ScriptedChance(randoms=[0.1], gausses=[31.26])
    assert NUMERIC.demo_answer(step, 0, rng, {}) == 31.3
    assert rng.calls == [("random",), ("gauss", 10 + 60 * 0.3, 60 / 6)]


def test_bins_widen_by_one_two_and_five_times_powers_of_ten():
    assert [bin_width(units) for units in (11, 12, 22, 23, 1001, 5500, 5501)] == [
        1,
        2,
        2,
        5,
        100,
        500,
        1000,
    ]


def test_the_width_counts_every_value_of_the_range_both_ends_included():
    # 0 to 110 is 111 values: 10 wide would need 12 bins and one for a rounded start
    assert [b["label"] for b in bins_for(numeric_step(min=0, max=110))] == [
        "0–19",
        "20–39",
        "40–59",
        "60–79",
        "80–99",
        "100–110",
    ]


def test_a_last_bin_of_the_maximum_alone_is_joined_to_the_one_before_even_two_wide():
    assert [b["label"] for b in bins_for(numeric_step(min=0, max=12))] == [
        "0–1",
        "2–3",
        "4–5",
        "6–7",
        "8–9",
        "10–12",
    ]
