"""The server's own words reach each person in their language: a refused answer in the phone's,
a refused console command in the staff's (never the phone's), a wrong join code, a refused
sign-in and the error page's reason in the page's. The code stays English for programs."""

from __future__ import annotations

import pytest

from server.languages import COOKIE, STAFF_COOKIE
from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD, Person, csrf_token

CLOSED_CY = "Mae’r atebion i’r cwestiwn hwn ar gau."
CLOSED_EN = "Answers for this question are closed."


def console_in(app, console, *, staff: str | None = None, phone: str | None = None):
    """Another console connection of the same signed-in physio, its cookies set first (the
    handshake carries them)."""
    if staff:
        console.http.set_cookie(STAFF_COOKIE, staff)
    if phone:
        console.http.set_cookie(COOKIE, phone)
    return Person(app, console.http, "/facilitator").connect({"session_id": console.session["id"]})


@pytest.fixture
def closed_poll(console):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of("how-long"), force=True)["ok"]
    assert console.emit("close")["ok"]
    return "how-long"


def answer(phone, step_id):
    return phone.emit("answer", step_id=step_id, value="over-a-year", id="a1")


def test_a_welsh_phone_is_told_in_welsh_that_answers_are_closed(app, console, closed_poll, join):
    welsh = join(console.session, language="cy")
    ack = answer(welsh, closed_poll)
    assert ack == {"ok": False, "error": {"code": "closed", "message": CLOSED_CY}}


def test_an_english_phone_beside_it_is_told_in_english(app, console, closed_poll, join):
    welsh, english = join(console.session, language="cy"), join(console.session)
    assert answer(welsh, closed_poll)["error"]["message"] == CLOSED_CY
    assert answer(english, closed_poll)["error"] == {"code": "closed", "message": CLOSED_EN}
    assert answer(welsh, closed_poll)["error"]["message"] == CLOSED_CY  # nothing carried over


def test_a_phone_follows_its_browsers_language_until_it_chooses(app, console, closed_poll, join):
    browser = join(console.session, accept="cy-GB,en;q=0.5")
    assert answer(browser, closed_poll)["error"]["message"] == CLOSED_CY
    chose = join(console.session, language="en", accept="cy-GB,en;q=0.5")
    assert answer(chose, closed_poll)["error"]["message"] == CLOSED_EN


def test_a_welsh_phone_gets_a_refusal_with_its_value_put_in_after(app, console, join):
    welsh = join(console.session, language="cy")
    ack = welsh.emit("answer", step_id="nope", value=1, id="a1")
    assert ack["error"] == {
        "code": "unknown_step",
        "message": "Does dim cwestiwn o’r fath yn y sesiwn hon.",
    }
    ack = welsh.emit("answer", step_id="how-long", value=1, id=7)
    assert ack["error"]["code"] == "bad_request"
    assert ack["error"]["message"] == "Rhaid i id fod yn testun o 1 i 64 nod."


def test_the_console_in_welsh_is_refused_in_welsh(app, console):
    welsh = console_in(app, console, staff="cy")
    ack = welsh.emit("back")
    assert ack == {"ok": False, "error": {"code": "at_start", "message": "Dyma ddechrau’r sesiwn."}}
    ack = welsh.emit("goto", index=99)
    assert ack["error"] == {"code": "unknown_step", "message": "Does dim cam 100 yn y dec hwn."}


def test_the_console_follows_the_staffs_choice_never_the_phones(app, console):
    english = console_in(app, console, staff="en", phone="cy")
    assert english.emit("back")["error"]["message"] == "This is the start of the session."
    assert console.emit("back")["error"]["message"] == "This is the start of the session."


def test_a_welsh_moderator_is_told_its_role_and_the_command_in_welsh(app, console, sign_in, store):
    helper = sign_in("helper")
    store.session_roles.invite(
        console.session["id"],
        store.accounts.user_by_name("helper")["id"],
        "moderator",
        by={"id": None, "username": "physio"},
        username="helper",
    )
    helper.set_cookie(STAFF_COOKIE, "cy")
    moderator = Person(app, helper, "/facilitator").connect({"session_id": console.session["id"]})
    ack = moderator.emit("next")
    assert ack["error"] == {
        "code": "not_allowed",
        "message": "Fel cymedrolwr y sesiwn hon ni allwch symud yr ystafell ymlaen. "
        "Gofynnwch i’r hwylusydd wneud hynny.",
    }


def test_a_wrong_join_code_is_explained_in_welsh(app):
    http = app.test_client()
    http.set_cookie(COOKIE, "cy")
    page = http.get("/join").text
    refused = http.post(
        "/join", data={"code": "000000", "name": "", "csrf_token": csrf_token(page)}
    )
    assert refused.status_code == 404
    assert "Does dim dosbarth gyda’r cod hwnnw ar hyn o bryd. Gwiriwch y sgrin." in refused.text
    short = http.post("/join", data={"code": "12", "name": "", "csrf_token": csrf_token(page)})
    assert "Y cod yw’r 6 rhif ar y sgrin." in short.text


def test_a_wrong_join_code_stays_english_for_an_english_phone(app):
    http = app.test_client()
    page = http.get("/join").text
    refused = http.post(
        "/join", data={"code": "000000", "name": "", "csrf_token": csrf_token(page)}
    )
    assert "There is no class with that code just now. Check the screen." in refused.text


def test_the_join_api_answers_in_the_askers_language_with_the_code_in_english(app):
    http = app.test_client()
    http.set_cookie(COOKIE, "cy")
    answer = http.post("/api/join", json={"code": "000000"})
    assert answer.status_code == 404
    assert answer.json["error"]["code"] == "unknown_code"
    assert answer.json["error"]["message"].startswith("Does dim dosbarth")


def test_a_refused_sign_in_is_explained_in_welsh(app, store):
    store.accounts.create_user("physio", hash_password(FACILITATOR_PASSWORD), "facilitator")
    http = app.test_client()
    http.set_cookie(STAFF_COOKIE, "cy")
    page = http.get("/signin").text
    refused = http.post(
        "/signin",
        data={"username": "physio", "password": "wrong", "csrf_token": csrf_token(page)},
    )
    assert refused.status_code == 401
    assert (
        "Dydy’r enw defnyddiwr a’r cyfrinair hwnnw ddim yn cyfateb. Gwiriwch nhw a rhowch gynnig"
        " arall arni." in refused.text
    )


def test_the_error_page_gives_its_reason_in_the_phones_language(app):
    http = app.test_client()
    http.set_cookie(COOKIE, "cy")
    page = http.get("/no-such-page")
    assert page.status_code == 404
    assert "Does dim tudalen yma. Gwiriwch y ddolen" in page.text
    assert "There is no page here" in app.test_client().get("/no-such-page").text


def test_a_staff_notice_is_flashed_in_the_staffs_language(console):
    console.http.set_cookie(STAFF_COOKIE, "cy")
    page = console.http.get("/decks").text
    found = console.http.post("/decks/back-pain-1/duplicate", data={"csrf_token": csrf_token(page)})
    assert found.status_code == 302
    edited = console.http.get(found.headers["Location"]).text
    assert "Dyma’ch copi chi. Newidiwch ef fel y mynnwch" in edited
