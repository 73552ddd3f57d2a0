"""Step kinds: which responses are valid and in what form they are stored, and how responses
add up into results."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import KINDS, Activity, InvalidResponse

# Steps of the small deck (tests/unit/conftest.py): colour is a single-choice poll (red, green,
# blue), foods a multiple-choice poll (apple, bread, cheese), myth a quiz with one correct option
# (myth), pick-two a quiz with two (b, d out of a-d), confidence a 0-10 scale, change -5 to 5.


def validate(deck, step_id, value):
    step = deck.step_by_id(step_id)
    return step.activity.validate_response(step, value)


def aggregate(deck, step_id, values):
    step = deck.step_by_id(step_id)
    return step.activity.aggregate(step, values)


# The registry ---------------------------------------------------------------------------------


def test_the_built_in_kinds_are_registered():
    assert set(KINDS) == {
        "slide",
        "poll",
        "quiz",
        "scale",
        "rank",
        "points",
        "numeric",
        "wordcloud",
        "open",
        "reflect",
        "discuss",
        "plan_review",
        "plan",
        "feedback",
    }
    assert all(isinstance(activity, Activity) for activity in KINDS.values())
    assert all(activity.kind == kind for kind, activity in KINDS.items())


@pytest.mark.parametrize(
    ("kind", "takes_responses"),
    [("slide", False), ("poll", True), ("quiz", True), ("scale", True)],
)
def test_only_questions_take_responses(kind, takes_responses):
    assert KINDS[kind].takes_responses is takes_responses


def test_a_slide_takes_no_answers(small):
    with pytest.raises(InvalidResponse, match="takes no answers"):
        validate(small, "welcome", "red")


# Valid responses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step_id", "value", "stored"),
    [
        ("colour", "red", "red"),
        ("colour", "blue", "blue"),
        ("foods", ["bread"], ["bread"]),
        ("foods", ["cheese", "apple"], ["apple", "cheese"]),
        ("foods", ["cheese", "bread", "apple"], ["apple", "bread", "cheese"]),
        ("myth", "fact", "fact"),
        ("myth", "myth", "myth"),
        ("pick-two", ["d", "b"], ["b", "d"]),
        ("pick-two", ["a"], ["a"]),
        ("pick-two", ["d", "c", "b", "a"], ["a", "b", "c", "d"]),
        ("confidence", 0, 0),
        ("confidence", 7, 7),
        ("confidence", 10, 10),
        ("confidence", 7.0, 7),
        ("confidence", -0.0, 0),
        ("change", -5, -5),
        ("change", 5, 5),
    ],
)
def test_a_valid_response_is_stored_in_its_normal_form(small, step_id, value, stored):
    result = validate(small, step_id, value)
    assert result == stored
    assert type(result) is type(stored)


def test_a_whole_number_sent_as_a_float_is_stored_as_an_int(small):
    assert isinstance(validate(small, "confidence", 4.0), int)


BAD_RESPONSES = [
    # single-choice poll
    ("colour", None),
    ("colour", ""),
    ("colour", "purple"),
    ("colour", "RED"),
    ("colour", " red"),
    ("colour", ["red"]),
    ("colour", 1),
    ("colour", True),
    ("colour", {"id": "red"}),
    ("colour", "red" * 100_000),
    # multiple-choice poll
    ("foods", "apple"),
    ("foods", []),
    ("foods", ["apple", "apple"]),
    ("foods", ["apple", "plum"]),
    ("foods", [1]),
    ("foods", [True]),
    ("foods", [None]),
    ("foods", [["apple"]]),
    ("foods", [{"id": "apple"}]),
    ("foods", {"apple": True}),
    ("foods", ("apple",)),
    ("foods", None),
    ("foods", ["x" * 100_000]),
    # quiz with one correct option
    ("myth", "maybe"),
    ("myth", ["myth"]),
    ("myth", None),
    ("myth", 0),
    # quiz with two correct options: choose from a list
    ("pick-two", "b"),
    ("pick-two", []),
    ("pick-two", ["b", "b"]),
    ("pick-two", ["b", "e"]),
    # scale 0-10
    ("confidence", True),
    ("confidence", False),
    ("confidence", float("nan")),
    ("confidence", float("inf")),
    ("confidence", float("-inf")),
    ("confidence", 5.5),
    ("confidence", 0.1),
    ("confidence", 11),
    ("confidence", -1),
    ("confidence", 1e308),
    ("confidence", "5"),
    ("confidence", "five"),
    ("confidence", "9" * 100_000),
    ("confidence", None),
    ("confidence", [5]),
    ("confidence", {"value": 5}),
    # scale -5 to 5
    ("change", -6),
    ("change", 6),
]


@pytest.mark.parametrize(
    ("step_id", "value"), BAD_RESPONSES, ids=[f"{s}-{repr(v)[:20]}" for s, v in BAD_RESPONSES]
)
def test_an_invalid_response_is_refused(small, step_id, value):
    with pytest.raises(InvalidResponse) as caught:
        validate(small, step_id, value)
    assert str(caught.value)  # the participant is told why


def test_the_scale_message_gives_the_range(small):
    with pytest.raises(InvalidResponse, match="from -5 to 5"):
        validate(small, "change", 9)


def test_a_whole_number_too_big_for_a_float_is_an_invalid_response(small):
    with pytest.raises(InvalidResponse):
        validate(small, "confidence", 10**400)


def test_an_invalid_response_is_a_value_error(small):
    with pytest.raises(ValueError, match="Choose one of the options"):
        validate(small, "colour", "purple")


# Fuzzing: anything a JSON payload can hold either validates or is refused cleanly ------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(["red", "apple", "bread", "myth", "b", "d"]),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)
answerable = ["colour", "foods", "myth", "pick-two", "confidence", "change"]


@given(step_id=st.sampled_from(answerable), value=json_values)
def test_any_json_value_is_either_valid_or_an_invalid_response(small, step_id, value):
    try:
        stored = validate(small, step_id, value)
    except InvalidResponse:
        return
    assert validate(small, step_id, stored) == stored  # the stored form is itself valid


# Aggregation ----------------------------------------------------------------------------------


def test_a_poll_counts_every_option_including_those_nobody_chose(small):
    results = aggregate(small, "colour", ["red", "red", "blue"])
    assert results == {"total": 3, "counts": {"red": 2, "green": 0, "blue": 1}}
    assert list(results["counts"]) == ["red", "green", "blue"]  # deck order


def test_a_poll_with_no_responses_has_zero_everywhere(small):
    assert aggregate(small, "colour", []) == {
        "total": 0,
        "counts": {"red": 0, "green": 0, "blue": 0},
    }


def test_a_multiple_choice_poll_counts_people_once_and_options_per_choice(small):
    results = aggregate(small, "foods", [["apple", "bread"], ["apple"], ["apple", "cheese"]])
    assert results["total"] == 3
    assert results["counts"] == {"apple": 3, "bread": 1, "cheese": 1}
    assert sum(results["counts"].values()) > results["total"]


def test_a_quiz_counts_correct_answers(small):
    results = aggregate(small, "myth", ["myth", "fact", "myth", "myth"])
    assert results == {"total": 4, "counts": {"myth": 3, "fact": 1}, "correct_count": 3}


def test_a_quiz_with_two_correct_options_counts_only_exactly_right_answers(small):
    values = [["b", "d"], ["b"], ["a", "b", "d"], ["b", "d"]]
    results = aggregate(small, "pick-two", values)
    assert results["correct_count"] == 2
    assert results["counts"] == {"a": 1, "b": 4, "c": 0, "d": 3}
    assert results["total"] == 4


def test_a_quiz_with_no_responses_has_no_correct_answers(small):
    assert aggregate(small, "myth", []) == {
        "total": 0,
        "counts": {"myth": 0, "fact": 0},
        "correct_count": 0,
    }


def test_a_quiz_aggregates_responses_given_as_a_one_pass_iterator(small):
    results = aggregate(small, "myth", iter(["myth", "fact"]))
    assert results == {"total": 2, "counts": {"myth": 1, "fact": 1}, "correct_count": 1}


def test_a_scale_gives_count_mean_and_a_histogram_of_every_value(small):
    results = aggregate(small, "confidence", [0, 5, 5, 10])
    assert results["count"] == 4
    assert results["mean"] == 5.0
    assert list(results["histogram"]) == [str(n) for n in range(0, 11)]
    assert results["histogram"]["5"] == 2
    assert results["histogram"]["3"] == 0
    assert sum(results["histogram"].values()) == 4


def test_a_scale_mean_is_rounded_to_one_place(small):
    assert aggregate(small, "confidence", [1, 2, 2])["mean"] == 1.7


def test_a_scale_below_zero_has_a_histogram_from_min_to_max(small):
    results = aggregate(small, "change", [-5, -5, 3])
    assert list(results["histogram"]) == [str(n) for n in range(-5, 6)]
    assert results["histogram"]["-5"] == 2
    assert results["mean"] == -2.3


def test_a_scale_with_no_responses_has_no_mean(small):
    results = aggregate(small, "confidence", [])
    assert results["count"] == 0
    assert results["mean"] is None
    assert results["histogram"] == {str(n): 0 for n in range(0, 11)}


@pytest.mark.parametrize(
    ("step_id", "values", "size"),
    [
        ("colour", ["red", "blue"], 2),
        ("foods", [["apple", "bread"]], 1),
        ("confidence", [1, 2, 3], 3),
    ],
)
def test_the_result_size_is_the_number_of_people(small, step_id, values, size):
    step = small.step_by_id(step_id)
    assert step.activity.result_size(aggregate(small, step_id, values)) == size


# Invariants -----------------------------------------------------------------------------------

colour_ids = ["red", "green", "blue"]
food_ids = ["apple", "bread", "cheese"]
pick_ids = ["a", "b", "c", "d"]


@given(st.lists(st.sampled_from(colour_ids)))
def test_a_single_choice_poll_total_and_counts_match_a_recount(small, chosen):
    values = [validate(small, "colour", v) for v in chosen]
    results = aggregate(small, "colour", values)
    assert results["total"] == len(values)
    assert results["counts"] == {i: Counter(values)[i] for i in colour_ids}


@given(st.lists(st.lists(st.sampled_from(food_ids), min_size=1, unique=True)))
def test_a_multiple_choice_poll_total_and_counts_match_a_recount(small, chosen):
    values = [validate(small, "foods", v) for v in chosen]
    results = aggregate(small, "foods", values)
    assert results["total"] == len(values)
    assert results["counts"] == {i: sum(i in v for v in values) for i in food_ids}


@given(st.lists(st.lists(st.sampled_from(pick_ids), min_size=1, unique=True)))
def test_a_quiz_correct_count_matches_a_recount(small, chosen):
    values = [validate(small, "pick-two", v) for v in chosen]
    results = aggregate(small, "pick-two", values)
    assert results["total"] == len(values)
    assert results["correct_count"] == sum(v == ["b", "d"] for v in values)
    assert 0 <= results["correct_count"] <= results["total"]


@given(st.lists(st.integers(min_value=0, max_value=10)))
def test_a_scale_histogram_and_mean_match_a_recount(small, chosen):
    values = [validate(small, "confidence", v) for v in chosen]
    results = aggregate(small, "confidence", values)
    assert results["count"] == len(values)
    assert sum(results["histogram"].values()) == len(values)
    assert results["histogram"] == {str(n): values.count(n) for n in range(0, 11)}
    if values:
        assert abs(results["mean"] - sum(values) / len(values)) <= 0.05 + 1e-9  # one place
        assert 0 <= results["mean"] <= 10
    else:
        assert results["mean"] is None
