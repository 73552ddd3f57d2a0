"""Retention with a clock passed in: participant-level rows of sessions that ended more than N
days ago are deleted, their aggregates and reports stay the same; the command line runs it.
Redaction: removed text is gone from every copy, and only who and when is kept."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from app import load_bundled_decks
from sessions import reports
from sessions.store import Store
from tests.conftest import csrf_token
from tests.integration.review_session import FORMULA_COMMENT, Tables, run_known_session

ROOT = Path(__file__).resolve().parents[2]
PARTICIPANT_TABLES = ("responses", "questions", "discussion_groups", "moderation")


@pytest.fixture
def known(start_session, join):
    return run_known_session(start_session, join).session


def rows_of(store, session_id) -> dict[str, int]:
    counts = {
        table: store.database.row(
            f"SELECT count(*) AS n FROM {table} WHERE session_id = ?", (session_id,)
        )["n"]
        for table in PARTICIPANT_TABLES
    }
    counts["participants"] = store.participants.count(session_id)
    counts["answer_ids"] = store.database.row(
        "SELECT count(*) AS n FROM answer_ids WHERE participant_id IN"
        " (SELECT id FROM participants WHERE session_id = ?)",
        (session_id,),
    )["n"]
    counts["question_votes"] = store.database.row(
        "SELECT count(*) AS n FROM question_votes v JOIN questions q ON q.id = v.question_id"
        " WHERE q.session_id = ?",
        (session_id,),
    )["n"]
    return counts


def ended_at(store, session_id) -> datetime:
    return datetime.fromisoformat(store.sessions.get(session_id)["ended_at"])


def page_without_notice(http, session_id) -> list:
    page = Tables(http.get(f"/review/sessions/{session_id}").get_data(as_text=True))
    return [page.numbers, [t["rows"] for t in page.tables]]


def test_rows_older_than_n_days_go_and_the_report_stays_the_same(known, store, sign_in):
    http = sign_in("rita", "reviewer")
    before_page = page_without_notice(http, known["id"])
    before = reports.session_report(store, known["id"])
    before_csv = http.get(f"/review/sessions/{known['id']}/report.csv").data
    assert rows_of(store, known["id"])["responses"] > 0

    end = ended_at(store, known["id"])
    early = reports.run_retention(store, now=end + timedelta(days=364), days=365)
    assert early.purged == []
    assert rows_of(store, known["id"])["responses"] > 0

    later = end + timedelta(days=365, minutes=1)
    outcome = reports.run_retention(store, now=later, days=365)
    assert outcome.purged == [known["id"]]
    assert all(n == 0 for n in rows_of(store, known["id"]).values()), rows_of(store, known["id"])
    assert (
        store.database.rows("SELECT name FROM participants WHERE session_id = ?", (known["id"],))
        == []
    )

    after = reports.session_report(store, known["id"])
    assert after["session"].pop("purged_at") == later.isoformat(timespec="seconds")
    before["session"].pop("purged_at")
    assert after == before
    assert page_without_notice(http, known["id"]) == before_page
    assert http.get(f"/review/sessions/{known['id']}/report.csv").data == before_csv
    assert "were deleted on" in http.get(f"/review/sessions/{known['id']}").get_data(as_text=True)
    assert reports.run_retention(store, now=later, days=365).purged == []  # once only


def test_retention_leaves_recent_and_live_sessions_alone(start_session, join, store):
    old = run_known_session(start_session, join, username="old").session
    live = start_session(username="live").session
    join(live)
    recent = run_known_session(start_session, join, username="recent").session
    store.review.backdate(old["id"], "2020-01-01T10:00:00+00:00", "2020-01-01T11:00:00+00:00")
    outcome = reports.run_retention(
        store, now=ended_at(store, recent["id"]) + timedelta(days=30), days=365
    )
    assert outcome.purged == [old["id"]]
    assert rows_of(store, recent["id"])["responses"] > 0
    assert store.participants.count(live["id"]) == 1


def test_the_days_come_from_the_admins_setting_or_the_default(store):
    assert reports.retention_days(store, 365) == 365
    store.settings.set("retention_days", "30")
    assert reports.retention_days(store, 365) == 30


def test_the_retention_command_deletes_old_rows(tmp_path):
    database = tmp_path / "talkback.db"
    store = Store(str(database))
    load_bundled_decks(store)
    user = store.accounts.create_user("physio", "x")
    row = store.sessions.create("back-pain-1", user)
    person, _ = store.participants.add(row["id"], "Ann")
    store.responses.record(
        session_id=row["id"],
        participant_id=person["id"],
        step_id="feedback",
        answer_id="a1",
        value={"fft": "good", "why": "Nice", "extra": {}},
        check=lambda state: None,
    )
    state = store.sessions.load_live(row["id"])
    store.sessions.save_live(row["id"], state.__class__(seq=state.seq + 1, ended=True), state.seq)
    store.review.backdate(row["id"], "2020-01-01T10:00:00+00:00", "2020-01-01T11:00:00+00:00")
    store.close()

    result = subprocess.run(
        [sys.executable, "run.py", "--database", str(database), "retention"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "deleted the participant-level rows of 1 session(s)" in result.stdout

    store = Store(str(database))
    try:
        assert store.participants.count(row["id"]) == 0
        assert store.review.summary(row["id"])["fft_positive"] == 100.0
        entries, _ = store.audit.entries(action="retention")
        assert entries[0]["username"] == "(system)"
    finally:
        store.close()


# Redaction ---------------------------------------------------------------------------------


def redact(http, session_id, step_id, item_id):
    token = csrf_token(http.get(f"/review/sessions/{session_id}").get_data(as_text=True))
    return http.post(
        f"/review/sessions/{session_id}/redact",
        data={"csrf_token": token, "step_id": step_id, "item_id": item_id},
    )


def table_names(store) -> list[str]:
    """Every table, from the engine's own catalogue (store.db is SQLite's, None on PostgreSQL)."""
    if store.db is not None:
        return store.db.table_names()
    rows = store.database.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return [r["tablename"] for r in rows]


def everything_stored(store) -> str:
    """Every table's every row, as text."""
    return " ".join(str(store.database.rows(f'SELECT * FROM "{t}"')) for t in table_names(store))


def test_a_redacted_comment_is_gone_everywhere_and_only_who_and_when_is_kept(known, store, sign_in):
    http = sign_in("rita", "reviewer")
    response = redact(http, known["id"], "feedback", "f-c")
    assert response.status_code == 302
    page = http.get(f"/review/sessions/{known['id']}").get_data(as_text=True)
    assert "HYPERLINK" not in page
    assert "Removed by staff (rita) on" in page
    assert "HYPERLINK" not in everything_stored(store)
    csv_text = http.get(f"/review/sessions/{known['id']}/report.csv").data.decode("utf-8-sig")
    assert "[removed by staff]" in csv_text
    assert "HYPERLINK" not in csv_text
    report = reports.session_report(store, known["id"])
    assert [r["count"] for r in report["fft"]["rows"]] == [1, 1, 0, 1, 0, 0]  # counts stay
    assert store.review.redactions(known["id"])[0]["username"] == "rita"
    entries, _ = store.audit.entries(action="redact")
    assert entries[0]["detail"] == "step feedback, item f-c"
    assert FORMULA_COMMENT not in str(entries)


def test_questions_and_notes_can_be_redacted_and_stay_so_after_retention(known, store, sign_in):
    http = sign_in("physio")  # the facilitator of the session
    question = reports.session_report(store, known["id"])["questions"][0]["id"]
    assert redact(http, known["id"], "", question).status_code == 302
    assert redact(http, known["id"], "talk-in-groups", "note-a").status_code == 302
    stored = everything_stored(store)
    assert "Is swimming OK?" not in stored
    assert "Walking every day helps" not in stored
    reports.run_retention(store, now=ended_at(store, known["id"]) + timedelta(days=400), days=365)
    report = reports.session_report(store, known["id"])
    assert report["questions"][0]["redacted"]
    assert report["questions"][0]["text"] == ""
    assert report["notes"][0]["redacted"]
    assert report["notes"][0]["redacted_by"] == "physio"


def test_redacting_something_that_is_not_there_is_refused(known, store, sign_in):
    http = sign_in("rita", "reviewer")
    assert redact(http, known["id"], "feedback", "no-such-id").status_code == 404
    assert redact(http, known["id"], "how-long", "hl-a").status_code == 404  # not free text
    assert store.review.redactions(known["id"]) == []


class Stop(Exception):
    pass


class OneRound:
    """Stands in for Socket.IO's sleep: the housekeeping loop runs once, then stops."""

    def sleep(self, seconds):
        raise Stop


def test_the_server_keeps_aggregates_and_runs_retention_once_a_day(realtime, known, store):
    from server.housekeeping import Housekeeping

    housekeeping = Housekeeping(
        realtime,
        checkpoint_every=60,
        max_queued_packets=10,
        stop_grace=1,
        identity_recheck=30,
        retention_days=365,
    )
    housekeeping.socketio = OneRound()
    with pytest.raises(Stop):
        housekeeping._review_daily()
    assert store.review.summary(known["id"]) is not None
    job = store.jobs.get("retention")
    assert job["finished_at"] is not None
    assert job["outcome"].startswith("Kept aggregates of 0 session(s)")
    assert store.jobs.claim("retention", job["day"], "another worker") is False
