"""The room's visits to steps, as the store keeps them: a move closes one and opens the next,
a command that is no move changes nothing, and the end closes the last."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sessions.store.timings import seconds

START = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)


def at(store, minutes: float) -> None:
    stamp = (START + timedelta(minutes=minutes)).isoformat(timespec="seconds")
    store.database.now = lambda: stamp


def test_each_move_closes_the_visit_and_the_end_closes_the_last(store, live_session):
    sid = live_session["id"]
    at(store, 0)
    store.timings.record(sid, None)  # still in the lobby: nothing to keep
    assert store.timings.visits(sid) == []
    store.timings.record(sid, "welcome")
    at(store, 3)
    store.timings.record(sid, "welcome")  # answers opened, a timer: the same visit goes on
    at(store, 4)
    store.timings.record(sid, "myth")
    at(store, 6)
    store.timings.record(sid, "welcome")  # back: a second visit
    at(store, 7)
    store.timings.record(sid, None)  # the end
    visits = store.timings.visits(sid)
    assert [(v.step_id, (v.reached - START.timestamp()) / 60) for v in visits] == [
        ("welcome", 0),
        ("myth", 4),
        ("welcome", 6),
    ]
    assert [(v.left - v.reached) / 60 for v in visits] == [4, 2, 1]


def test_an_open_visit_has_no_end_and_sessions_are_kept_apart(
    store, live_session, small_deck_id, facilitator_id
):
    other = store.sessions.create(small_deck_id, facilitator_id)["id"]
    at(store, 0)
    store.timings.record(live_session["id"], "welcome")
    store.timings.record(other, "myth")
    (visit,) = store.timings.visits(live_session["id"])
    assert visit.left is None
    assert [v.step_id for v in store.timings.visits(other)] == ["myth"]


def test_stored_times_read_as_seconds_since_the_epoch():
    assert seconds("1970-01-01T00:01:00+00:00") == 60
    assert seconds(None) is None
