"""Who is asking on the staff side: the signed-in cookie for browsers, a bearer token for
scripts. Never the payload of a request or event."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import current_app, g, jsonify, redirect, request, session, url_for

USER_KEY = "user_id"


def store():
    return current_app.extensions["talkback"].store


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def user_from_cookie() -> dict[str, Any] | None:
    user_id = session.get(USER_KEY)
    return store().user(user_id) if user_id else None


def user_from_token(token: str | None) -> dict[str, Any] | None:
    return store().user_for_token(token) if token else None


def may_run(user: dict[str, Any], session_row: dict[str, Any] | None) -> bool:
    """A facilitator runs their own sessions; an admin may step in to any."""
    if session_row is None:
        return False
    return user["role"] == "admin" or session_row["facilitator_id"] == user["id"]


def signed_in(view):
    """A page for signed-in staff who run sessions; others are sent to sign in."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = user_from_cookie()
        if user is None:
            return redirect(url_for("facilitator.signin", next=request.path))
        g.user = user
        return view(*args, **kwargs)

    return wrapper


def token_required(view):
    """An API call that needs a facilitator's bearer token."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = user_from_token(bearer_token())
        if user is None:
            return api_error(401, "unauthorized", "Send a valid token: Authorization: Bearer …")
        g.user = user
        return view(*args, **kwargs)

    return wrapper


def api_error(status: int, code: str, message: str):
    return jsonify({"error": {"code": code, "message": message}}), status
