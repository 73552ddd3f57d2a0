"""The "New deck" page: a blank deck, a copy of an existing one, or a template made of the
library's approved steps and a few slides to fill in (sessions.deck_templates). A deck made
here is a draft owned by the person who made it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml
from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from facilitator.editor_access import editing
from facilitator.identity import store
from server.words import say
from sessions import deck_templates
from sessions.deck import DeckError, deck_from_data, dump_deck
from sessions.store.approved_steps import as_entry
from sessions.words import N_

bp = Blueprint("new_deck", __name__)

TEMPLATES = Path(__file__).resolve().parents[1] / "sessions" / "data" / "deck_templates.yaml"


@cache
def templates() -> tuple[deck_templates.Template, ...]:
    data = yaml.safe_load(TEMPLATES.read_text(encoding="utf-8"))
    return tuple(deck_templates.parse_templates(data))


@bp.get("/decks/new")
@editing
def page():
    return _page(None, 200)


@bp.post("/decks/new")
@editing
def from_template():
    chosen = {t.id: t for t in templates()}.get(request.form.get("template", ""))
    if chosen is None:
        return _page("Choose one of the templates.", 400)
    entries = {r["id"]: as_entry(r) for r in store().approved_steps.latest()}
    title = request.form.get("title", "").strip()[:200]
    try:
        data = deck_templates.template_deck(chosen, entries, title=title)
    except DeckError as exc:
        return _page(f"This template cannot be used just now: {exc.problem}.", 400)
    deck_id = store().decks.create(
        dump_deck(deck_from_data(data)), owner_id=g.user["id"], origin="template"
    )
    return redirect(url_for("editor.edit", deck_id=deck_id))


@bp.post("/decks/new/copy")
@editing
def copy():
    source = request.form.get("deck", "")
    if store().decks.get(source) is None:
        return _page("Choose a deck to copy.", 400)
    copy_id = store().decks.duplicate(source, owner_id=g.user["id"])
    flash(
        say(N_("This is your copy. Change it as you like; locked safety steps stay as they are."))
    )
    return redirect(url_for("editor.edit", deck_id=copy_id))


def _page(error: str | None, status: int):
    page = render_template(
        "editor/new.html",
        user=g.user,
        templates=templates(),
        decks=store().library.all(),
        titles={r["id"]: r["title"] for r in store().approved_steps.latest()},
        error=error,
    )
    return page, status
