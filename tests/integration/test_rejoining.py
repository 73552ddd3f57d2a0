"""Coming back is being the same person: the same browser opening the join link again, and a
new device with the personal rejoin code. Guessed codes are refused and slowed; a code of an
ended class is refused; head counts count people."""

from __future__ import annotations

import re

import pytest

from participant.rejoin_codes import ALPHABET, LENGTH
from server.guards import Guards
from tests.conftest import Person, csrf_token, tuples
from tests.integration.review_session import answer, goto

TURN = "1 per 1 second"


@pytest.fixture
def guards(app):
    """The app's limits with a one-second turn for slowed rejoin codes."""
    guards = Guards({**app.config, "REJOIN_SLOWED_LIMIT": TURN})
    app.extensions["talkback.guards"] = guards
    return guards


def shown_code(page: str) -> str:
    match = re.search(r'data-testid="rejoin-code">([A-Z0-9-]+)<', page)
    assert match, "the page shows no rejoin code"
    return match.group(1)


def api_rejoin(app, code, address="10.2.2.2"):
    http = app.test_client()
    http.environ_base["REMOTE_ADDR"] = address
    return http.post("/api/rejoin", json={"rejoin_code": code})


def wrong_code(n: int) -> str:
    """A well-formed rejoin code nobody has (the chance one matches is about 10**-14)."""
    letters = [ALPHABET[(n // len(ALPHABET) ** i) % len(ALPHABET)] for i in range(LENGTH)]
    return "".join(letters)


def count_of(store, session_id):
    return store.participants.count(session_id)


def test_the_join_link_again_in_the_same_browser_is_the_same_person(app, store, console, join):
    ann = join(console.session, name="Ann")
    goto(console, "how-long")
    answer(ann, "how-long", "over-a-year", "a1")
    code = console.session["code"]

    again = ann.http.get(f"/join?code={code}")  # the QR code scanned again
    assert again.status_code == 302
    assert again.location.endswith(f"/s/{console.session['id']}")
    form = csrf_token(ann.http.get("/join").get_data(as_text=True))
    typed = ann.http.post("/join", data={"code": code, "name": "Annie", "csrf_token": form})
    assert typed.status_code == 200

    assert count_of(store, console.session["id"]) == 1
    back = Person(app, ann.http, "/participant").connect({"session_id": console.session["id"]})
    me = back.emit("snapshot")["snapshot"]["me"]
    assert me["name"] == "Ann"
    assert me["responses"] == {"how-long": "over-a-year"}
    assert console.emit("snapshot")["snapshot"]["participant_count"] == 1
    # Two connections of one person (both tabs open) are one person connected.
    assert ann.connected
    assert back.connected
    assert len(store.room.connected(console.session["id"])) == 1


def test_another_browser_with_the_code_is_still_a_new_person(store, console, join):
    join(console.session, name="Ann")
    join(console.session, name="Bob")
    assert count_of(store, console.session["id"]) == 2
    assert len(store.room.connected(console.session["id"])) == 2


def test_a_new_device_comes_back_as_the_same_person_with_the_rejoin_code(app, store, console, join):
    ann = join(console.session, name="Ann")
    goto(console, "how-long")
    answer(ann, "how-long", "over-a-year", "a1")
    page = ann.http.get(f"/s/{console.session['id']}").get_data(as_text=True)
    code = shown_code(page)
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)

    tablet = app.test_client()
    form = csrf_token(tablet.get("/rejoin").get_data(as_text=True))
    typed = code.lower().replace("-", " ")  # as people type it
    response = tablet.post("/rejoin", data={"rejoin_code": typed, "csrf_token": form})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert shown_code(response.get_data(as_text=True)) == code

    assert count_of(store, console.session["id"]) == 1
    back = Person(app, tablet, "/participant").connect({"session_id": console.session["id"]})
    me = back.emit("snapshot")["snapshot"]["me"]
    assert (me["name"], me["responses"]) == ("Ann", {"how-long": "over-a-year"})
    # One person, one identity: the first phone's token no longer opens the class.
    assert ann.http.get(f"/s/{console.session['id']}").status_code == 302


def test_the_api_rejoins_with_the_code_and_gives_it_back(app, console, join):
    joined = app.test_client().post("/api/join", json={"code": console.session["code"]})
    body = joined.get_json()
    response = api_rejoin(app, body["rejoin_code"])
    assert response.status_code == 200
    again = response.get_json()
    assert again["session_id"] == body["session_id"]
    assert again["rejoin_code"] == body["rejoin_code"]
    assert again["participant_token"] != body["participant_token"]


def test_the_notebook_shows_the_rejoin_code_only_while_the_class_runs(app, store, console, join):
    ann = join(console.session, name="Ann")
    code = shown_code(ann.http.get(f"/s/{console.session['id']}").get_data(as_text=True))
    (participant_id,) = tuples(
        store, "SELECT id FROM participants WHERE session_id = ?", (console.session["id"],)
    )[0]
    key = store.participants.notebook_key(participant_id)
    assert shown_code(app.test_client().get(f"/notebook/{key}").get_data(as_text=True)) == code
    assert console.emit("end")["ok"]
    page = app.test_client().get(f"/notebook/{key}").get_data(as_text=True)
    assert code not in page


@pytest.mark.parametrize(
    "body",
    [
        {"rejoin_code": ""},
        {"rejoin_code": "ABCDE"},
        {"rejoin_code": "ABCDE-FGHJK-M"},
        {"rejoin_code": "ABCDE-FGHJ0"},  # 0 is not in the alphabet
        {"rejoin_code": 1234567890},
        {"rejoin_code": None},
        {},
    ],
)
def test_a_malformed_rejoin_code_is_a_clear_bad_request(app, store, console, join, body):
    join(console.session, name="Ann")
    response = app.test_client().post("/api/rejoin", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert "10 letters and numbers" in response.get_json()["error"]["message"]
    assert count_of(store, console.session["id"]) == 1


def test_a_rejoin_body_that_is_not_an_object_is_refused(app):
    response = app.test_client().post("/api/rejoin", json=["ABCDE-FGHJK"])
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_the_rejoin_form_says_what_is_wrong_and_changes_nothing(app, store, console, join):
    ann = join(console.session, name="Ann")
    tablet = app.test_client()
    form = csrf_token(tablet.get("/rejoin").get_data(as_text=True))
    response = tablet.post("/rejoin", data={"rejoin_code": wrong_code(1), "csrf_token": form})
    assert response.status_code == 404
    assert "does not match anyone" in response.get_data(as_text=True)
    assert 'id="rejoin-error"' in response.get_data(as_text=True)
    assert ann.http.get(f"/s/{console.session['id']}").status_code == 200  # Ann still herself
    assert count_of(store, console.session["id"]) == 1


def test_guessed_rejoin_codes_are_refused_then_slowed_not_locked(app, guards, console, join):
    ann = join(console.session, name="Ann")
    code = shown_code(ann.http.get(f"/s/{console.session['id']}").get_data(as_text=True))
    limit = int(app.config["REJOIN_WRONG_CODE_LIMIT"].split()[0])
    statuses = [api_rejoin(app, wrong_code(n)).status_code for n in range(limit)]
    assert statuses == [404] * limit
    # Past the limit, one code per turn: the next is looked up, the one straight after waits.
    assert api_rejoin(app, wrong_code(limit)).status_code == 404
    slowed = api_rejoin(app, code)
    assert slowed.status_code == 429
    assert slowed.get_json()["error"]["code"] == "rate_limited"
    assert "Please wait" in slowed.get_json()["error"]["message"]
    # Another address is not slowed; this one gets its turn back after a second.
    assert api_rejoin(app, wrong_code(999), address="10.3.3.3").status_code == 404
    guards.rejoin_guesses.slowed.clear("10.2.2.2")
    assert api_rejoin(app, code).status_code == 200


def test_guesses_from_everywhere_slow_every_address(app, guards, console, join):
    ann = join(console.session, name="Ann")
    code = shown_code(ann.http.get(f"/s/{console.session['id']}").get_data(as_text=True))
    limit = int(app.config["REJOIN_WRONG_CODE_GLOBAL_LIMIT"].split()[0])
    for n in range(limit):
        assert api_rejoin(app, wrong_code(n), address=f"10.9.{n // 250}.{n % 250}").status_code
    api_rejoin(app, wrong_code(limit), address="10.4.4.4")  # takes this address's turn
    assert api_rejoin(app, code, address="10.4.4.4").status_code == 429


def test_the_rejoin_code_of_an_ended_class_is_refused(app, store, console, join):
    ann = join(console.session, name="Ann")
    code = shown_code(ann.http.get(f"/s/{console.session['id']}").get_data(as_text=True))
    assert console.emit("end")["ok"]
    response = api_rejoin(app, code)
    assert response.status_code == 410
    assert response.get_json()["error"]["code"] == "session_ended"
    tablet = app.test_client()
    form = csrf_token(tablet.get("/rejoin").get_data(as_text=True))
    page = tablet.post("/rejoin", data={"rejoin_code": code, "csrf_token": form})
    assert page.status_code == 410
    assert "has ended" in page.get_data(as_text=True)


def test_the_join_link_of_an_ended_class_does_not_bring_the_browser_back(console, join):
    ann = join(console.session, name="Ann")
    assert console.emit("end")["ok"]
    page = ann.http.get(f"/join?code={console.session['code']}")
    assert page.status_code == 200  # the join form, not a way back into the ended class


def test_only_a_digest_of_the_rejoin_code_is_stored(app, store, console, join):
    ann = join(console.session, name="Ann")
    code = shown_code(ann.http.get(f"/s/{console.session['id']}").get_data(as_text=True))
    (row,) = tuples(
        store, "SELECT * FROM participants WHERE session_id = ?", (console.session["id"],)
    )
    stored = " ".join(str(value) for value in row)
    assert code.replace("-", "") not in stored
    assert code not in stored
