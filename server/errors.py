"""One error shape: `{"error": {"code", "message"}}` over HTTP (a friendly page for people),
`{"ok": false, "error": {...}}` in a Socket.IO acknowledgement."""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request

from server.words import say
from sessions.words import Words


def ok(**extra: Any) -> dict[str, Any]:
    return {"ok": True, **extra}


def error(code: str, message: str | Words, **values: Any) -> dict[str, Any]:
    """A refused event's acknowledgement: `code` in English, for programs; the message in the
    language of the connection it answers (server/words.py)."""
    return {"ok": False, "error": {"code": code, "message": say(message, **values)}}


def refused(exc: Any) -> dict[str, Any]:
    """The acknowledgement of a refusal carrying `code` and `words` (Rejected, StoreError,
    BadRequest)."""
    return error(exc.code, exc.words)


def api_error(status: int, code: str, message: str | Words, **values: Any):
    """The JSON API's error answer, its message in the asker's language."""
    return jsonify({"error": {"code": code, "message": say(message, **values)}}), status


def error_response(status: int, code: str, message: str | Words, **values: Any):
    """JSON for the API, a friendly page for people."""
    if request.path.startswith("/api/"):
        return api_error(status, code, message, **values)
    page = render_template("error.html", status=status, message=say(message, **values))
    return page, status
