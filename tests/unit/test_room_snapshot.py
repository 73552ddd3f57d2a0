"""One read of a room, without a server: each part is read from the store once however often
the views ask for it, a new read sees what changed since, and the store's one-query reads
(the row with its head count, a console seat, attendance counted as it is stored) answer what
the separate reads did."""

from __future__ import annotations

import contextlib

import pytest

from sessions.live import GoToStep, OpenResponses, decide
from sessions.room_snapshot import RoomRead
from sessions.store import StoreError
from tests.unit.room_store_calls import answer


@contextlib.contextmanager
def reads(store):
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        store.db.conn.set_trace_callback(None)
    seen[:] = [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def move(store, session_id, *commands):
    deck = store.sessions.deck_of(session_id)
    state = store.sessions.load_live(session_id)
    for command in commands:
        moved = decide(state, deck, command).state
        assert store.sessions.save_live(session_id, moved, expected_seq=state.seq)
        state = moved
    return state


@pytest.mark.sqlite_only  # counts the statements SQLite traces
def test_the_row_holds_the_live_state_and_the_head_count(store, live_session):
    sid = live_session["id"]
    for name in ("Ann", "Bob"):
        store.participants.add(sid, name)
    move(store, sid, GoToStep(2, force=True), OpenResponses())
    read = RoomRead(store, sid)
    with reads(store) as seen:
        assert read.state == store.sessions.load_live(sid)
        assert read.head_count == 2 == store.participants.count(sid)
        assert read.row["code"] == live_session["code"]
    assert len(seen) == 1 + 2  # the row once; the two calls compared with it
    assert "head_count" not in read.row  # the count is not a column of the session


@pytest.mark.sqlite_only  # counts the statements SQLite traces
def test_each_part_is_read_once_however_often_the_views_ask(store, live_session):
    sid = live_session["id"]
    state = move(store, sid, GoToStep(2, force=True))
    read = RoomRead(store, sid)
    with reads(store) as seen:
        for _ in range(3):  # as the console, the screen and the phones would
            read.state, read.head_count, read.questions(), read.alerts(), read.later_questions()
            read.reactions_of_step("colour"), read.without_phones(), read.results(state)
    assert len(seen) == 8, "\n".join(seen)  # the row, five lists, the answers, the moderation


def test_a_new_read_sees_what_changed_since_the_last(store, live_session):
    sid = live_session["id"]
    state = move(store, sid, GoToStep(2, force=True), OpenResponses())
    person, _ = store.participants.add(sid, "Ann")
    first = RoomRead(store, sid)
    assert first.results(state)["total"] == 0
    answer(store, sid, person["id"], "colour", "red")
    assert first.results(state)["total"] == 0  # one change, one read
    assert RoomRead(store, sid).results(state)["total"] == 1


@pytest.mark.sqlite_only  # counts the statements SQLite traces
def test_a_step_without_answers_has_no_results_and_reads_none(store, live_session):
    sid = live_session["id"]
    state = move(store, sid, GoToStep(0))
    read = RoomRead(store, sid)
    with reads(store) as seen:
        assert read.results(state) is None
    assert seen == []


def test_a_read_of_no_session_is_refused_plainly(store):
    with pytest.raises(StoreError) as refused:
        _ = RoomRead(store, "no-such-session").state
    assert refused.value.code == "not_found"


@pytest.mark.sqlite_only  # counts the statements SQLite traces
def test_a_seat_is_the_facilitator_and_the_invitation_in_one_read(store, live_session):
    sid = live_session["id"]
    physio = store.accounts.user_by_name("physio")
    helper = store.accounts.create_user("mo", "x")
    assert store.session_roles.seat(sid, helper) == (physio["id"], None)
    store.session_roles.invite(sid, helper, "moderator", by=physio, username="mo")
    with reads(store) as seen:
        assert store.session_roles.seat(sid, helper) == (physio["id"], "moderator")
    assert len(seen) == 1
    assert store.session_roles.seat("no-such-session", helper) is None


@pytest.mark.sqlite_only  # counts the statements SQLite traces
def test_attendance_counts_who_is_present_in_the_statement_that_stores_it(store, live_session):
    sid = live_session["id"]
    here, _ = store.participants.add(sid, "Ann")
    store.participants.add(sid, "Bob")  # joined, but not connected
    store.participants.add(sid, "Mrs K", no_phone=True)  # present, with no phone to count
    store.room.count_connection(here["id"], +1)
    state = move(store, sid, GoToStep(0))
    with reads(store) as seen:
        store.review.record_attendance(sid, state)
    assert seen == []
    assert store.review.attendance(sid) == {"welcome": 2}
    store.room.count_connection(here["id"], -1)
    store.review.record_attendance(sid, state)
    assert store.review.attendance(sid) == {"welcome": 2}  # the most seen is kept


def test_a_move_opens_a_visit_without_reading_first(store, live_session):
    sid = live_session["id"]
    store.timings.moved(sid, "welcome")
    store.timings.moved(sid, "colour")
    store.timings.moved(sid, None)  # the end
    assert [(v.step_id, v.left is not None) for v in store.timings.visits(sid)] == [
        ("welcome", True),
        ("colour", True),
    ]


def statements(store, call):
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        return call(), seen
    finally:
        store.db.conn.set_trace_callback(None)


@pytest.mark.sqlite_only  # counts the statements SQLite traces
def test_a_read_is_one_statement_and_names_its_columns_as_before(store, live_session):
    sql = "SELECT s.id, p.id, p.name FROM sessions s JOIN participants p ON p.session_id = s.id"
    store.participants.add(live_session["id"], "Ann")
    found, seen = statements(store, lambda: store.database.rows(sql))
    assert len(seen) == 1  # no savepoint around it
    assert found == list(store.db.query(sql))  # the same rows, a repeated name as "id_2"
    assert set(found[0]) == {"id", "id_2", "name"}
    assert not store.db.conn.in_transaction  # nothing left open


def test_a_statement_that_is_no_read_is_still_refused_and_changes_nothing(store, live_session):
    with pytest.raises(ValueError, match="returns rows"):
        store.database.rows("DELETE FROM sessions")
    assert not store.database.writing()
    assert store.sessions.get(live_session["id"]) is not None
