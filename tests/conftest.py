"""Fixtures shared by the integration suites: an app on a real database (a SQLite file, or
with `--engine postgresql` a database of its own on the local PostgreSQL server), and people
(a facilitator, participants, a screen) who each own an HTTP client and a socket client."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator

import pyotp
import pytest
from argon2 import PasswordHasher

from app import create_app, realtime_of
from server.languages import COOKIE
from sessions import mfa, passwords
from sessions.passwords import hash_password
from tests.postgres_server import empty_database, fresh_database

FACILITATOR_PASSWORD = "correct horse battery"
DECK_ID = "back-pain-1"
JSON = "application/json"


def pytest_addoption(parser):
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="the database the store and integration tests run on (default: sqlite)",
    )


def pytest_collection_modifyitems(config, items):
    """Tests that inspect SQLite itself (its file, its connection, its pragmas) have nothing
    to inspect on PostgreSQL."""
    if config.getoption("engine") != "postgresql":
        return
    skip = pytest.mark.skip(reason="inspects SQLite itself, which PostgreSQL does not have")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A PostgreSQL database for the test module, dropped after it."""
    with fresh_database() as url:
        yield url


@pytest.fixture
def database_setting(request, tmp_path) -> str:
    """The DATABASE setting of the test's store: a fresh SQLite file, or with
    `--engine postgresql` the module's database, emptied of the tests before."""
    if request.config.getoption("engine") == "postgresql":
        url = request.getfixturevalue("pg_url")
        empty_database(url)
        return url
    return str(tmp_path / "talkback.db")


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashes():
    """Argon2id at its lowest cost in the test process: the same code paths, without the
    half a second each hash and check are meant to cost an attacker. Servers the end-to-end
    tests start keep the real cost."""
    real = passwords._hasher
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    passwords._hasher = real


@pytest.fixture
def app(database_setting):
    app = create_app(
        {
            "DATABASE": database_setting,
            "SECRET_KEY": "test-secret",
            "ASYNC_MODE": "threading",
            "RESULTS_INTERVAL": 0,  # tests flush results themselves, when they choose
            "TESTING": True,
        }
    )
    yield app
    realtime_of(app).store.close()


@pytest.fixture
def realtime(app):
    return realtime_of(app)


@pytest.fixture
def store(realtime):
    return realtime.store


@pytest.fixture
def commits(store):
    """The COMMIT statements the connection runs, as SQLite traces them."""
    seen: list[str] = []
    store.database.sqlite.conn.set_trace_callback(
        lambda sql: seen.append(sql) if sql.strip().upper() == "COMMIT" else None
    )
    yield seen
    store.database.sqlite.conn.set_trace_callback(None)


def scalar(store, sql: str, params: tuple = ()):
    """The one value a query returns (a count), through the calls both engines offer."""
    return next(iter(store.database.one(sql, params).values()))


def tuples(store, sql: str, params: tuple = ()) -> list[tuple]:
    """A query's rows as tuples of their values in column order, on either engine."""
    return [tuple(row.values()) for row in store.database.rows(sql, params)]


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, "the page has no CSRF token"
    return match.group(1)


class Person:
    """Someone in the room: an HTTP client (with cookies) and a socket client on one namespace."""

    def __init__(self, app, http, namespace):
        self.app = app
        self.http = http
        self.namespace = namespace
        self.sock = None

    def connect(self, auth=None, headers=None):
        socketio = realtime_of(self.app).socketio
        self.sock = socketio.test_client(
            self.app,
            namespace=self.namespace,
            auth=auth,
            flask_test_client=self.http,
            headers=headers,
        )
        return self

    @property
    def connected(self) -> bool:
        return self.sock.is_connected(self.namespace)

    def emit(self, event, payload=None, **fields):
        body = payload if payload is not None else (fields or None)
        if body is None:
            return self.sock.emit(event, namespace=self.namespace, callback=True)
        return self.sock.emit(event, body, namespace=self.namespace, callback=True)

    def received(self, name=None):
        messages = self.sock.get_received(self.namespace)
        if name is None:
            return messages
        return [m["args"][0] for m in messages if m["name"] == name]

    def last(self, name):
        found = self.received(name)
        assert found, f"no {name} received"
        return found[-1]


class Editor:
    """A signed-in physio in the editor: page forms with the form token, JSON with the header."""

    def __init__(self, http):
        self.http = http
        page = http.get("/decks").get_data(as_text=True)
        self.form_token = csrf_token(page)
        self.headers = {"X-CSRFToken": self.form_token, "Accept": JSON}

    def post_form(self, url, data=None, **kwargs):
        return self.http.post(url, data={"csrf_token": self.form_token, **(data or {})}, **kwargs)

    def new_deck(self, title="Sleep and pain") -> str:
        response = self.post_form("/decks", {"title": title})
        assert response.status_code == 302, response.get_data(as_text=True)
        return re.fullmatch(r"/decks/([^/]+)/edit", response.location).group(1)

    def draft(self, deck_id):
        response = self.http.get(f"/decks/{deck_id}/draft", headers=self.headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def save(self, deck_id, draft, rev=None):
        if rev is None:
            rev = self.draft(deck_id)["deck"]["rev"]
        return self.http.put(
            f"/decks/{deck_id}/draft", json={"draft": draft, "rev": rev}, headers=self.headers
        )

    def check(self, deck_id, draft):
        return self.http.post(
            f"/decks/{deck_id}/check", json={"draft": draft}, headers=self.headers
        )

    def upload(self, deck_id, data: bytes, *, filename="spine.png", alt="A drawing of a spine"):
        body = {"file": (io.BytesIO(data), filename)}
        if alt is not None:
            body["alt"] = alt
        return self.http.post(
            f"/decks/{deck_id}/images",
            data=body,
            headers=self.headers,
            content_type="multipart/form-data",
        )

    def import_file(self, data: bytes, filename="deck.zip"):
        return self.post_form(
            "/decks/import",
            {"file": (io.BytesIO(data), filename)},
            content_type="multipart/form-data",
        )


class Authenticator:
    """The phone app of each account that set up two-step sign-in in a test: it reads the
    secret from the set-up page, as someone typing it in would, and makes codes with pyotp.
    Each code is accepted once, so a second sign-in within 30 seconds takes the next step's
    code, and after that a recovery code."""

    def __init__(self):
        self.secrets: dict[str, str] = {}
        self.recovery: dict[str, list[str]] = {}
        self.last_step: dict[str, int] = {}

    def set_up(self, http, username, page_url="/signin/set-up"):
        page = http.get(page_url).get_data(as_text=True)
        secret = re.search(r'id="mfa-secret">([^<]+)<', page).group(1).replace(" ", "")
        self.secrets[username] = secret
        step = mfa.time_step(time.time())
        response = http.post(
            page_url, data={"code": self.code_at(secret, step), "csrf_token": csrf_token(page)}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        self.last_step[username] = step
        html = response.get_data(as_text=True)
        self.recovery[username] = re.findall(r'<code class="code">([a-z0-9-]{19})</code>', html)
        return html

    def next_code(self, username) -> str:
        """A code this account has not used yet: this step's, the next one's, or a recovery code."""
        step = max(mfa.time_step(time.time()), self.last_step[username] + 1)
        if step <= mfa.time_step(time.time()) + mfa.DRIFT_STEPS:
            self.last_step[username] = step
            return self.code_at(self.secrets[username], step)
        return self.recovery[username].pop()

    @staticmethod
    def code_at(secret, step) -> str:
        return pyotp.TOTP(secret).generate_otp(step)


@pytest.fixture
def authenticator():
    return Authenticator()


@pytest.fixture
def sign_in(app, store, authenticator):
    """A signed-in browser. Admins (and everyone, with the admin setting on) sign in in two
    steps: the first time they set up an authenticator, later they enter its code."""

    def sign_in(username="physio", role="facilitator"):
        if store.accounts.user_by_name(username) is None:
            store.accounts.create_user(username, hash_password(FACILITATOR_PASSWORD), role)
        http = app.test_client()
        token = csrf_token(http.get("/signin").get_data(as_text=True))
        response = http.post(
            "/signin",
            data={"username": username, "password": FACILITATOR_PASSWORD, "csrf_token": token},
        )
        assert response.status_code == 302, response.get_data(as_text=True)
        if response.location.endswith("/signin/set-up"):
            authenticator.set_up(http, username)
        elif response.location.endswith("/signin/code"):
            token = csrf_token(http.get("/signin/code").get_data(as_text=True))
            code = authenticator.next_code(username)
            response = http.post("/signin/code", data={"code": code, "csrf_token": token})
            assert response.status_code == 302, response.get_data(as_text=True)
        return http

    return sign_in


@pytest.fixture
def editor(sign_in):
    return Editor(sign_in("physio"))


@pytest.fixture
def start_session(app, sign_in, store):
    """A facilitator signs in, starts a session of the demo deck and opens the console."""

    def start(deck_id=DECK_ID, username="physio"):
        http = sign_in(username)
        user = store.accounts.user_by_name(username)
        row = store.sessions.create(deck_id, user["id"])
        console = Person(app, http, "/facilitator").connect({"session_id": row["id"]})
        console.session = row
        return console

    return start


@pytest.fixture
def console(start_session):
    return start_session()


@pytest.fixture
def join(app):
    """A participant joins from a phone with the session's code, as the join page does."""

    def join(session_row, name="", *, language: str | None = None, accept: str = ""):
        """`language`: the phone bar's choice (its cookie); `accept`: the browser's own."""
        http = app.test_client()
        if language is not None:
            http.set_cookie(COOKIE, language)
        headers = {"Accept-Language": accept} if accept else {}
        page = http.get(f"/join?code={session_row['code']}", headers=headers)
        token = csrf_token(page.get_data(as_text=True))
        response = http.post(
            "/join",
            data={"code": session_row["code"], "name": name, "csrf_token": token},
            headers=headers,
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        person = Person(app, http, "/participant")
        person.connect({"session_id": session_row["id"]}, headers=headers)
        person.session = session_row
        person.page = response.get_data(as_text=True)
        return person

    return join


@pytest.fixture
def screen(app):
    def screen(session_row):
        return Person(app, app.test_client(), "/screen").connect({"key": session_row["screen_key"]})

    return screen
