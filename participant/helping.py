"""A carer or an interpreter on a second device: the helper code shown on the person's phone
links another device to the same person, as a helper. Both show the same step and either can
answer for that one person; the person's own phone keeps working."""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from participant.joining import JoinRefused
from participant.rejoin_codes import LENGTH, digest, normalise
from participant.rejoining import wait_for_turn
from sessions.words import N_

NO_MATCH = N_("That helper code does not match anyone. Check it and try again.")


def link_helper(raw_code: object) -> tuple[dict[str, Any], dict[str, Any], str]:
    """This device as a helper of the person with this helper code: (session row, participant,
    token). Wrong codes count with wrong rejoin codes, under the same limits: both are
    personal codes."""
    store = current_app.extensions["talkback"].store
    guards = current_app.extensions["talkback.guards"]
    address = request.remote_addr or "unknown"
    code = normalise(raw_code)
    if code is None:
        raise JoinRefused(
            400,
            "bad_request",
            N_(
                "A helper code is %(length)s letters and numbers, as shown on the phone of the"
                " person you are helping."
            ),
            length=LENGTH,
        )
    wait_for_turn(guards, address)
    store.sessions.close_due()  # a self-paced session past its closing date takes no helper
    participant = store.participants.for_helper_code(digest(code, purpose="helper"))
    if participant is None:
        guards.rejoin_guesses.missed(address)
        raise JoinRefused(404, "unknown_helper_code", NO_MATCH)
    if participant["status"] != "live":
        raise JoinRefused(
            410, "session_ended", N_("That class has ended, so its helper codes no longer work.")
        )
    token = store.participants.add_helper(participant["id"])
    session_row = store.sessions.get(participant["session_id"])
    if token is None or session_row is None:  # deleted between the lookup and now
        raise JoinRefused(404, "unknown_helper_code", NO_MATCH)
    return session_row, store.participants.get(participant["id"]), token
