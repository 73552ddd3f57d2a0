"""The course report through the pages and the Socket.IO test clients, on a real store file: a
two-session course of the first back-pain class, whose members join by the course link and
answer its confidence scales and the FFT. The console at the last session sees the measure
since session 1 as counts only; the report and its CSV and XLSX show attendance, who came back,
the measure first -> last and the FFT. Roles as the course page and session reports; every view
and export audited; an unknown course or format is refused and changes nothing."""

from __future__ import annotations

import pytest

from tests.conftest import Person, csrf_token
from tests.html_check import html_problems, report
from tests.integration.test_courses import goto, join_by_course_link, phone
from tests.integration.test_review_exports import csv_blocks, sheets

FIRST = {"A": 2, "B": 3, "C": 4, "D": 5, "E": 6, "F": 7}  # F does not come back
LAST = {"A": 5, "B": 3, "C": 6, "D": 4, "E": 6, "G": 9}  # G missed session 1
FFT = {"A": "very-good", "B": "very-good", "C": "good", "D": "good", "E": "poor", "F": "good"}


def make_course(http) -> str:
    token = csrf_token(http.get("/courses").get_data(as_text=True))
    made = http.post(
        "/courses",
        data={
            "csrf_token": token,
            "title": "Back pain group, Thursdays",
            "deck_id": ["back-pain-1", "back-pain-1"],
            "mode": ["group", "group"],
        },
    )
    assert made.status_code == 303, made.get_data(as_text=True)
    return made.location.rstrip("/").rsplit("/", 1)[-1]


def start(app, http, store, course_id, position):
    token = csrf_token(http.get(f"/courses/{course_id}").get_data(as_text=True))
    started = http.post(
        f"/courses/{course_id}/sessions/{position}/start", data={"csrf_token": token}
    )
    assert started.status_code == 303, started.get_data(as_text=True)
    session_id = started.location.rsplit("/", 1)[-1]
    console = Person(app, http, "/facilitator").connect({"session_id": session_id})
    return session_id, console


def answer_all(console, store, session_id, phones, step_id, values):
    goto(console, store, session_id, step_id)
    for name, value in values.items():
        if name in phones:
            ack = phones[name].emit("answer", step_id=step_id, value=value, id=f"{step_id}-{name}")
            assert ack["ok"], ack


@pytest.fixture
def physio(sign_in):
    return sign_in("physio")


@pytest.fixture
def course(app, physio, store):
    """The course run through: session 1 with A-F, session 2 with A-E and G. Returns the
    course id and the console's results at the last session's confidence-after step."""
    course_id = make_course(physio)
    browsers = {}
    first, console = start(app, physio, store, course_id, 0)
    phones = {}
    for name in FIRST:
        browsers[name], _ = join_by_course_link(app, course_id, name=f"Person {name}")
        phones[name] = phone(app, browsers[name], first)
    answer_all(console, store, first, phones, "confidence-before", FIRST)
    answer_all(console, store, first, phones, "feedback", {n: {"fft": a} for n, a in FFT.items()})
    assert console.emit("end")["ok"]

    second, console = start(app, physio, store, course_id, 1)
    phones = {}
    for name in LAST:
        browsers[name], _ = join_by_course_link(
            app, course_id, name=f"Person {name}", http=browsers.get(name)
        )
        phones[name] = phone(app, browsers[name], second)
    answer_all(console, store, second, phones, "confidence-after", LAST)
    on_console = console.emit("step_results", step_id="confidence-after")
    answer_all(console, store, second, phones, "feedback", {n: {"fft": "good"} for n in LAST})
    assert console.emit("end")["ok"]
    return course_id, on_console


def test_the_console_at_the_last_session_sees_the_measure_since_session_1_as_counts(course):
    _, on_console = course
    change = on_console["results"]["course_change"]
    assert change == {
        "measure": "confidence",
        "first_title": "How confident do you feel about managing your back pain today?",
        "last_title": change["last_title"],
        "before_mean": 4.0,
        "after_mean": 4.8,
        "difference": 0.8,
        "before_count": 5,
        "after_count": 5,
        "paired": 5,
        "up": 2,
        "down": 1,
        "same": 2,
        "withheld": False,
    }
    assert "Person" not in str(on_console)


def test_the_course_report_shows_attendance_retention_measure_and_fft(course, physio, store):
    course_id, _ = course
    page = physio.get(f"/courses/{course_id}/report")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Course report: Back pain group, Thursdays" in html
    found = store.courses.kept_figures(course_id)
    assert [(r["members"], r["from_first"]) for r in found["retention"]] == [(6, 6), (6, 5)]
    assert found["measures"][0]["paired"] == 5
    for fragment in (
        '<td class="num" data-number="joined">6</td>',
        '<td class="num" data-number="from_first">5</td>',
        '<td class="num" data-number="paired">5</td>',
        '<td class="num" data-number="before_mean">4</td>',
        '<td class="num" data-number="after_mean">4.8</td>',
        "12 responses across the course",
        "/review/themes?session=",
    ):
        assert fragment in html, fragment
    assert "Person A" not in html
    sessions = [r["session_id"] for r in store.courses.sessions_of(course_id)]
    assert all(f"session={s}" in html for s in sessions)
    [entry], _ = store.audit.entries(action="view")
    assert entry["target"] == f"course {course_id}"


def test_the_course_report_downloads_as_csv_and_xlsx_and_each_is_audited(course, physio, store):
    course_id, _ = course
    csv_file = physio.get(f"/courses/{course_id}/report.csv")
    assert csv_file.status_code == 200
    assert csv_file.headers["Cache-Control"] == "no-store"
    blocks = csv_blocks(csv_file.data)
    assert blocks["Retention"][1:] == [["1", "6", "6", "100.0"], ["2", "6", "5", "83.3"]]
    assert blocks["Measures first to last"][1] == [
        "confidence", "4.0", "4.8", "0.8", "5", "2", "1", "2"
    ]  # fmt: skip
    fft = {row[0]: row[1] for row in blocks["FFT"][1:]}
    assert (fft["Very good"], fft["Good"], fft["Poor"], fft["Total"]) == ("2", "9", "1", "12")
    assert [row[5] for row in blocks["Sessions"][1:]] == ["6", "6"]
    book = sheets(physio.get(f"/courses/{course_id}/report.xlsx").data)
    assert book["Retention"][2] == [2, 6, 5, 83.3]
    assert "Quiz items most often wrong" in book
    entries, _ = store.audit.entries(action="export")
    assert [(e["target"], e["detail"].split(",")[0]) for e in entries] == [
        (f"course {course_id}", "xlsx"),
        (f"course {course_id}", "csv"),
    ]


def test_another_facilitator_is_told_there_is_no_such_course_and_reviewers_may_read_it(
    course, sign_in, store
):
    course_id, _ = course
    other = sign_in("fran")
    for path in ("/report", "/report.csv", "/report.xlsx"):
        refused = other.get(f"/courses/{course_id}{path}")
        assert refused.status_code == 404, path
        assert "Back pain group, Thursdays" not in refused.get_data(as_text=True)
    assert other.get(f"/courses/{course_id}").status_code == 404  # as the course page does
    reviewer = sign_in("rita", "reviewer")
    assert reviewer.get(f"/courses/{course_id}/report").status_code == 200
    admin = sign_in("ada", "admin")
    assert admin.get(f"/courses/{course_id}/report.csv").status_code == 200
    assert [e["username"] for e in store.audit.entries(action="view")[0]] == ["rita"]


def test_an_anonymous_browser_is_sent_to_sign_in(course, app):
    course_id, _ = course
    response = app.test_client().get(f"/courses/{course_id}/report")
    assert response.status_code == 302
    assert "/signin" in response.headers["Location"]


def test_an_unknown_course_or_format_is_refused_in_words_and_changes_nothing(course, physio, store):
    course_id, _ = course
    before = store.audit.entries()[1]
    missing = physio.get("/courses/no-such-course/report")
    assert missing.status_code == 404
    assert "No course you may read has this address" in missing.get_data(as_text=True)
    assert physio.get("/courses/" + "x" * 300 + "/report.csv").status_code == 404
    assert physio.get(f"/courses/{course_id}/report.pdf").status_code == 404
    assert store.audit.entries()[1] == before
    assert store.courses.kept_figures("no-such-course") is None


def test_the_course_report_is_valid_html_before_and_after_its_sessions(course, physio):
    course_id, _ = course
    pages = {
        "course report, finished": physio.get(f"/courses/{course_id}/report").get_data(as_text=True)
    }
    fresh = make_course(physio)
    pages["course report, nothing run"] = physio.get(f"/courses/{fresh}/report").get_data(
        as_text=True
    )
    assert "Shown once session 1 has finished" in pages["course report, nothing run"]
    found = html_problems(pages)
    assert not found, report(found)
