"""Number steps in review: a class that ran and the demo data both show them on the report, in
its downloads and beside the trends, with the figures the answers make."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest

from sessions.demo import seed_demo
from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD
from tests.html_check import html_problems, report
from tests.integration.review_session import Tables
from tests.integration.test_numeric_answers import DECK

WALK_TITLE = "How many minutes can you walk today?"


@pytest.fixture
def ran(start_session, join, store):
    """A class of the numeric deck that ran: four people say how far they can walk."""
    store.decks.save("moving", DECK)
    console = start_session(deck_id="moving")
    phones = [join(console.session, name=n) for n in ("Ann", "Bob", "Cat", "Dan")]
    deck = store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of("walk"), force=True)["ok"]
    for phone, minutes in zip(phones, (5, 10, 30, 100), strict=True):
        assert phone.emit("answer", step_id="walk", value=minutes, id=f"w{minutes}")["ok"]
    assert console.emit("end")["ok"]
    return console.session["id"]


def csv_tables(text: str) -> dict[str, list[list[str]]]:
    """The export's CSV: each table is its name, then its rows, with a blank line between."""
    found = {}
    for block in text.lstrip("\ufeff").split("\r\n\r\n"):
        rows = list(csv.reader(io.StringIO(block)))
        if rows:
            found[rows[0][0]] = rows[1:]
    return found


def test_the_report_gives_the_figures_and_a_row_per_band(ran, sign_in):
    page = sign_in("rita", "reviewer").get(f"/review/sessions/{ran}").get_data(as_text=True)
    assert "4 people answered. Median <strong>20 minutes</strong>" in page
    assert "mean <strong>36.2 minutes</strong>; half answered from 8.8 to 47.5 minutes." in page
    [table] = [t for t in Tables(page).tables if t["caption"] == "Results of step 2"]
    assert table["rows"][1:] == [
        ["0–19", "2", "50%"],
        ["20–39", "1", "25%"],
        ["40–59", "0", "0%"],
        ["60–79", "0", "0%"],
        ["80–99", "0", "0%"],
        ["100–120", "1", "25%"],
    ]


def test_the_report_with_numbers_is_valid_html(ran, sign_in):
    http = sign_in("rita", "reviewer")
    found = html_problems({"report": http.get(f"/review/sessions/{ran}").get_data(as_text=True)})
    assert not found, report(found)


def test_the_downloads_carry_the_numbers_table(ran, sign_in):
    http = sign_in("rita", "reviewer")
    tables = csv_tables(http.get(f"/review/sessions/{ran}/report.csv").get_data(as_text=True))
    assert tables["Numbers"] == [
        [
            "Step",
            "Question",
            "Unit",
            "Answered",
            "Mean",
            "Lower quartile",
            "Median",
            "Upper quartile",
        ],
        ["2", WALK_TITLE, "minutes", "4", "36.2", "8.8", "20.0", "47.5"],
    ]
    assert ["2", WALK_TITLE, "numeric", "0–19", "2", "50.0", "4"] in tables["Results"]
    book = openpyxl.load_workbook(
        io.BytesIO(http.get(f"/review/sessions/{ran}/report.xlsx").get_data())
    )
    sheet = [list(row) for row in book["Numbers"].iter_rows(values_only=True)]
    assert sheet[1] == [2, WALK_TITLE, "minutes", 4, 36.2, 8.8, 20.0, 47.5]


def test_trends_take_a_session_with_numbers(ran, sign_in):
    http = sign_in("rita", "reviewer")
    response = http.get("/review/trends")
    assert response.status_code == 200
    assert Tables(response.get_data(as_text=True)).numbers["sessions"] == "1"
    assert http.get("/review/trends/export.xlsx").status_code == 200


def test_demo_sessions_of_a_deck_with_numbers_show_them_in_review(store, sign_in):
    store.decks.save("moving", DECK)
    demo_user = store.accounts.create_user("demo", hash_password(FACILITATOR_PASSWORD))
    assert seed_demo(store, demo_user, now=datetime.now(UTC), sessions=2, deck_id="moving") == 2
    http = sign_in("rita", "reviewer")
    demo = [r["id"] for r in store.database.rows("SELECT id FROM sessions WHERE demo = 1")]
    for session_id in demo:
        page = http.get(f"/review/sessions/{session_id}").get_data(as_text=True)
        assert " minutes</strong>" in page  # the median and the mean, with the unit
        [walk] = [t for t in Tables(page).tables if t["caption"] == "Results of step 2"]
        answered = sum(int(row[1]) for row in walk["rows"][1:])
        assert answered >= 3
        [weight] = [t for t in Tables(page).tables if t["caption"] == "Results of step 3"]
        assert weight["rows"][1][0] == "0.0–1.9"
    included = http.get("/review/trends?demo=1")
    assert included.status_code == 200
    assert Tables(included.get_data(as_text=True)).numbers["sessions"] == "2"
