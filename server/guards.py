"""Limits that keep one client from spoiling the room for others: events per connection,
wrong join codes and wrong rejoin codes per address and from everywhere, and failed sign-ins
per address. Counts
live in memory (per process); behind several workers, point TALKBACK_LIMITS_STORAGE at
Redis so they are shared."""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import RateLimitItem, parse, storage
from limits.strategies import MovingWindowRateLimiter

# How long a code that let someone in from an address lets the rest of that address in
# without waiting for a turn: longer than any class.
JOINED_CODE_MEMORY = "1 per 12 hours"


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds, when refused


class Limit:
    """One named limit, such as "20 per 5 seconds", counted per key."""

    def __init__(self, limiter: MovingWindowRateLimiter, rule: str, name: str):
        self._limiter = limiter
        self._item: RateLimitItem = parse(rule)
        self._name = name

    def hit(self, key: str) -> Verdict:
        """Count one more and say whether it was within the limit."""
        if self._limiter.hit(self._item, self._name, key):
            return Verdict(True)
        return self._refused(key)

    def check(self, key: str) -> Verdict:
        """Whether one more would be allowed, without counting it."""
        if self._limiter.test(self._item, self._name, key):
            return Verdict(True)
        return self._refused(key)

    def used(self, key: str) -> bool:
        """Whether anything was counted for `key` in the current window."""
        stats = self._limiter.get_window_stats(self._item, self._name, key)
        return stats.remaining < self._item.amount

    def clear(self, key: str) -> None:
        self._limiter.clear(self._item, self._name, key)

    def _refused(self, key: str) -> Verdict:
        stats = self._limiter.get_window_stats(self._item, self._name, key)
        return Verdict(False, max(1, int(stats.reset_time - time.time()) + 1))


class Guards:
    def __init__(self, config):
        backend = storage.storage_from_string(config["LIMITS_STORAGE"])
        limiter = MovingWindowRateLimiter(backend)
        self.events = {
            audience: Limit(limiter, config[f"EVENT_LIMIT_{audience.upper()}"], f"ev-{audience}")
            for audience in ("facilitator", "screen", "participant")
        }
        self.refusals = Limit(limiter, config["EVENT_REFUSALS_BEFORE_DISCONNECT"], "refused")
        self.wrong_codes = Limit(limiter, config["JOIN_WRONG_CODE_LIMIT"], "wrong-code")
        self.wrong_codes_everywhere = Limit(
            limiter, config["JOIN_WRONG_CODE_GLOBAL_LIMIT"], "wrong-code-all"
        )
        self.slowed_joins = Limit(limiter, config["JOIN_SLOWED_LIMIT"], "slowed-join")
        self.joined_codes = Limit(limiter, JOINED_CODE_MEMORY, "joined-code")
        self.wrong_rejoins = Limit(limiter, config["REJOIN_WRONG_CODE_LIMIT"], "wrong-rejoin")
        self.wrong_rejoins_everywhere = Limit(
            limiter, config["REJOIN_WRONG_CODE_GLOBAL_LIMIT"], "wrong-rejoin-all"
        )
        self.slowed_rejoins = Limit(limiter, config["REJOIN_SLOWED_LIMIT"], "slowed-rejoin")
        self.failed_signins = Limit(limiter, config["SIGNIN_FAILURE_LIMIT"], "signin")
