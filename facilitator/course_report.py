"""The course report for staff (/courses/<id>/report): attendance and retention across the
course's sessions, measures first to last, the FFT and the quiz items most often wrong, with
CSV and XLSX downloads. Read by the course's owner, an admin, and reviewers, as session reports
are; every view and export is audited."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, render_template, url_for

from facilitator import charts, exports
from facilitator.identity import READS_ALL_REPORTS, STAFF_ROLES, role_required, store
from sessions.reports import tables
from sessions.reports.course import course_report

bp = Blueprint("course_report", __name__)


NOT_FOUND = "No course you may read has this address. Open the course from your courses."


def readable_report(course_id: str) -> dict[str, Any] | None:
    """The course's report, if this user may read it; None for anyone else, who is told there
    is no such course (the course page refuses them the same way). Pages are never cached
    (the app's rule for every page)."""
    course = store().courses.get(course_id) if len(course_id) <= 40 else None
    if course is None or (
        course["owner_id"] != g.user["id"] and g.user["role"] not in READS_ALL_REPORTS
    ):
        return None
    return course_report(store(), course_id)


def _not_found():
    return render_template("error.html", status=404, message=NOT_FOUND), 404


@bp.get("/courses/<course_id>/report")
@role_required(*STAFF_ROLES)
def report(course_id):
    found = readable_report(course_id)
    if found is None:
        return _not_found()
    store().audit.record(g.user, "view", f"course {course_id}", found["course"]["title"])
    themes_url = (
        url_for("review.themes_page", session=found["session_ids"])
        if found["session_ids"]
        else None
    )
    return render_template(
        "review/course.html",
        user=g.user,
        report=found,
        charts=course_charts(found),
        themes_url=themes_url,
        may_run=found["course"]["owner_id"] == g.user["id"] or g.user["role"] == "admin",
    )


@bp.get("/courses/<course_id>/report.<fmt>")
@role_required(*STAFF_ROLES)
def export(course_id, fmt):
    if fmt not in exports.FORMATS:
        abort(404)
    found = readable_report(course_id)
    if found is None:
        return _not_found()
    store().audit.record(
        g.user, "export", f"course {course_id}", f"{fmt}, {found['course']['title']}"
    )
    return exports.download(tables.course_tables(found), f"talkback-course-{course_id}", fmt)


def course_charts(found: dict[str, Any]) -> dict[str, Any]:
    made = {}
    if found["retention"]:
        made["retention"] = charts.bar_chart(
            "chart-retention",
            "Session 1's course members at each session",
            [(f"Session {r['number']}", r["from_first"]) for r in found["retention"]],
        )
    if found["fft"]["total"]:
        made["fft"] = charts.bar_chart(
            "chart-fft",
            "Friends and Family Test answers",
            [(r["label"], r["count"]) for r in found["fft"]["rows"]],
        )
    return made
