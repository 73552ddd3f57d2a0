"""The attendee JSON API: joining by code, rejoining by a personal rejoin code, and answering
over HTTP, for apps, scripted clients and a phone whose live connection is not up yet."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask_wtf.csrf import CSRFError

from participant.helping import link_helper
from participant.joining import JoinRefused, join
from participant.rejoin_codes import rejoin_code
from participant.rejoining import rejoin
from participant.views import participant_token
from server import payloads
from server.errors import api_error
from server.write import WriteEntry
from sessions.words import N_

bp = Blueprint("participant_api", __name__, url_prefix="/api")


@bp.post("/join")
def join_session():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "bad_request", N_("Send a JSON object with a code."))
    try:
        session_row, participant, token = join(body.get("code"), body.get("name"))
    except JoinRefused as exc:
        return api_error(exc.status, exc.code, exc.words)
    return _identity(session_row, participant, token), 201


@bp.post("/rejoin")
def rejoin_session():
    """Back as the same person on a new device: a new token for them; the old one stops."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "bad_request", N_("Send a JSON object with a rejoin_code."))
    try:
        session_row, participant, token = rejoin(body.get("rejoin_code"))
    except JoinRefused as exc:
        return api_error(exc.status, exc.code, exc.words)
    return _identity(session_row, participant, token), 200


@bp.post("/helping")
def help_someone():
    """A helper's device for the person with this helper code: a token of its own for the
    same participant. No personal codes are given back: the helper helps, never takes over."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "bad_request", N_("Send a JSON object with a helper_code."))
    try:
        session_row, participant, token = link_helper(body.get("helper_code"))
    except JoinRefused as exc:
        return api_error(exc.status, exc.code, exc.words)
    return jsonify(
        {
            "participant_token": token,
            "session_id": session_row["id"],
            "name": participant["name"],
            "helping": True,
        }
    ), 200


# How each refusal of an answer reads over HTTP; anything the rules refuse is a 409.
ANSWER_STATUS = {
    "bad_request": 400,
    "invalid_value": 422,
    "rate_limited": 429,
    "busy": 503,
    "unavailable": 503,
    "internal": 500,
}


@bp.post("/answer")
def answer():
    """An answer over HTTP: the same write as the live connection's `answer` event, so the same
    client id sent both ways is stored once. A phone sends its first answer here while its live
    connection is still opening (its cookie, with the page's CSRF token); a script sends its
    participant token as `Authorization: Bearer …`."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "bad_request", N_('Send a JSON object: {"step_id", "value", "id"}.'))
    who = _answerer(body.pop("session_id", None))
    if isinstance(who, tuple):
        return who
    realtime = current_app.extensions["talkback"]
    if realtime.draining:
        return api_error(
            503, "unavailable", N_("The server is restarting. Please try again shortly.")
        )
    guards = current_app.extensions["talkback.guards"]
    verdict = guards.http_answers.hit(who["participant_id"])
    if not verdict.allowed:
        return api_error(429, "rate_limited", N_("Too many answers. Please wait a moment."))
    realtime.handling(+1)
    try:
        ack = WriteEntry(realtime, guards.reactions).handle(who, payloads.ANSWER, body)
    finally:
        realtime.handling(-1)
    if not ack["ok"]:
        code = ack["error"]["code"]
        return api_error(ANSWER_STATUS.get(code, 409), code, ack["error"]["message"])
    return jsonify(ack), 200


def _answerer(session_id: Any) -> dict[str, Any] | tuple:
    """Who is answering: the bearer token's participant, or this browser's own participant in
    `session_id` (then the request must carry the page's CSRF token); else a 401."""
    scheme, _, bearer = request.headers.get("Authorization", "").partition(" ")
    token = bearer.strip() if scheme.lower() == "bearer" else None
    if not token and isinstance(session_id, str):
        token = participant_token(session_id)
        if token:
            try:
                current_app.extensions["csrf"].protect()
            except CSRFError:
                return api_error(400, "csrf", N_("This page has expired. Please reload it."))
    store = current_app.extensions["talkback"].store
    participant = store.participants.for_token(token) if token else None
    if participant is None:
        return api_error(401, "unauthorized", N_("Please join the class with its code first."))
    return {
        "session_id": participant["session_id"],
        "participant_id": participant["id"],
        "name": participant["name"],
    }


def _identity(session_row: dict, participant: dict, token: str):
    return jsonify(
        {
            "participant_token": token,
            "session_id": session_row["id"],
            "name": participant["name"],
            "rejoin_code": rejoin_code(participant["id"]),
        }
    )
