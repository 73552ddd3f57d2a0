"""The staff JSON API for scripted clients: tokens, decks and starting sessions."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from facilitator.identity import api_error, store, token_required
from facilitator.views import RUNNING_ROLES
from realtime import session_links
from sessions.passwords import verify_password
from sessions.store import StoreError

bp = Blueprint("facilitator_api", __name__, url_prefix="/api")


def json_body() -> dict | None:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


@bp.post("/tokens")
def create_token():
    body = json_body()
    if body is None or not isinstance(body.get("username"), str) or not isinstance(
        body.get("password"), str
    ):
        return api_error(400, "bad_request", "Send a JSON object with username and password.")
    user = store().user_by_name(body["username"][:100])
    if user is None or user["disabled"] or not verify_password(
        user["password_hash"], body["password"][:1000]
    ):
        return api_error(401, "bad_credentials", "That username and password do not match.")
    return jsonify({"token": store().create_api_token(user["id"])}), 201


@bp.get("/decks")
@token_required
def list_decks():
    return jsonify(
        [{"id": d["id"], "title": d["title"], "steps": d["step_count"]} for d in store().decks()]
    )


@bp.post("/sessions")
@token_required
def create_session():
    body = json_body()
    if body is None or not isinstance(body.get("deck_id"), str):
        return api_error(400, "bad_request", "Send a JSON object with a deck_id.")
    if g.user["role"] not in RUNNING_ROLES:
        return api_error(403, "forbidden", "Your account cannot run sessions.")
    try:
        row = store().create_session(body["deck_id"], g.user["id"])
    except StoreError as exc:
        status = 404 if exc.code == "unknown_deck" else 503
        return api_error(status, exc.code, exc.message)
    links = session_links(row)
    return jsonify(
        {"id": row["id"], "code": row["code"], "join_url": links["join_url"],
         "screen_url": links["screen_url"]}
    ), 201
