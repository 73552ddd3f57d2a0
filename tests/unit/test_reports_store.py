"""Review on a real store without Flask: keeping aggregates, retention with a clock passed in
(notebooks kept by their owner survive it), the daily lease, attendance, and the demo seed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from sessions import reports
from sessions.demo import seed_demo
from sessions.live import LiveState
from sessions.store import Store

NOW = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)  # the unit store's fixed clock


def answer(store, session_id, participant_id, step_id, value, answer_id=None):
    answer_id = answer_id or f"{step_id}-{participant_id}"
    step = store.sessions.deck_of(session_id).step_by_id(step_id)
    store.responses.record(
        session_id=session_id,
        participant_id=participant_id,
        step_id=step_id,
        answer_id=answer_id,
        value=step.activity.validate_response(step, value),
        check=lambda state: None,
    )


def end(store, session_id):
    state = store.sessions.load_live(session_id)
    store.sessions.save_live(session_id, replace(state, seq=state.seq + 1, ended=True), state.seq)


@pytest.fixture
def finished(store, room_session):
    """A finished room session: Ann kept her notebook; Bob did not."""
    sid = room_session["id"]
    ann, _ = store.participants.add(sid, "Ann")
    bob, _ = store.participants.add(sid, "Bob")
    for person, fft_answer in ((ann, "good"), (bob, "poor")):
        answer(store, sid, person["id"], "my-plan", {"goal": f"{person['name']} walks"})
        answer(store, sid, person["id"], "notebook", {"remember": "Pace it"})
        answer(store, sid, person["id"], "feedback", {"fft": fft_answer, "why": "Fine"})
        answer(store, sid, person["id"], "before", 4)
        answer(store, sid, person["id"], "after", 6)
    store.room.add_question(sid, bob["id"], "q1", "Can I swim?")
    store.participants.notebook_key(ann["id"])
    end(store, sid)
    return sid, ann["id"], bob["id"]


def test_aggregates_are_kept_once(store, finished):
    sid = finished[0]
    assert reports.keep_aggregates(store, sid) is True
    assert reports.keep_aggregates(store, sid) is False
    summary = store.review.summary(sid)
    assert (summary["joined"], summary["fft_total"], summary["fft_positive"]) == (2, 2, 50.0)
    assert store.review.step_results(sid)["after"]["change"]["up"] == 2


def test_a_trial_run_from_the_editor_is_left_out_of_every_report(store, finished):
    sid = finished[0]
    reports.keep_aggregates(store, sid)
    assert [r["id"] for r in reports.finished_sessions(store)[0]] == [sid]
    store.sessions.mark_trial(sid)
    assert reports.finished_sessions(store) == ([], 0)
    assert reports.period_sessions(store)[0] == []


def test_a_live_session_keeps_no_aggregates(store, live_session):
    assert reports.keep_aggregates(store, live_session["id"]) is False
    assert reports.session_report(store, live_session["id"]) is None


def test_retention_with_a_clock_deletes_old_rows_and_keeps_reports(store, finished):
    sid, ann, bob = finished
    before = reports.session_report(store, sid)
    assert reports.run_retention(store, now=NOW + timedelta(days=29), days=30).purged == []
    outcome = reports.run_retention(store, now=NOW + timedelta(days=31), days=30)
    assert outcome.purged == [sid]
    assert store.participants.get(bob) is None
    kept = store.participants.get(ann)
    assert kept is not None
    assert kept["name"] == ""
    assert set(store.responses.of_participant(ann)) == {
        "my-plan",
        "notebook",
    }  # her notebook, nothing else
    assert store.room.questions(sid) == []
    assert store.database.rows("SELECT * FROM answer_ids") == []
    after = reports.session_report(store, sid)
    assert after["session"].pop("purged_at") == (NOW + timedelta(days=31)).isoformat()
    before["session"].pop("purged_at")
    assert after == before


def test_the_daily_job_runs_once_a_day_even_with_two_processes(database_setting, finished, store):
    other = Store(database_setting)
    try:
        day = NOW + timedelta(days=400)
        first = reports.run_daily(store, now=day, default_days=365, holder="one")
        second = reports.run_daily(
            other, now=day + timedelta(hours=1), default_days=365, holder="two"
        )
        assert first is not None
        assert first.purged == [finished[0]]
        assert second is None
        assert store.jobs.get("retention")["holder"] == "one"
        assert store.jobs.get("retention")["outcome"].startswith("Kept aggregates")
        assert (
            reports.run_daily(other, now=day + timedelta(days=1), default_days=365, holder="two")
            is not None
        )
    finally:
        other.close()


def test_attendance_keeps_the_most_people_seen_at_a_step(store, live_session):
    sid = live_session["id"]
    people = [store.participants.add(sid, n)[0]["id"] for n in ("A", "B", "C")]
    for person in people:
        store.room.count_connection(person, +1)
    shown = LiveState(seq=1, step_index=2)
    store.review.record_attendance(sid, shown)
    store.room.count_connection(people[0], -1)
    store.review.record_attendance(sid, shown)
    store.review.record_attendance(sid, LiveState(seq=2, step_index=3))
    store.review.record_attendance(sid, LiveState(seq=3, step_index=3, ended=True))
    store.review.record_attendance(sid, LiveState(seq=4))  # the lobby is no step
    assert store.review.attendance(sid) == {"colour": 3, "foods": 2}


def test_the_session_list_filters_sorts_and_pages(
    store, facilitator_id, password_hash, back_pain_text
):
    store.decks.save("back-pain-1", back_pain_text)
    other = store.accounts.create_user("other", password_hash)
    seed_demo(store, facilitator_id, now=NOW, sessions=3, seed=1)
    store.settings.clear("demo_seeded")
    seed_demo(store, other, now=NOW + timedelta(days=2), sessions=2, seed=2)
    rows, total = reports.finished_sessions(store)
    assert total == 5
    assert [r["created_at"] for r in rows] == sorted((r["created_at"] for r in rows), reverse=True)
    mine, total = reports.finished_sessions(store, facilitator_id=other)
    assert total == 2
    assert {r["facilitator"] for r in mine} == {"other"}
    page, total = reports.finished_sessions(
        store, sort="joined", descending=False, limit=2, offset=2
    )
    everyone, _ = reports.finished_sessions(store, sort="joined", descending=False)
    assert total == 5
    assert page == everyone[2:4]
    first = rows[-1]["created_at"]
    since, _ = reports.finished_sessions(store, start=first[:10], end=first[:10] + "T23")
    assert [r["created_at"] for r in since] == [first]


def test_the_demo_seed_is_realistic_deterministic_and_only_once(
    store, facilitator_id, tmp_path, password_hash, back_pain_text
):
    store.decks.save("back-pain-1", back_pain_text)
    assert seed_demo(store, facilitator_id, now=NOW) == 4
    assert seed_demo(store, facilitator_id, now=NOW) == 0
    rows, total = reports.finished_sessions(store)
    assert total == 4
    assert all(7 <= r["joined"] <= 10 and r["fft_total"] >= 5 for r in rows)
    assert all(r["created_at"] < NOW.isoformat() for r in rows)
    report = reports.session_report(store, rows[0]["id"])
    assert report["attendance"][0]["source"] == "connected"
    assert report["measures"][0]["after_count"] > 0
    assert report["quiz"]
    assert report["fft"]["comments"]
    assert report["questions"]
    assert report["notes"]

    again = Store(str(tmp_path / "again.db"))
    try:
        again.decks.save("back-pain-1", back_pain_text)
        seed_demo(again, again.accounts.create_user("physio", password_hash), now=NOW)
        other_rows, _ = reports.finished_sessions(again)
        keys = ("created_at", "joined", "reached_end", "fft_total", "fft_positive")
        assert [[r[k] for k in keys] for r in other_rows] == [[r[k] for k in keys] for r in rows]
    finally:
        again.close()
