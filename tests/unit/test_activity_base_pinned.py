"""What every kind shares pinned exactly: its flags, the helpers that check deck fields and free
text (with their whole messages), and registering a kind."""

from __future__ import annotations

import re

import pytest

from sessions.activities import KINDS, Activity, InvalidResponse, percent, register
from sessions.activities.base import clean_text, kept_item, shown_text
from sessions.activities.deck_fields import bool_field, parse_items, whole_number_field
from sessions.fields import DeckError


def whole(message: str) -> str:
    return f"^{re.escape(message)}$"


def test_percent_is_of_the_whole_to_one_decimal_place_and_none_of_nobody():
    assert percent(1, 3) == 33.3
    assert percent(2, 3) == 66.7
    assert percent(3, 3) == 100.0
    assert percent(0, 0) is None


@pytest.mark.parametrize(
    ("step_id", "flags"),
    [
        ("welcome", (False, False, True, False)),
        ("colour", (True, True, True, False)),
        ("notebook", (True, True, False, True)),
        ("quiet-talk", (True, False, False, True)),  # no report-back note: takes no answers
    ],
)
def test_a_steps_flags_say_what_the_browser_may_do_with_it(small, room_deck, step_id, flags):
    step = small.step_by_id(step_id) or room_deck.step_by_id(step_id)
    assert step.activity.flags(step) == dict(
        zip(("is_activity", "takes_answers", "room_sees_results", "private"), flags, strict=True)
    )


@pytest.mark.parametrize(
    ("step_id", "by_name"),
    [("colour", True), ("welcome", False), ("notebook", False), ("feedback", False)],
)
def test_answers_are_seen_by_name_only_for_a_kind_the_room_sees_that_is_not_anonymous(
    small, room_deck, step_id, by_name
):
    step = small.step_by_id(step_id) or room_deck.step_by_id(step_id)
    assert step.activity.answers_by_name is by_name


def test_a_kind_without_its_own_results_size_counts_the_total(small):
    activity = small.step_by_id("colour").activity
    assert activity.result_size({"total": 4, "count": 9}) == 4
    assert activity.result_size({}) == 0


def test_a_kept_item_is_emptied_and_marked_only_where_staff_removed_it():
    assert kept_item("a1", "Walk", {"a2"}) == {"id": "a1", "text": "Walk", "redacted": False}
    assert kept_item("a2", "Ann K.", {"a2"}) == {"id": "a2", "text": "", "redacted": True}
    assert shown_text({"text": "Walk", "redacted": False}) == "Walk"
    assert shown_text({"text": "Walk", "redacted": True}) == "[removed by staff]"


def test_clean_text_keeps_new_lines_and_drops_other_control_characters():
    assert clean_text(" Walk\x00\tdaily\n\nslowly \n", limit=20) == "Walkdaily\n\nslowly"
    assert clean_text("x" * 20, limit=20) == "x" * 20
    with pytest.raises(
        InvalidResponse, match=whole("The note is too long: please keep it to 5 characters.")
    ):
        clean_text("x" * 6, limit=5, what="The note")
    with pytest.raises(InvalidResponse, match=whole("Your answer must be text.")):
        clean_text(None, limit=5)


def items(*entries):
    return {"cards": list(entries)}


@pytest.mark.parametrize(
    ("raw", "where", "problem"),
    [
        (items(), "s.cards", "needs 1 to 2 entries"),
        ({}, "s.cards", "needs 1 to 2 entries"),
        (
            items({"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}),
            "s.cards",
            "needs 1 to 2 entries",
        ),
        (items("a"), "s.cards[0]", "each card needs an id and a text, and nothing else"),
        (
            items({"id": "a", "text": "A", "more": 1}),
            "s.cards[0]",
            "each card needs an id and a text, and nothing else",
        ),
        (
            items({"id": "A", "text": "A"}),
            "s.cards[0].id",
            "needs a short id of lowercase letters, digits and hyphens",
        ),
        (
            items({"text": "A"}),
            "s.cards[0].id",
            "needs a short id of lowercase letters, digits and hyphens",
        ),
        (
            items({"id": "a" * 41, "text": "A"}),
            "s.cards[0].id",
            "needs a short id of lowercase letters, digits and hyphens",
        ),
        (
            items({"id": "a", "text": "A"}, {"id": "a", "text": "B"}),
            "s.cards[1].id",
            "'a' is used by an earlier card",
        ),
        (items({"id": "a", "text": ""}), "s.cards[0].text", "must not be empty"),
        (
            items({"id": "a", "text": "x" * 11}),
            "s.cards[0].text",
            "is too long (at most 10 characters)",
        ),
    ],
)
def test_a_bad_list_of_items_is_refused_naming_the_item_and_its_field(raw, where, problem):
    with pytest.raises(DeckError) as refused:
        parse_items(
            raw, "cards", "s", text_key="text", minimum=1, maximum=2, limit=10, entry="card"
        )
    assert (refused.value.where, refused.value.problem) == (where, problem)


def test_a_list_of_items_is_kept_in_order_with_its_texts_trimmed():
    raw = items({"id": "a" * 40, "text": " A "}, {"id": "b-2", "text": "x" * 10})
    parsed = parse_items(raw, "cards", "s", text_key="text", minimum=1, maximum=2, limit=10)
    assert parsed == [{"id": "a" * 40, "text": "A"}, {"id": "b-2", "text": "x" * 10}]


def test_an_item_is_an_entry_unless_named_and_its_label_is_short_unless_said():
    twice = items({"id": "a", "text": "A"}, {"id": "a", "text": "A"})
    with pytest.raises(DeckError) as refused:
        parse_items(twice, "cards", "s", text_key="text", minimum=1, maximum=2)
    assert refused.value.problem == "'a' is used by an earlier entry"
    label = {"options": [{"id": "a", "label": "x" * 121}]}
    with pytest.raises(DeckError, match=r"is too long \(at most 120 characters\)$"):
        parse_items(label, "options", "s", text_key="label", minimum=1, maximum=2)


@pytest.mark.parametrize("value", [1, 7, 3])
def test_a_whole_number_field_takes_whole_numbers_within_its_bounds(value):
    assert whole_number_field({"n": value}, "n", "s", default=2, low=1, high=7) == value


def test_a_whole_number_field_left_out_takes_its_default():
    assert whole_number_field({}, "n", "s", default=2, low=1, high=7) == 2


@pytest.mark.parametrize("value", [0, 8, True, 2.0, "3", None])
def test_a_whole_number_field_refuses_anything_else(value):
    with pytest.raises(DeckError) as refused:
        whole_number_field({"n": value}, "n", "s", default=2, low=1, high=7)
    assert (refused.value.where, refused.value.problem) == (
        "s.n",
        "must be a whole number from 1 to 7",
    )


def test_a_true_or_false_field_takes_a_boolean_or_its_default():
    assert bool_field({"b": True}, "b", "s") is True
    assert bool_field({}, "b", "s") is False
    assert bool_field({}, "b", "s", default=True) is True
    with pytest.raises(DeckError) as refused:
        bool_field({"b": "yes"}, "b", "s")
    assert (refused.value.where, refused.value.problem) == ("s.b", "must be true or false")


def test_a_kind_with_no_name_or_a_name_taken_is_not_registered():
    class Nameless(Activity):
        pass

    class Blank(Activity):
        kind = ""

    class Numbered(Activity):
        kind = 7  # type: ignore[assignment]

    class SecondPoll(Activity):
        kind = "poll"

    for activity in (Nameless(), Blank(), Numbered()):
        with pytest.raises(ValueError, match=whole("an activity needs a kind name")):
            register(activity)
    with pytest.raises(ValueError, match=whole("there is already a kind called poll")):
        register(SecondPoll())
    assert type(KINDS["poll"]).__name__ == "Poll"
    assert list(KINDS)[:13] == [
        "slide",
        "poll",
        "quiz",
        "scale",
        "rank",
        "points",
        "numeric",
        "feedback",
        "open",
        "discuss",
        "wordcloud",
        "reflect",
        "plan",
    ]


def test_a_kind_that_makes_no_groups_has_no_group_size_and_no_cards(small):
    for step in (small.step_by_id("colour"), small.step_by_id("welcome")):
        assert step.activity.group_size(step) == 0
        assert step.activity.group_cards(step, 1) == []
