"""The notebook: a participant's private page, reached by an unguessable link, to keep, print,
edit their plan, or delete everything they gave."""

from __future__ import annotations

import io

import segno
from flask import Blueprint, abort, current_app, render_template, request, url_for

from participant.rejoin_codes import rejoin_code
from participant.safety_words import safety_for_phone
from server.languages import phone_choice
from server.realtime import public_url
from server.words import say
from sessions.activities import InvalidResponse
from sessions.notebook import notebook as build_notebook

bp = Blueprint("notebook", __name__, url_prefix="/notebook")


def store():
    return current_app.extensions["talkback"].store


def owner(key: str):
    """The participant this link belongs to. A wrong, old or deleted link is a plain 404 that
    does not say whether it ever existed."""
    participant = store().participants.for_notebook(key) if len(key) <= 100 else None
    if participant is None:
        abort(404)
    return participant


@bp.get("/<key>")
def page(key):
    participant = owner(key)
    return render_notebook(key, participant)


def render_notebook(key, participant, *, message=None, error=None, status=200):
    session_id = participant["session_id"]
    questions = [
        q for q in store().room.questions(session_id) if q["participant_id"] == participant["id"]
    ]
    book = build_notebook(
        store().sessions.deck_of(session_id),
        store().responses.of_participant(participant["id"]),
        questions,
        store().later.of_participant(participant["id"]),
        phone_choice(),
    )
    live = (store().sessions.get(session_id) or {}).get("status") == "live"
    page = render_template(
        "participant/notebook.html",
        key=key,
        name=participant["name"],
        book=book,
        rejoin_code=rejoin_code(participant["id"]) if live else None,  # it works only while live
        message=message,
        error=error,
    )
    return page, status


@bp.post("/<key>/plan")
def save_plan(key):
    """The plan stays editable after the session: it is the participant's own."""
    participant = owner(key)
    deck = store().sessions.deck_of(participant["session_id"])
    step = next((s for s in deck.steps if s.activity.edited_in_notebook), None)
    if step is None:
        abort(404)
    try:
        plan = step.activity.validate_response(step, step.activity.answer_from_form(request.form))
    except InvalidResponse as exc:
        return render_notebook(key, participant, error=say(exc.words), status=400)
    store().responses.save_own(participant["session_id"], participant["id"], step.id, plan)
    return render_notebook(key, participant, message="Your plan is saved.")


@bp.get("/<key>/delete")
def confirm_delete(key):
    participant = owner(key)
    return render_template("participant/delete.html", key=key, name=participant["name"])


@bp.post("/<key>/delete")
def delete(key):
    participant = owner(key)
    deck = store().sessions.deck_of(participant["session_id"])
    member = store().courses.member_of(participant["id"])
    if member is not None:  # one person across a course: all of it goes, and the member
        store().courses.delete_member(member["id"])
    else:
        store().participants.delete(participant["id"])
    return render_template(
        "participant/deleted.html",
        **safety_for_phone(deck, "when_to_get_help"),
        whole_course=member is not None,
    )


@bp.get("/<key>/qr.svg")
def qr(key):
    owner(key)
    # The same address as the link shown beside it, so a phone that scans it gets there.
    link = public_url() + url_for("notebook.page", key=key)
    return current_app.response_class(
        qr_svg(link), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"}
    )


def qr_svg(link: str) -> bytes:
    """A QR code of the link, as an SVG document of its own."""
    svg = io.BytesIO()
    # A document of its own (with its namespace) for an <img>, on white so that it scans.
    segno.make(link, error="m").save(
        svg,
        kind="svg",
        scale=6,
        xmldecl=False,
        light="#fff",
        title="QR code for your notebook link",
    )
    return svg.getvalue()


@bp.after_request
def private(response):
    """A notebook is one person's: never cached. (Its address is never sent to another site:
    every page's Referrer-Policy is same-origin.)"""
    response.headers["Cache-Control"] = "no-store"
    return response
