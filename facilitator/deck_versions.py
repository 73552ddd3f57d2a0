"""A deck's Versions page: every version with who saved it, downloading and restoring one, and
approving the latest (by a reviewer or an admin who did not save it; the rules are in
sessions.governance, read through deck_approval). Added to the editor's blueprint."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, url_for

from facilitator import deck_approval, deck_transfer
from facilitator.editor_access import editing, may_edit
from facilitator.identity import signed_in, store
from server.words import say
from sessions.fields import whole_number
from sessions.words import N_


def add_routes(bp) -> None:
    @bp.get("/decks/<deck_id>/versions")
    @signed_in
    def versions(deck_id):
        row = store().decks.get(deck_id)
        if row is None:
            abort(404)
        return render_template(
            "editor/versions.html",
            user=g.user,
            deck=row,
            versions=store().decks.versions(deck_id),
            can_restore=may_edit() and not row["bundled"],
            **deck_approval.versions_context(deck_id, row),
        )

    @bp.get("/decks/<deck_id>/versions/<int:number>.yaml")
    @signed_in
    def version_yaml(deck_id, number):
        found = store().decks.version(deck_id, number)
        if found is None:
            abort(404)
        name = f"{deck_transfer.slug(found['title'])}-v{number}.yaml"
        return deck_transfer.download(found["yaml"], name, "text/yaml")

    @bp.post("/decks/<deck_id>/versions/<int:number>/restore")
    @editing
    def restore(deck_id, number):
        new_number = store().decks.restore_version(deck_id, number, author_id=g.user["id"])
        flash(
            say(
                N_(
                    "Version %(number)s is restored, as version %(new)s. Earlier versions are kept."
                ),
                number=number,
                new=new_number,
            )
        )
        return redirect(url_for("editor.versions", deck_id=deck_id))

    @bp.post("/decks/<deck_id>/approve")
    @signed_in
    def approve(deck_id):
        row = store().decks.get(deck_id)
        if row is None:
            return _refused(deck_id, row, say(N_("There is no such deck.")), 404)
        if row["bundled"]:
            message = say(N_("A deck that comes with Talkback is approved by its own file."))
            return _refused(deck_id, row, message, 403)
        number = whole_number(request.form.get("version", ""))
        latest = store().approvals.latest(deck_id)
        if number != latest["version"]:
            message = say(N_("Approve the latest version: reload the page to see it."))
            return _refused(deck_id, row, message, 409)
        refusal = deck_approval.approval_refusal(deck_id, latest)
        if refusal is not None:
            status = 403 if refusal.code in ("forbidden", "own_version") else 400
            return _refused(deck_id, row, say(refusal.words), status)
        store().approvals.approve(deck_id, number, user=g.user)
        flash(
            say(
                N_(
                    "Version %(number)s of “%(title)s” is approved. A later change will need"
                    " approving again."
                ),
                number=number,
                title=row["title"],
            )
        )
        return redirect(url_for("editor.versions", deck_id=deck_id))


def _refused(deck_id: str, row: dict[str, Any] | None, message: str, status: int):
    """The Versions page again, with why the approval was refused; nothing changed."""
    if row is None:
        return render_template("error.html", status=status, message=message), status
    page = render_template(
        "editor/versions.html",
        user=g.user,
        deck=row,
        versions=store().decks.versions(deck_id),
        can_restore=False,
        approval_error=message,
        **deck_approval.versions_context(deck_id, row),
    )
    return page, status
