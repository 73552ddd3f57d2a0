"""Downloads read back (csv module, openpyxl) and compared with the report they came from; and
every text cell that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from sessions import reports
from sessions.reports.tables import FFT_RETURN_HEADER, FORMULA_STARTS
from tests.integration.review_session import EXPECTED, FORMULA_COMMENT, run_known_session


@pytest.fixture
def known(start_session, join):
    return run_known_session(start_session, join).session


@pytest.fixture
def reviewer(sign_in):
    return sign_in("rita", "reviewer")


def csv_blocks(data: bytes) -> dict[str, list[list[str]]]:
    """A multi-table CSV as {title: [header, *rows]}."""
    text = data.decode("utf-8-sig")
    blocks, current = {}, None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            current = None
        elif current is None:
            current = blocks.setdefault(row[0], [])
        else:
            current.append(row)
    return blocks


def sheets(data: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in book}


def all_cells(rows):
    return [c for row in rows for c in row]


def assert_neutralised(cells):
    """No text cell starts a formula; a number (such as minutes under plan, -2.0) is a number."""
    for cell in cells:
        if isinstance(cell, str) and cell and not _is_number(cell):
            assert not cell.startswith(FORMULA_STARTS), repr(cell)


def test_the_session_csv_has_the_reports_numbers(known, reviewer, store):
    response = reviewer.get(f"/review/sessions/{known['id']}/report.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    blocks = csv_blocks(response.data)
    report = reports.session_report(store, known["id"])

    summary = dict(blocks["Summary"][1:])
    assert summary["People joined"] == str(report["session"]["joined"]) == "4"
    assert summary["Reached the end"] == str(report["session"]["reached_end"]) == "3"
    assert summary["FFT % positive"] == "66.7"
    assert summary["FFT % negative"] == "33.3"
    assert summary["FFT responses"] == "3"

    attendance = [(int(r[0]), int(r[2])) for r in blocks["Attendance"][1:]]
    assert attendance == [(a["number"], a["count"]) for a in report["attendance"]]

    results = {(int(r[0]), r[3]): (int(r[4]), r[5]) for r in blocks["Results"][1:]}
    for label, count, pct in EXPECTED["how_long"]:
        assert results[(5, label)][0] == count
        assert results[(5, label)][1] == (
            pct.rstrip("%") + ".0" if "." not in pct else pct.rstrip("%")
        )
    quiz = [(r[1], int(r[2]), int(r[3]), float(r[4])) for r in blocks["Quiz"][1:]]
    assert quiz == [
        (q["title"], q["total"], q["correct"], q["percent_correct"]) for q in report["quiz"]
    ]
    assert [float(x) for x in blocks["Before and after"][1][1:4]] == [5.5, 6.0, 0.5]
    fft = {r[0]: int(r[1]) for r in blocks["FFT"][1:]}
    assert fft == {label: n for label, n, _ in EXPECTED["fft"]}
    comments = [r[0] for r in blocks["FFT comments"][1:]]
    assert comments == ["Great class, thank you", "'" + FORMULA_COMMENT]
    assert [r[0] for r in blocks["Questions"][1:]] == ["Is swimming OK?"]
    assert_neutralised(all_cells(rows for block in blocks.values() for rows in block))


def test_the_session_xlsx_matches_the_csv(known, reviewer):
    xlsx = reviewer.get(f"/review/sessions/{known['id']}/report.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    book = sheets(xlsx.data)
    blocks = csv_blocks(reviewer.get(f"/review/sessions/{known['id']}/report.csv").data)
    assert list(book) == list(blocks)
    for name, rows in blocks.items():
        as_text = [
            ["" if c is None else (f"{c:g}" if isinstance(c, float) else str(c)) for c in row]
            for row in book[name]
        ]
        normalised = [[f"{float(c):g}" if _is_number(c) else c for c in row] for row in rows]
        assert as_text == normalised, name
    assert book["Summary"][7] == ["People joined", 4]
    assert book["FFT comments"][2] == ["'" + FORMULA_COMMENT]
    loaded = load_workbook(io.BytesIO(xlsx.data))
    for ws in loaded:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_the_period_export_matches_the_trends(known, reviewer, store):
    for fmt in ("csv", "xlsx"):
        response = reviewer.get(f"/review/trends/export.{fmt}")
        assert response.status_code == 200
        tables = (
            csv_blocks(response.data)
            if fmt == "csv"
            else {
                k: [["" if c is None else str(c) for c in r] for r in v]
                for k, v in sheets(response.data).items()
            }
        )
        sessions_rows = tables["Sessions"][1:]
        assert len(sessions_rows) == 1
        assert sessions_rows[0][4:9] == ["4", "3", "3", "66.7", "33.3"]
        month = known["created_at"][:7]
        [month_row] = [r for r in tables["Months"][1:] if r[0] == month]
        assert month_row[1:7] == ["1", "4", "3", "3", "66.7", "33.3"]
        assert [float(x) for x in month_row[7:10]] == [5.5, 6.0, 0.5]
        wrong = tables["Quiz items most often wrong"][1:]
        assert wrong[0][1:5] == [
            "Sitting up perfectly straight all the time protects your back.",
            "3",
            "2",
            "66.7",
        ]
        assert tables["FFT monthly return"][1][0] == month


def test_the_fft_monthly_return_counts_each_of_the_six_answers(known, reviewer):
    rows = list(
        csv.reader(io.StringIO(reviewer.get("/review/fft-return.csv").data.decode("utf-8-sig")))
    )
    assert tuple(rows[0]) == FFT_RETURN_HEADER
    assert rows[1] == [
        known["created_at"][:7],
        "Making sense of back pain",
        "back-pain-1",
        "1",
        "1",
        "0",
        "1",
        "0",
        "0",
        "3",
        "66.7",
        "33.3",
    ]
    book = sheets(reviewer.get("/review/fft-return.xlsx").data)
    assert book["FFT monthly return"][1] == [
        known["created_at"][:7],
        "Making sense of back pain",
        "back-pain-1",
        1,
        1,
        0,
        1,
        0,
        0,
        3,
        66.7,
        33.3,
    ]


def test_exports_are_audited(known, reviewer, store):
    reviewer.get(f"/review/sessions/{known['id']}/report.xlsx")
    reviewer.get("/review/fft-return.csv")
    entries, _ = store.audit.entries(action="export")
    assert [(e["username"], e["target"]) for e in entries] == [
        ("rita", "FFT monthly return"),
        ("rita", f"session {known['id']}"),
    ]
    assert all(FORMULA_COMMENT not in e["detail"] for e in entries)


def test_an_unknown_format_is_not_found(known, reviewer):
    assert reviewer.get(f"/review/sessions/{known['id']}/report.pdf").status_code == 404
    assert reviewer.get("/review/fft-return.json").status_code == 404
