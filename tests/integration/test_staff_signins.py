"""A staff cookie is only as good as the sign-in it names: signing out, a new password or a
disabled account ends every sign-in of that account, copies of the cookie included, and a
sign-in lasts PERMANENT_SESSION_LIFETIME from when it was made, however the site is used."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app import realtime_of
from tests.conftest import csrf_token

SIGNED_IN_PAGE = "/"


def copy_of(app, http):
    """Another browser holding a copy of this browser's cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", http.get_cookie("session").value)
    return thief


def is_signed_in(http) -> bool:
    response = http.get(SIGNED_IN_PAGE)
    return response.status_code == 200


def post_form(http, path, page, **data):
    token = csrf_token(http.get(page).get_data(as_text=True))
    return http.post(path, data={"csrf_token": token, **data})


def console_connects(app, http, session_id) -> bool:
    client = realtime_of(app).socketio.test_client(
        app, namespace="/facilitator", auth={"session_id": session_id}, flask_test_client=http
    )
    return client.is_connected("/facilitator")


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, sign_in, store):
    physio = sign_in("physio")
    row = store.sessions.create("back-pain-1", store.accounts.user_by_name("physio")["id"])
    copy = copy_of(app, physio)
    assert is_signed_in(copy)
    assert post_form(physio, "/signout", SIGNED_IN_PAGE).status_code == 302
    assert not is_signed_in(physio)
    assert not is_signed_in(copy)
    assert copy.get(SIGNED_IN_PAGE).headers["Location"].startswith("/signin")
    assert not console_connects(app, copy, row["id"])


def test_signing_out_ends_the_accounts_other_sign_ins_too(app, sign_in):
    office = sign_in("physio")
    ward = sign_in("physio")
    post_form(office, "/signout", SIGNED_IN_PAGE)
    assert not is_signed_in(ward)


def test_signing_out_leaves_other_accounts_signed_in(app, sign_in):
    physio = sign_in("physio")
    other = sign_in("nurse")
    post_form(physio, "/signout", SIGNED_IN_PAGE)
    assert is_signed_in(other)


def test_a_password_reset_ends_every_sign_in_and_open_console(app, sign_in, console):
    store = realtime_of(app).store
    copy = copy_of(app, console.http)
    admin = sign_in("ada", "admin")
    user_id = store.accounts.user_by_name("physio")["id"]
    response = post_form(
        admin,
        f"/admin/accounts/{user_id}/password",
        "/admin/accounts",
        password="a brand new password",
        password_again="a brand new password",
    )
    assert response.status_code == 302
    assert not is_signed_in(console.http)
    assert not is_signed_in(copy)
    assert not console_connects(app, copy, console.session["id"])
    namespace = realtime_of(app).socketio.server.namespace_handlers["/facilitator"]
    assert namespace.drop_invalid() == 1
    assert not console.connected
    assert is_signed_in(admin)


def test_a_refused_password_reset_keeps_the_sign_ins(app, sign_in, store):
    physio = sign_in("physio")
    admin = sign_in("ada", "admin")
    user_id = store.accounts.user_by_name("physio")["id"]
    response = post_form(
        admin,
        f"/admin/accounts/{user_id}/password",
        "/admin/accounts",
        password="short",
        password_again="short",
    )
    assert response.status_code == 400
    assert is_signed_in(physio)


def test_disabling_ends_every_sign_in_and_enabling_does_not_bring_them_back(app, sign_in, store):
    physio = sign_in("physio")
    copy = copy_of(app, physio)
    admin = sign_in("ada", "admin")
    user_id = store.accounts.user_by_name("physio")["id"]
    assert post_form(admin, f"/admin/accounts/{user_id}/disable", "/admin/accounts").status_code
    assert not is_signed_in(copy)
    post_form(admin, f"/admin/accounts/{user_id}/enable", "/admin/accounts")
    assert not is_signed_in(physio)
    assert not is_signed_in(copy)
    assert is_signed_in(sign_in("physio"))


def test_a_sign_in_lasts_from_when_it_was_made_whatever_is_written_later(
    app, sign_in, store, monkeypatch
):
    signed_in_at = datetime.now(UTC)

    def at(hours):
        moment = (signed_in_at + timedelta(hours=hours)).isoformat(timespec="seconds")
        monkeypatch.setattr(store.database, "now", lambda: moment)

    at(0)
    physio = sign_in("physio")
    row = store.sessions.create("back-pain-1", store.accounts.user_by_name("physio")["id"])
    at(11)
    # Joining a class in the same browser writes to the cookie, which used to renew it.
    page = physio.get(f"/join?code={row['code']}").get_data(as_text=True)
    joined = physio.post("/join", data={"code": row["code"], "csrf_token": csrf_token(page)})
    assert joined.status_code == 200
    assert is_signed_in(physio)
    at(12.1)
    assert not is_signed_in(physio)
    assert not console_connects(app, physio, row["id"])


def test_an_open_console_is_dropped_when_its_sign_in_runs_out(app, console, monkeypatch):
    store = realtime_of(app).store
    namespace = realtime_of(app).socketio.server.namespace_handlers["/facilitator"]
    assert namespace.drop_invalid() == 0
    later = (datetime.now(UTC) + timedelta(hours=13)).isoformat(timespec="seconds")
    monkeypatch.setattr(store.database, "now", lambda: later)
    assert namespace.drop_invalid() == 1
    assert not console.connected


def test_a_forged_or_missing_sign_in_is_refused(app, store):
    assert store.accounts.user_for_signin("not-a-real-token") is None
    assert not is_signed_in(app.test_client())
