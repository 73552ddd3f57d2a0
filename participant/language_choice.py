"""The phone bar's language picker: the choice is kept in a cookie on this device, and the
page it came from is shown again in the new language, which says so to screen readers."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from server.languages import COOKIE, LANGUAGES, keep_choice

bp = Blueprint("language", __name__)

CHANGED_KEY = "language_changed"  # one page, the next, announces the new language


@bp.post("/language")
def choose():
    code = request.form.get("language", "")
    if code not in LANGUAGES:
        message = _("Choose one of the languages in the list.")
        return render_template("error.html", status=400, message=message), 400
    response = redirect(_same_site(request.form.get("next", "")) + "#language")
    keep_choice(response, COOKIE, code)
    session[CHANGED_KEY] = code
    return response


@bp.app_template_global("language_announcement")
def announcement() -> str | None:
    """The words that tell a screen reader the page is in the language just chosen, once."""
    # Only popped when there: a pop of nothing would still rewrite the cookie on every page.
    code = session.pop(CHANGED_KEY, None) if CHANGED_KEY in session else None
    if code not in LANGUAGES:
        return None
    return _("This page is now in %(language)s.", language=LANGUAGES[code].name)


def _same_site(target: str) -> str:
    """Back to a page of this site only: a path, never another host."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target.rstrip("?")
    return url_for("participant.join_page")
