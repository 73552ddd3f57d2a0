"""Who is asking on the staff side: the signed-in cookie for browsers, a bearer token for
scripts. Never the payload of a request or event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any

from flask import current_app, g, redirect, render_template, request, session, url_for

from server.errors import api_error
from server.offload import off_the_loop
from sessions import roles
from sessions.passwords import verify_password
from sessions.sso import NO_PASSWORD
from sessions.words import N_, Words, plural_words, words

SIGNIN_KEY = "signin"  # the token of a staff sign-in row; the row says who and until when
LOCAL_SIGNIN_OFF = N_(
    "Signing in with a Talkback username and password is turned off on this server."
    " Sign in with your organisation's account instead."
)


def store():
    return current_app.extensions["talkback"].store


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def user_from_cookie() -> dict[str, Any] | None:
    token = session.get(SIGNIN_KEY)
    return store().accounts.user_for_signin(token) if isinstance(token, str) and token else None


def begin_signin(user: dict[str, Any]) -> None:
    """A fresh cookie naming a new sign-in, which lasts PERMANENT_SESSION_LIFETIME from now:
    the server, not the cookie's own date, decides when it ends."""
    session.clear()
    lasts = current_app.permanent_session_lifetime
    session[SIGNIN_KEY] = store().accounts.start_signin(user["id"], lasts=lasts)
    session.permanent = True


def end_signins() -> None:
    """Sign out: every sign-in of this account ends, so a copy of any of its cookies (another
    browser, one copied before) is refused from now on."""
    user = user_from_cookie()
    if user is not None:
        store().accounts.end_signins_of(user["id"])
    session.clear()


def user_from_token(token: str | None) -> dict[str, Any] | None:
    return store().accounts.user_for_token(token) if token else None


def console_role(
    on_store: Any, user: dict[str, Any], session_row: dict[str, Any] | None
) -> str | None:
    """The part `user` plays on this session's console (sessions/roles.py), or None. The
    store is given, since the console's namespace asks outside any request too."""
    if session_row is None:
        return None
    invited = on_store.session_roles.role_of(session_row["id"], user["id"])
    return roles.role_of(user["role"], user["id"], session_row["facilitator_id"], invited)


def console_role_on(on_store: Any, user: dict[str, Any], session_id: str) -> str | None:
    """As console_role, for a session known only by its id: one read of its facilitator and
    the user's invitation, since every console event asks it again."""
    seat = on_store.session_roles.seat(session_id, user["id"])
    if seat is None:
        return None
    facilitator_id, invited = seat
    return roles.role_of(user["role"], user["id"], facilitator_id, invited)


def may_run(user: dict[str, Any], session_row: dict[str, Any] | None) -> bool:
    """A facilitator runs their own sessions, and a co-facilitator those they were invited
    to; an admin may step in to any. A moderator opens the console but does not run it."""
    return console_role(store(), user, session_row) in roles.RUNS


def may_invite(user: dict[str, Any], session_row: dict[str, Any] | None) -> bool:
    """Only the session's own facilitator, or an admin, chooses who helps run it."""
    return roles.may_invite(console_role(store(), user, session_row))


STAFF_ROLES = ("admin", "facilitator", "reviewer")
READS_ALL_REPORTS = ("admin", "reviewer")


def may_review(user: dict[str, Any], session_row: dict[str, Any] | None) -> bool:
    """Reviewers and admins read every session's report; a facilitator only their own."""
    if session_row is None:
        return False
    return user["role"] in READS_ALL_REPORTS or session_row["facilitator_id"] == user["id"]


def role_required(*roles: str):
    """A page for signed-in staff with one of `roles`. Anyone not signed in is sent to sign in
    and sees nothing; a signed-in account with another role is refused with 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = user_from_cookie()
            if user is None:
                return redirect(url_for("facilitator.signin", next=request.path))
            if user["role"] not in roles:
                message = "Your account's role does not give access to this page."
                return render_template("error.html", status=403, message=message), 403
            g.user = user
            return view(*args, **kwargs)

        return wrapper

    return decorator


def signed_in(view):
    """A page for signed-in staff who run sessions; others are sent to sign in."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = user_from_cookie()
        if user is None:
            return redirect(url_for("facilitator.signin", next=request.path))
        g.user = user
        return view(*args, **kwargs)

    return wrapper


def token_required(view):
    """An API call that needs a facilitator's bearer token."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = user_from_token(bearer_token())
        if user is None:
            return api_error(401, "unauthorized", N_("Send a valid token: Authorization: Bearer …"))
        g.user = user
        return view(*args, **kwargs)

    return wrapper


class SignInRefused(Exception):
    """A sign-in refused: `code` for programs, `words` for the person (translated where the
    page or the API answer is made; `message` is its English)."""

    def __init__(self, status: int, code: str, message: str | Words, **values: object):
        self.status = status
        self.code = code
        self.words = words(message, values)
        self.message = self.words.english()
        super().__init__(self.message)


def check_credentials(username: object, password: object) -> dict[str, Any]:
    """The active user with this name and password, or SignInRefused. Failed tries are counted
    per address and name, so guessing one account's password is cut off without locking the
    account out for its owner elsewhere."""
    if not current_app.config["LOCAL_SIGNIN_ON"]:
        raise SignInRefused(403, "local_signin_off", LOCAL_SIGNIN_OFF)
    if not isinstance(username, str) or not isinstance(password, str):
        raise SignInRefused(400, "bad_request", N_("Send a username and a password."))
    username, password = username.strip()[:100], password[:1000]
    limit = current_app.extensions["talkback.guards"].failed_signins
    key = f"{request.remote_addr}|{username.lower()}"
    verdict = limit.check(key)
    if not verdict.allowed:
        minutes = -(-verdict.retry_after // 60)
        raise SignInRefused(
            429,
            "rate_limited",
            plural_words(
                "Too many failed sign-ins. Please wait %(minutes)s minute and try again.",
                "Too many failed sign-ins. Please wait %(minutes)s minutes and try again.",
                "minutes",
                minutes=minutes,
            ),
        )
    user = store().accounts.user_by_name(username) if username else None
    # An account made by single sign-on has no password (NO_PASSWORD): it is checked
    # against a hash nothing matches, like an unknown name.
    may_sign_in = user is not None and not user["disabled"] and user["password_hash"] != NO_PASSWORD
    # The hash is checked for every name, known or not, so the time taken gives none away.
    hashed = user["password_hash"] if may_sign_in else None
    matches = off_the_loop(verify_password, hashed, password)
    if not (may_sign_in and matches):
        limit.hit(key)
        raise SignInRefused(
            401,
            "bad_credentials",
            N_("That username and password do not match. Check them and try again."),
        )
    return user


def token_expiry() -> str:
    days = int(current_app.config["API_TOKEN_DAYS"])
    return (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="seconds")
