"""A carer or an interpreter on a second device, linked by the helper code on the person's
phone: the same person (one answer, the later replacing the earlier; one head), never anyone
else's answers or notebook; guessed codes refused and slowed; an ended class's code refused."""

from __future__ import annotations

import re

import pytest

from participant.rejoin_codes import ALPHABET, LENGTH
from server.guards import Guards
from tests.conftest import Person, csrf_token, scalar, tuples
from tests.integration.review_session import answer, goto


@pytest.fixture
def guards(app):
    guards = Guards({**app.config, "REJOIN_SLOWED_LIMIT": "1 per 1 second"})
    app.extensions["talkback.guards"] = guards
    return guards


def helper_code_of(phone) -> str:
    page = phone.http.get(f"/s/{phone.session['id']}").get_data(as_text=True)
    match = re.search(r'data-testid="helper-code">([A-Z0-9-]+)<', page)
    assert match, "the phone shows no helper code"
    return match.group(1)


def wrong_code(n: int) -> str:
    return "".join(ALPHABET[(n // len(ALPHABET) ** i) % len(ALPHABET)] for i in range(LENGTH))


def api_help(app, code, address="10.5.5.5"):
    http = app.test_client()
    http.environ_base["REMOTE_ADDR"] = address
    return http.post("/api/helping", json={"helper_code": code})


def link_helper(app, phone):
    """A second browser linked as the phone's helper through the page; its live connection."""
    tablet = app.test_client()
    form = csrf_token(tablet.get("/helping").get_data(as_text=True))
    typed = helper_code_of(phone).lower().replace("-", " ")  # as people type it
    response = tablet.post("/helping", data={"helper_code": typed, "csrf_token": form})
    assert response.status_code == 200, response.get_data(as_text=True)
    helper = Person(app, tablet, "/participant").connect({"session_id": phone.session["id"]})
    helper.page = response.get_data(as_text=True)
    return helper


def test_a_helper_is_the_same_person_on_a_second_device(app, store, console, join):
    ann = join(console.session, name="Ann")
    goto(console, "how-long")
    answer(ann, "how-long", "over-a-year", "a1")
    helper = link_helper(app, ann)

    assert "You are helping: <strong" in helper.page
    assert 'id="helping-note"' in helper.page
    assert 'data-testid="rejoin-code"' not in helper.page  # nobody's personal codes
    assert 'data-testid="helper-code"' not in helper.page
    me = helper.emit("snapshot")["snapshot"]
    assert (me["me"]["name"], me["me"]["responses"]) == ("Ann", {"how-long": "over-a-year"})
    assert me["step"]["id"] == "how-long"  # the same step as the person's phone
    # The person's own phone keeps working.
    assert ann.http.get(f"/s/{console.session['id']}").status_code == 200
    assert ann.emit("snapshot")["ok"]


def test_the_facilitators_count_does_not_double(app, store, console, join):
    ann = join(console.session, name="Ann")
    join(console.session, name="Bob")
    helper = link_helper(app, ann)
    assert helper.connected
    assert ann.connected
    assert store.participants.count(console.session["id"]) == 2
    assert len(store.room.connected(console.session["id"])) == 2
    assert console.emit("snapshot")["snapshot"]["participant_count"] == 2


def test_the_helpers_answer_replaces_the_persons_while_answers_are_open(app, store, console, join):
    ann = join(console.session, name="Ann")
    helper = link_helper(app, ann)
    goto(console, "how-long")
    answer(ann, "how-long", "over-a-year", "from-phone")
    answer(helper, "how-long", "under-6-weeks", "from-helper")
    assert store.responses.values(console.session["id"], "how-long") == ["under-6-weeks"]
    results = console.emit("step_results", step_id="how-long")["results"]
    assert results["total"] == 1
    assert results["counts"]["under-6-weeks"] == 1
    answer(ann, "how-long", "comes-and-goes", "phone-again")  # and the other way round
    assert store.responses.values(console.session["id"], "how-long") == ["comes-and-goes"]
    assert ann.emit("snapshot")["snapshot"]["me"]["responses"] == {"how-long": "comes-and-goes"}


def test_a_linked_helper_sees_only_that_persons_notebook(app, store, console, join):
    ann, bob = join(console.session, name="Ann"), join(console.session, name="Bob")
    helper = link_helper(app, ann)
    goto(console, "reflect")
    answer(ann, "reflect", {"remember": "Ann keeps moving"}, "r-a")
    answer(bob, "reflect", {"remember": "Bob's private thought"}, "r-b")
    snapshot = helper.emit("snapshot")["snapshot"]
    assert "Bob's private thought" not in str(snapshot)
    ack = helper.emit("keep_notebook")
    assert ack["ok"], ack
    page = app.test_client().get(ack["url"].removeprefix("http://localhost"))
    html = page.get_data(as_text=True)
    assert "Ann keeps moving" in html
    assert "Bob's private thought" not in html
    assert "Bob" not in html


def test_the_api_links_a_helper_without_giving_out_personal_codes(app, store, console, join):
    ann = join(console.session, name="Ann")
    response = api_help(app, helper_code_of(ann))
    assert response.status_code == 200
    body = response.get_json()
    assert body == {
        "participant_token": body["participant_token"],
        "session_id": console.session["id"],
        "name": "Ann",
        "helping": True,
    }
    helper = Person(app, app.test_client(), "/participant").connect(
        {"token": body["participant_token"]}
    )
    assert helper.emit("snapshot")["snapshot"]["me"]["name"] == "Ann"


def test_a_guessed_helper_code_is_refused_then_slowed(app, guards, console, join):
    ann = join(console.session, name="Ann")
    code = helper_code_of(ann)
    limit = int(app.config["REJOIN_WRONG_CODE_LIMIT"].split()[0])
    refused = [api_help(app, wrong_code(n)) for n in range(limit)]
    assert [r.status_code for r in refused] == [404] * limit
    assert refused[0].get_json()["error"]["code"] == "unknown_helper_code"
    assert api_help(app, wrong_code(limit)).status_code == 404  # its one turn
    slowed = api_help(app, code)
    assert slowed.status_code == 429
    assert slowed.get_json()["error"]["code"] == "rate_limited"
    assert api_help(app, code, address="10.6.6.6").status_code == 200  # not locked out
    guards.rejoin_guesses.slowed.clear("10.5.5.5")
    assert api_help(app, code).status_code == 200


def test_the_rejoin_code_is_not_a_helper_code(app, console, join):
    ann = join(console.session, name="Ann")
    page = ann.http.get(f"/s/{console.session['id']}").get_data(as_text=True)
    rejoin = re.search(r'data-testid="rejoin-code">([A-Z0-9-]+)<', page).group(1)
    assert rejoin != helper_code_of(ann)
    assert api_help(app, rejoin).status_code == 404


def test_the_helper_code_of_an_ended_class_is_refused(app, store, console, join):
    ann = join(console.session, name="Ann")
    code = helper_code_of(ann)
    assert console.emit("end")["ok"]
    response = api_help(app, code)
    assert response.status_code == 410
    assert response.get_json()["error"]["code"] == "session_ended"
    tablet = app.test_client()
    form = csrf_token(tablet.get("/helping").get_data(as_text=True))
    page = tablet.post("/helping", data={"helper_code": code, "csrf_token": form})
    assert page.status_code == 410
    assert "has ended" in page.get_data(as_text=True)
    assert scalar(store, "SELECT count(*) FROM helper_tokens") == 0


@pytest.mark.parametrize("body", [{"helper_code": "ABC"}, {"helper_code": 12}, {}, ["x"]])
def test_a_malformed_helper_code_is_a_clear_bad_request(app, store, body):
    response = app.test_client().post("/api/helping", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    assert scalar(store, "SELECT count(*) FROM helper_tokens") == 0


def test_a_wrong_code_on_the_page_says_so_and_links_nothing(app, store, console, join):
    join(console.session, name="Ann")
    tablet = app.test_client()
    form = csrf_token(tablet.get("/helping").get_data(as_text=True))
    page = tablet.post("/helping", data={"helper_code": wrong_code(3), "csrf_token": form})
    assert page.status_code == 404
    assert 'id="helper-error"' in page.get_data(as_text=True)
    assert tablet.get(f"/s/{console.session['id']}").status_code == 302  # not in the class


def test_deleting_the_persons_data_ends_their_helpers_link(app, store, console, join):
    ann = join(console.session, name="Ann")
    helper = link_helper(app, ann)
    (participant_id,) = tuples(
        store, "SELECT id FROM participants WHERE session_id = ?", (console.session["id"],)
    )[0]
    helper.sock.disconnect(namespace="/participant")
    store.participants.delete(participant_id)
    assert scalar(store, "SELECT count(*) FROM helper_tokens") == 0
    assert helper.http.get(f"/s/{console.session['id']}").status_code == 302


def test_only_a_digest_of_the_helper_code_is_stored(store, console, join):
    ann = join(console.session, name="Ann")
    code = helper_code_of(ann)
    (row,) = tuples(
        store, "SELECT * FROM participants WHERE session_id = ?", (console.session["id"],)
    )
    assert code.replace("-", "") not in " ".join(str(v) for v in row)


def test_someone_who_joined_before_helper_codes_gets_one_when_their_page_is_drawn(
    app, store, console, join
):
    ann = join(console.session, name="Ann")
    with store.database.write() as db:
        db.execute("UPDATE participants SET helper_digest = NULL")
    code = helper_code_of(ann)  # the page is drawn again
    assert api_help(app, code).status_code == 200


def test_an_answer_from_one_device_reaches_the_other_and_a_lone_phone_hears_nothing_more(
    app, console, join
):
    ann, bob = join(console.session, name="Ann"), join(console.session, name="Bob")
    goto(console, "how-long")
    ann.received(), bob.received()
    answer(bob, "how-long", "over-a-year", "b1")
    assert bob.received("snapshot") == []  # one device: nothing sent back but the ack
    helper = link_helper(app, ann)
    ann.received()
    answer(helper, "how-long", "comes-and-goes", "h1")
    mine = [s for s in ann.received("snapshot") if "me" in s]
    assert mine, "Ann's own phone was not told of the helper's answer"
    assert mine[-1]["me"]["responses"]["how-long"] == "comes-and-goes"
    assert all("how-long" not in s.get("me", {}).get("responses", {}) for s in bob.received())
    helper.received()
    answer(ann, "how-long", "over-a-year", "a2")
    theirs = [s for s in helper.received("snapshot") if "me" in s]
    assert theirs[-1]["me"]["responses"]["how-long"] == "over-a-year"
