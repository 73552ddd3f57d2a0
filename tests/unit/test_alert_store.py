"""Red-flag alerts in the store, on a real SQLite file: stored with the participant's name, listed
newest first per session, and marked seen once."""

from __future__ import annotations

from tests.unit.room_store_calls import store_error

# Red-flag alerts ------------------------------------------------------------------------------


def test_an_alert_is_stored_with_the_participants_name_and_unseen(store, sid, people):
    alert = store.room.add_alert(sid, people["Red Fox"], "open", "bladder, both legs")
    assert alert == {
        "id": alert["id"],
        "source": "open",
        "matched": "bladder, both legs",
        "created_at": "2025-03-01T10:00:00+00:00",
        "seen_at": None,
        "name": "Red Fox",
    }
    assert store.room.alerts(sid) == [alert]


def test_alerts_come_newest_first_and_per_session(clocked):
    store, session_id, people = clocked
    first = store.room.add_alert(session_id, people["Red Fox"], "open", "bladder")
    second = store.room.add_alert(session_id, people["Green Owl"], "plan", "numb bottom")
    assert [a["id"] for a in store.room.alerts(session_id)] == [second["id"], first["id"]]
    assert [a["name"] for a in store.room.alerts(session_id)] == ["Green Owl", "Red Fox"]
    assert store.room.alerts(session_id, alert_id=first["id"]) == [first]


def test_alerts_of_the_same_moment_still_come_newest_first(store, sid, people):
    ids = [
        store.room.add_alert(sid, people["Red Fox"], "open", f"flag {i}")["id"] for i in range(3)
    ]
    assert [a["id"] for a in store.room.alerts(sid)] == ids[::-1]


def test_another_sessions_alerts_are_not_listed(store, sid, other_sid, people):
    stranger = store.participants.add(other_sid, "Grey Seal")[0]["id"]
    store.room.add_alert(other_sid, stranger, "question", "fever")
    assert store.room.alerts(sid) == []


def test_an_alert_is_marked_seen_once_and_keeps_the_first_time(clocked):
    store, session_id, people = clocked
    alert = store.room.add_alert(session_id, people["Red Fox"], "open", "bladder")
    store.room.mark_alert_seen(session_id, alert["id"])
    (seen,) = store.room.alerts(session_id)
    assert seen["seen_at"] is not None
    assert seen["seen_at"] > alert["created_at"]
    store.room.mark_alert_seen(session_id, alert["id"])
    assert store.room.alerts(session_id)[0]["seen_at"] == seen["seen_at"]


def test_marking_an_unknown_or_another_sessions_alert_is_refused(store, sid, other_sid, people):
    alert = store.room.add_alert(sid, people["Red Fox"], "open", "bladder")
    assert store_error(store.room.mark_alert_seen, sid, "nope").code == "unknown_alert"
    assert store_error(store.room.mark_alert_seen, other_sid, alert["id"]).code == "unknown_alert"
    assert store.room.alerts(sid)[0]["seen_at"] is None
