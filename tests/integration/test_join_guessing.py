"""Guessing join codes is slowed per attempt, from one address and from everywhere, while a
room behind one hospital address, typing the right code, always gets in."""

from __future__ import annotations

import time

import pytest

from server.guards import Guards

TURN = "1 per 1 second"


@pytest.fixture
def guards(app):
    """The app's limits with a one-second turn, so a test can wait one out."""
    guards = app.extensions["talkback.guards"] = Guards({**app.config, "JOIN_SLOWED_LIMIT": TURN})
    return guards


def phone(app, address="10.1.1.1"):
    http = app.test_client()
    http.environ_base["REMOTE_ADDR"] = address
    return http


def join(http, code):
    return http.post("/api/join", json={"code": code})


def wrong_codes(session_row, count):
    """Codes that are not the session's."""
    right = int(session_row["code"])
    return [f"{(right + n) % 1_000_000:06d}" for n in range(1, count + 1)]


def test_a_room_behind_one_address_gets_in_while_wrong_codes_come_from_it(app, guards, console):
    hospital = phone(app)
    code = console.session["code"]
    assert join(hospital, code).status_code == 201
    for wrong in wrong_codes(console.session, 25):
        assert join(hospital, wrong).status_code in (404, 429)
    for wrong in wrong_codes(console.session, 29):
        assert join(hospital, code).status_code == 201
        assert join(hospital, wrong).status_code in (404, 429)
    assert realtime_store(app).participants.count(console.session["id"]) == 30


def test_a_slowed_address_has_one_new_code_looked_up_per_turn(app, guards, console):
    guesser = phone(app)
    statuses = [join(guesser, wrong).status_code for wrong in wrong_codes(console.session, 22)]
    assert statuses[:20] == [404] * 20
    assert statuses[20:] == [404, 429]
    # Within the turn even the right code is refused, before it is looked up: the refusal
    # cannot tell a guesser which codes are live.
    refused = join(guesser, console.session["code"])
    assert refused.status_code == 429
    assert "wait 1 second and try again" in refused.get_json()["error"]["message"]
    assert realtime_store(app).participants.count(console.session["id"]) == 0
    time.sleep(1.05)
    assert join(guesser, console.session["code"]).status_code == 201
    assert join(guesser, console.session["code"]).status_code == 201  # no turn needed now


def test_wrong_codes_from_everywhere_slow_every_address(app, console):
    app.extensions["talkback.guards"] = Guards(
        {**app.config, "JOIN_SLOWED_LIMIT": TURN, "JOIN_WRONG_CODE_GLOBAL_LIMIT": "10 per hour"}
    )
    for n, wrong in enumerate(wrong_codes(console.session, 10)):
        assert join(phone(app, f"10.2.0.{n}"), wrong).status_code == 404
    fresh = phone(app, "10.3.0.1")
    first, second = wrong_codes(console.session, 2)
    assert join(fresh, first).status_code == 404
    assert join(fresh, second).status_code == 429
    # A phone on its own address still gets in with its first try.
    assert join(phone(app, "10.3.0.2"), console.session["code"]).status_code == 201


def test_a_badly_typed_code_is_refused_without_a_turn_or_a_count(app, guards, console):
    hospital = phone(app)
    for _ in range(30):
        assert join(hospital, "12ab").status_code == 400
    assert not guards.join_guesses.wrong.used(hospital.environ_base["REMOTE_ADDR"])
    assert join(hospital, console.session["code"]).status_code == 201


def realtime_store(app):
    return app.extensions["talkback"].store
