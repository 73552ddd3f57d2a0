"""Single sign-on through a real OpenID provider (oidc-provider, run by node on a free port):
a facilitator signs in with the role their group gives and out again; a replayed state and
ID tokens made for another client, expired, with a broken signature or without the nonce are
refused with a clear page; someone taken out of the group is refused at their next sign-in
and their account disabled, which ends the sign-in they already had."""

from __future__ import annotations

import sqlite3

import pytest
import requests

from tests.conftest import csrf_token
from tests.e2e.conftest import Server, free_port
from tests.e2e.oidc import CLIENT_ID, CLIENT_SECRET, OpenIDProvider, walk_to_callback

pytestmark = pytest.mark.e2e

FACILITATORS = "talkback-facilitators"


@pytest.fixture
def sso(tmp_path):
    server = Server(tmp_path / "talkback.db", tmp_path / "server.log")
    callback = f"{server.url}/signin/sso/callback"
    provider = OpenIDProvider(tmp_path, free_port(), callback)
    try:  # both are stopped whatever happens, a failed start included
        provider.start()
        server.start(
            env={
                "TALKBACK_OIDC_ISSUER": provider.issuer,
                "TALKBACK_OIDC_CLIENT_ID": CLIENT_ID,
                "TALKBACK_OIDC_CLIENT_SECRET": CLIENT_SECRET,
                "TALKBACK_OIDC_SCOPES": "openid profile email groups",
                "TALKBACK_OIDC_FACILITATOR_GROUPS": FACILITATORS,
                "TALKBACK_OIDC_ADMIN_GROUPS": "talkback-admins",
                "TALKBACK_OIDC_LABEL": "NHS account",
            }
        )
        provider.set_users(
            {
                "alice": {"groups": [FACILITATORS, "physios"], "name": "Alice"},
                "ada": {"groups": [FACILITATORS, "talkback-admins"], "name": "Ada"},
            }
        )
        yield server, provider
    finally:
        server.stop()
        provider.stop()


def start_signin(
    server: Server, provider: OpenIDProvider, http: requests.Session, login: str = "alice"
) -> str:
    """Press "Sign in with NHS account" and sign in at the provider as `login`; the address
    the provider sends the browser back to."""
    page = http.get(f"{server.url}/signin", timeout=10)
    assert "Sign in with NHS account" in page.text
    sent = http.post(
        f"{server.url}/signin/sso",
        data={"csrf_token": csrf_token(page.text), "next": ""},
        allow_redirects=False,
        timeout=10,
    )
    assert sent.status_code == 302
    assert sent.headers["Location"].startswith(provider.issuer)
    assert "code_challenge_method=S256" in sent.headers["Location"]
    assert "nonce=" in sent.headers["Location"]
    return walk_to_callback(http, sent.headers["Location"], login, f"{server.url}/signin/sso/")


def finish(http: requests.Session, callback: str) -> requests.Response:
    return http.get(callback, allow_redirects=False, timeout=10)


def rows(server: Server, sql: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(server.database) as db:
        return db.execute(sql, params).fetchall()


def assert_refused(response: requests.Response, status: int, words: str) -> None:
    assert response.status_code == status, response.text[:500]
    assert words in response.text
    assert "Traceback" not in response.text
    assert 'role="alert"' in response.text  # shown as the sign-in page's error


def test_a_facilitator_signs_in_with_their_group_role_and_out_again(sso):
    server, provider = sso
    http = requests.Session()
    callback = start_signin(server, provider, http)

    arrived = finish(http, callback)

    assert arrived.status_code == 302
    assert arrived.headers["Location"] == "/"
    home = http.get(f"{server.url}/", allow_redirects=False, timeout=10)
    assert home.status_code == 200
    assert rows(server, "SELECT username, role, disabled FROM users WHERE username = 'alice'") == [
        ("alice", "facilitator", 0)
    ]
    assert rows(server, "SELECT issuer, subject FROM staff_sso") == [(provider.issuer, "alice")]
    actions = [a for (a,) in rows(server, "SELECT action FROM audit_log WHERE action LIKE 'sso.%'")]
    assert actions == ["sso.account_created", "sso.signin"]
    # Sending the same answer again (a replayed state) is refused: the state was used.
    assert_refused(finish(http, callback), 400, "This sign-in link has already been used")

    http.post(f"{server.url}/signout", data={"csrf_token": csrf_token(home.text)}, timeout=10)
    after = http.get(f"{server.url}/", allow_redirects=False, timeout=10)
    assert after.status_code == 302
    assert "/signin" in after.headers["Location"]


@pytest.mark.parametrize(
    ("mode", "code", "words"),
    [
        ("wrong_audience", "wrong_audience", "made for another service, not Talkback"),
        ("expired", "token_expired", "The sign-in you were sent has expired"),
        ("bad_signature", "bad_signature", "could not be shown to come from"),
        ("no_nonce", "bad_nonce", "does not belong to the sign-in you started here"),
    ],
)
def test_a_bad_id_token_is_refused_with_a_clear_page(sso, mode, code, words):
    server, provider = sso
    provider.set_mode(mode)
    http = requests.Session()

    refused = finish(http, start_signin(server, provider, http))

    assert_refused(refused, 401, words)
    assert http.get(f"{server.url}/", allow_redirects=False, timeout=10).status_code == 302
    assert rows(server, "SELECT COUNT(*) FROM users WHERE username = 'alice'") == [(0,)]
    assert rows(server, "SELECT detail FROM audit_log WHERE action = 'sso.refused'") == [(code,)]


def test_a_callback_from_another_browser_is_refused(sso):
    server, provider = sso
    callback = start_signin(server, provider, requests.Session())

    assert_refused(finish(requests.Session(), callback), 400, "started in another browser")


def test_someone_taken_out_of_the_group_is_refused_at_next_signin_and_disabled(sso):
    server, provider = sso
    first = requests.Session()
    assert finish(first, start_signin(server, provider, first)).status_code == 302
    assert first.get(f"{server.url}/", allow_redirects=False, timeout=10).status_code == 200

    provider.set_users({"alice": {"groups": ["physios"], "name": "Alice"}})
    second = requests.Session()
    refused = finish(second, start_signin(server, provider, second))

    assert_refused(refused, 403, "not in a group that may use Talkback")
    assert rows(server, "SELECT disabled FROM users WHERE username = 'alice'") == [(1,)]
    # The sign-in alice already had ends with the account.
    assert first.get(f"{server.url}/", allow_redirects=False, timeout=10).status_code == 302
    actions = [a for (a,) in rows(server, "SELECT action FROM audit_log WHERE action LIKE 'sso.%'")]
    assert actions[-2:] == ["sso.removed", "sso.refused"]

    # Back in the group, the account stays off until an admin turns it on again.
    provider.set_users({"alice": {"groups": [FACILITATORS], "name": "Alice"}})
    third = requests.Session()
    assert_refused(finish(third, start_signin(server, provider, third)), 403, "turned off")


def test_a_name_a_local_account_has_is_not_taken_over(sso):
    server, provider = sso
    with sqlite3.connect(server.database) as db:
        db.execute(
            "INSERT INTO users (id, username, password_hash, role, created_at)"
            " VALUES ('local-alice', 'Alice', 'x', 'admin', '2026-01-01T00:00:00+00:00')"
        )
    http = requests.Session()

    refused = finish(http, start_signin(server, provider, http))

    assert_refused(refused, 409, "already has an account called alice")
    assert rows(server, "SELECT COUNT(*) FROM staff_sso") == [(0,)]
    assert http.get(f"{server.url}/", allow_redirects=False, timeout=10).status_code == 302


def test_an_admin_by_group_goes_straight_in_without_the_local_second_step(sso):
    server, provider = sso
    http = requests.Session()

    arrived = finish(http, start_signin(server, provider, http, "ada"))

    # Their identity provider does the second step: no set-up page for this admin.
    assert arrived.status_code == 302
    assert arrived.headers["Location"] == "/"
    assert http.get(f"{server.url}/admin/accounts", timeout=10).status_code == 200
    assert rows(server, "SELECT role FROM users WHERE username = 'ada'") == [("admin",)]


def test_a_single_sign_on_account_is_not_offered_talkbacks_own_second_step(sso):
    server, provider = sso
    http = requests.Session()
    assert finish(http, start_signin(server, provider, http)).status_code == 302

    page = http.get(f"{server.url}/account/sign-in", timeout=10)
    assert "Its sign-in service asks for the second step" in page.text
    assert "Set up two-step sign-in" not in page.text
    set_up = http.get(f"{server.url}/account/sign-in/set-up", allow_redirects=False, timeout=10)
    assert set_up.status_code == 302
    assert set_up.headers["Location"].endswith("/account/sign-in")
