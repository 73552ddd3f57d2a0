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
def workers(db_path, clock, small_deck_id, facilitator_id, store):
    """Two more stores on the same file, as two worker processes have (the `store` fixture
    made the schema and the deck)."""
    made = []
    for name in ("host:5000", "host:5001"):
        worker = Store(str(db_path), clock=clock)
        worker.room.worker = name
        worker.reset_connections()
        made.append(worker)
    yield made
    for worker in made:
        worker.close()


@pytest.fixture
def room(store, small_deck_id, facilitator_id):
    session_id = store.create_session(small_deck_id, facilitator_id)["id"]
    people = [store.add_participant(session_id, name)[0]["id"] for name in ("Ann", "Bob", "Cy")]
    return session_id, people


def test_a_participant_is_connected_while_any_worker_holds_a_connection(workers, room):
    first, second = workers
    session_id, (ann, bob, _) = room
    first.count_connection(ann, +1)
    second.count_connection(ann, +1)  # a second tab, routed to the other worker
    second.count_connection(bob, +1)
    assert first.connected_participants(session_id) == [ann, bob]
    first.count_connection(ann, -1)
    assert second.connected_participants(session_id) == [ann, bob]
    second.count_connection(ann, -1)
    assert second.connected_participants(session_id) == [bob]


def test_a_worker_that_restarts_forgets_only_its_own_connections(workers, room, db_path, clock):
    first, second = workers
    session_id, (ann, bob, cy) = room
    first.count_connection(ann, +1)
    first.count_connection(bob, +1)
    second.count_connection(cy, +1)
    first.close()  # killed: its counts stay behind in the file

    restarted = Store(str(db_path), clock=clock)
    restarted.room.worker = "host:5000"
    restarted.reset_connections()
    try:
        assert second.connected_participants(session_id) == [cy]
        restarted.count_connection(bob, +1)
        assert restarted.connected_participants(session_id) == [bob, cy]
    finally:
        restarted.close()
        workers.remove(first)


def test_a_worker_never_counts_below_zero(workers, room):
    first, second = workers
    session_id, (ann, _, _) = room
    first.count_connection(ann, -1)  # a disconnect this process never saw connect
    second.count_connection(ann, +1)
    first.count_connection(ann, -1)
    assert first.connected_participants(session_id) == [ann]
    second.count_connection(ann, -1)
    assert first.connected_participants(session_id) == []


def test_the_connections_of_a_worker_not_seen_for_long_are_dropped(workers, room, clock):
    first, second = workers
    session_id, (ann, bob, _) = room
    first.count_connection(ann, +1)
    second.count_connection(bob, +1)
    clock.now = "2025-03-01T10:04:00+00:00"
    assert first.heartbeat(stale_after=300) == 0  # the second is quiet, not yet gone
    assert first.connected_participants(session_id) == [ann, bob]
    clock.now = "2025-03-01T10:06:00+00:00"
    assert first.heartbeat(stale_after=300) == 1  # the second was last seen at 10:00
    assert first.connected_participants(session_id) == [ann]
    second.count_connection(bob, +1)  # it was only slow: it counts its new connections again
    assert first.connected_participants(session_id) == [ann, bob]


def test_deleting_a_participant_deletes_their_connection_counts(workers, room, store):
    first, _ = workers
    session_id, (ann, bob, _) = room
    first.count_connection(ann, +1)
    first.count_connection(bob, +1)
    store.delete_participant(ann)
    assert first.connected_participants(session_id) == [bob]


def test_workers_racing_to_close_a_due_session_end_it_once(
    workers, store, small_deck_id, facilitator_id, monkeypatch
):
    first, second = workers
    session_id = store.create_session(
        small_deck_id, facilitator_id, mode="self-paced", closes_at="2025-03-01T09:00:00+00:00"
    )["id"]
    seq = store.load_live(session_id).seq
    # The second read the session as due before the first ended it, and writes after.
    monkeypatch.setattr(second.database, "rows", lambda sql, params=(): [{"id": session_id}])
    assert first.close_due_sessions() == [session_id]
    assert second.close_due_sessions() == []  # so it publishes nothing either
    assert store.load_live(session_id).seq == seq + 1
    assert store.load_live(session_id).ended
