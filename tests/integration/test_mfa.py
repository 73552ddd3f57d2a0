"""Two-step sign-in through the pages: setting it up, signing in with a code computed from
the secret the page shows, each code once, recovery codes once, the limits on wrong codes,
admins who must set it up first, the setting for everyone, an admin's reset, and the API."""

from __future__ import annotations

import time

import pyotp
import pytest

from app import create_app, realtime_of
from facilitator import mfa as mfa_pages
from sessions import mfa
from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD, csrf_token, scalar


@pytest.fixture
def app(database_setting):
    app = create_app(
        {
            "DATABASE": database_setting,
            "SECRET_KEY": "test-secret",
            "ASYNC_MODE": "threading",
            "RESULTS_INTERVAL": 0,
            "TESTING": True,
            "MFA_FAILURE_LIMIT": "3 per 15 minutes",
            "MFA_ADDRESS_FAILURE_LIMIT": "5 per 15 minutes",
        }
    )
    yield app
    realtime_of(app).store.close()


def password_step(app, store, username, role="facilitator"):
    """A fresh browser that got the password right; returns it and where it was sent."""
    if store.accounts.user_by_name(username) is None:
        store.accounts.create_user(username, hash_password(FACILITATOR_PASSWORD), role)
    http = app.test_client()
    token = csrf_token(http.get("/signin").get_data(as_text=True))
    response = http.post(
        "/signin",
        data={"username": username, "password": FACILITATOR_PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    return http, response.location


def enter(http, code, url="/signin/code"):
    token = csrf_token(http.get(url).get_data(as_text=True))
    return http.post(url, data={"code": code, "csrf_token": token})


def post(http, url, data=None, page="/"):
    token = csrf_token(http.get(page).get_data(as_text=True))
    return http.post(url, data={"csrf_token": token, **(data or {})})


def is_signed_in(http) -> bool:
    return http.get("/").status_code == 200


def signins(store) -> int:
    return scalar(store, "SELECT count(*) FROM staff_signins WHERE ended_at IS NULL")


def actions(store) -> list[str]:
    entries, _ = store.audit.entries(limit=100)
    return [e["action"] for e in entries]


def test_an_admin_sets_it_up_before_reaching_anything(app, store, authenticator):
    http, where = password_step(app, store, "ada", "admin")
    assert where.endswith("/signin/set-up")
    assert signins(store) == 0
    assert http.get("/").status_code == 302  # not signed in: nothing else is reachable
    assert http.get("/admin/accounts").status_code == 302
    page = http.get("/signin/set-up").get_data(as_text=True)
    assert "<svg" in page
    assert 'id="mfa-secret"' in page
    assert "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    wrong = enter(http, "000000", "/signin/set-up")
    assert wrong.status_code == 400
    assert "does not match" in wrong.get_data(as_text=True)
    assert signins(store) == 0
    assert not store.mfa.is_on(store.accounts.user_by_name("ada")["id"])

    html = authenticator.set_up(http, "ada")
    assert len(authenticator.recovery["ada"]) == 10
    assert "shown only now" in html
    assert is_signed_in(http)
    assert signins(store) == 1
    assert "mfa.enrol" in actions(store)
    stored = store.mfa.of(store.accounts.user_by_name("ada")["id"])
    assert authenticator.secrets["ada"] not in stored["secret"]  # sealed, not plain


def test_the_secret_on_the_page_stays_the_same_until_it_is_confirmed(app, store):
    http, _ = password_step(app, store, "ada", "admin")
    first = http.get("/signin/set-up").get_data(as_text=True)
    again = http.get("/signin/set-up").get_data(as_text=True)
    secret = first.split('id="mfa-secret">')[1].split("<")[0]
    assert secret in again


def test_a_code_signs_in_once_and_its_replay_is_refused(app, store, sign_in, authenticator):
    sign_in("ada", "admin")
    http, where = password_step(app, store, "ada")
    assert where.endswith("/signin/code")
    before = signins(store)
    step = mfa.time_step(time.time()) + 1
    code = pyotp.TOTP(authenticator.secrets["ada"]).generate_otp(step)
    assert enter(http, code).status_code == 302
    assert is_signed_in(http)
    assert signins(store) == before + 1

    thief, _ = password_step(app, store, "ada")
    replayed = enter(thief, code)
    assert replayed.status_code == 401
    assert "already been used" in replayed.get_data(as_text=True)
    assert not is_signed_in(thief)


def test_a_wrong_or_old_code_gets_its_own_message(app, store, sign_in, authenticator):
    sign_in("ada", "admin")
    http, _ = password_step(app, store, "ada")
    totp = pyotp.TOTP(authenticator.secrets["ada"])
    old = totp.generate_otp(mfa.time_step(time.time()) - 4)
    response = enter(http, old)
    assert response.status_code == 401
    assert "has expired" in response.get_data(as_text=True)
    response = enter(http, "12345")
    assert response.status_code == 400
    assert "6-digit code" in response.get_data(as_text=True)
    assert not is_signed_in(http)


def test_a_recovery_code_works_once_and_is_audited(app, store, sign_in, authenticator):
    sign_in("ada", "admin")
    code = authenticator.recovery["ada"][0]
    http, _ = password_step(app, store, "ada")
    response = enter(http, code.upper().replace("-", " "))
    assert response.status_code == 302
    home = http.get("/")
    assert home.status_code == 200
    assert "(9 left)" in home.get_data(as_text=True)
    assert "mfa.recovery_code" in actions(store)

    again, _ = password_step(app, store, "ada")
    response = enter(again, code)
    assert response.status_code == 401
    assert "already been used" in response.get_data(as_text=True)
    assert not is_signed_in(again)


def test_wrong_codes_are_limited_per_account(app, store, sign_in, authenticator):
    sign_in("ada", "admin")
    http, _ = password_step(app, store, "ada")
    for _ in range(3):
        assert enter(http, "000000").status_code == 401
    refused = enter(http, authenticator.next_code("ada"))  # even the right one, for now
    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.get_data(as_text=True)
    assert not is_signed_in(http)


def test_wrong_codes_are_limited_per_address_across_accounts(app, store, sign_in, authenticator):
    for name in ("ada", "bo", "cara"):
        sign_in(name, "admin")
    ada, _ = password_step(app, store, "ada")
    for _ in range(2):
        enter(ada, "000000")
    bo, _ = password_step(app, store, "bo")
    for _ in range(3):
        enter(bo, "000000")
    cara_again, _ = password_step(app, store, "cara")
    response = enter(cara_again, authenticator.next_code("cara"))
    assert response.status_code == 429  # this address has had its five wrong tries


def test_the_code_page_ends_when_it_takes_too_long(app, store, sign_in, authenticator, monkeypatch):
    sign_in("ada", "admin")
    http, _ = password_step(app, store, "ada")
    later = time.time() + mfa.PENDING_SECONDS + 5
    monkeypatch.setattr(mfa_pages.time, "time", lambda: later)
    response = enter(http, "123456")
    assert response.status_code == 400
    assert "took too long" in response.get_data(as_text=True)
    assert not is_signed_in(http)


def test_setting_it_up_may_take_longer_but_not_for_ever(app, store, monkeypatch):
    http, _ = password_step(app, store, "ada", "admin")
    start = time.time()
    monkeypatch.setattr(mfa_pages.time, "time", lambda: start + mfa.PENDING_SECONDS + 5)
    assert http.get("/signin/set-up").status_code == 200  # time to install an app
    monkeypatch.setattr(mfa_pages.time, "time", lambda: start + mfa.SET_UP_SECONDS + 5)
    response = http.get("/signin/set-up")
    assert response.status_code == 400
    assert "took too long" in response.get_data(as_text=True)


def test_the_code_page_without_a_password_step_says_start_again(app):
    http = app.test_client()
    response = http.get("/signin/code")
    assert response.status_code == 400
    assert "took too long" in response.get_data(as_text=True)
    assert app.test_client().get("/signin/set-up").status_code == 400


def test_a_new_password_or_a_disabled_account_ends_the_half_made_sign_in(
    app, store, sign_in, authenticator
):
    sign_in("ada", "admin")
    http, _ = password_step(app, store, "ada")
    user_id = store.accounts.user_by_name("ada")["id"]
    store.accounts.set_password(user_id, hash_password("another long password"))
    response = enter(http, authenticator.next_code("ada"))
    assert response.status_code == 400
    assert not is_signed_in(http)

    sign_in("bo", "admin")
    http, _ = password_step(app, store, "bo")
    store.accounts.set_disabled(store.accounts.user_by_name("bo")["id"], True)
    assert enter(http, authenticator.next_code("bo")).status_code == 400


def test_a_reset_while_the_code_page_is_open_sends_them_to_start_again(
    app, store, sign_in, authenticator
):
    http = sign_in("physio")
    authenticator.set_up(http, "physio", "/account/sign-in/set-up")
    half, where = password_step(app, store, "physio")
    assert where.endswith("/signin/code")
    store.mfa.remove(store.accounts.user_by_name("physio")["id"])
    response = half.get("/signin/code")
    assert response.status_code == 400
    assert "Enter your username and password again" in response.get_data(as_text=True)
    assert half.get("/signin/set-up").status_code == 400  # nor may they set one up there
    assert not is_signed_in(half)


def test_a_facilitator_signs_in_with_a_password_alone_unless_they_chose_it(
    app, store, sign_in, authenticator
):
    http = sign_in("physio")
    assert is_signed_in(http)
    page = http.get("/account/sign-in").get_data(as_text=True)
    assert "is <strong>off</strong>" in page
    authenticator.set_up(http, "physio", "/account/sign-in/set-up")
    assert "is <strong>on</strong>" in http.get("/account/sign-in").get_data(as_text=True)
    _, where = password_step(app, store, "physio")
    assert where.endswith("/signin/code")

    wrong = post(http, "/account/sign-in/turn-off", {"code": "000000"}, "/account/sign-in")
    assert wrong.status_code == 401
    assert store.mfa.is_on(store.accounts.user_by_name("physio")["id"])
    code = authenticator.next_code("physio")
    off = post(http, "/account/sign-in/turn-off", {"code": code}, "/account/sign-in")
    assert off.status_code == 302
    assert "mfa.remove" in actions(store)
    _, where = password_step(app, store, "physio")
    assert not where.endswith("/signin/code")


def test_an_admin_cannot_turn_it_off(app, store, sign_in, authenticator):
    http = sign_in("ada", "admin")
    code = authenticator.next_code("ada")
    response = post(http, "/account/sign-in/turn-off", {"code": code}, "/account/sign-in")
    assert response.status_code == 400
    assert store.mfa.is_on(store.accounts.user_by_name("ada")["id"])


def test_new_recovery_codes_replace_the_old(app, store, sign_in, authenticator):
    http = sign_in("ada", "admin")
    old = authenticator.recovery["ada"][0]
    code = authenticator.next_code("ada")
    response = post(http, "/account/sign-in/recovery-codes", {"code": code}, "/account/sign-in")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('<code class="code">') == 10
    again, _ = password_step(app, store, "ada")
    assert enter(again, old).status_code == 401


def test_the_setting_for_everyone_signs_out_those_without_it(app, store, sign_in, authenticator):
    physio = sign_in("physio")
    admin = sign_in("ada", "admin")
    response = post(admin, "/admin/mfa-rule", {"everyone": "1"}, "/admin/settings")
    assert response.status_code == 302
    assert not is_signed_in(physio)
    assert is_signed_in(admin)
    _, where = password_step(app, store, "physio")
    assert where.endswith("/signin/set-up")
    physio = sign_in("physio")
    assert is_signed_in(physio)

    post(admin, "/admin/mfa-rule", {}, "/admin/settings")
    _, where = password_step(app, store, "reviewer-1", "reviewer")
    assert where == "/"  # without the setting, only admins need it
    entries, _ = store.audit.entries(action="settings")
    assert [e["detail"] for e in entries][:2] == ["off", "on"]


def test_only_an_admin_changes_the_setting(app, store, sign_in):
    physio = sign_in("physio")
    response = post(physio, "/admin/mfa-rule", {"everyone": "1"})
    assert response.status_code == 403
    assert store.settings.get(mfa.EVERYONE_SETTING) is None


def test_an_admin_resets_anothers_second_step(app, store, sign_in, authenticator):
    admin = sign_in("ada", "admin")
    other = sign_in("bo", "admin")
    bo_id = store.accounts.user_by_name("bo")["id"]
    listing = admin.get("/admin/accounts").get_data(as_text=True)
    assert listing.count("Reset two-step sign-in<") == 1  # bo's, not ada's own
    response = post(admin, f"/admin/accounts/{bo_id}/mfa/reset", page="/admin/accounts")
    assert response.status_code == 302
    assert not store.mfa.is_on(bo_id)
    assert not is_signed_in(other)
    assert "mfa.reset" in actions(store)
    _, where = password_step(app, store, "bo")
    assert where.endswith("/signin/set-up")

    again = post(admin, f"/admin/accounts/{bo_id}/mfa/reset", page="/admin/accounts")
    assert again.status_code == 400  # nothing to reset: said, nothing changed
    ada_id = store.accounts.user_by_name("ada")["id"]
    own = post(admin, f"/admin/accounts/{ada_id}/mfa/reset", page="/admin/accounts")
    assert own.status_code == 400
    assert store.mfa.is_on(ada_id)
    unknown = post(admin, "/admin/accounts/nobody/mfa/reset", page="/admin/accounts")
    assert unknown.status_code == 404


def test_a_facilitator_cannot_reset_anyone(app, store, sign_in):
    sign_in("ada", "admin")
    physio = sign_in("physio")
    ada_id = store.accounts.user_by_name("ada")["id"]
    assert post(physio, f"/admin/accounts/{ada_id}/mfa/reset").status_code == 403
    assert store.mfa.is_on(ada_id)
