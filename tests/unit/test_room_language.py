"""The screen's room language: which choices are accepted, how they are stored and read back."""

from __future__ import annotations

import pytest

from sessions import room_language
from sessions.live import Rejected

SHIPPED = ("en", "cy", "ar")


@pytest.mark.parametrize(
    ("asked", "chosen"),
    [
        (["cy"], ("cy",)),
        (["en"], ("en",)),
        (["cy", "en"], ("cy", "en")),
        (("ar", "cy"), ("ar", "cy")),
    ],
)
def test_one_or_two_shipped_languages_are_chosen_in_order(asked, chosen):
    assert room_language.choose(asked, SHIPPED) == chosen


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ("cy", "a list"),
        (None, "a list"),
        ([1], "a list"),
        ([], "one language, or two"),
        (["cy", "en", "ar"], "one language, or two"),
        (["fr"], "no fr translation"),
        (["cy", "xx"], "no xx translation"),
        (["cy", "cy"], "two different"),
    ],
    ids=repr,
)
def test_a_bad_choice_is_refused_with_a_reason(asked, says):
    with pytest.raises(Rejected) as refused:
        room_language.choose(asked, SHIPPED)
    assert refused.value.code == "bad_language"
    assert says in refused.value.message


def test_the_stored_choice_reads_back_and_drops_what_is_not_shipped():
    assert room_language.read(room_language.stored(("cy", "en")), SHIPPED) == ("cy", "en")
    assert room_language.read("cy,fr", SHIPPED) == ("cy",)
    assert room_language.read("fr", SHIPPED) == ("en",)
    assert room_language.read(None, SHIPPED) == ("en",)
