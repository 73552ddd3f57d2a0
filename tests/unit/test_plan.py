"""Action plans: the fields from the clinical content, what is a valid plan, and who sees what.

`my-plan` in the room deck (tests/unit/conftest.py) is the action plan, with a contact line."""

from __future__ import annotations

import json

import pytest

from sessions.activities import FACILITATOR, KINDS, InvalidResponse, Response
from sessions.activities.plan import CONFIDENCE_PROMPT_BELOW, PLAN_FIELDS
from sessions.safety import NEUTRAL_TEXT
from sessions.views import step_view
from tests.unit.discussion_and_plan_answers import (
    EVERYONE,
    ROOM,
    refusal,
    results,
    seen_by,
    validate,
    view,
)

# Plan: the fields, from the clinical content ------------------------------------------------


def test_the_plan_has_the_fields_the_clinical_content_lists_in_order():
    assert [(name, kind) for name, kind, _ in PLAN_FIELDS] == [
        ("matters", "text"),
        ("goal", "text"),
        ("goal_rating", "rating"),
        ("step_what", "text"),
        ("step_how_much", "text"),
        ("step_when", "text"),
        ("step_how_often", "text"),
        ("pacing", "text"),
        ("barriers", "text"),
        ("plan_b", "text"),
        ("confidence", "rating"),
        ("flare_signs", "text"),
        ("flare_first_1", "text"),
        ("flare_first_2", "text"),
        ("flare_first_3", "text"),
        ("flare_reduce", "text"),
        ("flare_restart", "text"),
        ("review_date", "date"),
        ("share", "choice"),
        ("done", "choice"),
    ]


# The safety slide of /work/shared/content/back-pain.md, without its bold marks.
CONTENT_SAFETY = (
    "Get help now (999 or A&E) if you have back pain and: numbness or tingling around your "
    "bottom or genitals; new trouble peeing or controlling your bladder or bowel; weakness, "
    "numbness or pain in both legs. Call 111 or your GP urgently if you have a high "
    "temperature, weight loss you can't explain, or pain much worse at night."
)


@pytest.mark.parametrize("audience", EVERYONE)
def test_the_plan_view_has_its_fields_a_neutral_safety_reminder_and_the_contact(
    room_deck, audience
):
    """The room deck has no safety block: its plan names no condition's symptoms."""
    shown = view(room_deck, "my-plan", audience)
    assert shown["fields"] == [
        {"name": n, "kind": k, "label": label} for n, k, label in PLAN_FIELDS
    ]
    assert {f["kind"] for f in shown["fields"]} == {"text", "rating", "date", "choice"}
    assert shown["confidence_prompt_below"] == CONFIDENCE_PROMPT_BELOW == 7
    assert shown["safety"] == NEUTRAL_TEXT
    assert shown["contact"] == "Ring the physio team."


def test_the_back_pain_plan_shows_the_decks_red_flag_reminder(back_pain):
    step = back_pain.step_by_id("my-plan")
    shown = step_view(
        step, back_pain.index_of("my-plan"), "participant", revealed=False, safety=back_pain.safety
    )
    assert shown["safety"] == CONTENT_SAFETY


# Plan: valid and refused values ---------------------------------------------------------------

FULL_PLAN = {
    "matters": "Playing with my grandchildren",
    "goal": "Gardening",
    "goal_rating": 3,
    "step_what": "Weed the front bed",
    "step_how_much": "10 minutes",
    "step_when": "After breakfast",
    "step_how_often": "Every other day",
    "pacing": "+10% every 3 days",
    "barriers": "Rain",
    "plan_b": "Pot plants in the shed",
    "confidence": 8,
    "flare_signs": "Stiff in the morning",
    "flare_first_1": "Heat",
    "flare_first_2": "Gentle walk",
    "flare_first_3": "Tell my partner",
    "flare_reduce": "Weeding time",
    "flare_restart": "After two good days",
    "review_date": "2026-03-15",
    "share": True,
    "done": True,
}


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ({}, {}),
        ({"matters": "  My grandchildren  "}, {"matters": "My grandchildren"}),
        ({"matters": ""}, {"matters": ""}),
        ({"goal_rating": 0}, {"goal_rating": 0}),
        ({"goal_rating": 10}, {"goal_rating": 10}),
        ({"confidence": None}, {"confidence": None}),
        ({"review_date": "2026-02-28"}, {"review_date": "2026-02-28"}),
        ({"review_date": "2024-02-29"}, {"review_date": "2024-02-29"}),
        ({"review_date": ""}, {"review_date": ""}),
        ({"review_date": None}, {"review_date": ""}),
        ({"share": True, "done": False}, {"share": True, "done": False}),
        ({"pacing": "x" * 300}, {"pacing": "x" * 300}),
        (FULL_PLAN, FULL_PLAN),
    ],
    ids=repr,
)
def test_a_whole_or_partial_plan_is_stored(room_deck, value, stored):
    assert validate(room_deck, "my-plan", value) == stored


RATING = "Choose a whole number from 0 to 10."
NO_DATE = "That date does not exist."
DATE_FORMAT = "Give the date as year-month-day."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("My plan", "The plan must be sent as its fields."),
        (["matters"], "The plan must be sent as its fields."),
        (None, "The plan must be sent as its fields."),
        (7, "The plan must be sent as its fields."),
        ({"secret": "x"}, "The plan has no field called secret."),
        ({"matters": "ok", "password": "x"}, "The plan has no field called password."),
        ({"matters": 5}, "Each answer must be text."),
        ({"goal": None}, "Each answer must be text."),
        ({"goal": ["Gardening"]}, "Each answer must be text."),
        ({"pacing": "x" * 301}, "Each answer is too long: please keep it to 300 characters."),
        ({"goal_rating": -1}, RATING),
        ({"goal_rating": 11}, RATING),
        ({"confidence": 7.5}, RATING),
        ({"confidence": "7"}, RATING),
        ({"confidence": True}, RATING),
        ({"confidence": False}, RATING),
        ({"confidence": [7]}, RATING),
        ({"review_date": "2026-02-30"}, NO_DATE),
        ({"review_date": "2025-02-29"}, NO_DATE),
        ({"review_date": "2026-04-31"}, NO_DATE),
        ({"review_date": "2026-13-01"}, NO_DATE),
        ({"review_date": "2026-00-10"}, NO_DATE),
        ({"review_date": "2026-01-00"}, NO_DATE),
        ({"review_date": "15/03/2026"}, DATE_FORMAT),
        ({"review_date": "2026-3-15"}, DATE_FORMAT),
        ({"review_date": "26-03-15"}, DATE_FORMAT),
        ({"review_date": "2026-03-15T10:00"}, DATE_FORMAT),
        ({"review_date": " 2026-03-15"}, DATE_FORMAT),
        ({"review_date": "next week"}, DATE_FORMAT),
        ({"review_date": 20260315}, DATE_FORMAT),
        ({"review_date": False}, DATE_FORMAT),
    ],
    ids=repr,
)
def test_a_bad_plan_is_refused_in_plain_english(room_deck, value, message):
    assert refusal(room_deck, "my-plan", value) == message


@pytest.mark.parametrize("field", ["share", "done"])
@pytest.mark.parametrize("value", ["yes", 1, 0, None, "true"], ids=repr)
def test_share_and_done_must_be_true_or_false(room_deck, field, value):
    assert refusal(room_deck, "my-plan", {field: value}) == "Choose yes or no."


@pytest.mark.parametrize("field", ["share", "done"])
def test_the_share_and_done_refusals_read_as_sentences(room_deck, field):
    message = refusal(room_deck, "my-plan", {field: "yes"})
    assert message[0].isupper()
    assert field not in message


def test_an_unknown_field_name_is_cut_short_in_the_message(room_deck):
    message = refusal(room_deck, "my-plan", {"x" * 100: "y"})
    assert message == f"The plan has no field called {'x' * 40}."


@pytest.mark.parametrize("date", ["２０２６-０３-１５", "٢٠٢٦-٠٣-١٥", "0000-01-01"])
def test_a_review_date_must_be_an_ascii_calendar_date(room_deck, date):
    with pytest.raises(InvalidResponse):
        validate(room_deck, "my-plan", {"review_date": date})


# Plan: results --------------------------------------------------------------------------------

PLANS = [
    Response({"matters": "Private worry", "confidence": 4}, answer_id="a1", name="Ann"),
    Response({**FULL_PLAN, "matters": "Shared and done"}, answer_id="a2", name="Bob"),
    Response({"goal": "Swimming", "share": True}, answer_id="a3", name="Cat"),
    Response({"matters": "", "share": False, "review_date": ""}, answer_id="a4", name="Dan"),
    Response({"goal": "Secret goal", "done": True}, answer_id="a5", name="Eve"),
    Response({}, answer_id="a6", name="Fay"),
]


def test_plan_results_count_started_and_finished_and_carry_only_shared_plans(room_deck):
    facts = results(room_deck, "my-plan", PLANS)
    assert facts == {
        "started": 4,
        "finished": 2,
        "shared": [
            {"name": "Bob", "plan": {**FULL_PLAN, "matters": "Shared and done"}},
            {"name": "Cat", "plan": {"goal": "Swimming", "share": True}},
        ],
    }


def test_an_unshared_plan_gives_the_facilitator_neither_its_content_nor_its_author(room_deck):
    shown = json.dumps(
        seen_by(FACILITATOR, room_deck, "my-plan", results(room_deck, "my-plan", PLANS))
    )
    for secret in ("Private worry", "Secret goal"):
        assert secret not in shown
    for name in ("Ann", "Dan", "Eve", "Fay"):
        assert json.dumps(name) not in shown


@pytest.mark.parametrize("audience", ROOM)
@pytest.mark.parametrize("revealed", [False, True])
def test_the_room_never_gets_plan_results(room_deck, audience, revealed):
    facts = results(room_deck, "my-plan", PLANS)
    assert (
        seen_by(audience, room_deck, "my-plan", facts, revealed=revealed, min_responses=1) is None
    )


def test_plans_are_private_by_their_kind():
    assert KINDS["plan"].room_sees_results is False
    assert KINDS["discuss"].room_sees_results is False


def test_the_facilitator_copy_says_whether_the_room_would_be_below_the_threshold(room_deck):
    facts = results(room_deck, "my-plan", PLANS[:2])
    assert seen_by(FACILITATOR, room_deck, "my-plan", facts)["withheld"] is True
    facts = results(room_deck, "my-plan", PLANS)
    assert seen_by(FACILITATOR, room_deck, "my-plan", facts)["withheld"] is False


def test_a_plan_with_only_a_rating_of_zero_has_been_started(room_deck):
    facts = results(room_deck, "my-plan", [Response({"goal_rating": 0}, name="Ann")])
    assert facts["started"] == 1


def test_only_the_text_fields_of_a_plan_are_scanned_for_red_flags(room_deck):
    step = room_deck.step_by_id("my-plan")
    value = {
        "matters": "My bladder",
        "goal": "",
        "confidence": 3,
        "share": True,
        "review_date": "2026-03-15",
    }
    assert step.activity.free_text(step, value) == ["My bladder"]
