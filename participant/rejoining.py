"""Coming back as the same person: from the same browser (its cookie already holds a token
for the class) or from a new device with the personal rejoin code shown on the phone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app, request

from participant.joining import JoinRefused, refuse_unless_allowed
from participant.rejoin_codes import LENGTH, digest, normalise
from server.guards import Guards
from sessions.words import N_, Words

NO_MATCH = N_("That rejoin code does not match anyone. Check it and try again.")


def rejoin(raw_code: object) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The person with this rejoin code, on this device: (session row, participant, token).
    Their old device's token stops working, so one person is one identity."""
    store = current_app.extensions["talkback"].store
    guards = current_app.extensions["talkback.guards"]
    address = request.remote_addr or "unknown"
    code = normalise(raw_code)
    if code is None:
        raise JoinRefused(
            400,
            "bad_request",
            N_("A rejoin code is %(length)s letters and numbers, as shown on your other phone."),
            length=LENGTH,
        )
    wait_for_turn(guards, address)
    store.sessions.close_due()  # a self-paced session past its closing date takes nobody back
    participant = store.participants.for_rejoin(digest(code))
    if participant is None:
        guards.rejoin_guesses.missed(address)
        raise JoinRefused(404, "unknown_rejoin_code", NO_MATCH)
    if participant["status"] != "live":
        raise JoinRefused(
            410, "session_ended", N_("That class has ended, so its rejoin codes no longer work.")
        )
    token = store.participants.new_token(participant["id"])
    session_row = store.sessions.get(participant["session_id"])
    if token is None or session_row is None:  # deleted between the lookup and now
        raise JoinRefused(404, "unknown_rejoin_code", NO_MATCH)
    return session_row, store.participants.get(participant["id"]), token


def wait_for_turn(guards: Guards, address: str) -> None:
    """As with join codes: an address past its wrong-code limit (or every address, once wrong
    codes from everywhere pass theirs) tries one rejoin code per turn, and is refused before
    the lookup otherwise, so the refusal says nothing about the code. Nobody is locked out."""
    guesses = guards.rejoin_guesses
    if guesses.is_slowed(address):
        refuse_unless_allowed(guesses.take_turn(address), Words(N_("wrong rejoin codes")))


def returning(code: str, tokens: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The person this browser already is in the live class with this join code, if any.
    Only the classes named in the browser's own cookie are looked at, so this tells a
    guesser nothing about other codes."""
    store = current_app.extensions["talkback"].store
    for session_id, token in tokens.items():
        session_row = store.sessions.get(session_id)
        if session_row is None or session_row["code"] != code or session_row["status"] != "live":
            continue
        participant = store.participants.for_token(token)
        if participant is not None and participant["session_id"] == session_id:
            return session_row, participant
    return None
