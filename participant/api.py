"""The attendee JSON API: joining by code, for apps and scripted clients."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from participant.joining import JoinRefused, join
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
    return jsonify(
        {"participant_token": token, "session_id": session_row["id"], "name": participant["name"]}
    ), 201
