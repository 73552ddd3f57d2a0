"""Red-flag alerts as clinical records (/review/alerts/...): the open ones until followed up,
one alert with its follow-up form, and the participant's own words shown only on request.
Every page is audited, and opening the full text is audited apart from viewing the alert."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for

from facilitator.identity import (
    READS_ALL_REPORTS,
    STAFF_ROLES,
    console_role,
    may_review,
    role_required,
    store,
)
from server.words import say
from sessions.store import StoreError
from sessions.store.alerts import NOTE_MAX, OUTCOMES
from sessions.words import N_


def open_alerts(user: dict[str, Any]) -> list[dict[str, Any]]:
    """The alerts this member of staff must follow up: their own sessions' (self-paced ones
    included, so nobody needs a console open), or every session's for those who read all."""
    scope = None if user["role"] in READS_ALL_REPORTS else user["id"]
    return store().alerts.open(owner_id=scope)


def readable_alert(alert_id: str) -> dict[str, Any]:
    """The alert, if this user may read its session's record or helps run that session (a
    moderator follows alerts up too): otherwise 404."""
    try:
        alert = store().alerts.get(alert_id)
    except StoreError:
        abort(404)
    row = store().sessions.get(alert["session_id"])
    if not (may_review(g.user, row) or console_role(store(), g.user, row)):
        abort(404)
    return alert


def what_they_wrote(alert: dict[str, Any]) -> list[str]:
    """The free text of the answers to the step the alert came from, as plain strings."""
    deck = store().sessions.deck_of(alert["session_id"])
    steps = [step.id for step in deck.steps if step.title == alert["source"]]
    texts: list[str] = []
    for raw in store().alerts.written(alert["id"], steps):
        value = json.loads(raw)
        parts = value.values() if isinstance(value, dict) else [value]
        texts.extend(str(part) for part in parts if isinstance(part, str) and part.strip())
    return texts


def add_routes(bp) -> None:
    staff = role_required(*STAFF_ROLES)

    @bp.get("/review/alerts/")
    @staff
    def open_alert_list():
        alerts = open_alerts(g.user)
        store().audit.record(g.user, "view", "open alerts", f"{len(alerts)} alert(s)")
        return render_template("review/alerts.html", user=g.user, alerts=alerts, outcomes=OUTCOMES)

    def alert_page(alert: dict[str, Any], *, text: list[str] | None = None, error: str = ""):
        return render_template(
            "review/alert.html",
            user=g.user,
            alert=alert,
            outcomes=OUTCOMES,
            note_max=NOTE_MAX,
            text=text,
            error=error,
            chosen=request.form.get("outcome", ""),
            note=request.form.get("note", "")[:NOTE_MAX],
        )

    @bp.get("/review/alerts/<alert_id>")
    @staff
    def alert(alert_id):
        found = readable_alert(alert_id)
        store().audit.record(g.user, "view", f"alert {alert_id}", found["matched"])
        return alert_page(found)

    @bp.post("/review/alerts/<alert_id>/text")
    @staff
    def alert_text(alert_id):
        found = readable_alert(alert_id)
        store().audit.record(g.user, "view text", f"alert {alert_id}", found["source"])
        return alert_page(found, text=what_they_wrote(found))

    @bp.post("/review/alerts/<alert_id>/follow-up")
    @staff
    def follow_up(alert_id):
        found = readable_alert(alert_id)
        outcome = request.form.get("outcome", "")
        try:
            store().alerts.follow_up(
                alert_id, outcome=outcome, note=request.form.get("note", ""), user_id=g.user["id"]
            )
        except StoreError as exc:
            return alert_page(found, error=say(exc.words)), 400
        store().audit.record(g.user, "follow up", f"alert {alert_id}", OUTCOMES[outcome])
        flash(
            say(N_("Follow-up recorded for the alert about “%(phrase)s”."), phrase=found["matched"])
        )
        return redirect(url_for("review.open_alert_list"))
