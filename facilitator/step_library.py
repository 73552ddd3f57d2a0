"""The library of approved steps: its pages (anyone signed in reads it; an admin or a reviewer,
who approve decks, changes it), the JSON the editor inserts from, and a deck owner's review of
the approved steps that changed since the deck took them. Rules: sessions.approved_steps."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from facilitator import deck_transfer
from facilitator.editor_access import json_error, staff_json
from facilitator.identity import signed_in, store
from server.words import say
from sessions import approved_steps, authoring, deck_templates
from sessions.deck import Deck, DeckError, deck_from_data, dump_deck
from sessions.deck_diff import diff_decks
from sessions.fields import whole_number
from sessions.governance import APPROVING_ROLES
from sessions.store import Store, StoreError
from sessions.store.approved_steps import as_entry
from sessions.words import N_

bp = Blueprint("step_library", __name__)

SEEDS = Path(__file__).resolve().parents[1] / "sessions" / "data" / "approved_steps.yaml"
MAX_NOTE = 300


def seed_library(found: Store, bundled: Mapping[str, Deck]) -> None:
    """The four approved steps the library starts with, from the bundled deck (given parsed),
    added once: a library that has them all is left as it is, and nothing is read."""
    seeds = deck_templates.parse_seeds(yaml.safe_load(SEEDS.read_text(encoding="utf-8")))
    if {s.id for s in seeds} <= set(found.approved_steps.latest_versions()):
        return
    entries = [
        approved_steps.make_entry(seed.id, 1, deck_templates.seed_data(seed, bundled[seed.deck]))
        for seed in seeds
    ]
    found.approved_steps.seed(entries)


def may_change() -> bool:
    return g.user["role"] in APPROVING_ROLES


# The library's pages ----------------------------------------------------------------------------


@bp.get("/library/steps")
@signed_in
def index():
    return render_template(
        "library/steps.html",
        user=g.user,
        entries=[_shown(r) for r in store().approved_steps.latest()],
        can_change=may_change(),
    )


@bp.get("/library/steps/<entry_id>")
@signed_in
def entry(entry_id):
    row = store().approved_steps.row(entry_id)
    if row is None:
        abort(404)
    return _entry_page(row, {}, [], 200)


@bp.post("/library/steps/<entry_id>")
@signed_in
def change(entry_id):
    """A new version of an approved step; every mistake listed and nothing kept on bad input."""
    row = store().approved_steps.row(entry_id)
    if row is None:
        abort(404)
    form = {k: request.form.get(k, "") for k in ("title", "description", "steps", "note")}
    if not may_change():
        message = "Only an admin or a reviewer can change the library's approved steps."
        return _entry_page(row, form, [DeckError("library", message)], 403)
    found = []
    try:
        steps = authoring.load_yaml(form["steps"])
    except DeckError as exc:
        steps, found = None, [DeckError(f"steps: {exc.where}", exc.problem)]
    data = {"title": form["title"], "description": form["description"].strip(), "steps": steps}
    if not found:
        found = approved_steps.entry_problems(entry_id, data)
    if not found and (shape := approved_steps.changed_shape(_entry(row), data)):
        found = [shape]
    if not form["note"].strip() or len(form["note"]) > MAX_NOTE:
        found.append(DeckError("note", f"say in a few words what changed (up to {MAX_NOTE})"))
    if found:
        return _entry_page(row, form, found, 400)
    made = approved_steps.make_entry(entry_id, row["version"] + 1, data)
    after = whole_number(request.form.get("after", "")) or 0
    try:
        number = store().approved_steps.add_version(
            made, after=after, note=form["note"].strip(), user=g.user
        )
    except StoreError as exc:
        return _entry_page(row, form, [DeckError("library", say(exc.words))], 409)
    flash(
        say(
            N_(
                "“%(title)s” is now version %(number)s. Each deck that uses it asks its owner to"
                " review the change."
            ),
            title=made.title,
            number=number,
        )
    )
    return redirect(url_for("step_library.entry", entry_id=entry_id))


def _entry_page(row: dict[str, Any], form: dict[str, str], found: list[DeckError], status: int):
    entry = _entry(row)
    steps_yaml = yaml.safe_dump(
        [dict(s) for s in entry.steps], sort_keys=False, allow_unicode=True, width=88
    )
    page = render_template(
        "library/step.html",
        user=g.user,
        entry=_shown(row),
        history=store().approved_steps.history(row["id"]),
        can_change=may_change(),
        form={"title": entry.title, "description": entry.description, "steps": steps_yaml, **form},
        problems=authoring.as_json(found),
    )
    return page, status


# For the editor ---------------------------------------------------------------------------------


@bp.get("/decks/<deck_id>/approved-steps")
@staff_json(edits=False)
def for_editor(deck_id):
    """The newest version of every approved step, as the editor inserts it."""
    if store().decks.get(deck_id) is None:
        return json_error(404, "not_found", N_("There is no such deck."))
    return jsonify({"entries": [_as_json(_entry(r)) for r in store().approved_steps.latest()]})


def pending_updates(row: dict[str, Any], *, with_kept: bool = False) -> list[dict[str, Any]]:
    """The approved steps that changed since this deck took them, and that its owner has not
    chosen to keep as they were (`with_kept`: those too, marked `kept`)."""
    draft = store().decks.for_editing(row["id"])["draft"]
    steps = draft.get("steps") if isinstance(draft, dict) else None
    kept = store().approved_steps.kept(row["id"])
    latest = store().approved_steps.latest_versions()
    found = []
    for entry_id, version in approved_steps.outdated(steps, latest).items():
        chose_to_keep = kept.get(entry_id, 0) >= latest[entry_id]
        if with_kept or not chose_to_keep:
            newest = store().approved_steps.row(entry_id)
            history = [
                h for h in store().approved_steps.history(entry_id) if h["version"] > version
            ]
            older = store().approved_steps.get(entry_id, version)
            words = diff_decks(_as_deck(older), _as_deck(as_entry(newest))) if older else None
            found.append(
                {
                    **_shown(newest),
                    "deck_version": version,
                    "changes": history,
                    "diff": words.steps if words else (),
                    "kept": chose_to_keep,
                }
            )
    return found


# A deck owner's review of changed approved steps -------------------------------------------------


@bp.get("/decks/<deck_id>/approved-steps/updates")
@signed_in
def updates(deck_id):
    return _updates_page(_deck(deck_id), None, 200)


@bp.post("/decks/<deck_id>/approved-steps/updates/<entry_id>")
@signed_in
def decide(deck_id, entry_id):
    """The owner takes the newer version (a new deck version, audited) or keeps the old one."""
    row = _deck(deck_id)
    if row["owner_id"] != g.user["id"]:
        message = "Only the deck's owner can take or turn down a change to an approved step."
        return _updates_page(row, message, 403)
    choice, version = request.form.get("choice"), whole_number(request.form.get("version", ""))
    pending = {p["id"]: p for p in pending_updates(row, with_kept=True)}
    if entry_id not in pending or pending[entry_id]["version"] != version:
        message = "This change is no longer waiting: the page was out of date. Look again."
        return _updates_page(row, message, 409)
    if choice == "keep":
        store().approved_steps.keep_old(deck_id, entry_id, version, user=g.user)
        flash(say(N_("The deck keeps “%(title)s” as it was."), title=pending[entry_id]["title"]))
        return redirect(url_for("editor.edit", deck_id=deck_id))
    if choice != "update":
        return _updates_page(row, "Choose to update the deck or to keep the old version.", 400)
    editing_row = store().decks.for_editing(deck_id)
    if editing_row["draft_problems"]:
        message = "Fix the problems in the deck's draft first, then take the change."
        return _updates_page(row, message, 400)
    entry = store().approved_steps.get(entry_id)
    assert entry is not None  # pending_updates found it
    try:
        data = {**editing_row["draft"]}
        data["steps"] = approved_steps.updated(data["steps"], entry)
    except DeckError as exc:
        return _updates_page(row, exc.problem, 400)
    images = deck_transfer.available_images(store(), deck_id)
    found = authoring.problems(data, kept=editing_row["kept"], images=images)
    if found:
        message = f"The deck cannot take this change: {found[0].where}: {found[0].problem}"
        return _updates_page(row, message, 400)
    rev = whole_number(request.form.get("rev", ""))
    yaml_text = dump_deck(deck_from_data(data))
    try:
        number = store().approved_steps.update_deck(
            deck_id, yaml_text, rev=rev if rev is not None else -1, entry=entry, user=g.user
        )
    except StoreError as exc:
        return _updates_page(row, say(exc.words), 409)
    flash(
        say(
            N_(
                "“%(title)s” is updated to version %(version)s, as version %(number)s of the"
                " deck: a draft until it is approved again."
            ),
            title=entry.title,
            version=entry.version,
            number=number,
        )
    )
    return redirect(url_for("editor.edit", deck_id=deck_id))


def _updates_page(row: dict[str, Any], error: str | None, status: int):
    page = render_template(
        "library/updates.html",
        user=g.user,
        deck=row,
        pending=pending_updates(row, with_kept=True),
        is_owner=row["owner_id"] == g.user["id"],
        rev=store().decks.for_editing(row["id"])["draft_rev"],
        error=error,
    )
    return page, status


# Helpers ----------------------------------------------------------------------------------------


def _deck(deck_id: str) -> dict[str, Any]:
    row = store().decks.get(deck_id)
    if row is None:
        abort(404)
    return row


def _entry(row: dict[str, Any]) -> approved_steps.ApprovedStep:
    return as_entry(row)


def _as_deck(entry: approved_steps.ApprovedStep) -> Deck:
    return deck_from_data({"title": entry.title, "steps": [dict(s) for s in entry.steps]})


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "steps": list(_entry(row).steps)}


def _as_json(entry: approved_steps.ApprovedStep) -> dict[str, Any]:
    return {
        "id": entry.id,
        "version": entry.version,
        "title": entry.title,
        "description": entry.description,
        "steps": [dict(s) for s in entry.steps],
    }
