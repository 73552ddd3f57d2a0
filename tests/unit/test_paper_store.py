"""Paper forms in a real store without Flask: all or none, marked as paper, counted when the
kept aggregates are made again, and never once retention deleted the rows."""

from __future__ import annotations

import json

import pytest

from sessions import reports
from sessions.reports.freeze import keep_aggregates
from tests.unit.test_reports_store import answer, end


@pytest.fixture
def finished(store, room_session):
    """A finished room session: Ann and Bob answered the FFT on their phones."""
    sid = room_session["id"]
    for name, fft_answer in (("Ann", "good"), ("Bob", "poor")):
        person, _ = store.participants.add(sid, name)
        answer(store, sid, person["id"], "feedback", {"fft": fft_answer, "why": ""})
    end(store, sid)
    return (sid,)


def test_each_form_is_one_participant_marked_as_paper_with_its_answers(store, room_session):
    sid = room_session["id"]
    added = store.paper.add_forms(
        sid, [{"feedback": {"fft": "good", "why": "", "extra": {}}}, {"before": 3, "after": 5}]
    )
    assert len(added) == 2
    assert store.paper.count(sid) == 2
    assert store.paper.answers_count(sid) == 3
    assert store.participants.count(sid) == 2
    rows = store.database.rows(
        "SELECT r.step_id, r.value, r.answer_id FROM responses r WHERE r.participant_id = ?"
        " ORDER BY r.step_id",
        (added[1],),
    )
    assert [(r["step_id"], json.loads(r["value"])) for r in rows] == [("after", 5), ("before", 3)]
    assert all(r["answer_id"].startswith("paper-") for r in rows)
    assert store.participants.for_token("") is None  # nobody's device is a paper form


def test_forms_are_stored_all_or_none(store, room_session):
    sid = room_session["id"]
    with pytest.raises(TypeError):
        store.paper.add_forms(sid, [{"before": 3}, {"before": {"not", "json"}}])
    assert store.paper.count(sid) == 0
    assert store.database.one("SELECT count(*) AS n FROM responses")["n"] == 0


def test_the_kept_aggregates_are_made_again_with_paper(store, finished):
    sid = finished[0]
    assert keep_aggregates(store, sid) is True
    store.paper.add_forms(sid, [{"feedback": {"fft": "very-good", "why": "", "extra": {}}}])
    assert keep_aggregates(store, sid) is False  # kept once, unless asked again
    assert store.review.summary(sid)["joined"] == 2
    assert keep_aggregates(store, sid, again=True) is True
    summary = store.review.summary(sid)
    assert (summary["joined"], summary["on_paper"], summary["fft_total"]) == (3, 1, 3)
    assert store.review.step_results(sid)["feedback"]["counts"]["very-good"] == 1


def test_aggregates_are_never_made_again_once_retention_deleted_the_rows(store, finished):
    sid = finished[0]
    reports.keep_aggregates(store, sid)
    store.review.purge(sid, notebook_steps=(), purged_at="2025-04-01T00:00:00")
    before = store.review.summary(sid)
    assert store.review.purged(sid) is True
    assert keep_aggregates(store, sid, again=True) is False
    assert store.review.summary(sid) == before
