"""What themes are read from, on a real store: FFT "why" answers, approved open answers and the
barriers of shared plans, never a removed item, a plan kept private, a trial run, or (in a
period, unless asked for) a demo session."""

from __future__ import annotations

import pytest

from sessions import reports
from sessions.reports import written
from tests.unit.test_reports_store import answer, end


@pytest.fixture
def wrote(store, room_session):
    """A finished session where three people wrote something in every place themes read."""
    sid = room_session["id"]
    people = [store.participants.add(sid, name)[0]["id"] for name in ("Ann", "Bob", "Cy")]
    for n, person in enumerate(people):
        answer(store, sid, person, "feedback", {"fft": "good", "why": f"Parking was hard {n}"})
        answer(store, sid, person, "ideas", f"Walking helps {n}", answer_id=f"idea-{n}")
        plan = {"goal": "Walk", "barriers": f"Bad weather {n}", "share": n < 2}
        answer(store, sid, person, "my-plan", plan)
    for n in range(2):  # the third open answer is never approved
        store.room.moderate(sid, "ideas", f"idea-{n}", "approve")
    end(store, sid)
    return sid, people


def test_the_texts_of_a_session_are_its_comments_approved_answers_and_shared_barriers(store, wrote):
    sid, _ = wrote
    texts, threshold, left_out = written.texts_of(store, [sid])
    assert sorted(texts) == [
        "Bad weather 0",
        "Bad weather 1",
        "Parking was hard 0",
        "Parking was hard 1",
        "Parking was hard 2",
        "Walking helps 0",
        "Walking helps 1",
    ]
    assert threshold == 3
    assert left_out == 0


def test_a_removed_comment_is_not_read(store, wrote):
    sid, people = wrote
    reports.redact(store, sid, "feedback", f"feedback-{people[0]}", "staff")
    texts = written.texts_of(store, [sid]).texts
    assert "Parking was hard 0" not in texts
    assert "Parking was hard 1" in texts


def test_unknown_live_and_trial_sessions_give_nothing(store, wrote, live_session):
    sid, _ = wrote
    assert written.texts_of(store, ["no-such-session", live_session["id"]]).texts == []
    store.sessions.mark_trial(sid)
    assert written.texts_of(store, [sid]).texts == []


def test_a_period_leaves_demo_sessions_out_unless_asked(store, wrote):
    sid, _ = wrote
    assert written.period_ids(store) == [sid]
    store.demo.mark(sid)
    assert written.period_ids(store) == []
    assert written.period_ids(store, include_demo=True) == [sid]


def test_a_period_is_read_by_its_dates(store, wrote):
    sid, _ = wrote  # the unit store's clock: 2025-03-01
    assert written.period_ids(store, start="2025-03-01", end="2025-03-02") == [sid]
    assert written.period_ids(store, start="2025-03-02") == []


def test_only_the_latest_texts_are_grouped_beyond_the_limit(store, wrote, monkeypatch):
    sid, _ = wrote
    monkeypatch.setattr(written, "MAX_TEXTS", 4)
    found = written.texts_of(store, [sid])
    assert found.left_out == 3
    # oldest session first, then by step: open answers, plans, then feedback
    assert found.texts == [
        "Bad weather 1",
        "Parking was hard 0",
        "Parking was hard 1",
        "Parking was hard 2",
    ]
