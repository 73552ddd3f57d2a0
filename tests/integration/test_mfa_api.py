"""Two-step sign-in outside the pages: `POST /api/tokens` asks for the code too, and
`run.py reset-mfa` lets the last admin back in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sessions.passwords import hash_password
from sessions.store import Store
from tests.conftest import FACILITATOR_PASSWORD, scalar

BODY = {"username": "ada", "password": FACILITATOR_PASSWORD}


def test_an_api_token_needs_the_code_too(app, store, sign_in, authenticator):
    sign_in("ada", "admin")
    http = app.test_client()
    body = {"username": "ada", "password": FACILITATOR_PASSWORD}
    response = http.post("/api/tokens", json=body)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "code_required"
    response = http.post("/api/tokens", json={**body, "code": "000000"})
    assert response.get_json()["error"]["code"] == "wrong_code"
    response = http.post("/api/tokens", json={**body, "code": authenticator.next_code("ada")})
    assert response.status_code == 201
    assert response.get_json()["token"]


def test_a_code_that_is_not_text_is_refused_and_not_counted(app, store, sign_in, authenticator):
    sign_in("ada", "admin")
    http = app.test_client()
    for code in (123456, ["123456"], {"code": 1}, "", "12 34"):
        response = http.post("/api/tokens", json={**BODY, "code": code})
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "bad_code"
    response = http.post("/api/tokens", json={**BODY, "code": authenticator.next_code("ada")})
    assert response.status_code == 201  # none of them counted against the limit
    assert scalar(store, "SELECT count(*) FROM api_tokens") == 1


def test_an_admin_without_it_gets_no_api_token(app, store):
    store.accounts.create_user("ada", hash_password(FACILITATOR_PASSWORD), "admin")
    response = app.test_client().post(
        "/api/tokens", json={"username": "ada", "password": FACILITATOR_PASSWORD}
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "mfa_not_set_up"


def test_a_facilitator_without_it_still_gets_a_token_with_a_password(app, store):
    store.accounts.create_user("physio", hash_password(FACILITATOR_PASSWORD), "facilitator")
    response = app.test_client().post(
        "/api/tokens", json={"username": "physio", "password": FACILITATOR_PASSWORD}
    )
    assert response.status_code == 201


def test_run_py_resets_an_admin_who_is_locked_out(tmp_path):
    database = tmp_path / "locked.db"
    store = Store(str(database))
    user_id = store.accounts.create_user("ada", hash_password(FACILITATOR_PASSWORD), "admin")
    store.mfa.begin(user_id, "sealed")
    store.mfa.turn_on(user_id, 1, [])
    store.close()

    def reset(name):
        return subprocess.run(
            [sys.executable, "run.py", "--database", str(database), "reset-mfa", name],
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=60,
        )

    result = reset("ada")
    assert result.returncode == 0, result.stderr
    again = reset("ada")
    assert again.returncode == 2
    assert "Nothing changed" in again.stderr
    assert reset("nobody").returncode == 2
    store = Store(str(database))
    try:
        assert not store.mfa.is_on(user_id)
        entries, _ = store.audit.entries(action="mfa.reset")
        assert [e["username"] for e in entries] == ["(system)"]
    finally:
        store.close()
