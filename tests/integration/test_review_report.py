"""Every number on the review pages of one known session, run through the real console and
phones, checked against values worked out by hand (tests/integration/review_session.py)."""

from __future__ import annotations

import pytest
from markupsafe import escape

from tests.integration.decks import start_with_deck
from tests.integration.review_session import (
    EXPECTED,
    FORMULA_COMMENT,
    Tables,
    goto,
    run_known_session,
)


@pytest.fixture
def known(start_session, join):
    return run_known_session(start_session, join).session


@pytest.fixture
def reviewer(sign_in):
    return sign_in("rita", "reviewer")


def report_page(http, session_id) -> tuple[Tables, str]:
    response = http.get(f"/review/sessions/{session_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return Tables(html), html


def test_the_headline_numbers_of_the_report(known, reviewer):
    page, _ = report_page(reviewer, known["id"])
    assert page.numbers == {
        "joined": str(EXPECTED["joined"]),
        "reached_end": str(EXPECTED["reached_end"]),
        "fft_positive": EXPECTED["fft_positive"],
        "fft_negative": EXPECTED["fft_negative"],
    }


def test_attendance_counts_who_was_connected_as_each_step_was_shown(known, reviewer):
    page, html = report_page(reviewer, known["id"])
    assert page.table(id="attendance-table") == [[t, str(n)] for t, n in EXPECTED["attendance"]]
    assert "connected when each step was shown" in html


def test_each_step_has_a_chart_and_a_table_with_the_same_numbers(known, reviewer):
    page, html = report_page(reviewer, known["id"])
    assert page.table(caption="Results of step 5") == [
        [label, str(n), pct] for label, n, pct in EXPECTED["how_long"]
    ]
    assert page.table(caption="Results of step 6") == [
        ["Myth (correct)", "3", "75%"],
        ["Fact", "1", "25%"],
    ]
    before = page.table(caption="Results of step 4")
    assert [r for r in before if r[1] != "0"] == [
        ["3", "1", "25%"],
        ["5", "1", "25%"],
        ["6", "1", "25%"],
        ["8", "1", "25%"],
    ]
    assert len(before) == 11  # 0 to 10, every value listed
    assert 'id="chart-how-long"' in html
    assert 'role="img"' in html
    assert "Mean <strong>5.5</strong>" in html
    assert "Mean <strong>6</strong>" in html
    assert "4 people answered. <strong>75% correct.</strong>" in " ".join(html.split())


def test_quiz_items_show_how_many_got_them_right(known, reviewer):
    page, _ = report_page(reviewer, known["id"])
    assert page.table(id="quiz-table") == [
        [title, str(total), str(right), pct] for title, total, right, pct in EXPECTED["quiz"]
    ]


def test_the_before_and_after_measure_shows_the_change(known, reviewer):
    page, _ = report_page(reviewer, known["id"])
    before, after, change, paired, up, down, same = EXPECTED["measure"]
    [row] = page.table(id="measures-table")
    assert row[1:] == [
        f"{before} (n=4)",
        f"{after} (n=3)",
        change,
        str(paired),
        str(up),
        str(down),
        str(same),
    ]


def test_fft_counts_percentages_and_comments(known, reviewer):
    page, html = report_page(reviewer, known["id"])
    assert page.table(id="fft-table") == [[a, str(n), p] for a, n, p in EXPECTED["fft"]]
    assert "3 responses" in html
    for comment in EXPECTED["comments"]:
        assert str(escape(comment)) in html


def test_notes_and_questions_are_shown_but_never_hidden_questions_or_names(known, reviewer):
    page, html = report_page(reviewer, known["id"])
    for note in EXPECTED["notes"]:
        assert note in html
    assert page.table(id="questions-table") == [
        [text, str(votes), "No", "Remove question 1 for good"]
        for text, votes in EXPECTED["questions"]
    ]
    assert "Mrs Smith" not in html
    for name in ("Ann", "Bob", "Cat", "Dan"):
        assert f">{name}<" not in html
        assert f" {name} " not in html


def test_the_session_list_shows_the_same_numbers(known, reviewer):
    page, _ = Tables(reviewer.get("/review/").get_data(as_text=True)), None
    [row] = page.table(id="sessions-table")
    assert row[1:] == [
        "Making sense of back pain",
        "physio",
        "4",
        "3",
        EXPECTED["fft_positive"],
        EXPECTED["fft_negative"],
    ]


def test_open_answers_shown_are_the_approved_ones_and_hidden_words_stay_hidden(
    start_session, join, store, sign_in
):
    console = start_with_deck(start_session, store, "open-and-cloud")
    phones = [join(console.session) for _ in range(3)]
    goto(console, "ideas")
    for i, text in enumerate(("Walking the dog", "My address is 1 High St", "Heat pads")):
        assert phones[i].emit("answer", step_id="ideas", value=text, id=f"o{i}")["ok"]
    for item, action in (("o0", "approve"), ("o2", "approve"), ("o2", "star"), ("o1", "hide")):
        assert console.emit("moderate", step_id="ideas", item=item, action=action)["ok"]
    goto(console, "one-word")
    phones[0].emit("answer", step_id="one-word", value=["Walking", "heat"], id="w1")
    phones[1].emit("answer", step_id="one-word", value=["walking", "Bob Smith"], id="w2")
    assert console.emit("moderate", step_id="one-word", item="bob smith", action="hide")["ok"]
    assert console.emit("end")["ok"]

    html = sign_in("rita", "reviewer").get(f"/review/sessions/{console.session['id']}")
    html = html.get_data(as_text=True)
    assert html.index("Heat pads") < html.index("Walking the dog")  # starred first
    assert "High St" not in html
    assert "bob smith" not in html
    page = Tables(html)
    assert page.table(caption="Results of step 3") == [
        ["walking", "2", "100%"],
        ["heat", "1", "50%"],
    ]


def test_a_live_session_has_no_report_yet(console, sign_in):
    assert (
        sign_in("rita", "reviewer").get(f"/review/sessions/{console.session['id']}").status_code
        == 404
    )


def test_trends_and_the_list_read_the_same_known_session(known, reviewer):
    page = Tables(reviewer.get("/review/trends").get_data(as_text=True))
    assert page.numbers["sessions"] == "1"
    assert page.numbers["joined"] == "4"
    assert page.numbers["reached_end"] == "3"
    assert page.numbers["fft_positive"] == EXPECTED["fft_positive"]
    month = known["created_at"][:7]
    [row] = page.table(id="fft-return-table")
    assert row == [month, "Making sense of back pain", "1", "1", "0", "1", "0", "0", "3"]
    wrong = page.table(id="quiz-wrong-table")
    assert wrong[0] == [
        "Sitting up perfectly straight all the time protects your back.",
        "3",
        "2",
        "66.7%",
    ]
    assert wrong[1] == [
        "You usually need a scan to find out what's causing back pain.",
        "4",
        "1",
        "25%",
    ]
    [measure] = [r for r in page.table(id="measure-confidence-table") if r[1] != "–"]
    assert measure[1:] == ["5.5", "6", "+0.5"]


def test_the_formula_comment_is_shown_as_plain_text_on_the_page(known, reviewer):
    _, html = report_page(reviewer, known["id"])
    assert str(escape(FORMULA_COMMENT)) in html
