"""The JSON API that scripted clients use, and the identity rules on every namespace."""

from __future__ import annotations

import pytest

from app import realtime_of
from sessions.passwords import hash_password
from tests.conftest import DECK_ID, FACILITATOR_PASSWORD


@pytest.fixture
def token(app, store):
    store.accounts.create_user("api-user", hash_password(FACILITATOR_PASSWORD), "facilitator")
    response = app.test_client().post(
        "/api/tokens", json={"username": "api-user", "password": FACILITATOR_PASSWORD}
    )
    assert response.status_code == 201
    return response.get_json()["token"]


def auth(token):
    return {"Authorization": f"Bearer {token}"}


def test_bad_credentials_get_401(app, store):
    store.accounts.create_user("api-user", hash_password(FACILITATOR_PASSWORD), "facilitator")
    response = app.test_client().post(
        "/api/tokens", json={"username": "api-user", "password": "wrong password"}
    )
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "bad_credentials"


def test_decks_list_the_bundled_deck(app, token):
    response = app.test_client().get("/api/decks", headers=auth(token))
    assert response.status_code == 200
    decks = {d["id"]: d for d in response.get_json()}
    assert decks[DECK_ID]["steps"] > 10


def test_decks_need_a_token(app):
    assert app.test_client().get("/api/decks").status_code == 401
    bad = app.test_client().get("/api/decks", headers=auth("not-a-token"))
    assert bad.status_code == 401


def test_start_a_session_and_join_it(app, token, store):
    http = app.test_client()
    created = http.post("/api/sessions", json={"deck_id": DECK_ID}, headers=auth(token))
    assert created.status_code == 201
    body = created.get_json()
    assert set(body) == {"id", "code", "join_url", "screen_url"}
    assert len(body["code"]) == 6

    joined = http.post("/api/join", json={"code": f"{body['code'][:3]} {body['code'][3:]}"})
    assert joined.status_code == 201
    participant = joined.get_json()
    assert participant["session_id"] == body["id"]
    assert participant["name"]  # a friendly made-up one
    assert store.participants.count(body["id"]) == 1


def test_unknown_deck_is_404(app, token):
    response = app.test_client().post(
        "/api/sessions", json={"deck_id": "nope"}, headers=auth(token)
    )
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_deck"


def test_unknown_code_is_404(app):
    response = app.test_client().post("/api/join", json={"code": "000000"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "unknown_code"


def test_sockets_with_tokens_follow_the_session(app, token):
    http = app.test_client()
    body = http.post("/api/sessions", json={"deck_id": DECK_ID}, headers=auth(token)).get_json()
    ptoken = http.post("/api/join", json={"code": body["code"]}).get_json()["participant_token"]
    socketio = realtime_of(app).socketio
    console = socketio.test_client(
        app, namespace="/facilitator", auth={"token": token, "session_id": body["id"]}
    )
    phone = socketio.test_client(app, namespace="/participant", auth={"token": ptoken})
    assert console.is_connected("/facilitator")
    assert phone.is_connected("/participant")
    assert console.emit("next", namespace="/facilitator", callback=True)["ok"]
    snapshots = [m for m in phone.get_received("/participant") if m["name"] == "snapshot"]
    assert snapshots[-1]["args"][0]["step"]["id"] == "welcome"


@pytest.mark.parametrize(
    ("namespace", "auth_payload"),
    [
        ("/facilitator", None),
        ("/facilitator", {"token": "wrong", "session_id": "x"}),
        ("/participant", None),
        ("/participant", {"token": "wrong"}),
        ("/participant", {"session_id": "x"}),
        ("/screen", {"key": "wrong"}),
        ("/screen", {"key": 5}),
    ],
)
def test_connections_without_identity_are_refused(app, namespace, auth_payload):
    client = realtime_of(app).socketio.test_client(app, namespace=namespace, auth=auth_payload)
    assert not client.is_connected(namespace)


def test_participant_token_cannot_open_the_console(app, token):
    http = app.test_client()
    body = http.post("/api/sessions", json={"deck_id": DECK_ID}, headers=auth(token)).get_json()
    ptoken = http.post("/api/join", json={"code": body["code"]}).get_json()["participant_token"]
    client = realtime_of(app).socketio.test_client(
        app, namespace="/facilitator", auth={"token": ptoken, "session_id": body["id"]}
    )
    assert not client.is_connected("/facilitator")


def test_facilitator_cannot_run_someone_elses_session(start_session, sign_in, app):
    console = start_session(username="first")
    other = sign_in("second")
    client = realtime_of(app).socketio.test_client(
        app,
        namespace="/facilitator",
        auth={"session_id": console.session["id"]},
        flask_test_client=other,
    )
    assert not client.is_connected("/facilitator")
    assert other.get(f"/console/{console.session['id']}").status_code == 404


def test_participant_commands_do_nothing_on_the_participant_namespace(console, join):
    phone = join(console.session)
    phone.received()
    for command in ("next", "back", "open", "close", "reveal", "hide", "end"):
        phone.sock.emit(command, namespace="/participant", callback=True)
    assert console.emit("snapshot")["snapshot"]["seq"] == 0


def test_minting_tokens_stops_at_the_accounts_limit_with_a_clear_error(app, store):
    app.config["MAX_API_TOKENS"] = 3
    store.accounts.create_user("script", hash_password(FACILITATOR_PASSWORD), "facilitator")
    http = app.test_client()
    body = {"username": "script", "password": FACILITATOR_PASSWORD}
    statuses = [http.post("/api/tokens", json=body).status_code for _ in range(3)]
    assert statuses == [201] * 3
    refused = http.post("/api/tokens", json=body)
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert error["code"] == "too_many_tokens"
    assert "3 API tokens" in error["message"]
    user = store.accounts.user_by_name("script")
    assert store.accounts.revoke_api_tokens_of(user["id"]) == 3
    assert http.post("/api/tokens", json=body).status_code == 201
