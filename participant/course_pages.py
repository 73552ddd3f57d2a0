"""A course's pages for the people in it: the course link's join page, and the course notebook
(every session's entries, newest first, printable), reached by the member's private link, from
which they join this week's session on any device or delete everything they gave."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from participant import course_joining, joining
from participant.notebook import qr_svg
from participant.safety_words import safety_for_phone
from participant.views import enter_class, participant_token
from server.languages import phone_choice
from server.realtime import public_url
from server.words import say
from sessions.courses import course_notebook
from sessions.notebook import notebook as session_notebook

bp = Blueprint("course", __name__)


def store():
    return current_app.extensions["talkback"].store


@bp.get("/c/<course_id>")
def join_page(course_id):
    course = store().courses.get(course_id) if len(course_id) <= 40 else None
    if course is None:
        abort(404)
    live = course_joining.live_session_of(course_id)
    member_id = course_joining.browser_member(course_id)
    if live is not None and member_id and participant_token(live["id"]):
        participant = store().participants.for_token(participant_token(live["id"]))
        if participant is not None and store().courses.participant_in(member_id, live["id"]):
            return redirect(url_for("participant.play", session_id=live["id"]))
    return _join_form(course, live=live, known=bool(member_id))


def _join_form(course, *, live, known, name="", error=None, status=200):
    page = render_template(
        "participant/course_join.html",
        course=course,
        live=live,
        known=known,
        name=name,
        error=error,
    )
    return page, status


@bp.post("/c/<course_id>")
def join(course_id):
    """Join the course's session running now as the member this browser is, or as a new one."""
    name = request.form.get("name", "")[:200]
    try:
        session_row, participant, token = course_joining.join_by_course_link(course_id, name)
    except joining.JoinRefused as exc:
        course = store().courses.get(course_id)
        if course is None:
            abort(404)
        known = bool(course_joining.browser_member(course_id))
        return _join_form(
            course,
            live=course_joining.live_session_of(course_id),
            known=known,
            name=name,
            error=say(exc.words),
            status=exc.status,
        )
    return enter_class(session_row["id"], participant, token)


def member_of_link(key: str):
    """The member whose notebook link this is; a wrong, old or deleted link is a plain 404."""
    member = store().courses.member_for_key(key) if len(key) <= 100 else None
    if member is None:
        abort(404)
    return member


@bp.get("/course-notebook/<key>")
def notebook(key):
    member = member_of_link(key)
    return _notebook_page(key, member)


def _notebook_page(key, member, *, error=None, status=200):
    course = store().courses.get(member["course_id"])
    books = []
    for place in store().courses.participations(member["id"]):
        participant_id = place["participant_id"]
        questions = [
            q
            for q in store().room.questions(place["session_id"])
            if q["participant_id"] == participant_id
        ]
        book = session_notebook(
            store().sessions.deck_of(place["session_id"]),
            store().responses.of_participant(participant_id),
            questions,
            store().later.of_participant(participant_id),
            phone_choice(),
        )
        books.append((place, book))
    live = course_joining.live_session_of(member["course_id"])
    page = render_template(
        "participant/course_notebook.html",
        key=key,
        name=member["name"],
        course=course_notebook(course["title"] if course else "", books),
        live=live,
        error=error,
    )
    return page, status


@bp.post("/course-notebook/<key>/join")
def join_from_notebook(key):
    """This device joins this week's session as the member: the same person as last week."""
    member = member_of_link(key)
    try:
        session_row, participant, token = course_joining.join_as_member(member)
    except joining.JoinRefused as exc:
        return _notebook_page(key, member, error=say(exc.words), status=exc.status)
    return enter_class(session_row["id"], participant, token)


@bp.get("/course-notebook/<key>/delete")
def confirm_delete(key):
    member = member_of_link(key)
    return render_template("participant/course_delete.html", key=key, name=member["name"])


@bp.post("/course-notebook/<key>/delete")
def delete(key):
    member = member_of_link(key)
    places = store().courses.participations(member["id"])
    deck = store().sessions.deck_of(places[-1]["session_id"]) if places else None
    store().courses.delete_member(member["id"])
    return render_template(
        "participant/deleted.html", **safety_for_phone(deck, "when_to_get_help"), whole_course=True
    )


@bp.get("/course-notebook/<key>/qr.svg")
def qr(key):
    member_of_link(key)
    link = public_url() + url_for("course.notebook", key=key)
    return current_app.response_class(
        qr_svg(link), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"}
    )


@bp.after_request
def private(response):
    """A course notebook is one person's: never cached."""
    if request.path.startswith("/course-notebook/"):
        response.headers["Cache-Control"] = "no-store"
    return response
