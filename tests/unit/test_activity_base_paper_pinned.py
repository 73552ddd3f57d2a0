"""What a kind that says nothing of paper or scores gets from Activity: no place on paper, no
paper answer, no FFT cards, never right; and a list of options too long or too short is
refused in words that say which."""

from __future__ import annotations

import pytest

from sessions.activities import KINDS, InvalidResponse
from sessions.activities.deck_fields import parse_options
from sessions.deck import parse_deck
from sessions.fields import DeckError

SLIDE = KINDS["slide"]
STEP = parse_deck("title: T\nsteps:\n  - {id: s, kind: slide, title: Hello}\n").step_by_id("s")


def test_a_kind_without_a_place_on_paper_prints_nothing_and_reads_nothing_back():
    assert SLIDE.on_paper(STEP) is None
    assert SLIDE.from_paper(STEP, {"choice": "a", "text": "Hello"}) is None


def test_only_the_fft_kind_takes_fft_cards_and_any_other_refuses_one_in_words():
    assert {kind for kind, activity in KINDS.items() if activity.takes_fft_cards} == {"feedback"}
    with pytest.raises(InvalidResponse) as refused:
        SLIDE.fft_card(STEP, "good")
    assert str(refused.value) == "This step does not ask the Friends and Family Test."


def test_a_kind_that_is_not_scored_is_never_right():
    assert SLIDE.is_right(STEP, "anything") is False
    assert SLIDE.score(STEP, {"total": 3}) is None


def options(n: int) -> list[dict[str, str]]:
    return [{"id": f"o{i}", "label": f"Option {i}"} for i in range(n)]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (options(1), "a list needs at least two options"),
        (options(0), "a list needs at least two options"),
        ("o1, o2", "a list needs at least two options"),
        (None, "a list needs at least two options"),
        (options(5), "a list can have at most 4 options"),
        (options(9), "a list can have at most 4 options"),
    ],
)
def test_a_list_of_options_out_of_bounds_says_which_bound(given, message):
    with pytest.raises(DeckError) as refused:
        parse_options({"options": given}, "s", noun="a list", maximum=4)
    assert (refused.value.where, refused.value.problem) == ("s.options", message)


@pytest.mark.parametrize("n", [2, 4])
def test_a_list_of_options_within_bounds_is_kept_in_order(n):
    parsed = parse_options({"options": options(n)}, "s", noun="a list", maximum=4)
    assert [o["id"] for o in parsed] == [f"o{i}" for i in range(n)]
