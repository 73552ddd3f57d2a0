"""The people running a class: its facilitator invites other staff from the console, as a
co-facilitator (full control) or a moderator (questions, open answers, alerts), and removes
them. Only the session's own facilitator or an admin may; each change is audited."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, request, url_for

from facilitator.identity import may_invite, signed_in, store
from server.words import say
from sessions import roles
from sessions.live import Rejected
from sessions.words import N_, Words

bp = Blueprint("running", __name__)


def _invitable(session_id: str) -> dict[str, Any]:
    """The session, if this user chooses who runs it; others are refused as if it were not
    there (a moderator cannot tell whether the page exists)."""
    row = store().sessions.get(session_id)
    if row is None or not may_invite(g.user, row):
        abort(404)
    return row


def _back(session_id: str):
    url = url_for("facilitator.console", session_id=session_id, _anchor="running")
    return redirect(url, 303)


@bp.post("/console/<session_id>/people-running")
@signed_in
def invite(session_id):
    row = _invitable(session_id)
    username = request.form.get("username", "").strip()[:100]
    invitee = store().accounts.user_by_name(username) if username else None
    try:
        user_id, role = roles.check_invite(request.form.get("role"), invitee, dict(row))
    except Rejected as exc:
        flash(say(N_("Nobody was invited: %(reason)s"), reason=exc.words))
        return _back(session_id)
    store().session_roles.invite(session_id, user_id, role, by=g.user, username=username)
    flash(
        say(
            N_("%(username)s now helps run this class as %(role)s."),
            username=username,
            role=Words(roles.ROLE_WORDS[role]),
        )
    )
    return _back(session_id)


@bp.post("/console/<session_id>/people-running/<user_id>/remove")
@signed_in
def remove(session_id, user_id):
    _invitable(session_id)
    if store().session_roles.remove(session_id, user_id, by=g.user):
        flash(say(N_("They no longer help run this class.")))
    else:
        flash(say(N_("Nobody was removed: they were not helping run this class.")))
    return _back(session_id)


def for_console(row: dict[str, Any], role: str) -> dict[str, Any]:
    """What the console's "People running this class" shows: who helps, and for the session's
    own facilitator the forms to invite and remove, with the active staff one may invite."""
    helping = store().session_roles.of_session(row["id"])
    taken = {p["user_id"] for p in helping} | {row["facilitator_id"]}
    staff = [u for u in store().session_roles.staff_to_invite() if u["id"] not in taken]
    return {
        "role": role,
        "role_words": roles.ROLE_WORDS[role],
        "helping": helping,
        "may_invite": roles.may_invite(role) and row["status"] == "live",
        "staff": staff,
        "invited_roles": roles.INVITED,
    }
