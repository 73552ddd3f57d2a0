"""The attendee JSON API: joining by code, and rejoining by a personal rejoin code, for apps
and scripted clients."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from participant.helping import link_helper
from participant.joining import JoinRefused, join
from participant.rejoin_codes import rejoin_code
from participant.rejoining import rejoin
from server.errors import api_error

bp = Blueprint("participant_api", __name__, url_prefix="/api")


@bp.post("/join")
def join_session():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "bad_request", "Send a JSON object with a code.")
    try:
        session_row, participant, token = join(body.get("code"), body.get("name"))
    except JoinRefused as exc:
        return api_error(exc.status, exc.code, exc.message)
    return _identity(session_row, participant, token), 201


@bp.post("/rejoin")
def rejoin_session():
    """Back as the same person on a new device: a new token for them; the old one stops."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "bad_request", "Send a JSON object with a rejoin_code.")
    try:
        session_row, participant, token = rejoin(body.get("rejoin_code"))
    except JoinRefused as exc:
        return api_error(exc.status, exc.code, exc.message)
    return _identity(session_row, participant, token), 200


@bp.post("/helping")
def help_someone():
    """A helper's device for the person with this helper code: a token of its own for the
    same participant. No personal codes are given back: the helper helps, never takes over."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "bad_request", "Send a JSON object with a helper_code.")
    try:
        session_row, participant, token = link_helper(body.get("helper_code"))
    except JoinRefused as exc:
        return api_error(exc.status, exc.code, exc.message)
    return jsonify(
        {
            "participant_token": token,
            "session_id": session_row["id"],
            "name": participant["name"],
            "helping": True,
        }
    ), 200


def _identity(session_row: dict, participant: dict, token: str):
    return jsonify(
        {
            "participant_token": token,
            "session_id": session_row["id"],
            "name": participant["name"],
            "rejoin_code": rejoin_code(participant["id"]),
        }
    )
