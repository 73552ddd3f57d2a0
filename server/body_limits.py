"""How much a request may send, checked before anything reads its body.

Every request may send a little (TALKBACK_MAX_CONTENT_LENGTH: forms), the JSON API less
(TALKBACK_MAX_API_BYTES); a view marked `larger_body` takes up to its own setting. Parsing a
large body takes the server's whole attention, so a small limit by default keeps one request
from freezing every class; Werkzeug answers 413 from the Content-Length alone.

An oversized Socket.IO long-polling body is refused in front of engine.io. engine.io answers a
POST whose Content-Length is over its message limit by closing the session and then waiting,
for good, for the session's queue to be drained by a poll that never comes: one tiny
unauthenticated request holds a server thread until restart. So the limit is checked here,
and such a request is answered at once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, request

from sessions.words import N_, Words

FORM_ROOM = 64 * 1024  # an upload's form around the file: field names, alt text, the CSRF token

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class SocketBodyLimit:
    """WSGI middleware: a POST under `path` must say how long it is, and be at most
    `max_bytes` long (the same limit engine.io applies), or it is answered 411/413."""

    def __init__(self, app: WSGIApp, *, max_bytes: int, path: str = "/socket.io/"):
        self.app = app
        self.max_bytes = max_bytes
        self.path = path

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]):
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO", "").startswith(
            self.path
        ):
            length = str(environ.get("CONTENT_LENGTH") or "")
            if not (length.isascii() and length.isdigit()):
                # No length (or a negative one) would let engine.io read to the end of the
                # stream; its own clients always send one.
                return _refuse(
                    start_response,
                    411,
                    "length_required",
                    "Say how long the message is (Content-Length).",
                )
            if int(length) > self.max_bytes:
                return _refuse(
                    start_response,
                    413,
                    "too_large",
                    f"A message may be at most {self.max_bytes} bytes.",
                )
        return self.app(environ, start_response)


_REASONS = {411: "Length Required", 413: "Content Too Large"}


def _refuse(start_response: Callable[..., Any], status: int, code: str, message: str):
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    start_response(
        f"{status} {_REASONS[status]}",
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),  # the unread body is not to be taken as the next request
        ],
    )
    return [body]


def larger_body(setting: str):
    """Marks a view that takes a body of up to `app.config[setting]` bytes (and its form).
    Put it right under the route decorator, so that the route holds the marked function."""

    def mark(view):
        view.body_limit_setting = setting
        return view

    return mark


def limit_request_bodies(app: Flask) -> None:
    """Sets each request's limit before any other hook (the CSRF check reads forms) runs."""

    def choose_limit() -> None:
        view = app.view_functions.get(request.endpoint or "")
        setting = getattr(view, "body_limit_setting", None)
        if setting:
            request.max_content_length = int(app.config[setting]) + FORM_ROOM
        elif request.path.startswith("/api/"):
            request.max_content_length = int(app.config["MAX_API_BYTES"])

    app.before_request_funcs.setdefault(None, []).insert(0, choose_limit)


def too_large_message() -> Words:
    limit = request.max_content_length
    if not limit:
        return Words(N_("That is too large to send."))
    return Words(N_("That is too large to send: at most %(size)s here."), {"size": _size(limit)})


def _size(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):.0f} MB"
    return f"{max(1, limit // 1024)} KB"
