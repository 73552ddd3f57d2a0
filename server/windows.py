"""Per-address limits kept in this process: a moving window per key ("at most 20 in any 10
minutes"), with memory bounded and no scan of every key. Each key remembers at most its
limit's amount of times; keys of a limit are kept in the order they were last counted, so
those whose window has passed are at the front and are dropped a few at a time as others are
hit, and past `max_keys` a limit forgets its least recently counted key."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from server.buckets import Rule

# How many of the least recently hit keys each hit looks at to drop: enough to keep up with
# new keys (each hit adds at most one), small enough that a hit costs the same at any size.
SWEEP_PER_HIT = 2
MAX_KEYS = 100_000


class _Window:
    __slots__ = ("rule", "times")

    def __init__(self, rule: Rule):
        self.rule = rule
        self.times: deque[float] = deque()

    def expire(self, now: float) -> None:
        while self.times and self.times[0] <= now - self.rule.seconds:
            self.times.popleft()


class MovingWindows:
    """Moving-window counts per limit name and key, least recently counted first."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_keys: int = MAX_KEYS):
        if max_keys < 1:
            raise ValueError("max_keys must be at least 1.")
        self._clock = clock
        self._max_keys = max_keys
        self._limits: dict[str, OrderedDict[str, _Window]] = {}
        # Handlers may run on several threads (the threading mode); each call is a few steps.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return sum(len(windows) for windows in self._limits.values())

    def hit(self, rule: Rule, name: str, key: str) -> bool:
        """Count one more if it is within `rule`; whether it was."""
        with self._lock:
            now = self._clock()
            window = self._window(rule, name, key, now, create=True)
            assert window is not None
            if len(window.times) >= rule.amount:
                return False
            window.times.append(now)
            self._limits[name].move_to_end(key)
            return True

    def test(self, rule: Rule, name: str, key: str) -> bool:
        """Whether one more would be within `rule`, without counting it."""
        with self._lock:
            window = self._window(rule, name, key, self._clock(), create=False)
            return window is None or len(window.times) < rule.amount

    def count(self, rule: Rule, name: str, key: str) -> int:
        """How many were counted for `key` in the current window."""
        with self._lock:
            window = self._window(rule, name, key, self._clock(), create=False)
            return 0 if window is None else len(window.times)

    def seconds_until_room(self, rule: Rule, name: str, key: str) -> float:
        """How long until one more would be within `rule` (0 if it is now)."""
        with self._lock:
            now = self._clock()
            window = self._window(rule, name, key, now, create=False)
            if window is None or len(window.times) < rule.amount:
                return 0.0
            return window.times[0] + rule.seconds - now

    def clear(self, rule: Rule, name: str, key: str) -> None:
        with self._lock:
            self._limits.get(name, OrderedDict()).pop(key, None)

    def _window(
        self, rule: Rule, name: str, key: str, now: float, *, create: bool
    ) -> _Window | None:
        windows = self._limits.setdefault(name, OrderedDict())
        self._sweep(windows, now)
        window = windows.get(key)
        if window is None:
            if not create:
                return None
            window = windows[key] = _Window(rule)
            if len(windows) > self._max_keys:
                windows.popitem(last=False)
        window.expire(now)
        return window

    @staticmethod
    def _sweep(windows: OrderedDict[str, _Window], now: float) -> None:
        """Drop up to SWEEP_PER_HIT of the least recently counted keys whose window has
        passed. One limit's keys share a window length, so the first whose window has not
        passed ends the sweep."""
        for _ in range(SWEEP_PER_HIT):
            if not windows:
                return
            key, window = next(iter(windows.items()))
            window.expire(now)
            if window.times:
                return
            del windows[key]
