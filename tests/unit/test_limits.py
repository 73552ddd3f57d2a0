"""Event limits per connection (token buckets) and per-address limits (moving windows) keep
the refusals they always had, refuse bad rules, and cost the same at 10 keys and 10,000."""

from __future__ import annotations

import pytest

from server import windows as windows_module
from server.buckets import ConnectionLimits, Rule, TokenBucket
from server.guards import Guards, Limit
from server.windows import SWEEP_PER_HIT, MovingWindows

TWENTY_IN_FIVE = Rule.parse("20 per 5 seconds")


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


def test_rules_read_the_configured_format():
    assert Rule.parse("20 per 5 seconds") == Rule(20, 5)
    assert Rule.parse("30 per minute") == Rule(30, 60)
    assert Rule.parse("20 per 10 minutes") == Rule(20, 600)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "is not a limit"),
        ("twenty per minute", "is not a limit"),
        ("20 per fortnight", "is not a limit"),
        ("0 per minute", "allows nothing"),
    ],
)
def test_a_bad_rule_is_refused_with_a_clear_error(text, says):
    with pytest.raises(ValueError, match=says):
        Rule.parse(text)


def test_guards_refuse_a_bad_configured_limit(app):
    with pytest.raises(ValueError, match="TALKBACK_EVENT_LIMIT_PARTICIPANT: 'lots'"):
        Guards({**app.config, "EVENT_LIMIT_PARTICIPANT": "lots"})
    with pytest.raises(ValueError, match="TALKBACK_JOIN_WRONG_CODE_LIMIT: '0 per minute'"):
        Guards({**app.config, "JOIN_WRONG_CODE_LIMIT": "0 per minute"})


def test_a_bucket_lets_a_burst_of_its_amount_through_then_refuses(clock):
    bucket = TokenBucket(TWENTY_IN_FIVE, clock)
    assert all(bucket.hit().allowed for _ in range(20))
    refused = bucket.hit()
    assert not refused.allowed
    assert refused.retry_after == 1  # one token comes back each quarter second


def test_a_bucket_refills_evenly_and_never_beyond_its_amount(clock):
    bucket = TokenBucket(TWENTY_IN_FIVE, clock)
    for _ in range(20):
        bucket.hit()
    clock.now += 0.25
    assert bucket.hit().allowed
    assert not bucket.hit().allowed
    clock.now += 3600
    assert sum(bucket.hit().allowed for _ in range(25)) == 20


def test_a_slow_bucket_says_how_long_to_wait(clock):
    bucket = TokenBucket(Rule.parse("30 per minute"), clock)
    for _ in range(30):
        bucket.hit()
    assert bucket.hit().retry_after == 2


def test_each_connection_has_its_own_limits(clock):
    flooding = ConnectionLimits(TWENTY_IN_FIVE, Rule(3, 60), clock)
    quiet = ConnectionLimits(TWENTY_IN_FIVE, Rule(3, 60), clock)
    for _ in range(25):
        flooding.events.hit()
    assert not flooding.events.hit().allowed
    assert quiet.events.hit().allowed


def test_a_moving_window_allows_its_amount_in_any_window(clock):
    counts = MovingWindows(clock)
    rule = Rule(3, 10)
    for _ in range(3):
        assert counts.hit(rule, "wrong-code", "10.0.0.1")
        clock.now += 3
    assert not counts.hit(rule, "wrong-code", "10.0.0.1")
    assert counts.seconds_until_room(rule, "wrong-code", "10.0.0.1") == pytest.approx(1)
    clock.now += 0.999
    assert not counts.hit(rule, "wrong-code", "10.0.0.1")
    clock.now += 0.002
    assert counts.hit(rule, "wrong-code", "10.0.0.1")
    assert counts.hit(rule, "wrong-code", "10.0.0.2")


def test_a_refusal_says_when_the_oldest_count_leaves_the_window(clock):
    limit = Limit(MovingWindows(clock), Rule.parse("2 per 10 minutes"), "wrong-code")
    limit.hit("10.0.0.1")
    clock.now += 60
    limit.hit("10.0.0.1")
    refused = limit.hit("10.0.0.1")
    assert not refused.allowed
    assert refused.retry_after == 540
    assert not limit.check("10.0.0.1").allowed
    assert limit.used("10.0.0.1")
    assert not limit.used("10.0.0.9")
    limit.clear("10.0.0.1")
    assert limit.check("10.0.0.1").allowed


def test_keys_whose_window_has_passed_are_dropped_as_others_are_hit(clock):
    counts = MovingWindows(clock)
    rule = Rule(5, 60)
    for n in range(100):
        counts.hit(rule, "wrong-code", f"10.0.{n}.1")
    clock.now += 61
    for n in range(60):
        counts.hit(rule, "wrong-code", f"10.1.{n}.1")
    assert len(counts) == 60


def test_memory_stays_bounded_when_every_hit_is_a_new_address(clock):
    counts = MovingWindows(clock, max_keys=1000)
    rule = Rule(5, 3600)
    for n in range(5000):
        counts.hit(rule, "wrong-code", f"address-{n}")
    assert len(counts) == 1000
    assert counts.count(rule, "wrong-code", "address-4999") == 1
    assert counts.count(rule, "wrong-code", "address-0") == 0


def test_a_cap_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        MovingWindows(max_keys=0)


def windows_looked_at_per_hit(monkeypatch, clock, keys: int, *, passed: bool) -> int:
    """How many keys' windows one hit looks at, with `keys` other addresses counted."""
    counts = MovingWindows(clock)
    rule = Rule(20, 600)
    for n in range(keys):
        counts.hit(rule, "wrong-code", f"10.{n // 256}.{n % 256}.1")
    if passed:
        clock.now += 601
    looked_at = []
    expire = windows_module._Window.expire
    monkeypatch.setattr(
        windows_module._Window,
        "expire",
        lambda window, now: (looked_at.append(window), expire(window, now))[1],
    )
    counts.hit(rule, "wrong-code", "192.168.0.1")
    counts.hit(rule, "wrong-code", "10.0.0.1")
    return len(looked_at)


@pytest.mark.parametrize("passed", [False, True], ids=["live keys", "expired keys"])
def test_a_hit_looks_at_as_many_keys_with_10_or_10000_addresses(monkeypatch, clock, passed):
    small = windows_looked_at_per_hit(monkeypatch, clock, 10, passed=passed)
    monkeypatch.undo()
    large = windows_looked_at_per_hit(monkeypatch, Clock(), 10_000, passed=passed)
    assert small == large
    assert large <= 2 * (SWEEP_PER_HIT + 1)
