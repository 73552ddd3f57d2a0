"""One error shape: `{"error": {"code", "message"}}` over HTTP (a friendly page for people),
`{"ok": false, "error": {...}}` in a Socket.IO acknowledgement."""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request


def ok(**extra: Any) -> dict[str, Any]:
    return {"ok": True, **extra}


def error(code: str, message: str) -> dict[str, Any]:
    return {"ok": False, "error": {"code": code, "message": message}}


def api_error(status: int, code: str, message: str):
    """The JSON API's error answer."""
    return jsonify({"error": {"code": code, "message": message}}), status


def error_response(status: int, code: str, message: str):
    """JSON for the API, a friendly page for people."""
    if request.path.startswith("/api/"):
        return api_error(status, code, message)
    return render_template("error.html", status=status, message=message), status
