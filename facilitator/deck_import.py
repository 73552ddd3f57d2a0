"""Importing into the deck library: slides a physio already has (PowerPoint or PDF) or a
Talkback deck (YAML or zip). facilitator/deck_transfer.py does the work; refusals (a file too
large, an expired form) get the editor's own error pages."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from facilitator import deck_transfer, editor
from facilitator.editor_access import editing
from facilitator.identity import store
from server.body_limits import larger_body
from sessions import slide_files
from sessions.store import StoreError

bp = Blueprint("deck_import", __name__)
bp.register_error_handler(StoreError, editor.store_refused)
bp.register_error_handler(CSRFError, editor.csrf_refused)
bp.register_error_handler(RequestEntityTooLarge, editor.too_large)


@bp.route("/decks/import", methods=["GET", "POST"])
@larger_body("MAX_IMPORT_BYTES")
@editing
def page():
    if request.method == "GET":
        return _import_page(None, "")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        problems = [("file", "Choose slides (.pptx or PDF) or a deck file (.yaml or .zip).")]
        return _import_page(problems, ""), 400
    limit = int(current_app.config["MAX_IMPORT_BYTES"])
    try:
        deck_id, slides = deck_transfer.import_file(
            store(),
            upload.stream.read(limit + 1),
            filename=upload.filename[:200],
            owner_id=g.user["id"],
            max_bytes=limit,
            max_image_bytes=int(current_app.config["MAX_IMAGE_BYTES"]),
        )
    except deck_transfer.ImportRefused as exc:
        return _import_page(exc.problems, upload.filename[:200]), 400
    flash(
        f"The slides are imported as {slides} slide steps. Check each picture's description:"
        " it was made from the slide's text."
        if slides
        else "The deck is imported."
    )
    return redirect(url_for("editor.edit", deck_id=deck_id))


def _import_page(problems: list[tuple[str, str]] | None, filename: str) -> str:
    return render_template(
        "editor/import.html",
        user=g.user,
        problems=problems,
        filename=filename,
        max_pages=slide_files.MAX_PAGES,
    )
