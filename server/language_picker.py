"""A language picker's form, for the phone bar and for the staff header alike: the choice is
kept in a cookie on this device (each side its own), and the page it came from is shown again
in the new language, which says so to screen readers, once."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from server.languages import LANGUAGES, keep_choice


def picker_blueprint(
    name: str, path: str, *, cookie: str, anchor: str, home: str, announcement: str
) -> Blueprint:
    """A blueprint whose POST `path` keeps the chosen language in `cookie` and goes back to the
    page it came from (at `#anchor`), or to the endpoint `home`; the template global
    `announcement` gives the next page's words for screen readers."""
    bp = Blueprint(name, __name__)
    changed_key = f"{name}_changed"

    @bp.post(path)
    def choose():
        code = request.form.get("language", "")
        if code not in LANGUAGES:
            message = _("Choose one of the languages in the list.")
            return render_template("error.html", status=400, message=message), 400
        back = _same_site(request.form.get("next", "")) or url_for(home)
        # 303: the form was posted; the page it goes back to is fetched again with GET.
        response = redirect(f"{back}#{anchor}", 303)
        keep_choice(response, cookie, code)
        session[changed_key] = code
        return response

    @bp.app_template_global(announcement)
    def announced() -> str | None:
        """The words that tell a screen reader the page is in the language just chosen."""
        # Only popped when there: a pop of nothing would still rewrite the cookie on every page.
        code = session.pop(changed_key, None) if changed_key in session else None
        if code not in LANGUAGES:
            return None
        return _("This page is now in %(language)s.", language=LANGUAGES[code].name)

    return bp


def _same_site(target: str) -> str | None:
    """A page of this site only: a path, never another host."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target.rstrip("?")
    return None
