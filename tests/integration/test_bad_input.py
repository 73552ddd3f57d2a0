"""Every bad input gets a clear error and changes nothing."""

from __future__ import annotations

import pytest

from tests.conftest import DECK_ID, scalar


@pytest.fixture
def on_poll(console, join):
    """A phone in a session that is on the single-choice poll."""
    phone = join(console.session)
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of("how-long"), force=True)["ok"]
    return phone


def stored(console):
    store = console.app.extensions["talkback"].store
    return scalar(store, "SELECT count(*) FROM responses")


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (None, "bad_request"),
        ("how-long", "bad_request"),
        ([1, 2], "bad_request"),
        ({}, "bad_request"),
        ({"step_id": "how-long", "id": "a"}, "bad_request"),
        ({"step_id": 5, "value": "over-a-year", "id": "a"}, "bad_request"),
        ({"step_id": "how-long", "value": "over-a-year", "id": 7}, "bad_request"),
        ({"step_id": "how-long", "value": "over-a-year", "id": ""}, "bad_request"),
        ({"step_id": "how-long", "value": "over-a-year", "id": "x" * 65}, "bad_request"),
        ({"step_id": "nope", "value": "over-a-year", "id": "a"}, "unknown_step"),
        ({"step_id": "how-long", "value": "nope", "id": "a"}, "invalid_value"),
        ({"step_id": "how-long", "value": ["over-a-year"], "id": "a"}, "invalid_value"),
        ({"step_id": "how-long", "value": None, "id": "a"}, "invalid_value"),
        ({"step_id": "how-long", "value": "x" * 100_000, "id": "a"}, "invalid_value"),
        ({"step_id": "confidence-before", "value": 5, "id": "a"}, "not_current"),
        ({"step_id": "welcome", "value": 1, "id": "a"}, "no_responses"),
    ],
)
def test_bad_answers_are_refused_and_store_nothing(console, on_poll, payload, code):
    ack = on_poll.sock.emit("answer", payload, namespace="/participant", callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] == code
    assert ack["error"]["message"]
    assert stored(console) == 0


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1, 11, 5.5, "5", True, [5]])
def test_bad_scale_values_are_refused(console, join, value):
    phone = join(console.session)
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    console.emit("goto", index=deck.index_of("confidence-before"), force=True)
    ack = phone.emit("answer", step_id="confidence-before", value=value, id="a")
    assert ack["error"]["code"] == "invalid_value"
    assert stored(console) == 0


@pytest.mark.parametrize(
    "payload",
    [None, {}, {"index": "3"}, {"index": 2.0}, {"index": True}, {"index": 3, "force": "yes"}],
)
def test_bad_goto_payloads_are_refused(console, payload):
    ack = console.sock.emit("goto", payload, namespace="/facilitator", callback=True)
    assert ack["error"]["code"] == "bad_request"
    assert console.emit("snapshot")["snapshot"]["seq"] == 0


@pytest.mark.parametrize("event", ["timer", "question"])
@pytest.mark.parametrize("action", [["start"], {"start": 1}, 3, None])
def test_an_action_that_is_not_text_is_a_bad_request(console, event, action):
    ack = console.emit(event, {"action": action, "question_id": "q"})
    assert ack["error"]["code"] == "bad_request"
    assert console.emit("snapshot")["snapshot"]["seq"] == 0


@pytest.mark.parametrize("index", [-2, 999])
def test_goto_out_of_range_is_unknown_step(console, index):
    assert console.emit("goto", index=index)["error"]["code"] == "unknown_step"


def test_commands_that_cannot_apply_say_why(console):
    assert console.emit("back")["error"]["code"] == "at_start"
    assert console.emit("open")["error"]["code"] == "no_responses"
    console.emit("next")
    assert console.emit("reveal")["error"]["code"] == "no_responses"
    assert console.emit("snapshot")["snapshot"]["seq"] == 1


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "text",
        {"code": None},
        {"code": "12345"},
        {"code": "abcdef"},
        {"code": True},
        {"code": "123456", "name": 5},
        {"code": "123456", "name": "x" * 41},
    ],
)
def test_bad_join_requests_get_400(app, store, body):
    response = app.test_client().post("/api/join", json=body)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]
    assert scalar(store, "SELECT count(*) FROM participants") == 0


@pytest.mark.parametrize(
    "body",
    [None, [], {"username": "demo"}, {"username": 1, "password": "x"}],
)
def test_bad_token_requests_get_400(app, body):
    response = app.test_client().post("/api/tokens", json=body)
    assert response.status_code == 400


@pytest.mark.parametrize("body", [None, {}, {"deck_id": 5}, ["back-pain-1"]])
def test_bad_session_requests_get_400(app, store, sign_in, body):
    from sessions.passwords import hash_password

    store.accounts.create_user("api", hash_password("long enough pw"), "facilitator")
    token = (
        app.test_client()
        .post("/api/tokens", json={"username": "api", "password": "long enough pw"})
        .get_json()["token"]
    )
    response = app.test_client().post(
        "/api/sessions", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 400
    assert scalar(store, "SELECT count(*) FROM sessions") == 0


def test_forms_without_csrf_token_are_refused(app, store):
    from sessions.passwords import hash_password

    store.accounts.create_user("physio", hash_password("long enough pw"), "facilitator")
    response = app.test_client().post(
        "/signin", data={"username": "physio", "password": "long enough pw"}
    )
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)


def test_join_page_with_a_wrong_code_says_so(app):
    http = app.test_client()
    from tests.conftest import csrf_token

    token = csrf_token(http.get("/join").get_data(as_text=True))
    response = http.post("/join", data={"code": "000000", "csrf_token": token})
    assert response.status_code == 404
    assert "no class with that code" in response.get_data(as_text=True)


def test_reviewer_cannot_start_a_session(app, store, sign_in):
    http = sign_in("reviewer", role="reviewer")
    from tests.conftest import csrf_token

    token = csrf_token(http.get("/").get_data(as_text=True))
    response = http.post("/sessions", data={"deck_id": DECK_ID, "csrf_token": token})
    assert response.status_code == 403
