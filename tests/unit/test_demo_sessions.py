"""Demo sessions on a real store: `seed_demo` marks what it makes up, the mark keeps them out of
trends and the FFT return (listed, marked, everywhere else), a database seeded before the mark
existed gets it, and removing them takes every row of theirs and nothing else. The demo runs
both bundled classes, so the follow-up's rankings, points, numbers, second votes and reactions
have results too."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from sessions import reports
from sessions.demo import seed_demo, seed_demo_classes
from sessions.store import Store
from tests.unit.conftest import DECKS

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
    return {r["id"] for r in store.database.rows("SELECT id FROM sessions WHERE demo = 1")}


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


@pytest.mark.sqlite_only  # undoes a SQLite migration by hand
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
        left = {r["session_id"] for r in store.database.rows(f"SELECT session_id FROM {table}")}
        assert not left & made, table
    assert [r["id"] for r in reports.finished_sessions(store)[0]] == [seeded]
    assert store.review.summary(seeded)["fft_total"] == 1


def test_removed_demo_data_is_not_made_again_and_a_second_removal_changes_nothing(
    store, seeded, facilitator_id
):
    store.demo.remove_all()
    assert seed_demo(store, facilitator_id, now=NOW) == 0
    assert store.demo.remove_all() == 0
    assert store.sessions.get(seeded) is not None


def both_decks(store) -> None:
    for deck_id in ("back-pain-1", "back-pain-2"):
        store.decks.save(deck_id, (DECKS / f"{deck_id}.yaml").read_text(encoding="utf-8"))


def of_deck(store, deck_id: str) -> list[dict]:
    rows, _ = reports.finished_sessions(store)
    return sorted((r for r in rows if r["deck_id"] == deck_id), key=lambda r: r["created_at"])


def moved_to_correct(store, session_id: str, step_id: str, right: str) -> int:
    """Counted from the stored rows themselves: wrong in the first vote, right in the second."""
    rows = store.database.rows(
        "SELECT r.value AS first, v.value AS second FROM responses r JOIN second_votes v"
        " ON v.participant_id = r.participant_id AND v.step_id = r.step_id"
        " WHERE r.session_id = ? AND r.step_id = ?",
        (session_id, step_id),
    )
    return sum(1 for r in rows if r["first"] != f'"{right}"' and r["second"] == f'"{right}"')


def test_the_demo_runs_the_follow_up_class_too_with_every_kinds_results(store, facilitator_id):
    both_decks(store)
    assert seed_demo_classes(store, facilitator_id, now=NOW, sessions=2, people=6) == 4
    assert len(demo_ids(store)) == 4
    first, follow_ups = of_deck(store, "back-pain-1"), of_deck(store, "back-pain-2")
    assert len(first) == len(follow_ups) == 2
    for before, after in zip(first, follow_ups, strict=True):  # about a week after session 1
        gap = datetime.fromisoformat(after["created_at"]) - datetime.fromisoformat(
            before["created_at"]
        )
        assert 3 <= gap.days <= 11
    for row in follow_ups:
        report = reports.session_report(store, row["id"])
        assert report["session"]["demo"] is True
        for section in ("rankings", "points_shared", "numeric"):
            assert report[section], section
        (asked_twice,) = report["quiz_second_votes"]
        assert asked_twice["step_id"] == "myth-exercise"
        assert 0 < asked_twice["second_total"] <= asked_twice["total"]
        assert asked_twice["moved_to_correct"] == moved_to_correct(
            store, row["id"], "myth-exercise", "myth"
        )
        assert sum(e["total"] for e in report["reactions"]) > 0
    moved = [
        reports.session_report(store, r["id"])["quiz_second_votes"][0]["moved_to_correct"]
        for r in follow_ups
    ]
    assert sum(moved) > 0  # talking it over moves some people to the right answer
    with_demo, _ = reports.period_sessions(store, include_demo=True)
    assert {s["deck_id"] for s in with_demo} == {"back-pain-1", "back-pain-2"}
    assert reports.period_sessions(store)[0] == []  # still left out of trends unless asked

    assert store.demo.remove_all() == 4
    for table in ("second_votes", "reaction_counts", "responses"):
        assert store.database.rows(f"SELECT * FROM {table}") == [], table


def test_the_first_class_is_made_up_the_same_with_or_without_the_follow_up(
    store, facilitator_id, db_path, password_hash
):
    both_decks(store)
    assert seed_demo_classes(store, facilitator_id, now=NOW, sessions=2, people=6) == 4
    alone = Store(str(db_path.with_name("alone.db")), clock=lambda: "2025-03-01T10:00:00+00:00")
    try:
        both_decks(alone)
        physio = alone.accounts.create_user("physio", password_hash)
        assert seed_demo(alone, physio, now=NOW, sessions=2, people=6) == 2

        def answers(where):
            return [
                sorted(
                    (r["step_id"], r["value"])
                    for r in where.database.rows(
                        "SELECT step_id, value FROM responses WHERE session_id = ?", (s["id"],)
                    )
                )
                for s in of_deck(where, "back-pain-1")
            ]

        assert answers(store) == answers(alone)
        assert of_deck(alone, "back-pain-2") == []
    finally:
        alone.close()


def test_a_deck_that_is_not_installed_adds_nothing_and_leaves_the_demo_to_seed_later(
    store, facilitator_id
):
    assert seed_demo_classes(store, facilitator_id, now=NOW, decks=("no-such-deck",)) == 0
    assert demo_ids(store) == set()
    both_decks(store)
    assert seed_demo_classes(store, facilitator_id, now=NOW, sessions=1) == 2
