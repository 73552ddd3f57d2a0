"""Answering over HTTP, as a phone does while its live connection is still opening: the same
write as the `answer` event, refused with a clear error that stores nothing, and the same client
id sent over HTTP and again over the live connection stored and counted once."""

from __future__ import annotations

import json
import re

import pytest

from tests.integration.test_live_session import goto_step


def page_parts(person):
    """The class page's CSRF token and the snapshot drawn into it."""
    html = person.http.get(f"/s/{person.session['id']}").get_data(as_text=True)
    csrf = re.search(r'data-csrf="([^"]+)"', html)
    first = re.search(r'<script type="application/json" id="first-snapshot">(.*?)</script>', html)
    assert csrf, "the class page carries no CSRF token"
    assert first, "the class page carries no first snapshot"
    return csrf.group(1), json.loads(first.group(1))


def post_answer(person, body, *, csrf=None, headers=None):
    sent = dict(headers or {})
    if csrf:
        sent["X-CSRFToken"] = csrf
    return person.http.post("/api/answer", json=body, headers=sent)


def answer_body(person, **fields):
    return {"session_id": person.session["id"], "step_id": "how-long", "id": "h-1", **fields}


@pytest.fixture
def phone(console, join):
    phone = join(console.session)
    goto_step(console, "how-long")
    return phone


def test_the_class_page_carries_the_open_question_it_can_answer(phone):
    _, first = page_parts(phone)
    assert first["stage"] == "step"
    assert first["step"]["id"] == "how-long"
    assert first["open"] is True
    assert first["me"]["responses"] == {}
    assert "correct" not in json.dumps(first)  # the phone's own view, nothing more


def test_an_answer_over_http_is_stored_and_counted(console, phone, store, realtime):
    csrf, _ = page_parts(phone)
    console.received()
    response = post_answer(phone, answer_body(phone, value="over-a-year"), csrf=csrf)
    realtime.flush()
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["ok"] is True
    assert store.responses.values(console.session["id"], "how-long") == ["over-a-year"]
    assert console.last("results")["total"] == 1


def test_the_same_id_over_http_then_the_live_connection_is_stored_once(
    console, phone, store, realtime
):
    csrf, _ = page_parts(phone)
    body = answer_body(phone, value="over-a-year", id="both-ways")
    assert post_answer(phone, body, csrf=csrf).status_code == 200
    ack = phone.emit("answer", step_id="how-long", value="over-a-year", id="both-ways")
    again = post_answer(phone, body, csrf=csrf)
    realtime.flush()
    assert ack["ok"]
    assert again.status_code == 200
    assert store.responses.values(console.session["id"], "how-long") == ["over-a-year"]
    assert console.last("results")["total"] == 1


def test_the_live_connection_first_then_http_is_stored_once(console, phone, store):
    csrf, _ = page_parts(phone)
    assert phone.emit("answer", step_id="how-long", value="under-6-weeks", id="sock-1")["ok"]
    response = post_answer(phone, answer_body(phone, value="under-6-weeks", id="sock-1"), csrf=csrf)
    assert response.status_code == 200
    assert store.responses.values(console.session["id"], "how-long") == ["under-6-weeks"]


def test_the_same_id_with_another_value_is_a_conflict(console, phone, store):
    csrf, _ = page_parts(phone)
    assert phone.emit("answer", step_id="how-long", value="over-a-year", id="c-1")["ok"]
    response = post_answer(phone, answer_body(phone, value="under-6-weeks", id="c-1"), csrf=csrf)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"
    assert store.responses.values(console.session["id"], "how-long") == ["over-a-year"]


def test_a_closed_question_is_refused_and_nothing_stored(console, phone, store):
    csrf, _ = page_parts(phone)
    assert console.emit("close")["ok"]
    response = post_answer(phone, answer_body(phone, value="over-a-year"), csrf=csrf)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "closed"
    assert "closed" in error["message"].lower()
    assert store.responses.values(console.session["id"], "how-long") == []


def test_an_unknown_session_is_refused_and_nothing_stored(console, phone, store):
    csrf, _ = page_parts(phone)
    body = {**answer_body(phone, value="over-a-year"), "session_id": "no-such-session"}
    response = post_answer(phone, body, csrf=csrf)
    assert response.status_code == 401
    assert response.get_json()["error"] == {
        "code": "unauthorized",
        "message": "Please join the class with its code first.",
    }
    assert store.responses.values(console.session["id"], "how-long") == []


def test_another_browser_cannot_answer_for_this_phone(console, phone, store, app):
    stranger = app.test_client()
    response = stranger.post("/api/answer", json=answer_body(phone, value="over-a-year"))
    assert response.status_code == 401
    assert store.responses.values(console.session["id"], "how-long") == []


def test_the_cookie_alone_without_the_pages_csrf_token_is_refused(console, phone, store):
    response = post_answer(phone, answer_body(phone, value="over-a-year"))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf"
    assert store.responses.values(console.session["id"], "how-long") == []


@pytest.mark.parametrize(
    ("body", "status", "code", "says"),
    [
        ("not json", 400, "bad_request", "JSON object"),
        (["a", "list"], 400, "bad_request", "JSON object"),
        ({"step_id": "how-long", "value": "over-a-year"}, 400, "bad_request", "id"),
        ({"id": "x", "value": "over-a-year"}, 400, "bad_request", "step_id"),
        ({"step_id": "how-long", "id": "x", "value": "no-such-option"}, 422, "invalid_value", ""),
        ({"step_id": "welcome", "id": "x", "value": "over-a-year"}, 409, None, ""),
    ],
)
def test_a_bad_body_gets_a_clear_error_and_changes_nothing(
    console, phone, store, body, status, code, says
):
    csrf, _ = page_parts(phone)
    headers = {"X-CSRFToken": csrf}
    if isinstance(body, dict):
        response = post_answer(phone, {"session_id": phone.session["id"], **body}, csrf=csrf)
    elif isinstance(body, list):
        response = phone.http.post("/api/answer", json=body, headers=headers)
    else:
        headers["Content-Type"] = "application/json"
        response = phone.http.post("/api/answer", data=body, headers=headers)
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    if code:
        assert error["code"] == code
    assert says in error["message"]
    assert error["message"]
    assert store.responses.of_participant(participant_id(store, phone)) == {}


def test_a_script_answers_with_its_participant_token(console, app, store):
    joined = app.test_client().post("/api/join", json={"code": console.session["code"]})
    token = joined.get_json()["participant_token"]
    goto_step(console, "how-long")
    response = app.test_client().post(
        "/api/answer",
        json={"step_id": "how-long", "value": "over-a-year", "id": "t-1"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.get_json()
    assert store.responses.values(console.session["id"], "how-long") == ["over-a-year"]


def test_a_flood_of_answers_over_http_is_limited(console, phone, store, app):
    csrf, _ = page_parts(phone)
    codes = [
        post_answer(phone, answer_body(phone, value="over-a-year", id=f"f-{i}"), csrf=csrf)
        .get_json()
        .get("error", {})
        .get("code")
        for i in range(60)
    ]
    assert "rate_limited" in codes
    assert store.responses.values(console.session["id"], "how-long") == ["over-a-year"]


def participant_id(store, person):
    ids = store.participants.ids(person.session["id"])
    assert len(ids) == 1
    return ids[0]
