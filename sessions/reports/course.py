"""A course's report, across its finished sessions: attendance per session, retention (how many
of session 1's members came back to each later one), measures from the first session to the
last, the FFT and the quiz items most often wrong. Session figures come from each session's
kept aggregates; figures about members are kept once the course is over (or before retention
deletes one of its sessions' rows), so that later deletions leave the report as it was."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sessions.activities import percent
from sessions.activities.feedback import FFT_OPTIONS
from sessions.course_measures import course_entries, strictest_threshold
from sessions.courses import MODE_LABELS
from sessions.reports.freeze import keep_aggregates
from sessions.reports.timings import session_minutes
from sessions.reports.trends import build_trends

if TYPE_CHECKING:
    from sessions.store import Store


def retention(positions: Sequence[int], members: Mapping[int, set[str]]) -> list[dict[str, Any]]:
    """For each session (by position, the first first): how many course members joined it,
    and how many of those who joined the first one did."""
    if not positions:
        return []
    first = members.get(positions[0], set())
    rows = []
    for position in positions:
        came = members.get(position, set())
        back = len(first & came)
        rows.append(
            {
                "number": position + 1,
                "members": len(came),
                "from_first": back,
                "percent": percent(back, len(first)),
            }
        )
    return rows


def counts(row: Mapping[str, Any] | None) -> bool:
    """A session the report counts: finished, and neither a trial run nor demo data."""
    return bool(row and row["status"] == "ended" and not row["trial"] and not row["demo"])


def course_report(store: Store, course_id: str) -> dict[str, Any] | None:
    """The course's report, or None for no such course. Keeps the aggregates of its finished
    sessions first, as a session's report does."""
    course = store.courses.get(course_id)
    if course is None:
        return None
    order = store.courses.sessions_of(course_id)
    rows = session_rows(store, order)
    kept = [kept_session(store, rows[r["position"]]) for r in order if counts(rows[r["position"]])]
    trends = build_trends(kept, {s["id"]: store.sessions.deck_of(s["id"]) for s in kept})
    by_id = {s["id"]: s for s in kept}
    ends = [rows[order[0]["position"]], rows[order[-1]["position"]]]
    return {
        "course": {"id": course["id"], "title": course["title"], "owner_id": course["owner_id"]},
        "sessions": [_line(r, rows[r["position"]], by_id.get(r["session_id"])) for r in order],
        "session_ids": [s["id"] for s in kept],
        "threshold": strictest_threshold(ends) if all(counts(r) for r in ends) else 0,
        "fft": _fft(trends),
        "quiz_wrong": trends["quiz_wrong"],
        **figures(store, course_id, order, rows),
    }


def session_rows(store: Store, order: Sequence[Mapping[str, Any]]) -> dict[int, Any]:
    """Each of the course's positions with its session's row, None while not started."""
    return {
        r["position"]: store.sessions.get(r["session_id"]) if r["session_id"] else None
        for r in order
    }


def kept_session(store: Store, row: Mapping[str, Any]) -> dict[str, Any]:
    """A finished session with its kept aggregates, in the shape trends are built from."""
    keep_aggregates(store, row["id"])
    summary = store.review.summary(row["id"]) or {}
    return {
        "id": row["id"],
        "title": row["title"],
        "deck_id": row["deck_id"],
        "created_at": row["created_at"],
        "joined": summary.get("joined", 0),
        "reached_end": summary.get("reached_end", 0),
        "results": store.review.step_results(row["id"]),
        "step_minutes": session_minutes(store, row),
    }


def _line(
    place: Mapping[str, Any], row: Mapping[str, Any] | None, kept: Mapping[str, Any] | None
) -> dict[str, Any]:
    """One session of the course as the attendance table shows it; counts only once counted."""
    return {
        "number": place["position"] + 1,
        "deck_title": place["deck_title"] or place["deck_id"],
        "mode_label": MODE_LABELS.get(place["mode"], place["mode"]),
        "status": _status(row),
        "session_id": kept["id"] if kept else None,
        "started_at": kept["created_at"] if kept else None,
        "joined": kept["joined"] if kept else None,
        "reached_end": kept["reached_end"] if kept else None,
    }


def figures(
    store: Store, course_id: str, order: Sequence[Mapping[str, Any]], rows: Mapping[int, Any]
) -> dict[str, Any]:
    """Retention and measures: the kept ones if there are; otherwise made from the members'
    rows, and kept when every session of the course has finished."""
    found = store.courses.kept_figures(course_id)
    if found is not None:
        return found
    made = member_figures(store, order, rows)
    if order and all(counts(rows[r["position"]]) for r in order):
        store.courses.keep_figures(course_id, made)
        return store.courses.kept_figures(course_id) or {**made, "kept_at": None}
    return {**made, "kept_at": None}


def member_figures(
    store: Store, order: Sequence[Mapping[str, Any]], rows: Mapping[int, Any]
) -> dict[str, Any]:
    """Retention and measures from the members' rows, for the sessions counted so far."""
    if not order:
        return {"retention": [], "measures": [], "measures_waiting": True}
    positions = [r["position"] for r in order if counts(rows[r["position"]])]
    members = store.courses.members_by_session(order[0]["course_id"])
    first, last = rows[order[0]["position"]], rows[order[-1]["position"]]
    measured = len(order) > 1 and counts(first) and counts(last)
    return {
        "retention": retention(positions, members) if positions[:1] == [0] else [],
        "measures": course_entries(
            store, first["id"], last["id"], threshold=strictest_threshold([first, last])
        )
        if measured
        else [],
        "measures_waiting": not measured,
    }


def keep_finished_courses(store: Store) -> int:
    """Keep the figures of every course whose sessions have all finished (the hourly
    housekeeping, beside each session's aggregates); how many this call kept."""
    kept = 0
    for course_id in store.courses.over_without_figures():
        course_report(store, course_id)  # keeps them, as a first reading does
        kept += store.courses.kept_figures(course_id) is not None
    return kept


def keep_before_purge(store: Store, session_id: str) -> bool:
    """Before retention deletes a course session's rows, keep the course's member figures as
    they stand (if not kept already); True when this call kept them."""
    place = store.courses.place_of(session_id)
    if place is None or store.courses.kept_figures(place["course_id"]) is not None:
        return False
    order = store.courses.sessions_of(place["course_id"])
    rows = session_rows(store, order)
    return store.courses.keep_figures(place["course_id"], member_figures(store, order, rows))


def _status(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return "not started"
    if row["trial"] or row["demo"]:
        return "left out"
    return "finished" if row["status"] == "ended" else "running"


def _fft(trends: Mapping[str, Any]) -> dict[str, Any]:
    """The FFT across the course, as a session report shows it: each answer's count and %."""
    total = trends["fft_total"]
    return {
        "total": total,
        "positive": trends["positive"],
        "negative": trends["negative"],
        "rows": [
            {
                "id": o["id"],
                "label": o["label"],
                "count": trends["fft_counts"][o["id"]],
                "percent": percent(trends["fft_counts"][o["id"]], total),
            }
            for o in FFT_OPTIONS
        ],
    }
