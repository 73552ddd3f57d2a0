"""The phone bar's language picker (server/language_picker.py): the phone's choice, in a cookie
of its own, which never changes a staff page."""

from __future__ import annotations

from server.language_picker import picker_blueprint
from server.languages import COOKIE

bp = picker_blueprint(
    "language",
    "/language",
    cookie=COOKIE,
    anchor="language",
    home="participant.join_page",
    announcement="language_announcement",
)
