"""Staff pages for courses: making one (its sessions in order, each a deck and a mode, or the
template course of the bundled back-pain classes), and starting each of its sessions. A
course is its owner's to run, as a session is its facilitator's; an admin may step in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from facilitator import deck_approval
from facilitator.identity import signed_in, store
from facilitator.views import DEFAULT_OPEN_DAYS, RUNNING_ROLES, session_options
from server.realtime import public_url
from server.words import say
from sessions.courses import MODE_LABELS, TEMPLATE_PLAN, TEMPLATE_TITLE, plan_from_form
from sessions.store import StoreError

bp = Blueprint("courses", __name__)

SPARE_ROWS = 6  # the new-course form's rows of sessions; rows left without a deck are dropped


def _may_make_courses() -> None:
    if g.user["role"] not in RUNNING_ROLES:
        abort(403)


def _course(course_id: str) -> dict[str, Any]:
    """The course, if this user runs it; anyone else is refused as if it were not there."""
    course = store().courses.get(course_id) if len(course_id) <= 40 else None
    if course is None or (course["owner_id"] != g.user["id"] and g.user["role"] != "admin"):
        abort(404)
    return course


@bp.get("/courses")
@signed_in
def list_courses():
    _may_make_courses()
    return _list_page()


def _list_page(*, error: str | None = None, title: str = "", plan=(), status: int = 200):
    decks = store().library.all()
    page = render_template(
        "facilitator/courses.html",
        user=g.user,
        courses=store().courses.of_owner(g.user["id"]),
        decks=decks,
        modes=MODE_LABELS,
        rows=list(plan) + [("", "group")] * max(0, SPARE_ROWS - len(plan)),
        error=error,
        title=title,
        template_title=TEMPLATE_TITLE,
    )
    return page, status


@bp.post("/courses")
@signed_in
def create():
    _may_make_courses()
    title = request.form.get("title", "")[:200]
    plan = plan_from_form(request.form.getlist("deck_id"), request.form.getlist("mode"))
    try:
        course_id = store().courses.create(title, g.user["id"], plan=plan)
    except StoreError as exc:
        return _list_page(error=say(exc.words), title=title, plan=plan, status=400)
    return redirect(url_for("courses.course_page", course_id=course_id), 303)


@bp.post("/courses/template")
@signed_in
def create_template():
    """The bundled back-pain classes as a course, ready to start week by week."""
    _may_make_courses()
    try:
        course_id = store().courses.create(TEMPLATE_TITLE, g.user["id"], plan=TEMPLATE_PLAN)
    except StoreError as exc:
        return _list_page(error=say(exc.words), status=400)
    return redirect(url_for("courses.course_page", course_id=course_id), 303)


@bp.get("/courses/<course_id>")
@signed_in
def course_page(course_id):
    return _course_page(_course(course_id))


def _course_page(course, *, error: str | None = None, status: int = 200):
    sessions = [
        {
            **row,
            "mode_label": MODE_LABELS.get(row["mode"], row["mode"]),
            "console_url": url_for("facilitator.console", session_id=row["session_id"])
            if row["session_id"]
            else None,
        }
        for row in store().courses.sessions_of(course["id"])
    ]
    today = datetime.now(UTC).date()
    page = render_template(
        "facilitator/course.html",
        user=g.user,
        course=course,
        sessions=sessions,
        members=store().courses.members(course["id"]),
        course_url=public_url() + url_for("course.join_page", course_id=course["id"]),
        error=error,
        today=today.isoformat(),
        default_closes_on=(today + timedelta(days=DEFAULT_OPEN_DAYS)).isoformat(),
    )
    return page, status


@bp.post("/courses/<course_id>/sessions/<int:position>/start")
@signed_in
def start(course_id, position):
    """Start the course's session at `position` on its deck, in its mode, as sessions start:
    the deck's approval and safety rules apply. The course's members join it by its link."""
    course = _course(course_id)
    _may_make_courses()
    row = next(
        (r for r in store().courses.sessions_of(course_id) if r["position"] == position), None
    )
    if row is None:
        abort(404)
    if row["session_id"]:
        return _course_page(course, error="This session of the course has started.", status=409)
    try:
        mode, closes_at = session_options(row["mode"], request.form.get("closes_on") or None)
    except StoreError as exc:
        return _course_page(course, error=say(exc.words), status=400)
    refusal = deck_approval.start_refusal(row["deck_id"])
    if refusal is not None:
        return _course_page(course, error=say(refusal.words), status=400)
    try:
        session_row = store().sessions.create(
            row["deck_id"], g.user["id"], mode=mode, closes_at=closes_at
        )
        store().courses.start_session(course_id, position, session_row["id"])
    except StoreError as exc:
        return _course_page(
            course, error=say(exc.words), status=409 if exc.code == "already_started" else 400
        )
    return redirect(url_for("facilitator.console", session_id=session_row["id"]), 303)
