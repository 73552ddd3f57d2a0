"""The admin's pages (/admin/...): staff accounts (create, disable, enable, reset password or
two-step sign-in), settings (how long participant-level rows are kept, who must sign in in
two steps, removing demo data) and the audit log.
Added to the review blueprint by `add_routes`; every route is for admins only."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from facilitator.identity import role_required, store
from server.offload import off_the_loop
from server.words import say
from sessions import governance, mfa, reports
from sessions.fields import whole_number
from sessions.governance import DeckRules
from sessions.passwords import MIN_LENGTH, hash_password
from sessions.reports import retention
from sessions.store import ROLES, StoreError
from sessions.words import N_

USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,59}")
AUDIT_PAGE = 50
MAX_PAGE = 100_000  # past any real list; a far larger page number overflows SQLite's OFFSET


def add_routes(bp) -> None:
    admin_only = role_required("admin")

    @bp.get("/admin/accounts")
    @admin_only
    def accounts():
        return _accounts_page()

    @bp.post("/admin/accounts")
    @admin_only
    def create_account():
        form = request.form
        username, role = form.get("username", "").strip(), form.get("role", "")
        errors = {}
        if not USERNAME.fullmatch(username):
            errors["username"] = (
                "Give a username of up to 60 letters, digits, dots, hyphens,"
                " underscores or @, starting with a letter or digit."
            )
        if role not in ROLES:
            errors["role"] = "Choose a role."
        errors.update(_password_errors(form.get("password", ""), form.get("password_again", "")))
        if not errors:
            try:
                store().accounts.create_user(
                    username, off_the_loop(hash_password, form["password"]), role
                )
            except StoreError as exc:
                errors["username"] = say(exc.words)
        if errors:
            return _accounts_page(
                errors=errors, form={"username": username, "role": role}, status=400
            )
        store().audit.record(g.user, "account.create", f"user {username}", f"role {role}")
        flash(say(N_("Created the %(role)s account %(username)s."), role=role, username=username))
        return redirect(url_for("review.accounts"))

    @bp.post("/admin/accounts/<user_id>/disable")
    @admin_only
    def disable_account(user_id):
        account = _account_or_404(user_id)
        if account["id"] == g.user["id"]:
            return _accounts_page(
                errors={"general": "You cannot disable your own account."}, status=400
            )
        revoked = store().accounts.revoke_api_tokens_of(account["id"])
        store().accounts.set_disabled(account["id"], True)
        store().audit.record(
            g.user, "account.disable", f"user {account['username']}", f"{revoked} token(s) revoked"
        )
        flash(
            say(
                N_(
                    "Disabled %(username)s, signed them out everywhere and revoked"
                    " %(revoked)s API token(s)."
                ),
                username=account["username"],
                revoked=revoked,
            )
        )
        return redirect(url_for("review.accounts"))

    @bp.post("/admin/accounts/<user_id>/enable")
    @admin_only
    def enable_account(user_id):
        account = _account_or_404(user_id)
        store().accounts.set_disabled(account["id"], False)
        store().audit.record(g.user, "account.enable", f"user {account['username']}")
        flash(say(N_("%(username)s can sign in again."), username=account["username"]))
        return redirect(url_for("review.accounts"))

    @bp.post("/admin/accounts/<user_id>/password")
    @admin_only
    def reset_password(user_id):
        account = _account_or_404(user_id)
        if store().sso.is_linked(account["id"]):
            # Its organisation's account is how it signs in; a password would be a way round.
            message = f"{account['username']} signs in through single sign-on and has no password."
            return _accounts_page(errors={f"reset-{account['id']}": message}, status=400)
        errors = _password_errors(
            request.form.get("password", ""), request.form.get("password_again", "")
        )
        if errors:
            errors = {f"reset-{account['id']}": errors["password"]}
            return _accounts_page(errors=errors, status=400)
        store().accounts.set_password(
            account["id"], off_the_loop(hash_password, request.form["password"])
        )
        revoked = store().accounts.revoke_api_tokens_of(account["id"])
        store().audit.record(
            g.user, "account.password", f"user {account['username']}", f"{revoked} token(s) revoked"
        )
        flash(
            say(
                N_(
                    "Set a new password for %(username)s; they are signed out everywhere"
                    " and their API tokens were revoked."
                ),
                username=account["username"],
            )
        )
        return redirect(url_for("review.accounts"))

    @bp.post("/admin/accounts/<user_id>/mfa/reset")
    @admin_only
    def reset_mfa(user_id):
        """For someone who lost their phone and recovery codes: they set it up again at their
        next sign-in (if they must have it), and are signed out now."""
        account = _account_or_404(user_id)
        if account["id"] == g.user["id"]:
            message = "You cannot reset your own two-step sign-in; another admin can."
            return _accounts_page(errors={"general": message}, status=400)
        if not store().mfa.remove(account["id"]):
            message = f"{account['username']} has no two-step sign-in to reset. Nothing changed."
            return _accounts_page(errors={"general": message}, status=400)
        store().accounts.end_signins_of(account["id"])
        store().audit.record(g.user, "mfa.reset", f"user {account['username']}")
        flash(
            say(
                N_(
                    "Reset two-step sign-in for %(username)s and signed them out everywhere."
                    " They set it up again when they next sign in."
                ),
                username=account["username"],
            )
        )
        return redirect(url_for("review.accounts"))

    @bp.post("/admin/mfa-rule")
    @admin_only
    def mfa_rule():
        """Admins always need it; this says whether everyone else does too."""
        everyone = request.form.get("everyone") == "1"
        store().settings.set(mfa.EVERYONE_SETTING, "1" if everyone else "0", user_id=g.user["id"])
        store().audit.record(
            g.user, "settings", "two-step sign-in for everyone", "on" if everyone else "off"
        )
        if everyone:
            ended = store().mfa.end_signins_without_it()
            flash(
                say(
                    N_(
                        "Everyone now signs in in two steps. Those without it set up"
                        " (%(ended)s sign-in(s) ended) set it up when they next sign in."
                    ),
                    ended=ended,
                )
            )
        else:
            flash(say(N_("Only admins must sign in in two steps; others may choose to.")))
        return redirect(url_for("review.settings"))

    @bp.route("/admin/settings", methods=["GET", "POST"])
    @admin_only
    def settings():
        default = int(current_app.config["RETENTION_DAYS"])
        error = None
        if request.method == "POST":
            raw = request.form.get("retention_days", "").strip()
            days = whole_number(raw)
            if days is not None and retention.MIN_DAYS <= days <= retention.MAX_DAYS:
                store().settings.set(retention.SETTING, str(days), user_id=g.user["id"])
                store().audit.record(g.user, "settings", "retention days", raw)
                flash(say(N_("Participant-level rows are now kept for %(days)s days."), days=days))
                return redirect(url_for("review.settings"))
            error = say(
                N_("Give a whole number of days from %(least)s to %(most)s."),
                least=retention.MIN_DAYS,
                most=retention.MAX_DAYS,
            )
        page = render_template(
            "admin/settings.html",
            user=g.user,
            default=default,
            error=error,
            days=retention.retention_days(store(), default),
            submitted=request.form.get("retention_days", ""),
            custom=store().settings.get(retention.SETTING) is not None,
            last_run=store().jobs.get(retention.JOB),
            demo_sessions=store().demo.count(),
            deck_rules=DeckRules.from_settings(store().settings.get),
            safety_within=governance.SAFETY_WITHIN,
            mfa_everyone=store().settings.get(mfa.EVERYONE_SETTING) == "1",
        )
        return page, 400 if error else 200

    @bp.post("/admin/deck-rules")
    @admin_only
    def deck_rules():
        """Both rules at once, as the form shows them; each change is audited."""
        wanted = {
            governance.APPROVED_ONLY: request.form.get("approved_only") == "1",
            governance.SAFETY_FIRST: request.form.get("safety_first") == "1",
        }
        for key, on in wanted.items():
            store().settings.set(key, "1" if on else "0", user_id=g.user["id"])
            store().audit.record(g.user, "settings", key.replace("_", " "), "on" if on else "off")
        flash(
            say(
                N_(
                    "The rules for decks are saved. They apply to every session started from"
                    " now on."
                )
            )
        )
        return redirect(url_for("review.settings"))

    @bp.post("/admin/retention")
    @admin_only
    def run_retention_now():
        days = retention.retention_days(store(), int(current_app.config["RETENTION_DAYS"]))
        outcome = reports.run_retention(
            store(),
            now=datetime.now(UTC),
            days=days,
            alert_days=int(current_app.config["ALERT_RETENTION_DAYS"]),
        )
        store().audit.record(
            g.user, "retention", "participant-level rows", f"{len(outcome.purged)} session(s)"
        )
        flash(say(outcome.words()))
        return redirect(url_for("review.settings"))

    @bp.post("/admin/demo/remove")
    @admin_only
    def remove_demo_data():
        """Every demo session goes in one transaction; the seed does not make them again,
        since the database remembers it was seeded."""
        removed = store().demo.remove_all()
        if not removed:
            flash(say(N_("There was no demo data to remove. Nothing was changed.")))
            return redirect(url_for("review.settings"))
        store().audit.record(g.user, "demo.remove", "demo sessions", f"{removed} session(s)")
        flash(
            say(
                N_("Removed %(removed)s demo session(s) with their answers and reports."),
                removed=removed,
            )
        )
        return redirect(url_for("review.settings"))

    @bp.get("/admin/audit")
    @admin_only
    def audit_log():
        action = request.args.get("action") or None
        page = min(whole_number(request.args.get("page", "1")) or 1, MAX_PAGE)
        entries, total = store().audit.entries(
            action=action, limit=AUDIT_PAGE, offset=(page - 1) * AUDIT_PAGE
        )
        return render_template(
            "admin/audit.html",
            user=g.user,
            entries=entries,
            total=total,
            page=page,
            pages=max(1, -(-total // AUDIT_PAGE)),
            action=action,
            actions=store().audit.actions(),
        )


def _account_or_404(user_id: str):
    account = store().accounts.account(user_id)
    if account is None:
        abort(404)
    return account


def _password_errors(password: str, again: str) -> dict[str, str]:
    if len(password) < MIN_LENGTH:
        return {"password": f"The password needs at least {MIN_LENGTH} characters."}
    if password != again:
        return {"password": "The two passwords differ. Type the same password twice."}
    return {}


def _accounts_page(*, errors=None, form=None, status=200):
    page = render_template(
        "admin/accounts.html",
        user=g.user,
        accounts=store().accounts.listing(),
        with_mfa=store().mfa.enrolled(),
        roles=ROLES,
        errors=errors or {},
        form=form or {},
        min_length=MIN_LENGTH,
    )
    return page, status
