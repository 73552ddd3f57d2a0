"""Why a step refused an answer's value reaches each person in their language: a phone in the
phone's, the console answering for someone without a phone in the staff's. So does a
payload's shape inside a bad request, its JSON as it is. The code stays English."""

from __future__ import annotations

import pytest

from sessions.rules import MAX_QUESTION
from tests.integration.test_notebook_and_modes import goto
from tests.integration.test_server_words import console_in

ONE_OF_THE_OPTIONS = {"en": "Choose one of the options.", "cy": "Dewiswch un o’r dewisiadau."}
QUESTION_TEXT = {"en": "Your question must be text.", "cy": "Rhaid i’ch cwestiwn fod yn destun."}
ANSWER_SHAPE = {
    "en": 'Send {"step_id", "value", "id"}.',
    "cy": 'Anfonwch {"step_id", "value", "id"}.',
}


@pytest.fixture
def open_poll(console):
    goto(console, "how-long")
    return "how-long"


@pytest.mark.parametrize("language", ["cy", "en"])
def test_a_phone_is_told_in_its_language_that_its_choice_is_not_an_option(
    app, console, open_poll, language, join
):
    phone = join(console.session, language=language)
    ack = phone.emit("answer", step_id=open_poll, value="a-decade", id="a1")
    assert ack == {
        "ok": False,
        "error": {"code": "invalid_value", "message": ONE_OF_THE_OPTIONS[language]},
    }


def test_a_welsh_and_an_english_phone_side_by_side_each_read_their_own(
    app, console, open_poll, join
):
    welsh, english = join(console.session, language="cy"), join(console.session)
    for phone, language in ((welsh, "cy"), (english, "en"), (welsh, "cy")):
        ack = phone.emit("answer", step_id=open_poll, value=["over-a-year"], id="a1")
        assert ack["error"]["message"] == ONE_OF_THE_OPTIONS[language]


@pytest.mark.parametrize("language", ["cy", "en"])
def test_a_question_that_is_not_text_is_refused_in_the_phones_language(
    app, console, language, join
):
    phone = join(console.session, language=language)
    ack = phone.emit("ask", id="q1", text=42)
    assert ack["error"] == {"code": "invalid_value", "message": QUESTION_TEXT[language]}


def test_a_too_long_question_puts_its_limit_in_after_translating(app, console, join):
    ack = join(console.session, language="cy").emit("ask", id="q1", text="x" * 5000)
    assert ack["error"]["code"] == "invalid_value"
    too_long = f"Mae’ch cwestiwn yn rhy hir: cadwch ef at {MAX_QUESTION} nod."
    assert ack["error"]["message"] == too_long


@pytest.mark.parametrize("language", ["cy", "en"])
def test_a_payload_that_is_not_an_object_is_told_its_shape_in_the_phones_language(
    app, console, language, join
):
    ack = join(console.session, language=language).emit("answer", "over-a-year")
    assert ack["error"] == {"code": "bad_request", "message": ANSWER_SHAPE[language]}


def test_a_missing_field_is_told_with_the_shape_translated_inside(app, console, join):
    ack = join(console.session, language="cy").emit("answer", {"value": 1, "id": "a1"})
    assert ack["error"]["code"] == "bad_request"
    assert ack["error"]["message"].endswith(ANSWER_SHAPE["cy"])
    assert ack["error"]["message"].startswith("Anfonwch step_id: ")


@pytest.mark.parametrize(("staff", "expected"), [("cy", "Dewiswch rif cyfan o"), ("en", "Choose")])
def test_the_console_answering_for_someone_without_a_phone_is_told_in_the_staffs_language(
    app, console, staff, expected
):
    physio = console_in(app, console, staff=staff, phone="pl")
    added = physio.emit("add_person", name="M. K.")
    assert added["ok"], added
    ack = physio.emit(
        "answer_for",
        {
            "participant_id": added["participant_id"],
            "step_id": "confidence-before",
            "value": 99,
            "id": "k-1",
        },
    )
    assert ack["error"]["code"] == "invalid_value"
    assert ack["error"]["message"].startswith(expected), ack
