"""Attendee pages: join by code, the live view on the phone, and help and safety."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from participant import helping, joining, rejoining
from participant.rejoin_codes import helper_code, rejoin_code, remember_helper
from participant.safety_words import safety_for_phone
from server.realtime import request_language
from server.words import say
from sessions.deck import Deck
from sessions.reactions import REACTIONS
from sessions.store import StoreError

bp = Blueprint("participant", __name__)

TOKENS_KEY = "participants"  # session id -> participant token, kept in the signed cookie


def participant_token(session_id: str) -> str | None:
    tokens = session.get(TOKENS_KEY)
    return tokens.get(session_id) if isinstance(tokens, dict) else None


def _tokens() -> dict[str, str]:
    tokens = session.get(TOKENS_KEY)
    return dict(tokens) if isinstance(tokens, dict) else {}


def _returning(raw_code: str):
    """This browser's own person in the live class with this code, if it has joined it."""
    code = joining.normalise_code(raw_code)
    tokens = _tokens()
    return rejoining.returning(code, tokens) if code and tokens else None


@bp.get("/join")
def join_page():
    code = request.args.get("code", "")[:20]
    found = _returning(code)
    if found is not None:  # the QR or join link again, in a browser already in the class
        return redirect(url_for("participant.play", session_id=found[0]["id"]))
    return _join_form(code=code)


def _join_form(*, code="", name="", error=None, status=200):
    page = render_template("participant/join.html", code=code, name=name, error=error)
    return page, status


@bp.post("/join")
def join():
    code, name = request.form.get("code", "")[:20], request.form.get("name", "")[:200]
    found = _returning(code)
    if found is not None:  # joining again from the same browser is the same person
        return _class_page(found[0]["id"], found[1])
    try:
        session_row, participant, token = joining.join(code, name)
    except joining.JoinRefused as exc:
        return _join_form(code=code, name=name, error=say(exc.words), status=exc.status)
    return enter_class(session_row["id"], participant, token)


@bp.get("/rejoin")
def rejoin_page():
    return render_template("participant/rejoin.html", rejoin_code="", rejoin_error=None)


@bp.post("/rejoin")
def rejoin():
    """A new device, or a browser that lost its cookie: back as the same person by the
    personal rejoin code."""
    typed = request.form.get("rejoin_code", "")[:40]
    try:
        session_row, participant, token = rejoining.rejoin(typed)
    except joining.JoinRefused as exc:
        page = render_template(
            "participant/rejoin.html", rejoin_code=typed, rejoin_error=say(exc.words)
        )
        return page, exc.status
    return enter_class(session_row["id"], participant, token)


@bp.get("/helping")
def helping_page():
    return render_template("participant/helping.html", helper_code="", helper_error=None)


@bp.post("/helping")
def help_someone():
    """A carer's or an interpreter's device, linked to the person they help by the helper code
    shown on that person's phone."""
    typed = request.form.get("helper_code", "")[:40]
    try:
        session_row, participant, token = helping.link_helper(typed)
    except joining.JoinRefused as exc:
        page = render_template(
            "participant/helping.html", helper_code=typed, helper_error=say(exc.words)
        )
        return page, exc.status
    return enter_class(session_row["id"], participant, token)


def enter_class(session_id: str, participant: dict, token: str):
    """This browser is now the participant: their token goes in the cookie, and the class page
    is the answer."""
    tokens = _tokens()
    tokens.pop(session_id, None)  # re-added last, so it is the last to be dropped
    tokens[session_id] = token
    session[TOKENS_KEY] = dict(list(tokens.items())[-10:])  # the cookie stays small
    session.permanent = True
    # The class page itself, not a redirect to it: on a slow phone network every request in
    # a row costs seconds. The page puts its own address (/s/<id>) back in the address bar.
    return _class_page(session_id, participant)


@bp.get("/s/<session_id>")
def play(session_id):
    """The phone's live view. Reloading keeps the same participant: the cookie holds the token."""
    store = current_app.extensions["talkback"].store
    token = participant_token(session_id)
    participant = store.participants.for_token(token) if token else None
    if participant is None or participant["session_id"] != session_id:
        return redirect(url_for("participant.join_page"))
    return _class_page(session_id, participant)


def _class_page(session_id: str, participant: dict):
    """The phone's page with what the room is on already drawn, so the first step shows as
    soon as the page arrives; the live connection then takes over."""
    realtime = current_app.extensions["talkback"]
    deck = realtime.store.sessions.deck_of(session_id)
    first = realtime.personal_snapshot(
        session_id, participant["id"], language=request_language(deck)
    )
    token = participant_token(session_id)
    # A helper's device helps; only the person's own phone shows their personal codes.
    is_helper = bool(token) and realtime.store.participants.is_helper_token(token)
    if not is_helper:
        remember_helper(participant["id"])
    return render_template(
        "participant/play.html",
        session_id=session_id,
        name=participant["name"],
        helping=is_helper,
        rejoin_code=None if is_helper else rejoin_code(participant["id"]),
        helper_code=None if is_helper else helper_code(participant["id"]),
        session_title=realtime.store.sessions.get(session_id)["title"],
        first=first,
        reactions=REACTIONS,
        # Answering a join, rejoin or helper form: that page fetched the scripts ahead.
        fetched_ahead=request.method == "POST",
    )


@bp.get("/help", endpoint="help")
def help_page():
    """Help and safety: the class's own safety wording when the page is opened from a class
    this browser joined (`back=/s/<id>`), otherwise neutral wording that names no condition."""
    return render_template("participant/help.html", **safety_for_phone(_class_deck(), "help"))


def _class_deck() -> Deck | None:
    back = request.args.get("back", "")
    session_id = back.removeprefix("/s/") if back.startswith("/s/") else ""
    if not session_id or not participant_token(session_id):
        return None
    try:
        return current_app.extensions["talkback"].store.sessions.deck_of(session_id)
    except StoreError:
        return None
