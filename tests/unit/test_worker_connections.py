"""Connections counted per worker process: several workers share one SQLite file, and one of
them restarting forgets only the connections it held (docs/deploy.md)."""

from __future__ import annotations

import pytest

from sessions.store import Store

NOW = "2025-03-01T10:00:00+00:00"


class Clock:
    def __init__(self, now: str = NOW):
        self.now = now

    def __call__(self) -> str:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def workers(database_setting, clock, small_deck_id, facilitator_id, store):
    """Two more stores on the same file, as two worker processes have (the `store` fixture
    made the schema and the deck)."""
    made = []
    for name in ("host:5000", "host:5001"):
        worker = Store(database_setting, clock=clock)
        worker.room.worker = name
        worker.room.reset_connections()
        made.append(worker)
    yield made
    for worker in made:
        worker.close()


@pytest.fixture
def room(store, small_deck_id, facilitator_id):
    session_id = store.sessions.create(small_deck_id, facilitator_id)["id"]
    people = [store.participants.add(session_id, name)[0]["id"] for name in ("Ann", "Bob", "Cy")]
    return session_id, people


def test_a_participant_is_connected_while_any_worker_holds_a_connection(workers, room):
    first, second = workers
    session_id, (ann, bob, _) = room
    first.room.count_connection(ann, +1)
    second.room.count_connection(ann, +1)  # a second tab, routed to the other worker
    second.room.count_connection(bob, +1)
    assert first.room.connected(session_id) == [ann, bob]
    first.room.count_connection(ann, -1)
    assert second.room.connected(session_id) == [ann, bob]
    second.room.count_connection(ann, -1)
    assert second.room.connected(session_id) == [bob]


def test_a_worker_that_restarts_forgets_only_its_own_connections(
    workers, room, database_setting, clock
):
    first, second = workers
    session_id, (ann, bob, cy) = room
    first.room.count_connection(ann, +1)
    first.room.count_connection(bob, +1)
    second.room.count_connection(cy, +1)
    first.close()  # killed: its counts stay behind in the file

    restarted = Store(database_setting, clock=clock)
    restarted.room.worker = "host:5000"
    restarted.room.reset_connections()
    try:
        assert second.room.connected(session_id) == [cy]
        restarted.room.count_connection(bob, +1)
        assert restarted.room.connected(session_id) == [bob, cy]
    finally:
        restarted.close()
        workers.remove(first)


def test_a_worker_never_counts_below_zero(workers, room):
    first, second = workers
    session_id, (ann, _, _) = room
    first.room.count_connection(ann, -1)  # a disconnect this process never saw connect
    second.room.count_connection(ann, +1)
    first.room.count_connection(ann, -1)
    assert first.room.connected(session_id) == [ann]
    second.room.count_connection(ann, -1)
    assert first.room.connected(session_id) == []


def test_the_connections_of_a_worker_not_seen_for_long_are_dropped(workers, room, clock):
    first, second = workers
    session_id, (ann, bob, _) = room
    first.room.count_connection(ann, +1)
    second.room.count_connection(bob, +1)
    clock.now = "2025-03-01T10:04:00+00:00"
    assert first.room.heartbeat(stale_after=300) == 0  # the second is quiet, not yet gone
    assert first.room.connected(session_id) == [ann, bob]
    clock.now = "2025-03-01T10:06:00+00:00"
    assert first.room.heartbeat(stale_after=300) == 1  # the second was last seen at 10:00
    assert first.room.connected(session_id) == [ann]
    second.room.count_connection(bob, +1)  # it was only slow: it counts its new connections again
    assert first.room.connected(session_id) == [ann, bob]


def test_deleting_a_participant_deletes_their_connection_counts(workers, room, store):
    first, _ = workers
    session_id, (ann, bob, _) = room
    first.room.count_connection(ann, +1)
    first.room.count_connection(bob, +1)
    store.participants.delete(ann)
    assert first.room.connected(session_id) == [bob]


def test_workers_racing_to_close_a_due_session_end_it_once(
    workers, store, small_deck_id, facilitator_id, monkeypatch
):
    first, second = workers
    session_id = store.sessions.create(
        small_deck_id, facilitator_id, mode="self-paced", closes_at="2025-03-01T09:00:00+00:00"
    )["id"]
    seq = store.sessions.load_live(session_id).seq
    # The second read the session as due before the first ended it, and writes after.
    monkeypatch.setattr(second.database, "rows", lambda sql, params=(): [{"id": session_id}])
    assert first.sessions.close_due() == [session_id]
    assert second.sessions.close_due() == []  # so it publishes nothing either
    assert store.sessions.load_live(session_id).seq == seq + 1
    assert store.sessions.load_live(session_id).ended
