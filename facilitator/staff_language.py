"""The staff header's language picker (server/language_picker.py): the staff's own choice, in a
cookie of its own on this device, so a phone's language never changes the console's, nor the
console's a phone's."""

from __future__ import annotations

from server.language_picker import picker_blueprint
from server.languages import STAFF_COOKIE

bp = picker_blueprint(
    "staff_language",
    "/staff/language",
    cookie=STAFF_COOKIE,
    anchor="staff-language",
    home="facilitator.home",
    announcement="staff_language_announcement",
)
