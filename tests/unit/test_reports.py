"""The review read models without Flask: what is kept of a session, attendance, trends, the FFT
return, export tables and their formula neutralising, and the SVG charts."""

from __future__ import annotations

import pytest

from facilitator import charts
from sessions.activities import Moderation, Response
from sessions.reports import aggregates, build_trends, fft_return
from sessions.reports.tables import (
    FFT_RETURN_HEADER,
    Table,
    fft_return_table,
    neutralise,
)


def step(deck, step_id):
    return deck.step_by_id(step_id)


# What is kept of each step -----------------------------------------------------------------


def test_kept_discussion_notes_carry_an_id_and_a_group_but_never_a_name(room_deck):
    talk = step(room_deck, "talk")
    kept = aggregates.final_results(
        talk, [Response("Walk daily", "n1", "Ann", 2), Response("Heat helps", "n2", "Bob", 1)]
    )
    assert kept["notes"] == [
        {"id": "n2", "text": "Heat helps", "redacted": False, "group": 1},
        {"id": "n1", "text": "Walk daily", "redacted": False, "group": 2},
    ]
    assert "Ann" not in str(kept)
    assert kept["kind"] == "discuss"


def test_kept_plans_are_counts_only(room_deck):
    plan = step(room_deck, "my-plan")
    kept = aggregates.final_results(
        plan,
        [
            Response({"goal": "Walk", "share": True, "done": True}, "p1", "Ann"),
            Response({"goal": "Swim"}, "p2", "Bob"),
            Response({}, "p3", "Cat"),
        ],
    )
    assert kept == {"started": 2, "finished": 1, "shared": 1, "kind": "plan"}


def test_kept_fft_comments_have_ids_and_a_redacted_one_keeps_its_place(room_deck):
    feedback = step(room_deck, "feedback")
    responses = [
        Response({"fft": "good", "why": "Kind staff", "extra": {}}, "f1", "Ann"),
        Response({"fft": "poor", "why": "", "extra": {}}, "f2", "Bob"),
        Response({"fft": "very-good", "why": "", "extra": {}}, "f3", "Cat"),  # scrubbed
    ]
    kept = aggregates.final_results(feedback, responses, redacted={"f3"})
    assert kept["comments"] == [
        {"id": "f1", "text": "Kind staff", "redacted": False},
        {"id": "f3", "text": "", "redacted": True},
    ]
    assert kept["counts"]["very-good"] == 1
    assert kept["total"] == 3
    assert kept["positive"] == 66.7
    assert kept["negative"] == 33.3


def test_kept_open_answers_keep_their_moderation(room_deck):
    ideas = step(room_deck, "ideas")
    kept = aggregates.final_results(
        ideas,
        [Response("Walk", "a1"), Response("Bob's house", "a2")],
        Moderation(approved=frozenset({"a1"}), hidden=frozenset({"a2"}), starred=frozenset({"a1"})),
    )
    assert [(a["id"], a["status"], a["starred"]) for a in kept["answers"]] == [
        ("a1", "approved", True),
        ("a2", "hidden", False),
    ]


def test_redacting_an_item_empties_it_and_scrubbing_keeps_the_fft_answer(room_deck):
    kept = {"comments": [{"id": "f1", "text": "x", "redacted": False}], "total": 1}
    assert aggregates.redact_item("feedback", kept, "f1")["comments"] == [
        {"id": "f1", "text": "", "redacted": True}
    ]
    with pytest.raises(KeyError):
        aggregates.redact_item("feedback", kept, "nope")
    with pytest.raises(KeyError):
        aggregates.redact_item("poll", {"counts": {}}, "f1")
    assert aggregates.scrub("feedback", {"fft": "good", "why": "x", "extra": {}}) == {
        "fft": "good",
        "why": "",
        "extra": {},
    }
    assert aggregates.scrub("open", "text") == ""


def test_the_before_step_of_a_measure(room_deck, back_pain):
    assert aggregates.before_step(room_deck, step(room_deck, "after")).id == "before"
    assert aggregates.before_step(room_deck, step(room_deck, "before")) is None
    after = step(back_pain, "confidence-after")
    assert aggregates.before_step(back_pain, after).id == "confidence-before"


# Attendance --------------------------------------------------------------------------------


def test_recorded_attendance_lists_the_steps_shown_in_deck_order(small):
    rows = aggregates.attendance(small, {"colour": 5, "welcome": 6}, {})
    assert [(r["step_id"], r["count"], r["source"]) for r in rows] == [
        ("welcome", 6, "connected"),
        ("colour", 5, "connected"),
    ]


def test_without_a_record_attendance_counts_who_answered_this_or_a_later_question(small):
    answered = {"p1": {"colour", "myth"}, "p2": {"colour"}, "p3": {"foods", "confidence"}}
    rows = aggregates.attendance(small, {}, answered)
    assert [(r["step_id"], r["count"]) for r in rows] == [
        ("colour", 3),
        ("foods", 2),
        ("myth", 2),
        ("pick-two", 1),
        ("confidence", 1),
    ]
    assert {r["source"] for r in rows} == {"answered"}
    assert aggregates.attendance(small, {}, {}) == []


def test_the_summary_counts_reached_the_end_from_the_last_attendance_row(small):
    rows = [
        {"index": 0, "step_id": "welcome", "count": 6, "source": "connected"},
        {"index": 8, "step_id": "thanks", "count": 4, "source": "connected"},
    ]
    summary = aggregates.summary(small, {}, joined=7, attendance_rows=rows, questions=[])
    assert (summary["joined"], summary["reached_end"], summary["fft_total"]) == (7, 4, 0)
    assert summary["fft_positive"] is None


# Trends and the FFT return ---------------------------------------------------------------


def session(session_id, started, results, joined=5, reached=4, title="Room activities"):
    return {
        "id": session_id,
        "title": title,
        "deck_id": "room",
        "created_at": started,
        "joined": joined,
        "reached_end": reached,
        "results": results,
    }


def fft(**counts):
    full = dict.fromkeys(("very-good", "good", "neither", "poor", "very-poor", "dont-know"), 0)
    full.update({k.replace("_", "-"): v for k, v in counts.items()})
    return {"kind": "feedback", "counts": full, "total": sum(full.values())}


def scale(histogram):
    return {
        "kind": "scale",
        "histogram": {str(k): v for k, v in histogram.items()},
        "count": sum(histogram.values()),
    }


def after(histogram, **change):
    return {**scale(histogram), "change": {"paired": 0, "up": 0, "down": 0, "same": 0, **change}}


def test_trends_fill_every_month_and_count_fft_by_month(room_deck):
    sessions = [
        session("a", "2025-01-10T10:00:00+00:00", {"feedback": fft(very_good=3, poor=1)}),
        session("b", "2025-01-20T10:00:00+00:00", {"feedback": fft(good=1, dont_know=1)}),
        session("c", "2025-03-05T10:00:00+00:00", {"feedback": fft(very_poor=2)}, joined=3),
    ]
    decks = dict.fromkeys("abc", room_deck)
    found = build_trends(sessions, decks, first_month="2024-12", last_month="2025-04")
    assert [m["month"] for m in found["months"]] == [
        "2024-12",
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
    ]
    january = found["months"][1]
    assert (january["sessions"], january["joined"], january["fft_total"]) == (2, 10, 6)
    assert (january["positive"], january["negative"]) == (66.7, 16.7)
    assert found["months"][2]["positive"] is None
    assert found["months"][2]["sessions"] == 0
    assert found["months"][3]["negative"] == 100.0
    assert (found["sessions"], found["joined"], found["reached_end"]) == (3, 13, 12)
    assert found["fft_total"] == 8
    assert found["positive"] == 50.0


def test_before_and_after_means_by_month_are_exact_not_means_of_rounded_means(room_deck):
    sessions = [
        session(
            "a",
            "2025-01-10T10:00:00+00:00",
            {"before": scale({3: 1, 4: 2}), "after": after({5: 3}, paired=3, up=3)},
        ),
        session(
            "b",
            "2025-01-20T10:00:00+00:00",
            {"before": scale({6: 1}), "after": after({6: 1}, paired=1, same=1)},
        ),
    ]
    found = build_trends(sessions, dict.fromkeys("ab", room_deck))
    measure = found["months"][0]["measures"]["confidence"]
    assert measure == {
        "before_mean": 4.2,
        "after_mean": 5.2,
        "difference": 1.0,
        "before_count": 4,
        "after_count": 4,
        "paired": 4,
        "up": 3,
        "down": 0,
        "same": 1,
    }
    assert found["measure_names"] == ["confidence"]
    assert found["measures"]["confidence"] == measure


def test_the_quiz_items_most_often_wrong_come_first(small):
    def quiz(total, correct):
        return {"kind": "quiz", "total": total, "correct_count": correct, "counts": {}}

    sessions = [
        session("a", "2025-01-10T10:00:00+00:00", {"myth": quiz(4, 3), "pick-two": quiz(4, 1)}),
        session("b", "2025-02-10T10:00:00+00:00", {"myth": quiz(6, 3), "pick-two": quiz(0, 0)}),
    ]
    found = build_trends(sessions, dict.fromkeys("ab", small))
    assert [
        (q["step_id"], q["answered"], q["wrong"], q["percent_wrong"], q["sessions"])
        for q in found["quiz_wrong"]
    ] == [("pick-two", 4, 3, 75.0, 2), ("myth", 10, 4, 40.0, 2)]


def test_the_fft_return_has_a_row_per_month_and_service_with_the_six_counts(room_deck):
    sessions = [
        session("a", "2025-01-10T10:00:00+00:00", {"feedback": fft(very_good=2)}),
        session("b", "2025-01-12T10:00:00+00:00", {"feedback": fft(good=1, neither=1)}),
        session("c", "2025-01-12T10:00:00+00:00", {"feedback": fft(poor=1)}, title="Other"),
        session("d", "2025-02-01T10:00:00+00:00", {"feedback": fft()}),
    ]
    for s in sessions[2:3]:
        s["deck_id"] = "other"
    rows = fft_return(sessions, dict.fromkeys("abcd", room_deck))
    assert [(r["month"], r["service"], r["total"]) for r in rows] == [
        ("2025-01", "Other", 1),
        ("2025-01", "Room activities", 4),
    ]
    table = fft_return_table(rows)
    assert table.header == FFT_RETURN_HEADER
    assert table.rows[1] == ("2025-01", "Room activities", "room", 2, 1, 1, 0, 0, 0, 4, 75.0, 0.0)


# Export cells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["=1+1", "+44 7700", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']
)
def test_text_a_spreadsheet_would_run_is_neutralised(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Very good", "Very good"),
        ("", ""),
        (None, ""),
        (3, 3),
        (-1.5, -1.5),
        (True, "yes"),
        ("a=b", "a=b"),
        (" =x", " =x"),
    ],
)
def test_other_cells_are_written_as_they_are(value, written):
    assert neutralise(value) == written


def test_a_tables_cells_are_all_neutralised():
    table = Table("T", ("=Header",), [("=bad",), (2,), ("fine",)])
    assert table.cells() == [["'=Header"], ["'=bad"], [2], ["fine"]]


# Charts ------------------------------------------------------------------------------------


def test_a_bar_chart_is_an_image_with_a_title_and_escaped_labels_and_no_inline_style():
    svg = str(
        charts.bar_chart("c1", "Scores <b>", [("<script>", 3), ("Two", 0)], highlight=[True, False])
    )
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Scores &lt;b&gt;</title>' in svg
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "style=" not in svg
    assert svg.count("<rect") == 2
    assert "chart__bar--alt" in svg


def test_a_line_chart_breaks_at_missing_values_and_labels_years():
    svg = str(
        charts.line_chart(
            "c2",
            "FFT",
            ["Dec 2024", "Jan 2025", "Feb 2025"],
            [("% positive", [50.0, None, 75.0], "a")],
            scale_max=100,
        )
    )
    assert "<polyline" not in svg  # no two neighbouring values to join
    assert svg.count("<circle") == 2
    assert ">2024<" in svg
    assert ">2025<" in svg
    assert "style=" not in svg
