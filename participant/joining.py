"""Joining a session by its code, shared by the join page and the JSON API."""

from __future__ import annotations

import random
import re

from flask import current_app, request

from participant.rejoin_codes import remember
from server.buckets import Verdict
from server.guards import Guards
from sessions.names import friendly_name
from sessions.words import N_, Words, plural_words, words

MAX_NAME = 40
_rng = random.SystemRandom()


class JoinRefused(Exception):
    """A join, rejoin or helper code refused: `code` for programs, `words` for the person
    (translated where the page or the API answer is made; `message` is its English)."""

    def __init__(self, status: int, code: str, message: str | Words, **values: object):
        self.status = status
        self.code = code
        self.words = words(message, values)
        self.message = self.words.english()
        super().__init__(self.message)


def normalise_code(raw: object) -> str | None:
    """'482 913', '482-913' and '482913' are the same code."""
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        return None
    digits = re.sub(r"[\s-]", "", str(raw))
    return digits if re.fullmatch(r"\d{6}", digits) else None


def clean_name(raw: object) -> str:
    """A display name as typed (trimmed, control characters removed) or a friendly made-up one."""
    if raw is None or raw == "":
        return friendly_name(_rng)
    if not isinstance(raw, str):
        raise JoinRefused(400, "bad_request", N_("The name must be text."))
    name = " ".join("".join(ch for ch in raw if ch.isprintable()).split())
    if len(name) > MAX_NAME:
        raise JoinRefused(
            400, "bad_request", N_("Please use a name of %(most)s letters or fewer."), most=MAX_NAME
        )
    return name or friendly_name(_rng)


def join(raw_code: object, raw_name: object):
    """Add a participant to the live session with this code: (session row, participant, token)."""
    store = current_app.extensions["talkback"].store
    guards = current_app.extensions["talkback.guards"]
    address = request.remote_addr or "unknown"
    code = normalise_code(raw_code)
    if code is None:
        raise JoinRefused(400, "bad_request", N_("The code is the 6 numbers on the screen."))
    name = clean_name(raw_name)
    wait_for_turn(guards, address, code)
    store.sessions.close_due()  # a self-paced session past its closing date takes nobody new
    session_row = store.sessions.live_by_code(code)
    if session_row is None:
        guards.join_guesses.missed(address)
        raise JoinRefused(
            404, "unknown_code", N_("There is no class with that code just now. Check the screen.")
        )
    guards.joined_codes.hit(f"{address}|{code}")
    participant, token = store.participants.add(session_row["id"], name)
    remember(participant["id"])
    current_app.extensions["talkback"].publish_presence(session_row["id"])
    return session_row, participant, token


def wait_for_turn(guards: Guards, address: str, code: str) -> None:
    """Slow guessing without locking anyone out. An address past its wrong-code limit (or
    every address, once wrong codes from everywhere pass theirs) has new codes looked up one
    per turn; others are refused before the lookup, so the refusal says nothing about
    whether the code was right. A code that already let someone in from the address needs no
    turn: the rest of a room behind one hospital address follows straight in."""
    guesses = guards.join_guesses
    if not guesses.is_slowed(address) or guards.joined_codes.used(f"{address}|{code}"):
        return
    refuse_unless_allowed(guesses.take_turn(address), Words(N_("wrong codes")))


def refuse_unless_allowed(turn: Verdict, what: Words) -> None:
    """A slowed address's lookup waits its turn: a clear 429 saying how long."""
    if not turn.allowed:
        raise JoinRefused(
            429,
            "rate_limited",
            plural_words(
                "Many %(what)s have been tried from this network just now. Please wait"
                " %(seconds)s second and try again.",
                "Many %(what)s have been tried from this network just now. Please wait"
                " %(seconds)s seconds and try again.",
                "seconds",
                what=what,
                seconds=turn.retry_after,
            ),
        )
