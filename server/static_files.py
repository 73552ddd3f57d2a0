"""Static files: addresses made from their content, kept by browsers for good, and compressed
at brotli's best once per process, so a slow phone's first visit downloads as little as it can
without the server compressing the same file again for every phone."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, Request, request

from server.lean_scripts import without_comments

STATIC_MAX_AGE = 365 * 24 * 3600  # a year: a static file's address changes with its content
# Endpoints whose address names what they send (the static files, the phone's catalogues):
# one compressed body per address and encoding is right for as long as the process runs.
CONTENT_ADDRESSED = frozenset({"static", "browser_messages"})
NOT_KEPT = ""


def compressed_body_key(req: Request) -> str:
    """The address, for a whole content-addressed file; a request for part of one (Range) is
    never kept, or its part would be sent to everyone after it."""
    whole = req.endpoint in CONTENT_ADDRESSED and req.range is None
    return req.path if whole else NOT_KEPT


class CompressedBodies:
    """Flask-Compress's cache: the compressed bodies of content-addressed responses, one per
    address and encoding. Anything else (a notebook's QR code) is compressed each time."""

    def __init__(self) -> None:
        self._bodies: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self._bodies.get(key)

    def set(self, key: str, body: bytes) -> None:
        if not key.endswith(";" + NOT_KEPT):
            self._bodies[key] = body


# Fixed, not settings: only scripts, styles and pictures are compressed, because pages and
# JSON carry secrets (CSRF and API tokens) next to text a visitor can choose, which
# compression could leak (BREACH). Brotli where the browser takes it (all current ones do),
# else gzip; at level 11, 9% smaller than level 5, affordable because each file is compressed
# once (about 5 ms each; a quarter of a second for all the phone's files).
COMPRESSION: dict[str, Any] = {
    "COMPRESS_MIMETYPES": [
        "text/css",
        "text/javascript",
        "application/javascript",
        "image/svg+xml",
    ],
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_BR_LEVEL": 11,
    "COMPRESS_CACHE_BACKEND": CompressedBodies,
    "COMPRESS_CACHE_KEY": compressed_body_key,
}


def static_version(folder: Path) -> str:
    """A short digest of every static file's name and content."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def keep_static_for_good(app: Flask) -> None:
    """Static responses as a phone's many requests want them: cached for good, light headers,
    read whole so they are compressed in one piece. Registered after Compress, so it runs
    before it."""
    lean: dict[str, bytes] = {}  # our modules without comments, by address (it names the content)

    @app.after_request
    def cache_static_for_good(response):
        if request.endpoint == "static" and response.status_code in (200, 206, 304):
            # No "public": it only matters for requests that carry an Authorization header.
            response.cache_control.max_age = STATIC_MAX_AGE
            response.cache_control.immutable = True
            response.cache_control.no_cache = None
            # A versioned URL is never revalidated nor fetched in parts: the date, the ETag,
            # the file name (Flask's Content-Disposition) and Accept-Ranges would only add
            # bytes to each of the phone's many requests.
            for header in ("Last-Modified", "ETag", "Content-Disposition", "Accept-Ranges"):
                response.headers.pop(header, None)
            if response.mimetype in ("text/javascript", "text/css"):
                # Modules are always read as UTF-8, and styles as their UTF-8 page is.
                response.headers["Content-Type"] = response.mimetype
            _read_whole(response)  # a part (206) too, which closes its file
            if response.status_code == 200 and _is_our_module(response):
                if request.path not in lean:
                    lean[request.path] = lean_body(response)
                response.set_data(lean[request.path])
        return response


def _is_our_module(response) -> bool:
    """A script of ours; the vendored ones come minified already."""
    return response.mimetype == "text/javascript" and "/vendor/" not in request.path


def lean_body(response) -> bytes:
    return without_comments(response.get_data(as_text=True)).encode()


def _read_whole(response) -> None:
    """Read a (small) static file into the response and close it, so that it is compressed
    in one piece rather than chunk by chunk."""
    file = response.response
    try:
        data = b"".join(file)
    finally:
        if hasattr(file, "close"):
            file.close()
    response.direct_passthrough = False
    response.set_data(data)
