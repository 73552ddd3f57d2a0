"""Discussion groups (split, the smallest group for a late joiner, cards dealt round) and
before/after measures (the deck rules linking two scales, and the change between them)."""

from __future__ import annotations

import random
from collections import Counter

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions.deck import DeckError, parse_deck
from sessions.groups import cards_for, smallest, split
from sessions.measures import change


def people(n: int) -> list[str]:
    return [f"p{i}" for i in range(n)]


def sizes(groups) -> list[int]:
    return sorted(len(g) for g in groups)


# split ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "size", "expected"),
    [
        (0, 3, []),
        (1, 3, [1]),
        (2, 3, [2]),
        (3, 3, [3]),
        (4, 3, [4]),
        (5, 3, [5]),
        (6, 3, [3, 3]),
        (7, 3, [3, 4]),
        (8, 3, [4, 4]),
        (9, 3, [3, 3, 3]),
        (10, 3, [3, 3, 4]),
        (11, 3, [3, 4, 4]),
        (3, 2, [3]),
        (5, 2, [2, 3]),
        (12, 6, [6, 6]),
        (13, 6, [6, 7]),
    ],
)
def test_split_makes_groups_of_about_the_size_with_leftovers_joining_others(n, size, expected):
    assert sizes(split(people(n), size, random.Random(1))) == expected


def test_seven_people_in_threes_are_three_and_four_never_a_group_of_one():
    groups = split(people(7), 3, random.Random(0))
    assert sizes(groups) == [3, 4]


@given(
    n=st.integers(0, 60),
    size=st.integers(2, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_split_puts_everyone_in_exactly_one_group_and_nobody_alone(n, size, seed):
    room = people(n)
    groups = split(room, size, random.Random(seed))
    assert sorted(p for g in groups for p in g) == sorted(room)
    assert all(groups)
    if n > 1:
        assert min(len(g) for g in groups) >= 2
    if n >= size:
        assert min(len(g) for g in groups) >= size
        assert len(groups) == n // size
    if groups:
        assert max(len(g) for g in groups) - min(len(g) for g in groups) <= 1
    assert room == people(n)  # the caller's list is left as it was


def test_split_with_the_same_seed_gives_the_same_groups():
    room = people(11)
    assert split(room, 3, random.Random(42)) == split(room, 3, random.Random(42))


def test_split_shuffles():
    room = people(9)
    seen = {tuple(map(tuple, split(room, 3, random.Random(seed)))) for seed in range(20)}
    assert len(seen) > 1


def test_split_takes_any_sequence_of_ids():
    assert sizes(split(("a", "b", "c", "d"), 2, random.Random(3))) == [2, 2]


# smallest -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "index"),
    [
        ([["a"]], 0),
        ([["a", "b"], ["c"]], 1),
        ([["a"], ["b", "c"]], 0),
        ([["a", "b"], ["c", "d"], ["e", "f"]], 0),
        ([["a", "b", "c"], ["d", "e"], ["f", "g"]], 1),
        ([["a", "b", "c"], ["d", "e", "f"], ["g", "h"]], 2),
        ([["a", "b"], []], 1),
    ],
)
def test_a_late_joiner_goes_to_the_smallest_group_earliest_first(groups, index):
    assert smallest(groups) == index


@given(st.lists(st.integers(1, 6), min_size=1, max_size=10))
def test_the_smallest_group_is_never_larger_than_another(lengths):
    groups = [["x"] * n for n in lengths]
    chosen = smallest(groups)
    assert lengths[chosen] == min(lengths)
    assert chosen == lengths.index(min(lengths))


# cards_for ------------------------------------------------------------------------------------

CARDS = [{"id": "c0", "text": "Zero"}, {"id": "c1", "text": "One"}, {"id": "c2", "text": "Two"}]


@pytest.mark.parametrize(
    ("group_index", "per_group", "ids"),
    [
        (0, 1, ["c0"]),
        (1, 1, ["c1"]),
        (2, 1, ["c2"]),
        (3, 1, ["c0"]),
        (7, 1, ["c1"]),
        (0, 2, ["c0", "c1"]),
        (1, 2, ["c2", "c0"]),
        (2, 2, ["c1", "c2"]),
        (3, 2, ["c0", "c1"]),
        (0, 3, ["c0", "c1", "c2"]),
        (1, 3, ["c0", "c1", "c2"]),
        (0, 5, ["c0", "c1", "c2"]),
    ],
)
def test_cards_are_dealt_round_the_deck(group_index, per_group, ids):
    assert [c["id"] for c in cards_for(group_index, CARDS, per_group)] == ids


def test_with_no_cards_a_group_gets_none():
    assert cards_for(0, [], 2) == []


def test_neighbouring_groups_get_different_cards_while_there_are_enough():
    first, second = cards_for(0, CARDS, 1), cards_for(1, CARDS, 1)
    assert first != second


def test_dealt_cards_are_copies():
    dealt = cards_for(0, CARDS, 1)
    dealt[0]["text"] = "Changed"
    assert CARDS[0]["text"] == "Zero"


@given(group_index=st.integers(0, 50), per_group=st.integers(1, 3), n=st.integers(1, 30))
def test_a_group_always_gets_distinct_cards_from_the_deck(group_index, per_group, n):
    cards = [{"id": f"c{i}", "text": f"Card {i}"} for i in range(n)]
    dealt = cards_for(group_index, cards, per_group)
    assert len(dealt) == min(per_group, n)
    assert len({c["id"] for c in dealt}) == len(dealt)
    assert all(c in cards for c in dealt)


# measures.change ------------------------------------------------------------------------------


def test_change_compares_pairs_and_averages_everyone():
    before = {"ann": 3, "bob": 5, "cat": 7, "dan": 2}
    after = {"ann": 6, "bob": 5, "cat": 4, "eve": 9}
    assert change(before, after) == {
        "before_mean": 4.2,  # 17 / 4 = 4.25, everyone who answered before
        "after_mean": 6.0,  # 24 / 4, everyone who answered after
        "before_count": 4,
        "after_count": 4,
        "paired": 3,
        "up": 1,
        "down": 1,
        "same": 1,
    }


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ({}, {}, (None, None, 0, 0, 0, 0, 0, 0)),
        ({"a": 4}, {}, (4.0, None, 1, 0, 0, 0, 0, 0)),
        ({}, {"a": 4}, (None, 4.0, 0, 1, 0, 0, 0, 0)),
        ({"a": 4}, {"b": 8}, (4.0, 8.0, 1, 1, 0, 0, 0, 0)),
        ({"a": 4, "b": 4}, {"a": 5, "b": 5}, (4.0, 5.0, 2, 2, 2, 2, 0, 0)),
        ({"a": 0, "b": 10}, {"a": 0, "b": 9}, (5.0, 4.5, 2, 2, 2, 0, 1, 1)),
        ({"a": 1, "b": 1, "c": 2}, {"a": 1}, (1.3, 1.0, 3, 1, 1, 0, 0, 1)),
    ],
)
def test_change_counts_only_people_who_answered_both(before, after, expected):
    keys = (
        "before_mean",
        "after_mean",
        "before_count",
        "after_count",
        "paired",
        "up",
        "down",
        "same",
    )
    assert change(before, after) == dict(zip(keys, expected, strict=True))


@given(
    before=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 10)),
    after=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 10)),
)
def test_up_down_and_same_add_up_to_the_pairs(before, after):
    result = change(before, after)
    both = set(before) & set(after)
    assert result["paired"] == len(both)
    assert result["up"] + result["down"] + result["same"] == len(both)
    assert result["up"] == sum(1 for p in both if after[p] > before[p])
    assert result["before_count"] == len(before)
    if before:
        assert result["before_mean"] == round(sum(before.values()) / len(before), 1)
    # only counts and means leave, never who moved which way
    assert set(result) == {
        "before_mean",
        "after_mean",
        "before_count",
        "after_count",
        "paired",
        "up",
        "down",
        "same",
    }


# Deck rules for measures ----------------------------------------------------------------------


def scale(step_id, measure=None, **fields) -> dict:
    step = {"id": step_id, "kind": "scale", "title": f"{step_id}?", **fields}
    if measure is not None:
        step["measure"] = measure
    return step


def parse(*steps):
    return parse_deck(yaml.safe_dump({"title": "T", "steps": list(steps)}), source="t.yaml")


def test_the_bundled_deck_measures_confidence_before_and_after(back_pain):
    linked = [
        s.id for s in back_pain.steps if s.kind == "scale" and s.fields["measure"] == "confidence"
    ]
    assert linked == ["confidence-before", "confidence-after"]


def test_two_scales_may_share_a_measure_and_others_may_have_their_own(room_deck):
    deck = parse(scale("a", "pain"), scale("b", "confidence"), scale("c", "pain"), scale("d"))
    assert Counter(s.fields["measure"] for s in deck.steps) == {"pain": 2, "confidence": 1, None: 1}
    assert [s.fields["measure"] for s in room_deck.steps if s.kind == "scale"] == [
        "confidence",
        "confidence",
    ]


@pytest.mark.parametrize(
    ("steps", "where", "problem"),
    [
        (
            [scale("a", "pain"), scale("b", "pain"), scale("c", "pain")],
            "steps[2].measure",
            "'pain' is already used by two steps",
        ),
        (
            [scale("x"), scale("a", "pain"), scale("b", "pain"), scale("c", "pain")],
            "steps[3].measure",
            "'pain' is already used by two steps",
        ),
        (
            [scale("a", "pain"), scale("b", "pain", max=5)],
            "steps[1].measure",
            "needs the same min and max as its first step",
        ),
        (
            [scale("a", "pain", min=-5, max=5), scale("b", "pain")],
            "steps[1].measure",
            "needs the same min and max as its first step",
        ),
        (
            [scale("a", "Pain Score")],
            "steps[0].measure",
            "needs a short name of lowercase letters, hyphens",
        ),
        ([scale("a", 5)], "steps[0].measure", "needs a short name of lowercase letters, hyphens"),
        (
            [scale("a", ["pain"])],
            "steps[0].measure",
            "needs a short name of lowercase letters, hyphens",
        ),
        (
            [
                {
                    "id": "p",
                    "kind": "poll",
                    "title": "P?",
                    "measure": "pain",
                    "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}],
                }
            ],
            "steps[0].measure",
            "is not a field a poll step can have",
        ),
    ],
    ids=[
        "three-steps",
        "three-steps-later",
        "other-max",
        "other-min",
        "bad-name",
        "number",
        "list",
        "not-a-scale",
    ],
)
def test_a_broken_measure_is_refused_naming_step_and_field(steps, where, problem):
    with pytest.raises(DeckError) as caught:
        parse(*steps)
    assert caught.value.where == f"t.yaml: {where}"
    assert caught.value.problem == problem
