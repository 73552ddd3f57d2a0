"""Themes in what people wrote, on forty FFT comments written for the test: ten each about
parking, waiting, friendly staff and exercises that helped."""

from __future__ import annotations

import random

import pytest

from sessions.themes import MAX_QUOTE_LENGTH, MAX_QUOTES, Themes, find_themes, stem
from tests.unit.theme_comments import ALL, EXERCISES, FRIENDLY, PARKING, TOPICS, WAITING


def topic_of(text: str) -> str:
    return next(name for name, texts in TOPICS.items() if text in texts)


def test_the_four_topics_are_found_each_as_one_theme():
    found = find_themes(ALL, threshold=3)
    assert len(found.themes) == 4
    assert found.total == 40
    assert found.other == 0
    for theme in found.themes:
        assert theme.size == 10
        assert 1 <= len(theme.quotes) <= MAX_QUOTES
        assert len({topic_of(q) for q in theme.quotes}) == 1  # no theme mixes two topics
    assert {topic_of(t.quotes[0]) for t in found.themes} == set(TOPICS)


@pytest.mark.parametrize("topic", list(TOPICS))
def test_each_theme_is_labelled_with_its_topics_word(topic):
    found = find_themes(ALL, threshold=3)
    theme = next(t for t in found.themes if topic_of(t.quotes[0]) == topic)
    assert topic in theme.label.lower().split(", ")


def test_the_same_comments_give_the_same_themes_twice():
    assert find_themes(ALL, threshold=3) == find_themes(list(ALL), threshold=3)


def test_the_order_of_the_comments_does_not_change_the_themes():
    shuffled = list(ALL)
    random.Random(18).shuffle(shuffled)
    assert find_themes(shuffled, threshold=3) == find_themes(ALL, threshold=3)
    assert find_themes(list(reversed(ALL)), threshold=3) == find_themes(ALL, threshold=3)


def test_a_comment_left_out_as_redacted_is_never_quoted():
    removed = PARKING[0]
    found = find_themes([t for t in ALL if t != removed], threshold=3)
    quoted = {q for t in found.themes for q in t.quotes}
    assert removed not in quoted
    assert found.total == 39
    parking = next(t for t in found.themes if topic_of(t.quotes[0]) == "parking")
    assert parking.size == 9


def test_themes_smaller_than_the_threshold_are_folded_into_other_comments_unquoted():
    texts = PARKING + WAITING + FRIENDLY[:2]
    found = find_themes(texts, threshold=3)
    quoted = {q for t in found.themes for q in t.quotes}
    assert not quoted & set(FRIENDLY)
    assert sum(t.size for t in found.themes) + found.other == len(texts)
    assert found.other >= 2
    assert all(t.size >= 3 for t in found.themes)


def test_a_higher_threshold_shows_only_themes_that_reach_it():
    texts = PARKING + WAITING[:4]
    found = find_themes(texts, threshold=5)
    assert [t.size for t in found.themes] == [10]
    assert found.other == 4


def test_three_comments_on_one_topic_make_one_theme():
    found = find_themes(EXERCISES[:3], threshold=3)
    assert [t.size for t in found.themes] == [3]
    assert found.other == 0


def test_three_comments_with_nothing_in_common_are_other_comments():
    found = find_themes(["Fine.", "Thank you", "Nothing to add"], threshold=3)
    assert found.themes == ()
    assert found.other == 3


def test_fewer_comments_than_the_threshold_show_nothing_of_them():
    found = find_themes(EXERCISES[:2], threshold=3)
    assert found == Themes((), 0, 2, 3)
    assert found.withheld


@pytest.mark.parametrize("texts", [[], [""], ["   ", "\n"]])
def test_no_comments_make_no_themes(texts):
    found = find_themes(texts, threshold=3)
    assert found == Themes((), 0, 0, 3)
    assert not found.withheld


def test_a_threshold_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        find_themes(ALL, threshold=0)


def test_a_long_comment_is_quoted_shortened():
    long = "The exercises helped " + "a great deal " * 40
    found = find_themes([*EXERCISES[:3], long], threshold=3)
    quotes = [q for t in found.themes for q in t.quotes]
    assert all(len(q) <= MAX_QUOTE_LENGTH for q in quotes)


def test_a_word_and_its_endings_are_one_term():
    assert stem("waiting") == stem("waited") == stem("wait") == "wait"
    assert stem("exercises") == stem("exercise")
    assert stem("class") == "class"
