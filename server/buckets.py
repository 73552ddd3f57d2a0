"""Per-connection limits as token buckets: each connection holds its own few numbers, so a
message costs the same whether one phone or ten thousand are connected."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from limits import parse


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds, when refused


@dataclass(frozen=True)
class Rule:
    """A limit such as "20 per 5 seconds": `amount` in any `seconds`."""

    amount: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rule:
        """The rule in `text`, in the format `limits` reads; ValueError if it is not one."""
        try:
            item = parse(text)
        except ValueError:
            message = f"{text!r} is not a limit: write it like '20 per 5 seconds'."
            raise ValueError(message) from None
        if item.amount < 1 or item.get_expiry() < 1:
            raise ValueError(f"{text!r} allows nothing: give at least 1 per second.")
        return cls(item.amount, item.get_expiry())


class TokenBucket:
    """Holds `rule.amount` tokens, refilled evenly over `rule.seconds`: a burst of the full
    amount passes, then one more each `seconds / amount`, close to "at most amount in any
    window" without remembering every event."""

    __slots__ = ("_capacity", "_clock", "_per_second", "_tokens", "_updated")

    def __init__(self, rule: Rule, clock: Callable[[], float] = time.monotonic):
        self._capacity = float(rule.amount)
        self._per_second = rule.amount / rule.seconds
        self._clock = clock
        self._tokens = self._capacity
        self._updated = clock()

    def hit(self) -> Verdict:
        """Take one token if there is one, and say whether it was within the limit."""
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        self._tokens = min(self._capacity, self._tokens + elapsed * self._per_second)
        self._updated = now
        if self._tokens >= 1:
            self._tokens -= 1
            return Verdict(True)
        wait = (1 - self._tokens) / self._per_second
        return Verdict(False, max(1, math.ceil(wait)))


class ConnectionLimits:
    """What one connection may send: its events, and how many refusals it gets before it is
    disconnected. Kept with the connection and dropped with it."""

    __slots__ = ("events", "refusals")

    def __init__(self, events: Rule, refusals: Rule, clock: Callable[[], float] = time.monotonic):
        self.events = TokenBucket(events, clock)
        self.refusals = TokenBucket(refusals, clock)
