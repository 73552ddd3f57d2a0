"""Discussions: what is a valid report-back note, and who sees the notes and the cards.

Steps of the room deck (tests/unit/conftest.py): `talk` is a discussion in threes with three
cards, two per group, and a report-back note; `quiet-talk` one in pairs without a note."""

from __future__ import annotations

import json

import pytest

from sessions.activities import FACILITATOR, Response
from sessions.live import GoToStep, LiveState, OpenResponses, Rejected, check_answer, decide
from tests.unit.discussion_and_plan_answers import (
    EVERYONE,
    ROOM,
    refusal,
    results,
    seen_by,
    validate,
    view,
)

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
        pytest.param(
            "  \n ", "Write the group's note before sending.", id="only-spaces-and-a-new-line"
        ),
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
        "group_size": 3,
        "report_back": True,
    }
    assert view(room_deck, "quiet-talk", audience)["report_back"] is False


def test_the_note_is_scanned_for_red_flags(room_deck):
    step = room_deck.step_by_id("talk")
    assert step.activity.free_text(step, "Bob has bladder trouble") == ["Bob has bladder trouble"]
