"""Demo sessions on a real store: `seed_demo` marks what it makes up, the mark keeps them out of
trends and the FFT return (listed, marked, everywhere else), a database seeded before the mark
existed gets it, and removing them takes every row of theirs and nothing else."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sessions import reports
from sessions.demo import seed_demo
from sessions.store import Store

NOW = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
TABLES_BY_SESSION = (
    "participants",
    "responses",
    "questions",
    "discussion_groups",
    "step_attendance",
    "step_results",
    "session_summaries",
)


@pytest.fixture
def seeded(store, facilitator_id, back_pain_text):
    """Two demo sessions and one class that ran (with one FFT answer), all finished."""
    store.decks.save("back-pain-1", back_pain_text)
    assert seed_demo(store, facilitator_id, now=NOW, sessions=2, people=4, seed=3) == 2
    real = store.sessions.create("back-pain-1", facilitator_id)["id"]
    person, _ = store.participants.add(real, "Ann")
    step = store.sessions.deck_of(real).step_by_id("feedback")
    store.responses.record(
        session_id=real,
        participant_id=person["id"],
        step_id="feedback",
        answer_id="0b6c6f0e-real",
        value=step.activity.validate_response(step, {"fft": "poor", "why": ""}),
        check=lambda state: None,
    )
    state = store.sessions.load_live(real)
    store.sessions.save_live(real, replace(state, seq=state.seq + 1, ended=True), state.seq)
    return real


def demo_ids(store) -> set[str]:
    return {r["id"] for r in store.db.query("SELECT id FROM sessions WHERE demo = 1")}


def fft_total(store, **filters) -> int:
    """The FFT answers the monthly return counts, over every month."""
    sessions, decks = reports.period_sessions(store, **filters)
    return sum(row["total"] for row in reports.fft_return(sessions, decks))


def test_the_demo_seed_marks_every_session_it_makes_and_no_other(store, seeded):
    made = demo_ids(store)
    assert len(made) == 2
    assert seeded not in made
    assert store.demo.count() == 2


def test_demo_sessions_are_listed_marked_but_left_out_of_trends_and_the_fft_return(store, seeded):
    rows, total = reports.finished_sessions(store)
    assert total == 3
    assert {r["id"] for r in rows if r["demo"]} == demo_ids(store)
    only_real, _ = reports.period_sessions(store)
    assert [s["id"] for s in only_real] == [seeded]
    assert fft_total(store) == 1
    with_demo, _ = reports.period_sessions(store, include_demo=True)
    assert len(with_demo) == 3
    assert fft_total(store, include_demo=True) > 1
    assert reports.finished_sessions(store, include_demo=False)[1] == 1


def test_a_database_seeded_before_the_mark_finds_its_demo_sessions(store, db_path, seeded):
    made = demo_ids(store)
    store.db.execute("ALTER TABLE sessions DROP COLUMN demo")
    store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_demo_sessions'")
    store.db.conn.commit()
    store.close()
    reopened = Store(str(db_path))
    try:
        assert demo_ids(reopened) == made
    finally:
        reopened.close()


def test_removing_demo_data_takes_all_their_rows_and_keeps_the_real_class(store, seeded):
    reports.keep_all(store)
    made = demo_ids(store)
    assert store.demo.remove_all() == 2
    for table in TABLES_BY_SESSION:
        left = {r["session_id"] for r in store.db.query(f"SELECT session_id FROM {table}")}
        assert not left & made, table
    assert list(store.db.query("PRAGMA foreign_key_check")) == []
    assert [r["id"] for r in reports.finished_sessions(store)[0]] == [seeded]
    assert store.review.summary(seeded)["fft_total"] == 1


def test_removed_demo_data_is_not_made_again_and_a_second_removal_changes_nothing(
    store, seeded, facilitator_id
):
    store.demo.remove_all()
    assert seed_demo(store, facilitator_id, now=NOW) == 0
    assert store.demo.remove_all() == 0
    assert store.sessions.get(seeded) is not None
