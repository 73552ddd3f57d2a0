"""Who may use the deck editor: pages for staff who write decks, and JSON endpoints that
answer in JSON (never a redirect) when the sign-in has lapsed or the role cannot edit."""

from __future__ import annotations

from functools import wraps
from typing import Any

from flask import abort, g, jsonify

from facilitator.identity import signed_in, user_from_cookie
from server.words import say
from sessions.words import N_, Words

EDITING_ROLES = ("admin", "facilitator")


def may_edit() -> bool:
    return g.user["role"] in EDITING_ROLES


def editing(view):
    """A page or action for staff who write decks; other signed-in staff get 403."""

    @wraps(view)
    @signed_in
    def wrapper(*args, **kwargs):
        if not may_edit():
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def staff_json(*, edits: bool):
    """A JSON endpoint for signed-in staff (who write decks, when it `edits`): never a
    redirect, always a JSON answer."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = user_from_cookie()
            if user is None:
                return json_error(
                    401,
                    "signed_out",
                    "You are signed out. Sign in again in "
                    "another tab; your changes are kept in this browser.",
                )
            g.user = user
            if edits and not may_edit():
                return json_error(403, "forbidden", N_("Your account cannot change decks."))
            return view(*args, **kwargs)

        return wrapper

    return decorator


def json_error(status: int, code: str, message: str | Words, **extra: Any):
    """The editor's JSON refusal, its message in the staff's language."""
    return jsonify({"error": {"code": code, "message": say(message)}, **extra}), status
