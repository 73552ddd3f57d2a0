"""Trends across finished sessions in a period, by the month they ran in (UTC): sessions run,
attendance, FFT % positive, before/after change, the quiz items most often got wrong, each
kind's own trend tables; and the FFT monthly return. Read from the kept aggregates only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sessions.activities import KINDS, Activity, percent
from sessions.activities.feedback import FFT_IDS, percentages
from sessions.deck import Deck, Step
from sessions.measures import before_step, measure_of
from sessions.reports.freeze import keep_all
from sessions.reports.timings import long_steps, session_minutes

if TYPE_CHECKING:
    from sessions.store import Store

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TOP_WRONG = 10


def period_sessions(
    store: Store,
    *,
    start: date | None = None,
    end: date | None = None,
    deck_id: str | None = None,
    facilitator_id: str | None = None,
    include_demo: bool = False,
) -> tuple[list[dict[str, Any]], dict[str, Deck]]:
    """Finished sessions that started from `start` to `end` (both days included), with their
    kept results, and each one's deck; demo sessions only when asked for."""
    keep_all(store)
    sessions = store.review.period_aggregates(
        include_demo=include_demo,
        facilitator_id=facilitator_id,
        deck_id=deck_id,
        start=start.isoformat() if start else None,
        end=(end + timedelta(days=1)).isoformat() if end else None,
    )
    for s in sessions:
        s["step_minutes"] = session_minutes(store, s)
    return sessions, {s["id"]: store.sessions.deck_of(s["id"]) for s in sessions}


def months_between(first: str, last: str) -> list[str]:
    """Every month from one 'YYYY-MM' to another, both included."""
    year, month = int(first[:4]), int(first[5:7])
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def month_label(month: str) -> str:
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


class _Measure:
    def __init__(self) -> None:
        self.before_sum = self.before_n = self.after_sum = self.after_n = 0
        self.paired = self.up = self.down = self.same = 0

    def add(self, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        for side, results in (("before", before), ("after", after)):
            histogram = results.get("histogram", {})
            setattr(
                self,
                f"{side}_sum",
                getattr(self, f"{side}_sum") + sum(int(v) * n for v, n in histogram.items()),
            )
            setattr(self, f"{side}_n", getattr(self, f"{side}_n") + sum(histogram.values()))
        change = after["change"]
        for key in ("paired", "up", "down", "same"):
            setattr(self, key, getattr(self, key) + change[key])

    def view(self) -> dict[str, Any]:
        before = round(self.before_sum / self.before_n, 1) if self.before_n else None
        after = round(self.after_sum / self.after_n, 1) if self.after_n else None
        return {
            "before_mean": before,
            "after_mean": after,
            "difference": (
                round(after - before, 1) if before is not None and after is not None else None
            ),
            "before_count": self.before_n,
            "after_count": self.after_n,
            "paired": self.paired,
            "up": self.up,
            "down": self.down,
            "same": self.same,
        }


def build_trends(
    sessions: Sequence[Mapping[str, Any]],
    decks: Mapping[str, Deck],
    *,
    first_month: str | None = None,
    last_month: str | None = None,
) -> dict[str, Any]:
    """Sessions must come oldest first. Months between `first_month` and `last_month` (or those
    the sessions span) are all listed, with nothing in those that had no session."""
    starts = [s["created_at"][:7] for s in sessions]
    first = first_month or (starts[0] if starts else None)
    last = last_month or (starts[-1] if starts else None)
    months = {m: _month(m) for m in (months_between(first, last) if first and last else [])}
    measures: dict[str, dict[str, _Measure]] = {}
    overall: dict[str, _Measure] = {}
    quiz: dict[tuple[str, str], dict[str, Any]] = {}
    for s in sessions:
        month = months.setdefault(s["created_at"][:7], _month(s["created_at"][:7]))
        month["sessions"] += 1
        month["joined"] += s["joined"]
        month["reached_end"] += s["reached_end"]
        deck = decks[s["id"]]
        for step in deck.steps:
            r = s["results"].get(step.id)
            if r is None:
                continue
            fft = step.activity.fft_counts(step, r)
            score = step.activity.score(step, r)
            if fft:
                for answer in FFT_IDS:
                    month["fft_counts"][answer] += fft.get(answer, 0)
            elif score is not None:
                answered, right = score
                item = quiz.setdefault(
                    (s["deck_id"], step.id),
                    {
                        "deck_id": s["deck_id"],
                        "deck_title": s["title"],
                        "step_id": step.id,
                        "title": step.title,
                        "answered": 0,
                        "wrong": 0,
                        "sessions": 0,
                    },
                )
                item["answered"] += answered
                item["wrong"] += answered - right
                item["sessions"] += 1
            elif "change" in r:
                before = before_step(deck, step)
                name = measure_of(step)
                if before is not None and name and before.id in s["results"]:
                    for bucket in (measures.setdefault(month["month"], {}), overall):
                        bucket.setdefault(name, _Measure()).add(s["results"][before.id], r)
    listed = [months[m] for m in sorted(months)]
    kind_tables = [
        {"name": name, "header": header, "rows": rows}
        for activity in KINDS.values()
        for name, header, rows in activity.trend_tables(
            [
                (s, step, s["results"][step.id])
                for s in sessions
                for step in _steps_of(decks[s["id"]], activity, s)
            ]
        )
    ]
    for month in listed:
        month["fft_total"] = sum(month["fft_counts"].values())
        month.update(percentages(month["fft_counts"], month["fft_total"]))
        month["measures"] = {n: m.view() for n, m in measures.get(month["month"], {}).items()}
    wrong = [
        {**item, "percent_wrong": percent(item["wrong"], item["answered"])}
        for item in quiz.values()
        if item["answered"]
    ]
    wrong.sort(key=lambda i: (-i["percent_wrong"], -i["answered"], i["title"]))
    fft_counts = {a: sum(m["fft_counts"][a] for m in listed) for a in FFT_IDS}
    fft_total = sum(fft_counts.values())
    return {
        "sessions": len(sessions),
        "joined": sum(s["joined"] for s in sessions),
        "reached_end": sum(s["reached_end"] for s in sessions),
        "fft_total": fft_total,
        "fft_counts": fft_counts,
        **percentages(fft_counts, fft_total),
        "months": listed,
        "measure_names": sorted(overall),
        "measures": {name: m.view() for name, m in sorted(overall.items())},
        "quiz_wrong": wrong[:TOP_WRONG],
        "long_steps": long_steps(sessions, decks),
        "kind_tables": kind_tables,
    }


def _steps_of(deck: Deck, activity: Activity, session: Mapping[str, Any]) -> list[Step]:
    """The session's steps of one kind that have kept results."""
    return [s for s in deck.steps if s.activity is activity and s.id in session["results"]]


def _month(month: str) -> dict[str, Any]:
    return {
        "month": month,
        "label": month_label(month),
        "sessions": 0,
        "joined": 0,
        "reached_end": 0,
        "fft_counts": dict.fromkeys(FFT_IDS, 0),
    }


def fft_return(
    sessions: Sequence[Mapping[str, Any]], decks: Mapping[str, Deck]
) -> list[dict[str, Any]]:
    """The FFT monthly return: for each month and service (deck), the count of each of the six
    answers, the total, and % positive and % negative. Months and services with no FFT answer
    are left out."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for s in sessions:
        for step in decks[s["id"]].steps:
            r = s["results"].get(step.id)
            fft = step.activity.fft_counts(step, r) if r is not None else {}
            if not fft:
                continue
            row = rows.setdefault(
                (s["created_at"][:7], s["deck_id"]),
                {
                    "month": s["created_at"][:7],
                    "service": s["title"],
                    "deck_id": s["deck_id"],
                    "counts": dict.fromkeys(FFT_IDS, 0),
                },
            )
            for answer in FFT_IDS:
                row["counts"][answer] += fft.get(answer, 0)
    listed = []
    for key in sorted(rows):
        row = rows[key]
        row["total"] = sum(row["counts"].values())
        if row["total"]:
            listed.append({**row, **percentages(row["counts"], row["total"])})
    return listed
