"""The staff JSON API for scripted clients: tokens, decks and starting sessions."""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request

from facilitator import deck_approval
from facilitator.identity import (
    SignInRefused,
    check_credentials,
    store,
    token_expiry,
    token_required,
)
from facilitator.mfa import check_code, is_required
from facilitator.views import RUNNING_ROLES, scoring_options, session_options
from server.errors import api_error
from server.realtime import session_links
from sessions.store import StoreError
from sessions.words import N_

bp = Blueprint("facilitator_api", __name__, url_prefix="/api")


def second_step(user, code) -> None:
    """A token is a sign-in too: an account with two-step sign-in sends its current code, and
    one that must have it but has not set it up gets none until it does (in a browser)."""
    if store().mfa.is_on(user["id"]):
        if code is None:
            raise SignInRefused(
                401,
                "code_required",
                'This account signs in in two steps: send "code" from its authenticator app.',
            )
        check_code(user, code)
    elif is_required(user):
        raise SignInRefused(
            403,
            "mfa_not_set_up",
            "This account must sign in in two steps: sign in once in a browser to set it up.",
        )


def json_body() -> dict | None:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


@bp.post("/tokens")
def create_token():
    body = json_body()
    if body is None:
        return api_error(400, "bad_request", N_("Send a JSON object with username and password."))
    try:
        user = check_credentials(body.get("username"), body.get("password"))
        second_step(user, body.get("code"))
    except SignInRefused as exc:
        return api_error(exc.status, exc.code, exc.words)
    try:
        token = store().accounts.create_api_token(
            user["id"],
            expires_at=token_expiry(),
            max_active=int(current_app.config["MAX_API_TOKENS"]),
        )
    except StoreError as exc:
        return api_error(429 if exc.code == "too_many_tokens" else 503, exc.code, exc.words)
    return jsonify({"token": token}), 201


@bp.get("/decks")
@token_required
def list_decks():
    return jsonify(
        [
            {"id": d["id"], "title": d["title"], "steps": d["step_count"]}
            for d in store().library.all()
        ]
    )


@bp.post("/sessions")
@token_required
def create_session():
    body = json_body()
    if body is None or not isinstance(body.get("deck_id"), str):
        return api_error(400, "bad_request", N_("Send a JSON object with a deck_id."))
    if g.user["role"] not in RUNNING_ROLES:
        return api_error(403, "forbidden", N_("Your account cannot run sessions."))
    refusal = deck_approval.start_refusal(body["deck_id"])
    if refusal is not None:
        return api_error(409, refusal.code, refusal.words)
    try:
        mode, closes_at = session_options(body.get("mode"), body.get("closes_on"))
        scoring, leaderboard = scoring_options(body.get("scoring"), body.get("leaderboard"))
        row = store().sessions.create(
            body["deck_id"],
            g.user["id"],
            mode=mode,
            closes_at=closes_at,
            scoring=scoring,
            leaderboard=leaderboard,
        )
    except StoreError as exc:
        status = {"unknown_deck": 404, "bad_request": 400}.get(exc.code, 503)
        return api_error(status, exc.code, exc.words)
    links = session_links(row)
    return jsonify(
        {
            "id": row["id"],
            "code": row["code"],
            "join_url": links["join_url"],
            "screen_url": links["screen_url"],
        }
    ), 201
