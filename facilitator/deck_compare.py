"""Two versions of a deck side by side: what was added, removed, moved and reworded between
them (sessions.deck_diff), with either one a click from being restored."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template, request

from facilitator.editor_access import may_edit
from facilitator.identity import signed_in, store
from sessions.deck import parse_deck
from sessions.deck_diff import diff_decks

bp = Blueprint("deck_compare", __name__)


@bp.get("/decks/<deck_id>/versions/compare")
@signed_in
def compare(deck_id):
    row = store().decks.get(deck_id)
    if row is None:
        abort(404)
    older, newer = request.args.get("from", type=int), request.args.get("to", type=int)
    if older is None or newer is None:
        return _refused(400, "Choose two versions to compare, by their numbers.")
    if older == newer:
        return _refused(400, f"Both are version {older}. Choose two different versions.")
    versions = {n: store().decks.version(deck_id, n) for n in (older, newer)}
    missing = [n for n, found in versions.items() if found is None]
    if missing:
        return _refused(404, f"This deck has no version {missing[0]}.")
    diff = diff_decks(
        parse_deck(versions[older]["yaml"], source=f"version {older}"),
        parse_deck(versions[newer]["yaml"], source=f"version {newer}"),
    )
    return render_template(
        "editor/compare.html",
        user=g.user,
        deck=row,
        older=versions[older],
        newer=versions[newer],
        latest=store().decks.versions(deck_id)[0]["version"],
        diff=diff,
        can_restore=may_edit() and not row["bundled"],
    )


def _refused(status: int, message: str):
    return render_template("error.html", status=status, message=message), status
