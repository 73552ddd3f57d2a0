"""Several workers each send the results they counted, so the message a console gets last may
have been counted before another worker stored its last answer. With a message queue, a
session sent for a change is sent once more after a quiet moment (docs/deploy.md)."""

from __future__ import annotations

import time

from tests.integration.test_live_session import goto_step


def test_results_are_sent_once_more_after_a_quiet_moment(console, join, realtime):
    realtime.settle_after = 0.05
    phone = join(console.session)
    goto_step(console, "how-long")
    console.received()

    assert phone.emit("answer", step_id="how-long", value="over-a-year", id="a1")["ok"]
    realtime.flush()
    assert [r["total"] for r in console.received("results")] == [1]
    realtime.flush()
    assert console.received("results") == []  # nothing new, and not quiet long enough yet

    time.sleep(0.06)
    realtime.flush()
    assert [r["total"] for r in console.received("results")] == [1]  # the settling send
    time.sleep(0.06)
    realtime.flush()
    assert console.received("results") == []  # once only


def test_a_session_still_changing_settles_after_its_last_change(console, join, realtime):
    realtime.settle_after = 0.05
    phones = [join(console.session) for _ in range(2)]
    goto_step(console, "how-long")
    console.received()

    phones[0].emit("answer", step_id="how-long", value="over-a-year", id="a1")
    realtime.flush()
    time.sleep(0.03)
    phones[1].emit("answer", step_id="how-long", value="over-a-year", id="a2")
    realtime.flush()
    time.sleep(0.03)
    realtime.flush()  # 0.06 after the first change, 0.03 after the last: not yet
    assert [r["total"] for r in console.received("results")] == [1, 2]
    time.sleep(0.03)
    realtime.flush()
    assert [r["total"] for r in console.received("results")] == [2]


def test_without_a_queue_nothing_is_sent_twice(console, join, realtime):
    assert realtime.settle_after == 0
    phone = join(console.session)
    goto_step(console, "how-long")
    console.received()
    phone.emit("answer", step_id="how-long", value="over-a-year", id="a1")
    realtime.flush()
    time.sleep(0.01)
    realtime.flush()
    assert [r["total"] for r in console.received("results")] == [1]
