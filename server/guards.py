"""Limits that keep one client from spoiling the room for others: events per connection,
wrong join codes and wrong rejoin codes per address and from everywhere, failed sign-ins
per address, and wrong second-step codes per account and per address. Events are counted
in a token bucket held with each connection (server/buckets.py). The rest live in memory
(per process, server/windows.py); behind several workers, point TALKBACK_LIMITS_STORAGE at
Redis so they are shared."""

from __future__ import annotations

import math
import time
from typing import Any

from limits import RateLimitItem, RateLimitItemPerSecond, storage
from limits.strategies import MovingWindowRateLimiter

from server.buckets import ConnectionLimits, Rule, Verdict
from server.windows import MovingWindows
from sessions.words import N_

# How long a code that let someone in from an address lets the rest of that address in
# without waiting for a turn: longer than any class.
JOINED_CODE_MEMORY = "1 per 12 hours"

IN_MEMORY = "memory://"

AUDIENCES = ("facilitator", "screen", "participant")


class SharedWindows:
    """The same counts as MovingWindows, kept in a `limits` storage (Redis) that several
    workers share."""

    def __init__(self, storage_uri: str):
        self._limiter = MovingWindowRateLimiter(storage.storage_from_string(storage_uri))

    def hit(self, rule: Rule, name: str, key: str) -> bool:
        return self._limiter.hit(_item(rule), name, key)

    def test(self, rule: Rule, name: str, key: str) -> bool:
        return self._limiter.test(_item(rule), name, key)

    def count(self, rule: Rule, name: str, key: str) -> int:
        stats = self._limiter.get_window_stats(_item(rule), name, key)
        return rule.amount - stats.remaining

    def seconds_until_room(self, rule: Rule, name: str, key: str) -> float:
        if self.test(rule, name, key):
            return 0.0
        stats = self._limiter.get_window_stats(_item(rule), name, key)
        return stats.reset_time - time.time()

    def clear(self, rule: Rule, name: str, key: str) -> None:
        self._limiter.clear(_item(rule), name, key)


def _item(rule: Rule) -> RateLimitItem:
    return RateLimitItemPerSecond(rule.amount, rule.seconds)


class Limit:
    """One named limit, such as "20 per 5 seconds", counted per key in a moving window."""

    def __init__(self, counts: MovingWindows | SharedWindows, rule: Rule, name: str):
        self._counts = counts
        self._rule = rule
        self._name = name

    def hit(self, key: str) -> Verdict:
        """Count one more and say whether it was within the limit."""
        if self._counts.hit(self._rule, self._name, key):
            return Verdict(True)
        return self._refused(key)

    def check(self, key: str) -> Verdict:
        """Whether one more would be allowed, without counting it."""
        if self._counts.test(self._rule, self._name, key):
            return Verdict(True)
        return self._refused(key)

    def used(self, key: str) -> bool:
        """Whether anything was counted for `key` in the current window."""
        return self._counts.count(self._rule, self._name, key) > 0

    def clear(self, key: str) -> None:
        self._counts.clear(self._rule, self._name, key)

    def _refused(self, key: str) -> Verdict:
        wait = self._counts.seconds_until_room(self._rule, self._name, key)
        return Verdict(False, max(1, math.ceil(wait)))


class Guessing:
    """Wrong codes of one kind (join or rejoin), counted per address and from every address
    together. Past either count an address is slowed to one lookup a turn; nobody is locked
    out, and a refusal says nothing about whether the code was right."""

    EVERYWHERE = "all"  # the key of the count shared by every address

    def __init__(self, wrong: Limit, everywhere: Limit, slowed: Limit):
        self.wrong = wrong
        self.everywhere = everywhere
        self.slowed = slowed

    def missed(self, address: str) -> None:
        self.wrong.hit(address)
        self.everywhere.hit(self.EVERYWHERE)

    def is_slowed(self, address: str) -> bool:
        return (
            not self.wrong.check(address).allowed
            or not self.everywhere.check(self.EVERYWHERE).allowed
        )

    def take_turn(self, address: str) -> Verdict:
        return self.slowed.hit(address)


class ReactionLimits:
    """Live reactions: a few per person, and a cap on a whole session together, so that a
    room tapping at once cannot flood the screen or the store."""

    def __init__(self, per_person: Limit, per_session: Limit):
        self.per_person = per_person
        self.per_session = per_session

    def refusal(self, session_id: str, participant_id: str) -> str | None:
        """Why this reaction is not counted, or None when it is within both limits (and
        counted against them)."""
        if not self.per_person.hit(participant_id).allowed:
            return N_("That is a lot of reactions: wait a few seconds before the next.")
        if not self.per_session.hit(session_id).allowed:
            return N_("The room is sending lots of reactions just now: try again in a moment.")
        return None


class WrongCodes:
    """Wrong second-step codes, counted per account and per address: past either count the
    code page refuses every try, right or wrong, until the window has room again."""

    def __init__(self, per_account: Limit, per_address: Limit):
        self.per_account = per_account
        self.per_address = per_address

    def wait(self, account: str, address: str) -> int:
        """Seconds until one more try is allowed; 0 when it is allowed now."""
        verdicts = (self.per_account.check(account), self.per_address.check(address))
        return max((v.retry_after for v in verdicts if not v.allowed), default=0)

    def missed(self, account: str, address: str) -> None:
        self.per_account.hit(account)
        self.per_address.hit(address)


class Guards:
    def __init__(self, config: Any):
        self._event_rules = {
            audience: _rule(config, f"EVENT_LIMIT_{audience.upper()}") for audience in AUDIENCES
        }
        self._refusal_rule = _rule(config, "EVENT_REFUSALS_BEFORE_DISCONNECT")
        counts = _counts(config["LIMITS_STORAGE"])
        self.join_guesses = Guessing(
            Limit(counts, _rule(config, "JOIN_WRONG_CODE_LIMIT"), "wrong-code"),
            Limit(counts, _rule(config, "JOIN_WRONG_CODE_GLOBAL_LIMIT"), "wrong-code-all"),
            Limit(counts, _rule(config, "JOIN_SLOWED_LIMIT"), "slowed-join"),
        )
        self.joined_codes = Limit(counts, Rule.parse(JOINED_CODE_MEMORY), "joined-code")
        self.rejoin_guesses = Guessing(
            Limit(counts, _rule(config, "REJOIN_WRONG_CODE_LIMIT"), "wrong-rejoin"),
            Limit(counts, _rule(config, "REJOIN_WRONG_CODE_GLOBAL_LIMIT"), "wrong-rejoin-all"),
            Limit(counts, _rule(config, "REJOIN_SLOWED_LIMIT"), "slowed-rejoin"),
        )
        self.failed_signins = Limit(counts, _rule(config, "SIGNIN_FAILURE_LIMIT"), "signin")
        self.wrong_codes = WrongCodes(
            Limit(counts, _rule(config, "MFA_FAILURE_LIMIT"), "mfa-account"),
            Limit(counts, _rule(config, "MFA_ADDRESS_FAILURE_LIMIT"), "mfa-address"),
        )
        # An answer sent over HTTP before the phone's live connection is up: the same rule as
        # a phone's events, counted per person, since there is no connection to hold it.
        self.http_answers = Limit(counts, self._event_rules["participant"], "http-answer")
        self.reactions = ReactionLimits(
            Limit(counts, _rule(config, "REACTION_LIMIT"), "reaction"),
            Limit(counts, _rule(config, "REACTION_SESSION_LIMIT"), "reaction-session"),
        )

    def for_connection(self, audience: str) -> ConnectionLimits:
        """Fresh limits for one new connection of `audience`, to keep with it."""
        return ConnectionLimits(self._event_rules[audience], self._refusal_rule)


def _rule(config: Any, setting: str) -> Rule:
    """The rule in `setting`, or ValueError naming the setting."""
    try:
        return Rule.parse(config[setting])
    except ValueError as exc:
        raise ValueError(f"TALKBACK_{setting}: {exc}") from None


def _counts(storage_uri: str) -> MovingWindows | SharedWindows:
    """In-memory counts of our own, whose cost does not grow with the number of keys, or a
    shared `limits` storage (Redis) for several workers."""
    if storage_uri == IN_MEMORY:
        return MovingWindows()
    return SharedWindows(storage_uri)
