"""Demo data in review: the sessions `run.py --demo` makes up are marked on every page that
lists them, left out of trends, their downloads and the FFT return unless the reader asks,
and an admin removes them all in one audited action."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest

from sessions.demo import seed_demo
from tests.conftest import FACILITATOR_PASSWORD, csrf_token
from tests.integration.review_session import Tables, run_known_session

DEMO_TAG = '<span class="tag tag--demo"'


@pytest.fixture
def demo_and_real(start_session, join, store):
    """Three demo sessions (the `demo` account's) and one class that ran, with three FFT
    answers."""
    from sessions.passwords import hash_password

    demo_user = store.accounts.create_user("demo", hash_password(FACILITATOR_PASSWORD))
    assert seed_demo(store, demo_user, now=datetime.now(UTC), sessions=3) == 3
    real = run_known_session(start_session, join).session
    demo = [r["id"] for r in store.database.rows("SELECT id FROM sessions WHERE demo = 1")]
    return real["id"], demo


def fft_return(http, query: str = "") -> list[dict[str, str]]:
    response = http.get(f"/review/fft-return.csv{query}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_session_list_marks_each_demo_session(demo_and_real, sign_in):
    real, demo = demo_and_real
    page = sign_in("rita", "reviewer").get("/review/").get_data(as_text=True)
    assert page.count(DEMO_TAG) == len(demo)
    rows = next(t for t in Tables(page).tables if t["id"] == "sessions-table")["rows"][1:]
    assert sum("Demo data" in row[1] for row in rows) == 3
    assert len(rows) == 4


def test_a_demo_session_has_made_up_times_on_each_step(demo_and_real, store, sign_in):
    _, demo = demo_and_real
    deck = store.sessions.deck_of(demo[0])
    visits = store.timings.visits(demo[0])
    assert [v.step_id for v in visits] == [s.id for s in deck.steps]
    assert all(v.left is not None and v.left > v.reached for v in visits)
    page = sign_in("rita", "reviewer").get(f"/review/sessions/{demo[0]}")
    assert 'id="timings-table"' in page.get_data(as_text=True)


def test_a_demo_sessions_report_says_it_is_made_up(demo_and_real, sign_in):
    real, demo = demo_and_real
    http = sign_in("rita", "reviewer")
    assert 'id="demo-notice"' in http.get(f"/review/sessions/{demo[0]}").get_data(as_text=True)
    assert 'id="demo-notice"' not in http.get(f"/review/sessions/{real}").get_data(as_text=True)


def test_trends_leave_demo_sessions_out_unless_asked(demo_and_real, sign_in):
    http = sign_in("rita", "reviewer")
    plain = http.get("/review/trends").get_data(as_text=True)
    assert Tables(plain).numbers["sessions"] == "1"
    assert Tables(plain).numbers["fft_total"] == "3"
    assert "3 demo sessions are in this period but left out" in plain
    included = http.get("/review/trends?demo=1").get_data(as_text=True)
    assert Tables(included).numbers["sessions"] == "4"
    assert 'id="demo-included"' in included
    downloads = re.findall(r'href="([^"]*(?:fft-return|export)\.(?:csv|xlsx)[^"]*)"', included)
    assert len(downloads) == 4
    assert all("demo=1" in link for link in downloads)


def test_the_fft_return_counts_only_classes_that_ran(demo_and_real, sign_in):
    http = sign_in("rita", "reviewer")
    rows = fft_return(http)
    assert sum(int(r["Total responses"]) for r in rows) == 3
    with_demo = fft_return(http, "?demo=1")
    assert sum(int(r["Total responses"]) for r in with_demo) > 3
    period = http.get("/review/trends/export.csv").get_data(as_text=True).lstrip("\ufeff")
    sessions_table = period.split("\r\n\r\n")[0].split("\r\n")
    assert sessions_table[0] == "Sessions"
    assert len(sessions_table) == 3  # the title, the header and the one class that ran


def test_the_demo_accounts_home_marks_its_demo_sessions(demo_and_real, app):
    http = app.test_client()
    token = csrf_token(http.get("/signin").get_data(as_text=True))
    http.post(
        "/signin",
        data={"username": "demo", "password": FACILITATOR_PASSWORD, "csrf_token": token},
    )
    assert http.get("/").get_data(as_text=True).count(DEMO_TAG) == 3


def test_an_admin_removes_all_demo_data_in_one_audited_action(demo_and_real, sign_in, store):
    real, demo = demo_and_real
    http = sign_in("ada", "admin")
    settings = http.get("/admin/settings").get_data(as_text=True)
    assert "3 finished sessions were made up" in settings
    response = http.post("/admin/demo/remove", data={"csrf_token": csrf_token(settings)})
    assert response.status_code == 302
    assert store.demo.count() == 0
    assert all(store.sessions.get(sid) is None for sid in demo)
    assert all(store.timings.visits(sid) == [] for sid in demo)
    assert store.sessions.get(real) is not None
    entries, _ = store.audit.entries(action="demo.remove")
    assert [(e["username"], e["detail"]) for e in entries] == [("ada", "3 session(s)")]
    after = http.get("/admin/settings").get_data(as_text=True)
    assert "Removed 3 demo session(s)" in after
    assert 'id="no-demo-data"' in after


def test_removing_when_there_is_no_demo_data_changes_nothing(sign_in, store):
    http = sign_in("ada", "admin")
    token = csrf_token(http.get("/admin/settings").get_data(as_text=True))
    http.post("/admin/demo/remove", data={"csrf_token": token})
    page = http.get("/admin/settings").get_data(as_text=True)
    assert "There was no demo data to remove. Nothing was changed." in page
    assert store.audit.entries(action="demo.remove")[1] == 0


@pytest.mark.parametrize("role", ["facilitator", "reviewer"])
def test_only_an_admin_may_remove_demo_data(demo_and_real, sign_in, store, role):
    http = sign_in(f"someone-{role}", role)
    token = csrf_token(http.get("/").get_data(as_text=True))
    response = http.post("/admin/demo/remove", data={"csrf_token": token})
    assert response.status_code == 403
    assert store.demo.count() == 3


def test_a_removal_without_its_form_token_is_refused(demo_and_real, sign_in, store):
    response = sign_in("ada", "admin").post("/admin/demo/remove")
    assert response.status_code == 400
    assert store.demo.count() == 3


def test_the_demo_shows_the_follow_up_classes_kinds_in_reports_and_trends(store, sign_in):
    """What `run.py --demo` adds: both bundled classes, so a service manager trying the demo
    sees rankings, points, numbers, second votes and reactions, marked as made up."""
    from sessions.demo import seed_demo_classes
    from sessions.passwords import hash_password

    demo_user = store.accounts.create_user("demo", hash_password(FACILITATOR_PASSWORD))
    assert seed_demo_classes(store, demo_user, now=datetime.now(UTC), sessions=2) == 4
    follow_ups = [
        r["id"]
        for r in store.database.rows(
            "SELECT id FROM sessions WHERE demo = 1 AND deck_id = 'back-pain-2'"
        )
    ]
    assert len(follow_ups) == 2
    http = sign_in("rita", "reviewer")
    for session_id in follow_ups:
        page = http.get(f"/review/sessions/{session_id}").get_data(as_text=True)
        assert 'id="demo-notice"' in page
        assert "In order of average place (1 is first):" in page
        assert "Average points out of 100:" in page
        assert re.search(r"Second vote: \d+ people voted again; \d+ of the \d+ who voted", page)
        assert 'id="reactions-table"' in page
    included = http.get("/review/trends?demo=1").get_data(as_text=True)
    assert Tables(included).numbers["sessions"] == "4"
    for heading in (">Rankings over the period</h2>", ">Points over the period</h2>"):
        assert heading in included
    plain = http.get("/review/trends").get_data(as_text=True)
    assert ">Rankings over the period</h2>" not in plain  # made up: left out unless asked
