"""Refuses an oversized Socket.IO long-polling body before engine.io reads it.

engine.io answers a POST whose Content-Length is over its message limit by closing the session
and then waiting, for good, for the session's queue to be drained by a poll that never comes:
one tiny unauthenticated request holds a server thread until restart. So the limit is checked
here, in front of engine.io, and such a request is answered at once."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

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
            if not length.isdigit():
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
