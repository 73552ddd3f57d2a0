"""Single sign-on around the provider: password sign-in turned off, settings refused at
start-up, accounts made by single sign-on that have no password, and a provider that cannot
be reached or says no. The sign-in itself, through a real provider, is tests/e2e/test_sso_e2e.py."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from app import create_app, realtime_of
from sessions import sso
from sessions.passwords import hash_password
from sessions.store import Store, StoreError
from tests.conftest import FACILITATOR_PASSWORD, csrf_token, scalar, tuples
from tests.e2e.conftest import free_port
from tests.html_check import html_problems, report

ISSUER = "https://login.example.nhs.uk"


def make_app(tmp_path, **settings):
    return create_app(
        {
            "DATABASE": str(tmp_path / "talkback.db"),
            "SECRET_KEY": "test-secret",
            "ASYNC_MODE": "threading",
            "RESULTS_INTERVAL": 0,
            "TESTING": True,
            **settings,
        }
    )


def sso_settings(issuer: str = ISSUER) -> dict[str, str]:
    return {
        "OIDC_ISSUER": issuer,
        "OIDC_CLIENT_ID": "talkback",
        "OIDC_CLIENT_SECRET": "secret",
        "OIDC_FACILITATOR_GROUPS": "physios",
    }


@pytest.fixture
def local_off(tmp_path):
    app = make_app(tmp_path, LOCAL_SIGNIN="off", **sso_settings())
    store = realtime_of(app).store
    store.accounts.create_user("pat", hash_password(FACILITATOR_PASSWORD), "facilitator")
    yield app
    store.close()


def test_with_local_signin_off_the_page_offers_only_single_sign_on(local_off):
    page = local_off.test_client().get("/signin")
    assert page.status_code == 200
    assert "Sign in with your organisation" in page.text
    assert 'name="password"' not in page.text


def test_with_local_signin_off_a_right_password_is_refused_and_signs_nobody_in(local_off):
    http = local_off.test_client()
    token = csrf_token(http.get("/signin").text)
    refused = http.post(
        "/signin",
        data={"username": "pat", "password": FACILITATOR_PASSWORD, "csrf_token": token},
    )
    assert refused.status_code == 403
    assert "turned off on this server" in refused.text
    assert http.get("/").status_code == 302  # still signed out


def test_with_local_signin_off_the_api_gives_no_token_for_a_password(local_off):
    refused = local_off.test_client().post(
        "/api/tokens", json={"username": "pat", "password": FACILITATOR_PASSWORD}
    )
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "local_signin_off"
    store = realtime_of(local_off).store
    assert scalar(store, "SELECT COUNT(*) FROM api_tokens") == 0


def test_local_signin_off_without_single_sign_on_stops_the_server(tmp_path):
    with pytest.raises(ValueError, match="needs single sign-on"):
        make_app(tmp_path, LOCAL_SIGNIN="off")


def test_single_sign_on_settings_that_cannot_work_stop_the_server(tmp_path):
    with pytest.raises(ValueError, match="https://"):
        make_app(tmp_path, **{**sso_settings(), "OIDC_ISSUER": "http://login.example.nhs.uk"})


def test_without_single_sign_on_the_page_has_no_button_and_its_addresses_refuse(app):
    http = app.test_client()
    page = http.get("/signin")
    assert "Sign in with" not in page.text
    assert 'name="password"' in page.text
    started = http.post("/signin/sso", data={"csrf_token": csrf_token(page.text)})
    assert started.status_code == 404
    assert "not set up here" in started.text
    assert http.get("/signin/sso/callback?code=x&state=y").status_code == 404


def test_an_account_made_by_single_sign_on_has_no_password(app, store):
    store.sso.create(ISSUER, "subject-1", "sam", "facilitator", sso.NO_PASSWORD)
    http = app.test_client()
    token = csrf_token(http.get("/signin").text)
    for password in (sso.NO_PASSWORD, "", FACILITATOR_PASSWORD):
        refused = http.post(
            "/signin", data={"username": "sam", "password": password, "csrf_token": token}
        )
        assert refused.status_code in (400, 401)
    assert http.get("/").status_code == 302


def test_a_name_already_taken_makes_no_account_and_no_link(store):
    store.accounts.create_user("pat", hash_password(FACILITATOR_PASSWORD), "admin")
    with pytest.raises(StoreError):
        store.sso.create(ISSUER, "subject-2", "PAT", "facilitator", sso.NO_PASSWORD)
    assert store.sso.user_of(ISSUER, "subject-2") is None
    assert store.accounts.user_by_name("pat")["role"] == "admin"


def test_an_unknown_role_makes_no_account(store):
    with pytest.raises(StoreError):
        store.sso.create(ISSUER, "subject-3", "kim", "owner", sso.NO_PASSWORD)
    assert store.accounts.user_by_name("kim") is None


def test_a_provider_that_cannot_be_reached_gets_a_clear_page(tmp_path):
    app = make_app(tmp_path, **sso_settings(f"http://localhost:{free_port()}"))
    http = app.test_client()
    try:
        page = http.get("/signin")
        started = http.post("/signin/sso", data={"csrf_token": csrf_token(page.text)})
        assert started.status_code == 502
        assert "could not reach your organisation" in started.text
        assert "Traceback" not in started.text
    finally:
        realtime_of(app).store.close()


def test_a_provider_that_says_no_gets_a_clear_page_and_an_audit_row(tmp_path):
    app = make_app(tmp_path, **sso_settings(f"http://localhost:{free_port()}"))
    store = realtime_of(app).store
    try:
        refused = app.test_client().get("/signin/sso/callback?error=access_denied&state=x")
        assert refused.status_code == 401
        assert "did not sign you in (access_denied)" in refused.text
        actions = tuples(store, "SELECT action, detail FROM audit_log")
        assert actions == [("sso.refused", "provider_refused")]
    finally:
        store.close()


def test_an_admin_cannot_give_an_account_made_by_single_sign_on_a_password(sign_in, store):
    user_id = store.sso.create(ISSUER, "subject-4", "sam", "facilitator", sso.NO_PASSWORD)
    admin = sign_in("ada", "admin")
    token = csrf_token(admin.get("/admin/accounts").text)
    refused = admin.post(
        f"/admin/accounts/{user_id}/password",
        data={
            "csrf_token": token,
            "password": "a new password",
            "password_again": "a new password",
        },
    )
    assert refused.status_code == 400
    assert "signs in through single sign-on and has no password" in refused.text
    assert store.accounts.user(user_id)["password_hash"] == sso.NO_PASSWORD


def test_the_sign_in_pages_of_single_sign_on_are_valid_html(tmp_path, local_off):
    (tmp_path / "both").mkdir()
    both = make_app(tmp_path / "both", **sso_settings(f"http://localhost:{free_port()}"))
    try:
        http = both.test_client()
        pages = {
            "single sign-on and a password": http.get("/signin").text,
            "single sign-on only": local_off.test_client().get("/signin").text,
            "a refusal": http.get("/signin/sso/callback?error=access_denied").text,
        }
        found = html_problems(pages)
        assert not found, report(found)
    finally:
        realtime_of(both).store.close()


def test_run_py_commands_still_work_with_local_signin_off(tmp_path):
    database = tmp_path / "commands.db"
    env = {
        **os.environ,
        **{f"TALKBACK_{key}": value for key, value in sso_settings().items()},
        "TALKBACK_LOCAL_SIGNIN": "off",
    }

    def run(*args, given=""):
        return subprocess.run(
            [sys.executable, "run.py", "--database", str(database), *args],
            cwd=Path(__file__).resolve().parents[2],
            input=given,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    made = run("create-user", "ada", "--role", "admin", given=FACILITATOR_PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert run("disable-user", "ada").returncode == 0
    store = Store(str(database))
    try:
        assert store.accounts.user_by_name("ada")["disabled"] == 1
    finally:
        store.close()


def test_requiring_two_steps_of_everyone_leaves_single_sign_on_staff_signed_in(store):
    sam = store.sso.create(ISSUER, "subject-5", "sam", "facilitator", sso.NO_PASSWORD)
    pat = store.accounts.create_user("pat", hash_password(FACILITATOR_PASSWORD), "facilitator")
    lasts = timedelta(hours=1)
    sams, pats = (
        store.accounts.start_signin(sam, lasts=lasts),
        store.accounts.start_signin(pat, lasts=lasts),
    )

    assert store.mfa.end_signins_without_it() == 1

    assert store.accounts.user_for_signin(sams)["id"] == sam
    assert store.accounts.user_for_signin(pats) is None
