"""The sign-in page gives nothing away: it sends people only to a path on this site, and an
unknown name costs the same password check as a known one."""

from __future__ import annotations

import pytest

from sessions import passwords
from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD, csrf_token

FOREIGN = [
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "javascript:alert(1)",
    " /evil.example",
    "/\x00/evil.example",
    "/\x7f/evil.example",
    "/\u2028/evil.example",
    "evil.example",
]


def sign_in_form(http, **fields):
    token = csrf_token(http.get("/signin").get_data(as_text=True))
    return {"username": "physio", "password": FACILITATOR_PASSWORD, "csrf_token": token, **fields}


@pytest.fixture
def physio(store):
    store.accounts.create_user("physio", hash_password(FACILITATOR_PASSWORD), "facilitator")


@pytest.mark.parametrize("target", FOREIGN)
def test_sign_in_never_sends_people_to_another_site(app, physio, target):
    http = app.test_client()
    response = http.post("/signin", data=sign_in_form(http, next=target))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_next_in_the_address_is_decoded_then_refused(app, physio):
    """The probe's own link: /signin?next=/%09/host, whose tab a browser would drop."""
    http = app.test_client()
    page = http.get("/signin?next=/%09/evil.example").get_data(as_text=True)
    assert "evil.example" not in page
    response = http.post("/signin?next=/%09/evil.example", data=sign_in_form(http))
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/decks", "/console/abc?tab=notes#x", "/review/trends"])
def test_sign_in_returns_to_a_path_on_this_site(app, physio, target):
    http = app.test_client()
    response = http.post("/signin", data=sign_in_form(http, next=target))
    assert response.headers["Location"] == target


class CountingHasher:
    """The real Argon2 hasher, noting every hash a password is checked against."""

    def __init__(self, real):
        self.real = real
        self.checked = []

    def hash(self, password):
        return self.real.hash(password)

    def verify(self, password_hash, password):
        self.checked.append(password_hash)
        return self.real.verify(password_hash, password)


@pytest.fixture
def hashes_checked(monkeypatch):
    hasher = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    return hasher.checked


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("physio", "a wrong password"),
        ("nobody", "a wrong password"),
        ("nobody", FACILITATOR_PASSWORD),
        ("off", FACILITATOR_PASSWORD),
    ],
)
def test_every_refused_sign_in_checks_one_password_hash(
    app, store, physio, hashes_checked, username, password
):
    """An unknown or disabled name costs the same Argon2 check as a known one, so the time
    taken does not say which names exist."""
    store.accounts.create_user("off", hash_password(FACILITATOR_PASSWORD), "facilitator")
    store.accounts.set_disabled(store.accounts.user_by_name("off")["id"], True)
    http = app.test_client()
    form = sign_in_form(http, username=username, password=password)
    response = http.post("/signin", data=form)
    assert response.status_code == 401
    assert len(hashes_checked) == 1
    assert hashes_checked[0].startswith("$argon2id$")


def test_the_hash_for_unknown_names_matches_no_password():
    assert not passwords.verify_password(None, "")
    assert not passwords.verify_password(None, FACILITATOR_PASSWORD)
    assert passwords.verify_password(hash_password("right one!"), "right one!")
