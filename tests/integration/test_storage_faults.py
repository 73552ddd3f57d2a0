"""A database that cannot be written (read-only, or a full disk) refuses cleanly: the client gets
`unavailable`, nothing is stored, and the same answer goes through once the fault is gone.

Both faults are made inside the app's own SQLite connection with SQLite's own limits
(`PRAGMA query_only`, `PRAGMA max_page_count`), which fail exactly where a read-only file or a
full disk would: docs/reliability.md says why."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from contextlib import closing

import pytest

from app import create_app, realtime_of
from tests.conftest import scalar

POLL = "how-long"
UNLIMITED_PAGES = 1073741823  # SQLite's largest max_page_count


@pytest.fixture
def app(tmp_path):
    """The suite's app, with room for the many answers it takes to fill the disk."""
    app = create_app(
        {
            "DATABASE": str(tmp_path / "talkback.db"),
            "SECRET_KEY": "test-secret",
            "ASYNC_MODE": "threading",
            "RESULTS_INTERVAL": 0,
            "TESTING": True,
            "EVENT_LIMIT_PARTICIPANT": "10000 per second",
            "EVENT_REFUSALS_BEFORE_DISCONNECT": "10000 per second",
        }
    )
    yield app
    realtime_of(app).store.close()


def stored(store, session_id):
    """(answer id -> value in answer_ids, answer id -> value in responses) of a session, read
    from the file through a connection of their own."""
    path = store.db.execute("PRAGMA database_list").fetchone()[2]
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        answer_ids = db.execute(
            "SELECT a.answer_id, a.value FROM answer_ids a JOIN participants p"
            " ON p.id = a.participant_id WHERE p.session_id = ?",
            (session_id,),
        ).fetchall()
        responses = db.execute(
            "SELECT answer_id, value FROM responses WHERE session_id = ?",
            (session_id,),
        ).fetchall()
    assert len({a for a, _ in answer_ids}) == len(answer_ids)  # each id stored once
    assert len({a for a, _ in responses}) == len(responses)
    return dict(answer_ids), dict(responses)


def goto(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    ack = console.emit("goto", index=deck.index_of(step_id), force=True)
    assert ack["ok"], ack
    return ack["seq"]


def assert_console_counts(console, realtime, responses):
    """The console's latest results for the poll equal a recount of the stored rows."""
    console.received()
    realtime.flush()
    results = console.last("results")
    values = Counter(json.loads(v) for v in responses.values())
    assert results["total"] == len(responses)
    assert {k: v for k, v in results["counts"].items() if v} == dict(values)


def test_a_read_only_database_refuses_with_unavailable_and_recovers(console, join, store, realtime):
    phone = join(console.session)
    seq = goto(console, POLL)
    assert phone.emit("answer", step_id=POLL, value="over-a-year", id="before")["ok"]

    store.db.execute("PRAGMA query_only=ON")  # the file can be read, not written
    try:
        ack = phone.emit("answer", step_id=POLL, value="under-6-weeks", id="while-read-only")
        command = console.emit("close")
        snapshot = phone.emit("snapshot")  # reading still works
    finally:
        store.db.execute("PRAGMA query_only=OFF")

    assert ack["ok"] is False
    assert ack["error"]["code"] == "unavailable"
    assert command["error"]["code"] == "unavailable"
    assert snapshot["ok"]
    assert snapshot["snapshot"]["me"]["responses"] == {POLL: "over-a-year"}
    answer_ids, responses = stored(store, console.session["id"])
    assert set(answer_ids) == {"before"}
    assert responses == {"before": json.dumps("over-a-year")}
    assert store.sessions.load_live(console.session["id"]).seq == seq  # the command changed nothing

    again = phone.emit("answer", step_id=POLL, value="under-6-weeks", id="while-read-only")
    assert again["ok"], again
    answer_ids, responses = stored(store, console.session["id"])
    assert set(answer_ids) == {"before", "while-read-only"}
    assert responses == {"while-read-only": json.dumps("under-6-weeks")}
    assert_console_counts(console, realtime, responses)
    assert console.emit("close")["seq"] == seq + 1


def test_a_full_disk_refuses_with_unavailable_and_recovers(console, join, store, realtime):
    phones = [join(console.session) for _ in range(3)]
    goto(console, POLL)
    pages = scalar(store, "PRAGMA page_count")
    store.db.execute(f"PRAGMA max_page_count={pages}")  # the disk is as full as the file
    try:
        # Answer (each a new id, so each adds a row) until the file would have to grow.
        acked, refused = [], None
        for n in range(3000):
            phone = phones[n % 3]
            answer_id = f"fill-{n:05d}-" + "x" * 40
            value = ["under-6-weeks", "over-a-year", "comes-and-goes"][n % 3]
            ack = phone.emit("answer", step_id=POLL, value=value, id=answer_id)
            if not ack["ok"]:
                refused = (phone, answer_id, value, ack)
                break
            acked.append(answer_id)
        assert refused is not None, "the disk never filled"
        phone, answer_id, value, ack = refused
        assert ack["error"]["code"] == "unavailable", ack
        assert "full" in ack["error"]["message"]
        answer_ids, responses = stored(store, console.session["id"])
        assert set(answer_ids) == set(acked)  # every acknowledged answer, and nothing else
        assert answer_id not in answer_ids
        assert answer_id not in responses
        assert set(responses) <= set(acked)
        assert len(responses) == 3  # one per person: each new answer replaced the last
        # Still full: the same answer is refused again, and changes nothing.
        assert (
            phone.emit("answer", step_id=POLL, value=value, id=answer_id)["error"]["code"]
            == "unavailable"
        )
    finally:
        store.db.execute(f"PRAGMA max_page_count={UNLIMITED_PAGES}")  # space is freed

    again = phone.emit("answer", step_id=POLL, value=value, id=answer_id)
    assert again["ok"], again
    answer_ids, responses = stored(store, console.session["id"])
    assert set(answer_ids) == {*acked, answer_id}
    assert responses[answer_id] == json.dumps(value)
    assert_console_counts(console, realtime, responses)


def test_joining_while_the_database_is_read_only_gets_a_json_error(app, console, store):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as the server would, not raise
    http = app.test_client()
    store.db.execute("PRAGMA query_only=ON")
    try:
        refused = http.post("/api/join", json={"code": console.session["code"]})
    finally:
        store.db.execute("PRAGMA query_only=OFF")
    assert refused.status_code >= 400
    assert refused.is_json, refused.get_data(as_text=True)[:200]
    assert refused.get_json()["error"]["code"] == "unavailable"
    assert store.participants.count(console.session["id"]) == 0

    joined = http.post("/api/join", json={"code": console.session["code"]})
    assert joined.status_code == 201
