"""Discussions and action plans: what is a valid report-back note or plan, and who sees what.

Steps of the room deck (tests/unit/conftest.py): `talk` is a discussion in threes with three
cards, two per group, and a report-back note; `quiet-talk` one in pairs without a note;
`my-plan` the action plan, with a contact line."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import (
    FACILITATOR,
    KINDS,
    PARTICIPANT,
    SCREEN,
    InvalidResponse,
    Response,
)
from sessions.activities.plan import CONFIDENCE_PROMPT_BELOW, PLAN_FIELDS, SAFETY_REMINDER
from sessions.deck import DeckError, parse_deck
from sessions.live import (
    GoToStep,
    LiveState,
    OpenResponses,
    Rejected,
    check_answer,
    decide,
)
from sessions.views import results_for, step_view

ROOM = [SCREEN, PARTICIPANT]
EVERYONE = [FACILITATOR, SCREEN, PARTICIPANT]


def validate(deck, step_id, value):
    step = deck.step_by_id(step_id)
    return step.activity.validate_response(step, value)


def refusal(deck, step_id, value) -> str:
    with pytest.raises(InvalidResponse) as caught:
        validate(deck, step_id, value)
    return str(caught.value)


def results(deck, step_id, responses):
    step = deck.step_by_id(step_id)
    return step.activity.results(step, responses)


def seen_by(audience, deck, step_id, facts, *, revealed=True, min_responses=3):
    return results_for(
        audience, deck.step_by_id(step_id), facts, seq=4, revealed=revealed,
        min_responses=min_responses,
    )


def view(deck, step_id, audience):
    step = deck.step_by_id(step_id)
    return step_view(step, deck.index_of(step_id), audience, revealed=False)


# Discussion: the report-back note -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("We all pace the garden.", "We all pace the garden."),
        ("   Walking helps  ", "Walking helps"),
        ("One\nTwo", "One\nTwo"),
        ("x" * 500, "x" * 500),
    ],
)
def test_a_report_back_note_is_stored_trimmed(room_deck, value, stored):
    assert validate(room_deck, "talk", value) == stored


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Write the group's note before sending."),
        ("  \n ", "Write the group's note before sending."),
        ("x" * 501, "The note is too long: please keep it to 500 characters."),
        (5, "The note must be text."),
        (None, "The note must be text."),
        (["note"], "The note must be text."),
        ({"text": "note"}, "The note must be text."),
    ],
    ids=repr,
)
def test_a_bad_report_back_note_is_refused_in_plain_english(room_deck, value, message):
    assert refusal(room_deck, "talk", value) == message


@pytest.mark.parametrize("value", ["We talked.", "", None, 5, ["x"]], ids=repr)
def test_a_discussion_without_report_back_refuses_any_note(room_deck, value):
    assert refusal(room_deck, "quiet-talk", value) == "This discussion has no report-back note."


def test_only_a_discussion_with_report_back_takes_answers(room_deck):
    assert room_deck.step_by_id("talk").takes_responses is True
    assert room_deck.step_by_id("quiet-talk").takes_responses is False


def test_moving_to_a_discussion_without_report_back_leaves_answers_closed(room_deck):
    quiet = room_deck.index_of("quiet-talk")
    state = decide(LiveState(), room_deck, GoToStep(quiet)).state
    assert state.open is False
    with pytest.raises(Rejected) as caught:
        decide(state, room_deck, OpenResponses())
    assert caught.value.code == "no_responses"
    with pytest.raises(Rejected) as caught:
        check_answer(state, room_deck, "quiet-talk")
    assert caught.value.code == "no_responses"


def test_moving_to_a_discussion_with_report_back_opens_it_for_notes(room_deck):
    state = decide(LiveState(), room_deck, GoToStep(room_deck.index_of("talk"))).state
    assert state.open is True
    assert check_answer(state, room_deck, "talk").id == "talk"


# Discussion: results and views ----------------------------------------------------------------

NOTES = [
    Response("Pacing helps", answer_id="a1", name="Ann", group=2),
    Response("Heat helps", answer_id="a2", name="Bob", group=1),
    Response("No group yet", answer_id="a3", name="Cat", group=None),
    Response("Walking", answer_id="a4", name="Dan", group=1),
]


def test_the_facilitator_gets_the_notes_by_group_with_names(room_deck):
    facts = results(room_deck, "talk", NOTES)
    assert facts == {
        "total": 4,
        "notes": [
            {"group": 1, "name": "Bob", "text": "Heat helps"},
            {"group": 1, "name": "Dan", "text": "Walking"},
            {"group": 2, "name": "Ann", "text": "Pacing helps"},
            {"group": None, "name": "Cat", "text": "No group yet"},
        ],
    }
    assert seen_by(FACILITATOR, room_deck, "talk", facts)["notes"] == facts["notes"]


@pytest.mark.parametrize("audience", ROOM)
@pytest.mark.parametrize("revealed", [False, True])
def test_the_room_never_gets_report_back_notes(room_deck, audience, revealed):
    facts = results(room_deck, "talk", NOTES)
    assert seen_by(audience, room_deck, "talk", facts, revealed=revealed, min_responses=1) is None


def test_cards_are_in_the_facilitator_view_only(room_deck):
    cards = [
        {"id": "stopped", "text": "What have you stopped doing?"},
        {"id": "better", "text": "Tell us about a better day."},
        {"id": "advice", "text": "What advice confused you?"},
    ]
    assert view(room_deck, "talk", FACILITATOR)["cards"] == cards
    for audience in ROOM:
        shown = view(room_deck, "talk", audience)
        assert "cards" not in shown
        assert "stopped doing" not in json.dumps(shown)


@pytest.mark.parametrize("audience", EVERYONE)
def test_every_audience_sees_the_group_size_and_whether_to_report_back(room_deck, audience):
    assert {k: view(room_deck, "talk", audience)[k] for k in ("group_size", "report_back")} == {
        "group_size": 3, "report_back": True,
    }
    assert view(room_deck, "quiet-talk", audience)["report_back"] is False


def test_the_note_is_scanned_for_red_flags(room_deck):
    step = room_deck.step_by_id("talk")
    assert step.activity.free_text(step, "Bob has bladder trouble") == ["Bob has bladder trouble"]


# Discussion: deck fields ----------------------------------------------------------------------


def parse_one(step: dict):
    text = yaml.safe_dump({"title": "T", "steps": [step]}, sort_keys=False)
    return parse_deck(text, source="t.yaml").steps[0]


def discuss(**fields) -> dict:
    step = {"id": "talk", "kind": "discuss", "title": "Talk",
            "cards": [{"id": "c1", "text": "Card one"}, {"id": "c2", "text": "Card two"}]}
    return {**step, **fields}


def plan(**fields) -> dict:
    return {"id": "my-plan", "kind": "plan", "title": "My plan", **fields}


def test_a_discussion_has_sensible_defaults():
    assert {k: v for k, v in parse_one(discuss()).fields.items() if k != "cards"} == {
        "group_size": 3, "cards_per_group": 1, "report_back": False,
    }


@pytest.mark.parametrize("size", [2, 3, 6])
def test_a_group_size_from_two_to_six_is_allowed(size):
    assert parse_one(discuss(group_size=size)).fields["group_size"] == size


BAD_FIELDS = [
    ("no-cards", {k: v for k, v in discuss().items() if k != "cards"}, "steps[0].cards",
     "needs 1 to 30 entries"),
    ("empty-cards", discuss(cards=[]), "steps[0].cards", "needs 1 to 30 entries"),
    ("cards-not-a-list", discuss(cards="talk"), "steps[0].cards", "needs 1 to 30 entries"),
    ("thirty-one-cards", discuss(cards=[{"id": f"c{i}", "text": "T"} for i in range(31)]),
     "steps[0].cards", "needs 1 to 30 entries"),
    ("card-a-string", discuss(cards=["Talk about it"]), "steps[0].cards[0]",
     "each entry needs an id and a text, and nothing else"),
    ("card-with-label", discuss(cards=[{"id": "c", "label": "L"}]), "steps[0].cards[0]",
     "each entry needs an id and a text, and nothing else"),
    ("card-without-text", discuss(cards=[{"id": "c"}]), "steps[0].cards[0].text", "is required"),
    ("card-empty-text", discuss(cards=[{"id": "c", "text": "  "}]), "steps[0].cards[0].text",
     "must not be empty"),
    ("card-text-too-long", discuss(cards=[{"id": "c", "text": "x" * 401}]),
     "steps[0].cards[0].text", "is too long (at most 400 characters)"),
    ("card-bad-id", discuss(cards=[{"id": "C 1", "text": "T"}]), "steps[0].cards[0].id",
     "needs a short id of lowercase letters, digits and hyphens"),
    ("card-repeated-id", discuss(cards=[{"id": "c", "text": "T"}, {"id": "c", "text": "U"}]),
     "steps[0].cards[1].id", "'c' is used by an earlier entry"),
    ("group-of-one", discuss(group_size=1), "steps[0].group_size",
     "must be a whole number from 2 to 6"),
    ("group-of-seven", discuss(group_size=7), "steps[0].group_size",
     "must be a whole number from 2 to 6"),
    ("group-size-text", discuss(group_size="three"), "steps[0].group_size",
     "must be a whole number from 2 to 6"),
    ("group-size-bool", discuss(group_size=True), "steps[0].group_size",
     "must be a whole number from 2 to 6"),
    ("group-size-float", discuss(group_size=2.5), "steps[0].group_size",
     "must be a whole number from 2 to 6"),
    ("no-cards-per-group", discuss(cards_per_group=0), "steps[0].cards_per_group",
     "must be a whole number from 1 to 3"),
    ("four-cards-per-group", discuss(cards_per_group=4), "steps[0].cards_per_group",
     "must be a whole number from 1 to 3"),
    ("report-back-yes", discuss(report_back="yes"), "steps[0].report_back",
     "must be true or false"),
    ("discuss-unknown-field", discuss(prompts=[]), "steps[0].prompts",
     "is not a field a discuss step can have"),
    ("contact-too-long", plan(contact="x" * 301), "steps[0].contact",
     "is too long (at most 300 characters)"),
    ("contact-a-list", plan(contact=["111"]), "steps[0].contact", "must be text"),
    ("plan-unknown-field", plan(fields=["goal"]), "steps[0].fields",
     "is not a field a plan step can have"),
]


@pytest.mark.parametrize(
    ("step", "where", "problem"), [c[1:] for c in BAD_FIELDS], ids=[c[0] for c in BAD_FIELDS]
)
def test_a_bad_discussion_or_plan_field_is_refused_naming_step_and_field(step, where, problem):
    with pytest.raises(DeckError) as caught:
        parse_one(step)
    assert caught.value.where == f"t.yaml: {where}"
    assert caught.value.problem == problem


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
def test_the_plan_view_has_its_fields_the_fixed_safety_reminder_and_the_contact(
    room_deck, audience
):
    shown = view(room_deck, "my-plan", audience)
    assert shown["fields"] == [{"name": n, "kind": k, "label": label}
                               for n, k, label in PLAN_FIELDS]
    assert {f["kind"] for f in shown["fields"]} == {"text", "rating", "date", "choice"}
    assert shown["confidence_prompt_below"] == CONFIDENCE_PROMPT_BELOW == 7
    assert shown["safety"] == SAFETY_REMINDER == CONTENT_SAFETY
    assert shown["contact"] == "Ring the physio team."


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
    shown = json.dumps(seen_by(FACILITATOR, room_deck, "my-plan", results(room_deck, "my-plan",
                                                                          PLANS)))
    for secret in ("Private worry", "Secret goal"):
        assert secret not in shown
    for name in ("Ann", "Dan", "Eve", "Fay"):
        assert json.dumps(name) not in shown


@pytest.mark.parametrize("audience", ROOM)
@pytest.mark.parametrize("revealed", [False, True])
def test_the_room_never_gets_plan_results(room_deck, audience, revealed):
    facts = results(room_deck, "my-plan", PLANS)
    assert seen_by(audience, room_deck, "my-plan", facts, revealed=revealed,
                   min_responses=1) is None


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
    value = {"matters": "My bladder", "goal": "", "confidence": 3, "share": True,
             "review_date": "2026-03-15"}
    assert step.activity.free_text(step, value) == ["My bladder"]


# Fuzzing --------------------------------------------------------------------------------------

plan_names = [name for name, _, _ in PLAN_FIELDS]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=13)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["2026-02-28", "2026-02-30", "2024-02-29", ""])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(plan_names) | st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=10,
)


@given(step_id=st.sampled_from(["talk", "quiet-talk", "my-plan"]), value=json_values)
def test_any_json_value_is_either_stored_or_refused_cleanly(room_deck, step_id, value):
    refused = None
    try:
        stored = validate(room_deck, step_id, value)
    except InvalidResponse as error:
        refused = str(error)
    if refused is not None:
        assert refused  # a message for the participant
        return
    assert validate(room_deck, step_id, stored) == stored
    json.dumps(stored)


@given(st.dictionaries(st.sampled_from(plan_names), scalars, max_size=8))
def test_a_plan_made_only_of_known_fields_is_stored_or_refused_cleanly(room_deck, value):
    try:
        stored = validate(room_deck, "my-plan", value)
    except InvalidResponse:
        return
    assert set(stored) == set(value)
