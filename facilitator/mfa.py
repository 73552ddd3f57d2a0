"""Two-step sign-in on the staff side. After the password, an account with an authenticator
gets the code page, and one that must have it (admins; everyone, if an admin says so) sets
one up first; the sign-in row is made only after that second step. Signed-in staff set it up,
make new recovery codes or turn it off on their own page. The API's token request shares
`check_code`. The rules themselves are in sessions/mfa.py."""

from __future__ import annotations

import time
from typing import Any

import segno
from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from markupsafe import Markup

from facilitator.identity import SignInRefused, begin_signin, signed_in, store
from server.words import say
from sessions import mfa
from sessions.store import hash_token
from sessions.words import N_, Words, plural_words

PENDING_KEY = "mfa_pending"  # who got the password right, when, and where they were going

EXPIRED = N_(
    "Your sign-in took too long or was cancelled, so it has ended."
    " Enter your username and password again."
)
ASK_ADMIN = Words(
    N_("If you have lost your authenticator and your recovery codes, ask an admin to reset it.")
)


def is_required(user: dict[str, Any]) -> bool:
    everyone = store().settings.get(mfa.EVERYONE_SETTING) == "1"
    return mfa.required_for(user["role"], everyone)


def _key() -> bytes:
    return mfa.sealing_key(current_app.config["SECRET_KEY"])


# After the password -------------------------------------------------------------------------


def after_password(user: dict[str, Any], next_url: str):
    """Where the sign-in page sends someone whose password matched."""
    if store().mfa.is_on(user["id"]):
        _hold(user, next_url)
        return redirect(url_for("facilitator.signin_code"))
    if is_required(user):
        _hold(user, next_url)
        return redirect(url_for("facilitator.signin_enrol"))
    begin_signin(user)
    return redirect(next_url or url_for("facilitator.home"))


def _hold(user: dict[str, Any], next_url: str) -> None:
    session.clear()
    session[PENDING_KEY] = {
        "user": user["id"],
        "at": time.time(),
        "next": next_url,
        "pw": _fingerprint(user),
    }


def _fingerprint(user: dict[str, Any]) -> str:
    """Part of the password hash's digest: a new password while the code page is open ends
    that half-made sign-in too."""
    return hash_token(user["password_hash"])[:16]


def _pending(lasts: int = mfa.PENDING_SECONDS) -> tuple[dict[str, Any], str]:
    """The account part-way through signing in and where it was going, or SignInRefused."""
    held = session.get(PENDING_KEY)
    if not isinstance(held, dict):
        raise SignInRefused(400, "signin_expired", EXPIRED)
    age = time.time() - float(held.get("at") or 0)
    user = store().accounts.user(str(held.get("user") or ""))
    if not 0 <= age <= lasts or user is None or held.get("pw") != _fingerprint(user):
        session.pop(PENDING_KEY, None)
        raise SignInRefused(400, "signin_expired", EXPIRED)
    return dict(user), str(held.get("next") or "")


def _expired_page(exc: SignInRefused):
    from facilitator.views import signin_page

    return signin_page(error=say(exc.words), status=exc.status)


# The second step, shared with the API -------------------------------------------------------


def check_code(user: dict[str, Any], text: object) -> str:
    """Accept a one-time code ("totp") or a recovery code ("recovery") for this account, each
    once, or raise SignInRefused saying what was wrong. Wrong tries count per account and per
    address; past either limit every try is refused until there is room again."""
    guard = current_app.extensions["talkback.guards"].wrong_codes
    account, address = user["id"], request.remote_addr or ""
    wait = guard.wait(account, address)
    if wait:
        minutes = -(-wait // 60)
        raise SignInRefused(
            429,
            "rate_limited",
            plural_words(
                "Too many wrong codes. Please wait %(minutes)s minute and try again. %(ask)s",
                "Too many wrong codes. Please wait %(minutes)s minutes and try again. %(ask)s",
                "minutes",
                minutes=minutes,
                ask=ASK_ADMIN,
            ),
        )
    entered = mfa.read_entered(text)
    if entered.kind == "":
        raise SignInRefused(
            400,
            "bad_code",
            N_(
                "Enter the 6-digit code from your authenticator app, or one of your recovery codes."
            ),
        )
    if entered.kind == "recovery":
        return _check_recovery(user, entered.value, guard, address)
    record = store().mfa.of(account)
    if record is None or record["enabled_at"] is None:
        raise SignInRefused(401, "wrong_code", N_("This account has no authenticator set up."))
    try:
        secret = mfa.unseal(_key(), account, record["secret"])
    except mfa.SealBroken:
        raise SignInRefused(
            401,
            "mfa_unreadable",
            N_(
                "This server can no longer read your authenticator's settings (its secret key"
                " has changed). Sign in with a recovery code instead. %(ask)s"
            ),
            ask=ASK_ADMIN,
        ) from None
    verdict, step = mfa.matching_step(secret, entered.value, time.time())
    if verdict == "ok" and step is not None and store().mfa.use_step(account, step):
        return "totp"
    guard.missed(account, address)
    if verdict == "ok":
        raise SignInRefused(
            401,
            "code_used",
            N_(
                "That code has already been used. Wait for your authenticator app to show a new"
                " code, then enter that one."
            ),
        )
    if verdict == "expired":
        raise SignInRefused(
            401,
            "code_expired",
            N_(
                "That code has expired: codes change every 30 seconds. Enter the code your"
                " authenticator app shows now. If it keeps happening, check your phone's clock."
            ),
        )
    raise SignInRefused(
        401,
        "wrong_code",
        N_(
            "That code is not right. Check that you are reading the code for Talkback and try"
            " again."
        ),
    )


def _check_recovery(user: dict[str, Any], code: str, guard, address: str) -> str:
    outcome = store().mfa.use_recovery_code(user["id"], mfa.recovery_hash(user["id"], code))
    if outcome == "used":
        left = store().mfa.recovery_codes_left(user["id"])
        store().audit.record(user, "mfa.recovery_code", f"user {user['username']}", f"{left} left")
        return "recovery"
    guard.missed(user["id"], address)
    if outcome == "already_used":
        raise SignInRefused(
            401,
            "recovery_code_used",
            N_("That recovery code has already been used: each works once. Use another. %(ask)s"),
            ask=ASK_ADMIN,
        )
    raise SignInRefused(
        401, "wrong_code", N_("That recovery code is not right. Check it against your saved list.")
    )


# Setting it up ------------------------------------------------------------------------------


def _waiting_secret(user: dict[str, Any]) -> str:
    """The secret being set up for this account: the one waiting, or a new one."""
    record = store().mfa.of(user["id"])
    if record is not None and record["enabled_at"] is None:
        try:
            return mfa.unseal(_key(), user["id"], record["secret"])
        except mfa.SealBroken:
            pass  # sealed under an older key: start again with a new secret
    secret = mfa.new_secret()
    store().mfa.begin(user["id"], mfa.seal(_key(), user["id"], secret))
    return secret


def _enrol_page(user, secret: str, *, action: str, error: str | None = None, status: int = 200):
    uri = mfa.provisioning_uri(secret, user["username"])
    qr_svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="QR code to add Talkback to an authenticator app"
    )
    page = render_template(
        "facilitator/mfa_enrol.html",
        user=user,
        qr_svg=Markup(qr_svg),  # noqa: S704 - segno's own SVG, built from our secret
        secret=mfa.grouped(secret),
        action=action,
        error=error,
        during_signin=action == url_for("facilitator.signin_enrol"),
    )
    return page, status


def _enrol(user: dict[str, Any], action: str, *, on_done):
    """GET shows the QR code and the secret; POST confirms them with a code, turns two-step
    sign-in on, and shows the ten recovery codes, once."""
    if request.method == "GET":
        return _enrol_page(user, _waiting_secret(user), action=action)
    secret = _waiting_secret(user)
    guard = current_app.extensions["talkback.guards"].wrong_codes
    address = request.remote_addr or ""
    wait = guard.wait(user["id"], address)
    entered = mfa.read_entered(request.form.get("code", ""))
    error, step = None, None
    if wait:
        error = f"Too many wrong codes. Please wait {-(-wait // 60)} minutes and try again."
    elif entered.kind != "totp":
        error = "Enter the 6-digit code your authenticator app shows for Talkback."
    else:
        verdict, step = mfa.matching_step(secret, entered.value, time.time())
        if verdict != "ok":
            guard.missed(user["id"], address)
            error = (
                "That code does not match. Check that the app added the account shown here,"
                " then enter the code it shows now."
            )
    if error is not None or step is None:
        status = 429 if wait else 400
        return _enrol_page(user, secret, action=action, error=error, status=status)
    codes = mfa.new_recovery_codes()
    if not store().mfa.turn_on(user["id"], step, [mfa.recovery_hash(user["id"], c) for c in codes]):
        error = "Two-step sign-in is already on for this account."
        return _enrol_page(user, secret, action=action, error=error, status=409)
    store().audit.record(user, "mfa.enrol", f"user {user['username']}")
    return _recovery_codes_page(user, codes, on_done())


def _recovery_codes_page(user, codes: list[str], continue_url: str):
    return render_template(
        "facilitator/mfa_codes.html",
        user=user,
        codes=[mfa.grouped(c).replace(" ", "-") for c in codes],
        continue_url=continue_url,
    )


# Pages --------------------------------------------------------------------------------------


def add_routes(bp) -> None:
    @bp.route("/signin/code", methods=["GET", "POST"])
    def signin_code():
        try:
            user, next_url = _pending()
        except SignInRefused as exc:
            return _expired_page(exc)
        if not store().mfa.is_on(user["id"]):
            return _set_up_or_start_again(user)
        if request.method == "GET":
            return render_template("facilitator/signin_code.html", error=None)
        try:
            used = check_code(user, request.form.get("code", ""))
        except SignInRefused as exc:
            page = render_template("facilitator/signin_code.html", error=say(exc.words))
            return page, exc.status
        begin_signin(user)
        if used == "recovery":
            left = store().mfa.recovery_codes_left(user["id"])
            flash(
                say(
                    N_(
                        "You signed in with a recovery code (%(left)s left). Make new ones on"
                        " “Two-step sign-in for your account” if you are running low."
                    ),
                    left=left,
                )
            )
        return redirect(next_url or url_for("facilitator.home"))

    @bp.route("/signin/set-up", methods=["GET", "POST"])
    def signin_enrol():
        try:
            user, next_url = _pending(mfa.SET_UP_SECONDS)
        except SignInRefused as exc:
            return _expired_page(exc)
        if store().mfa.is_on(user["id"]):
            return redirect(url_for("facilitator.signin_code"))
        if not is_required(user):
            return _set_up_or_start_again(user)

        def signed_in_now() -> str:
            begin_signin(user)
            return next_url or url_for("facilitator.home")

        return _enrol(user, url_for("facilitator.signin_enrol"), on_done=signed_in_now)

    @bp.get("/account/sign-in")
    @signed_in
    def account_security():
        return _account_page()

    @bp.route("/account/sign-in/set-up", methods=["GET", "POST"])
    @signed_in
    def account_enrol():
        # Single sign-on accounts get their second step from their organisation's service.
        if store().mfa.is_on(g.user["id"]) or store().sso.is_linked(g.user["id"]):
            return redirect(url_for("facilitator.account_security"))
        done = lambda: url_for("facilitator.account_security")  # noqa: E731
        return _enrol(g.user, url_for("facilitator.account_enrol"), on_done=done)

    @bp.post("/account/sign-in/recovery-codes")
    @signed_in
    def new_recovery_codes():
        refused = _confirm_with_code(g.user)
        if refused is not None:
            return refused
        codes = mfa.new_recovery_codes()
        hashes = [mfa.recovery_hash(g.user["id"], c) for c in codes]
        store().mfa.replace_recovery_codes(g.user["id"], hashes)
        store().audit.record(g.user, "mfa.recovery_codes", f"user {g.user['username']}")
        return _recovery_codes_page(g.user, codes, url_for("facilitator.account_security"))

    @bp.post("/account/sign-in/turn-off")
    @signed_in
    def turn_off():
        if is_required(g.user):
            message = "Your account must sign in in two steps, so it cannot be turned off."
            return _account_page(error=message, status=400)
        refused = _confirm_with_code(g.user)
        if refused is not None:
            return refused
        store().mfa.remove(g.user["id"])
        store().audit.record(g.user, "mfa.remove", f"user {g.user['username']}")
        flash(say(N_("Two-step sign-in is off. You sign in with your password alone.")))
        return redirect(url_for("facilitator.account_security"))


def _set_up_or_start_again(user: dict[str, Any]):
    """The account's second step changed while its code page was open (an admin reset it):
    set it up if it must have one, else sign in again from the start."""
    if is_required(user):
        return redirect(url_for("facilitator.signin_enrol"))
    session.pop(PENDING_KEY, None)
    return _expired_page(SignInRefused(400, "signin_expired", EXPIRED))


def _confirm_with_code(user):
    """A change to the second step needs a current code (or a recovery code) first."""
    if not store().mfa.is_on(user["id"]):
        return _account_page(
            error=say(N_("Two-step sign-in is not on for this account.")), status=400
        )
    try:
        check_code(user, request.form.get("code", ""))
    except SignInRefused as exc:
        return _account_page(error=say(exc.words), status=exc.status)
    return None


def _account_page(*, error: str | None = None, status: int = 200):
    user = g.user
    page = render_template(
        "facilitator/account_security.html",
        user=user,
        on=store().mfa.is_on(user["id"]),
        required=is_required(user),
        codes_left=store().mfa.recovery_codes_left(user["id"]),
        sso=store().sso.is_linked(user["id"]),
        error=error,
    )
    return page, status
