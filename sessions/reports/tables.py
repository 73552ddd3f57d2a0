"""Reports as plain tables, ready to write as CSV or XLSX: the same numbers the pages show.
Text that a spreadsheet would run as a formula is neutralised here, for every exported cell."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sessions.activities import KINDS
from sessions.activities.base import shown_text
from sessions.activities.feedback import FFT_IDS, FFT_OPTIONS
from sessions.store.alerts import OUTCOMES

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FFT_RETURN_HEADER = (
    "Month",
    "Service",
    "Deck id",
    *(o["label"] for o in FFT_OPTIONS),
    "Total responses",
    "% positive",
    "% negative",
)


def neutralise(value: Any) -> Any:
    """A cell as written: numbers stay numbers, None is empty, and text beginning with a
    character a spreadsheet reads as the start of a formula (= + - @, tab, carriage return)
    gets a leading apostrophe, so that it is shown as text and never run."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Table:
    name: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def cells(self) -> list[list[Any]]:
        """The header and rows, every cell neutralised."""
        return [[neutralise(v) for v in row] for row in (self.header, *self.rows)]


def session_tables(report: Mapping[str, Any]) -> list[Table]:
    s = report["session"]
    fft = report["fft"]
    return [
        Table(
            "Summary",
            ("Item", "Value"),
            [
                ("Session", s["title"]),
                ("Session id", s["id"]),
                ("Deck id", s["deck_id"]),
                ("Started", s["started_at"]),
                ("Ended", s["ended_at"]),
                ("Facilitator", s["facilitator"]),
                ("People joined", s["joined"]),
                ("Reached the end", s["reached_end"]),
                ("FFT responses", fft["total"]),
                ("People joined on paper", s.get("on_paper", 0)),
                ("FFT % positive", s["fft_positive"]),
                ("FFT % negative", s["fft_negative"]),
            ],
        ),
        Table(
            "Attendance",
            ("Step", "Title", "People", "Counted as"),
            [
                (
                    a["number"],
                    a["title"],
                    a["count"],
                    "connected when shown"
                    if a["source"] == "connected"
                    else "answered this or later",
                )
                for a in report["attendance"]
            ],
        ),
        Table(
            "Time per step",
            ("Step", "Title", "Optional", "Planned minutes", "Actual minutes", "Over plan"),
            [
                (t["number"], t["title"], t["optional"], t["planned"], t["actual"], t["over"])
                for t in report.get("timings", ())
            ],
        ),
        Table(
            "Results",
            ("Step", "Title", "Kind", "Answer", "Count", "% of people counted", "People counted"),
            [
                (
                    e["number"],
                    e["title"],
                    e["kind"],
                    r["label"],
                    r["count"],
                    r["percent"],
                    e["size"],
                )
                for e in report["steps"]
                for r in e["rows"]
            ],
        ),
        *(
            Table(name, header, rows)
            for activity in KINDS.values()
            for name, header, rows in activity.export_tables(report)
        ),
        Table(
            "Questions",
            ("Question", "Votes", "Answered"),
            [(shown_text(q), q["votes"], q["answered"]) for q in report["questions"]],
        ),
        Table(
            "Reactions",
            ("Step", "Title", "Reaction", "Count"),
            [
                (e["number"] or "", e["title"], r["label"], r["count"])
                for e in report.get("reactions", ())
                for r in e["reactions"]
                if r["count"]
            ],
        ),
        alerts_table(report.get("alerts", ())),
        safety_skips_table(report.get("safety_skips", ())),
    ]


def alerts_table(alerts: Sequence[Mapping[str, Any]]) -> Table:
    """The session's red-flag alerts and their follow-up. A download leaves the service, so it
    carries neither the participant's name nor their words: the report page has the name."""
    return Table(
        "Red-flag alerts",
        ("Raised", "Step", "Matched phrase", "Follow-up", "Note", "Followed up by", "At"),
        [
            (
                a["created_at"],
                a["source"],
                a["matched"],
                OUTCOMES.get(a["outcome"] or "", "Not followed up yet"),
                a["note"],
                a["followed_up_by"] or "",
                a["followed_up_at"] or "",
            )
            for a in alerts
        ],
    )


def safety_skips_table(skips: Sequence[Mapping[str, Any]]) -> Table:
    """Each time the facilitator confirmed moving past a locked safety step the room had not
    been shown: which step, who and when."""
    return Table(
        "Safety steps skipped",
        ("Step", "Skipped by", "At"),
        [(s["step_title"], s["skipped_by_name"], s["skipped_at"]) for s in skips],
    )


def sessions_table(rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        "Sessions",
        (
            "Started",
            "Ended",
            "Deck",
            "Facilitator",
            "People joined",
            "Reached the end",
            "FFT responses",
            "FFT % positive",
            "FFT % negative",
            "Session id",
        ),
        [
            (
                r["created_at"],
                r["ended_at"],
                r["title"],
                r["facilitator"],
                r["joined"],
                r["reached_end"],
                r["fft_total"],
                r["fft_positive"],
                r["fft_negative"],
                r["id"],
            )
            for r in rows
        ],
    )


def period_tables(
    trends: Mapping[str, Any],
    sessions: Sequence[Mapping[str, Any]],
    fft_rows: Sequence[Mapping[str, Any]],
) -> list[Table]:
    names = trends["measure_names"]
    month_header = (
        "Month",
        "Sessions",
        "People joined",
        "Reached the end",
        "FFT responses",
        "FFT % positive",
        "FFT % negative",
        *(f"{n}: {h}" for n in names for h in ("mean before", "mean after", "change in mean")),
    )
    months = []
    for m in trends["months"]:
        measured = [m["measures"].get(n, {}) for n in names]
        months.append(
            (
                m["month"],
                m["sessions"],
                m["joined"],
                m["reached_end"],
                m["fft_total"],
                m["positive"],
                m["negative"],
                *(x.get(k) for x in measured for k in ("before_mean", "after_mean", "difference")),
            )
        )
    return [
        sessions_table(sessions),
        Table("Months", month_header, months),
        quiz_wrong_table(trends["quiz_wrong"]),
        Table(
            "Steps that run long",
            ("Deck", "Step", "Planned minutes", "Median over plan", "Sessions", "Sessions over"),
            [
                (
                    r["deck_title"],
                    r["title"],
                    r["planned"],
                    r["median_over"],
                    r["sessions"],
                    r["sessions_over"],
                )
                for r in trends.get("long_steps", ())
            ],
        ),
        *(Table(t["name"], t["header"], t["rows"]) for t in trends["kind_tables"]),
        fft_return_table(fft_rows),
    ]


def quiz_wrong_table(items: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        "Quiz items most often wrong",
        ("Deck", "Question", "Answered", "Wrong", "% wrong", "Sessions"),
        [
            (
                q["deck_title"],
                q["title"],
                q["answered"],
                q["wrong"],
                q["percent_wrong"],
                q["sessions"],
            )
            for q in items
        ],
    )


def course_tables(report: Mapping[str, Any]) -> list[Table]:
    """A course report as tables: its sessions, retention, measures first to last, the FFT
    and the quiz items most often wrong. Measures under the threshold show only how many."""
    fft = report["fft"]
    return [
        Table(
            "Sessions",
            ("Session", "Deck", "Mode", "Status", "Started", "People joined", "Reached the end"),
            [
                (
                    s["number"],
                    s["deck_title"],
                    s["mode_label"],
                    s["status"],
                    s["started_at"],
                    s["joined"],
                    s["reached_end"],
                )
                for s in report["sessions"]
            ],
        ),
        Table(
            "Retention",
            ("Session", "Course members who joined", "Of session 1's members", "% of session 1"),
            [
                (r["number"], r["members"], r["from_first"], r["percent"])
                for r in report["retention"]
            ],
        ),
        Table(
            "Measures first to last",
            (
                "Measure",
                "Mean first",
                "Mean last",
                "Change in mean",
                "Answered both",
                "Went up",
                "Went down",
                "Stayed the same",
            ),
            [
                (
                    m["measure"],
                    *(
                        m.get(k)
                        for k in (
                            "before_mean",
                            "after_mean",
                            "difference",
                            "paired",
                            "up",
                            "down",
                            "same",
                        )
                    ),
                )
                for m in report["measures"]
            ],
        ),
        Table(
            "FFT",
            ("Answer", "Count", "% of responses"),
            [(r["label"], r["count"], r["percent"]) for r in fft["rows"]]
            + [("Total", fft["total"], None), ("% positive", fft["positive"], None)]
            + [("% negative", fft["negative"], None)],
        ),
        quiz_wrong_table(report["quiz_wrong"]),
    ]


def fft_return_table(rows: Sequence[Mapping[str, Any]]) -> Table:
    return Table(
        "FFT monthly return",
        FFT_RETURN_HEADER,
        [
            (
                r["month"],
                r["service"],
                r["deck_id"],
                *(r["counts"][a] for a in FFT_IDS),
                r["total"],
                r["positive"],
                r["negative"],
            )
            for r in rows
        ],
    )
