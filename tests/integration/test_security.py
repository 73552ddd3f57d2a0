"""Who may do what, cross-site protections, limits and headers."""

from __future__ import annotations

import re

import pytest

from app import create_app, realtime_of
from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD, csrf_token


def test_a_wildcard_origin_setting_is_refused(tmp_path):
    with pytest.raises(ValueError, match="not allowed"):
        create_app({"DATABASE": str(tmp_path / "t.db"), "SECRET_KEY": "x", "ALLOWED_ORIGINS": "*"})


def test_pages_carry_strict_headers(app):
    response = app.test_client().get("/join")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "connect-src 'self' ws://localhost" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_https_adds_hsts_and_secure_cookies(tmp_path):
    app = create_app(
        {
            "DATABASE": str(tmp_path / "t.db"),
            "SECRET_KEY": "x",
            "PUBLIC_URL": "https://talkback.example.nhs.uk",
        }
    )
    response = app.test_client().get("/join", base_url="https://talkback.example.nhs.uk")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "wss://talkback.example.nhs.uk" in response.headers["Content-Security-Policy"]
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    realtime_of(app).store.close()


def test_screen_may_be_embedded_only_where_configured(tmp_path, console):
    app = console.app
    key = console.session["screen_key"]
    assert (
        "frame-ancestors 'none'"
        in app.test_client().get(f"/screen/{key}").headers["Content-Security-Policy"]
    )
    app.config["SCREEN_FRAME_ANCESTORS"] = "https://intranet.example.nhs.uk"
    response = app.test_client().get(f"/screen/{key}")
    assert (
        "frame-ancestors https://intranet.example.nhs.uk"
        in response.headers["Content-Security-Policy"]
    )
    assert "X-Frame-Options" not in response.headers


def test_an_event_flood_gets_errors_then_a_disconnect(console, join):
    phone = join(console.session)
    codes = [phone.emit("snapshot").get("error", {}).get("code") for _ in range(20)]
    assert codes.count("rate_limited") == 0
    flood = []
    for _ in range(60):
        if not phone.connected:
            break
        flood.append(phone.emit("snapshot"))
    refused = [a for a in flood if a and a.get("error", {}).get("code") == "rate_limited"]
    assert refused
    assert not phone.connected


def test_join_code_guessing_is_cut_off_but_a_room_still_gets_in(app, console):
    http = app.test_client()
    statuses = [
        http.post("/api/join", json={"code": f"{n:06d}"}).status_code
        for n in range(1, 25)
        if f"{n:06d}" != console.session["code"]
    ]
    assert statuses[:20] == [404] * 20
    assert statuses[-1] == 429
    blocked = http.post("/api/join", json={"code": console.session["code"]})
    assert blocked.status_code == 429
    assert "wait" in blocked.get_json()["error"]["message"]


def test_thirty_phones_on_one_address_all_get_in(app, console):
    http = app.test_client()
    for _ in range(30):
        assert http.post("/api/join", json={"code": console.session["code"]}).status_code == 201


def test_sign_in_attempts_are_limited_with_a_clear_message(app, store):
    store.accounts.create_user("physio", hash_password(FACILITATOR_PASSWORD), "facilitator")
    http = app.test_client()
    token = csrf_token(http.get("/signin").get_data(as_text=True))
    form = {"username": "physio", "password": "wrong guess", "csrf_token": token}
    statuses = [http.post("/signin", data=form).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    right = http.post("/signin", data={**form, "password": FACILITATOR_PASSWORD})
    assert right.status_code == 429
    assert "Too many failed sign-ins" in right.get_data(as_text=True)


def test_revoked_and_expired_tokens_stop_working(app, store):
    store.accounts.create_user("api", hash_password(FACILITATOR_PASSWORD), "facilitator")
    user = store.accounts.user_by_name("api")
    live = store.accounts.create_api_token(user["id"], expires_at="2999-01-01T00:00:00+00:00")
    expired = store.accounts.create_api_token(user["id"], expires_at="2000-01-01T00:00:00+00:00")
    assert store.accounts.user_for_token(live)
    assert store.accounts.user_for_token(expired) is None
    assert store.accounts.revoke_api_tokens_of(user["id"]) == 2 - 1 + 1
    assert store.accounts.user_for_token(live) is None


def test_open_connections_are_dropped_when_their_token_is_revoked(app, store, console):
    user = store.accounts.user_by_name("physio")
    token = store.accounts.create_api_token(user["id"])
    socketio = realtime_of(app).socketio
    client = socketio.test_client(
        app, namespace="/facilitator", auth={"token": token, "session_id": console.session["id"]}
    )
    assert client.is_connected("/facilitator")
    namespace = socketio.server.namespace_handlers["/facilitator"]
    assert namespace.drop_invalid() == 0
    store.accounts.revoke_api_token(token)
    assert namespace.drop_invalid() == 1
    assert not client.is_connected("/facilitator")
    assert console.connected  # the cookie-signed-in console is untouched


def test_disabling_an_account_drops_its_consoles(app, store, console):
    namespace = realtime_of(app).socketio.server.namespace_handlers["/facilitator"]
    store.accounts.set_disabled(store.accounts.user_by_name("physio")["id"], True)
    assert namespace.drop_invalid() == 1
    assert not console.connected


def test_participant_cannot_see_the_console_page(app, console, join):
    phone = join(console.session)
    response = phone.http.get(f"/console/{console.session['id']}")
    assert response.status_code == 302  # sent to sign in


def test_participant_cannot_follow_another_session(app, start_session, join):
    first = start_session(username="one")
    second = start_session(username="two")
    phone = join(first.session)
    client = realtime_of(app).socketio.test_client(
        app,
        namespace="/participant",
        auth={"session_id": second.session["id"]},
        flask_test_client=phone.http,
    )
    assert not client.is_connected("/participant")
    assert phone.http.get(f"/s/{second.session['id']}").status_code == 302


def test_an_oversized_long_polling_post_is_refused_before_engineio_reads_it(app):
    http = app.test_client()
    handshake = http.get("/socket.io/?EIO=4&transport=polling")
    sid = handshake.get_data(as_text=True).split('"sid":"')[1].split('"')[0]
    too_big = b"4" + b"x" * app.config["MAX_MESSAGE_BYTES"]
    response = http.post(f"/socket.io/?EIO=4&transport=polling&sid={sid}", data=too_big)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    # engine.io never saw it: the session is still open and takes a small packet (a pong,
    # which answers at once where a poll would wait for the next ping).
    small = http.post(f"/socket.io/?EIO=4&transport=polling&sid={sid}", data=b"3")
    assert small.status_code == 200
    assert http.post("/socket.io/?EIO=4&transport=polling&sid=gone", data=b"3").status_code == 400


def test_a_long_polling_post_without_a_length_is_refused(app):
    response = app.test_client().post(
        "/socket.io/?EIO=4&transport=polling&sid=x", data=b"", headers={"Content-Length": "-1"}
    )
    assert response.status_code == 411


@pytest.mark.parametrize("length", ["²", "①", "٣"])
def test_a_long_polling_length_in_other_digits_is_refused(app, length):
    environ = {"CONTENT_LENGTH": length}
    response = app.test_client().post(
        "/socket.io/?EIO=4&transport=polling&sid=x", data=b"", environ_overrides=environ
    )
    assert response.status_code == 411


def test_scripts_and_styles_carry_only_the_headers_that_matter_for_them(app):
    """The page's policy covers what it loads; each of a phone's forty-odd scripts and styles
    carries nosniff, and nothing the browser would ignore there."""
    page = app.test_client().get("/join").get_data(as_text=True)
    script = re.search(r"/static/[0-9a-f]+/[\w/-]+\.js", page).group(0)
    response = app.test_client().get(script)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Disposition"):
        assert header not in response.headers, header
    assert "immutable" in response.headers["Cache-Control"]
