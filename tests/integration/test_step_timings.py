"""The room's time on each step, kept as the console moves it, set against the deck's planned
minutes in the report, its downloads and the trends; and the console's pacing line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.review_session import Tables
from tests.integration.test_review_exports import csv_blocks, sheets

PACED = """
title: A paced class
governance: {approved_by: Dr Lee, approved_on: "2026-11-01"}
steps:
  - {id: welcome, kind: slide, title: Welcome, minutes: 5}
  - id: colour
    kind: poll
    title: Colour?
    minutes: 4
    options: [{id: red, label: Red}, {id: blue, label: Blue}]
  - {id: moves, kind: slide, title: Everyday moves, minutes: 3, optional: true}
  - {id: close, kind: slide, title: Close}
"""


class Clock:
    """The store's clock, held still and moved on by the test."""

    def __init__(self, store):
        self.at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
        store.database.now = lambda: self.at.isoformat(timespec="seconds")

    def wait(self, minutes: float) -> None:
        self.at += timedelta(minutes=minutes)


@pytest.fixture
def clock(store):
    return Clock(store)


@pytest.fixture
def paced(store, start_session, clock):
    store.decks.save("paced", PACED)
    return start_session(deck_id="paced")


def run_paced_class(console, clock):
    """Welcome 7 minutes, the poll 2, back to welcome 1, the poll 4: then end, never showing
    'Everyday moves' or 'Close'."""
    assert console.emit("next")["ok"]
    clock.wait(7)
    assert console.emit("next")["ok"]
    clock.wait(2)
    assert console.emit("open")["ok"]  # not a move: the same visit goes on
    assert console.emit("back")["ok"]
    clock.wait(1)
    assert console.emit("next")["ok"]
    clock.wait(4)
    assert console.emit("end")["ok"]


EXPECTED_ROWS = [
    # step, planned, actual, over plan
    ["1. Welcome", "5", "8", "+3"],
    ["2. Colour?", "4", "6", "+2"],
    ["3. Everyday moves (optional)", "3", "not shown", "–"],
]


def test_each_visit_to_a_step_is_kept_with_when_the_room_reached_and_left_it(paced, clock, store):
    run_paced_class(paced, clock)
    visits = store.timings.visits(paced.session["id"])
    assert [v.step_id for v in visits] == ["welcome", "colour", "welcome", "colour"]
    assert [(v.left - v.reached) / 60 for v in visits] == [7, 2, 1, 4]


def test_the_report_sets_planned_against_actual_minutes_per_step(paced, clock, sign_in):
    run_paced_class(paced, clock)
    page = sign_in("rita", "reviewer").get(f"/review/sessions/{paced.session['id']}")
    assert page.status_code == 200
    assert Tables(page.get_data(as_text=True)).table(id="timings-table") == EXPECTED_ROWS


def test_the_downloads_carry_the_same_minutes(paced, clock, sign_in):
    run_paced_class(paced, clock)
    reviewer = sign_in("rita", "reviewer")
    base = f"/review/sessions/{paced.session['id']}/report"
    rows = csv_blocks(reviewer.get(f"{base}.csv").data)["Time per step"]
    assert rows == [
        ["Step", "Title", "Optional", "Planned minutes", "Actual minutes", "Over plan"],
        ["1", "Welcome", "no", "5", "8.0", "3.0"],
        ["2", "Colour?", "no", "4", "6.0", "2.0"],
        ["3", "Everyday moves", "yes", "3", "", ""],
    ]
    sheet = sheets(reviewer.get(f"{base}.xlsx").data)["Time per step"]
    assert sheet[1:] == [
        [1, "Welcome", "no", 5, 8.0, 3.0],
        [2, "Colour?", "no", 4, 6.0, 2.0],
        [3, "Everyday moves", "yes", 3, None, None],
    ]


def test_trends_show_the_steps_that_run_long_across_sessions(store, start_session, clock, sign_in):
    store.decks.save("paced", PACED)
    for _ in range(3):
        run_paced_class(start_session(deck_id="paced"), clock)
        clock.wait(60)
    reviewer = sign_in("rita", "reviewer")
    page = reviewer.get("/review/trends")
    assert page.status_code == 200
    assert Tables(page.get_data(as_text=True)).table(id="long-steps-table") == [
        ["Welcome (A paced class)", "5", "+3", "3 of 3"],
        ["Colour? (A paced class)", "4", "+2", "3 of 3"],
    ]
    exported = csv_blocks(reviewer.get("/review/trends/export.csv").data)
    assert exported["Steps that run long"] == [
        ["Deck", "Step", "Planned minutes", "Median over plan", "Sessions", "Sessions over"],
        ["A paced class", "Welcome", "5", "3.0", "3", "3"],
        ["A paced class", "Colour?", "4", "2.0", "3", "3"],
    ]


def test_a_session_that_never_moved_has_no_step_times(paced, sign_in):
    assert paced.emit("end")["ok"]
    html = sign_in("rita", "reviewer").get(f"/review/sessions/{paced.session['id']}")
    assert 'id="no-timings"' in html.get_data(as_text=True)


# The console's pacing line ------------------------------------------------------------------

PACING_WORDS = ("pacing", "behind plan", "ahead of plan", "on plan", "minutes in", "planned")


def test_the_console_reads_the_line_as_the_room_runs(paced, clock, sign_in):
    physio = sign_in("physio")
    url = f"/console/{paced.session['id']}/pacing"
    waiting = physio.get(url).get_json()
    assert waiting["started"] is False
    assert waiting["line"] == (
        "Not started: 4 steps left, 12 minutes planned (1 without planned minutes)."
        " The clock starts at the first step."
    )
    assert paced.emit("next")["ok"]
    clock.wait(7)
    assert paced.emit("next")["ok"]
    clock.wait(6)
    data = physio.get(url).get_json()
    # 13 minutes in; planned so far 5 (welcome) + 4 (the poll, used up) = 9.
    assert data["line"] == (
        "13 minutes in, 4 behind plan — 2 steps left, 3 minutes planned"
        " (1 without planned minutes). Time can be found: 'Everyday moves' is optional."
    )
    assert data["behind_minutes"] == 4
    assert [s["id"] for s in data["steps_left"]] == ["moves", "close"]


def test_a_session_ended_unused_stops_its_clock_and_its_last_step_at_its_end(
    paced, clock, store, sign_in
):
    assert paced.emit("next")["ok"]
    clock.wait(3)
    # The server ends a session nobody used: the room's last visit is never closed.
    sweep = store.idle.sweep(idle_after=timedelta(minutes=2), warn_before=timedelta(0))
    assert sweep.ended == [paced.session["id"]]
    clock.wait(50)
    line = sign_in("physio").get(f"/console/{paced.session['id']}/pacing").get_json()["line"]
    assert line.startswith("3 minutes in, on plan")
    report = sign_in("rita", "reviewer").get(f"/review/sessions/{paced.session['id']}")
    rows = Tables(report.get_data(as_text=True)).table(id="timings-table")
    assert rows[0] == ["1. Welcome", "5", "3", "-2"]


def test_the_line_is_for_the_session_s_own_staff_only(paced, app, sign_in):
    url = f"/console/{paced.session['id']}/pacing"
    assert app.test_client().get(url).status_code in (302, 401)
    assert sign_in("other", "facilitator").get(url).status_code == 404
    assert sign_in("physio").get("/console/no-such-session/pacing").status_code == 404


def test_the_screen_and_phones_are_never_sent_the_pacing_line(paced, clock, join, screen, sign_in):
    phone = join(paced.session, name="Ann")
    projector = screen(paced.session)
    for _ in range(3):
        assert paced.emit("next")["ok"]
        clock.wait(9)  # behind plan by now, so the line would carry a suggestion
    assert (
        "behind plan"
        in sign_in("physio").get(f"/console/{paced.session['id']}/pacing").get_json()["line"]
    )
    heard = [m for person in (phone, projector) for m in person.received()]
    assert heard, "the screen and the phone heard the room move"
    text = json.dumps(heard).lower()
    for words in PACING_WORDS:
        assert words not in text, words
    assert "optional" not in text
