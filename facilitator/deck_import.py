"""Importing into the deck library: slides a physio already has (PowerPoint or PDF) or a
Talkback deck (YAML or zip). facilitator/deck_transfer.py does the work; refusals (a file too
large, an expired form) get the editor's own error pages. The plain form waits for the
import; the page's script starts a job instead (facilitator/import_jobs.py) and shows how
far it has gone."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

from facilitator import deck_transfer, editor, import_jobs
from facilitator.editor_access import editing, json_error, staff_json
from facilitator.identity import store
from server.body_limits import larger_body
from server.words import say
from sessions import slide_files
from sessions.store import StoreError
from sessions.words import N_

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
        problems = [("file", NO_FILE)]
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
    _say_imported(slides)
    return redirect(url_for("editor.edit", deck_id=deck_id))


def _say_imported(slides: int) -> None:
    if not slides:
        flash(say(N_("The deck is imported.")))
        return
    flash(
        say(
            N_(
                "The slides are imported as %(slides)s slide steps. Check each picture's"
                " description: it was made from the slide's text."
            ),
            slides=slides,
        )
    )


NO_FILE = "Choose slides (.pptx or PDF) or a deck file (.yaml or .zip)."


@bp.post("/decks/import/jobs")
@larger_body("MAX_IMPORT_BYTES")
@staff_json(edits=True)
def start_job():
    """The same upload as the form's, answered at once (202) with where to ask how it goes."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return json_error(400, "bad_request", NO_FILE)
    limit = int(current_app.config["MAX_IMPORT_BYTES"])
    try:
        job = _jobs().start(
            upload.stream.read(limit + 1),
            filename=upload.filename[:200],
            owner_id=g.user["id"],
            max_bytes=limit,
            max_image_bytes=int(current_app.config["MAX_IMAGE_BYTES"]),
        )
    except import_jobs.TooMany:
        return json_error(
            429,
            "busy",
            f"You already have {import_jobs.RUNNING_PER_PERSON} imports under way."
            " Wait for one to finish, then upload this file again.",
        )
    return jsonify({"id": job.id, "status": url_for(".job_status", job_id=job.id)}), 202


@bp.get("/decks/import/jobs/<job_id>")
@staff_json(edits=True)
def job_status(job_id: str):
    """How far the job has gone; once it is done, where the page goes next (the new deck, or
    this page with the problems), and the job is collected."""
    job = _jobs().mine(job_id, g.user["id"])
    if job is None:
        return json_error(404, "not_found", N_("There is no such import."))
    phase, done, total = job.progress
    if job.running:
        return jsonify({"state": "running", "phase": phase, "done": done, "total": total})
    if job.problems is not None:
        return jsonify({"state": "failed", "location": url_for(".job_refused", job_id=job.id)})
    _jobs().forget(job)
    _say_imported(job.slides)
    return jsonify({"state": "done", "location": url_for("editor.edit", deck_id=job.deck_id)})


@bp.get("/decks/import/jobs/<job_id>/refused")
@editing
def job_refused(job_id: str):
    """The import page with a failed job's problems, as the plain form would have shown them."""
    job = _jobs().mine(job_id, g.user["id"])
    if job is None or job.running or job.problems is None:
        abort(404)
    _jobs().forget(job)
    return _import_page(job.problems, job.filename), 400


def _jobs() -> import_jobs.Jobs:
    return current_app.extensions[import_jobs.EXTENSION]


def _import_page(problems: list[tuple[str, str]] | None, filename: str) -> str:
    return render_template(
        "editor/import.html",
        user=g.user,
        problems=problems,
        filename=filename,
        max_pages=slide_files.MAX_PAGES,
    )
