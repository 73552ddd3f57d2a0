"""The deck library and editor: pages under /decks, and the JSON the editor saves, checks and
previews through (CSRF in the X-CSRFToken header). Rules live in sessions.authoring; this module
reads requests, asks the store, and answers."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
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

from facilitator import (
    deck_approval,
    deck_transfer,
    deck_translation_routes,
    deck_versions,
    step_library,
)
from facilitator.editor_access import editing, json_error, may_edit, staff_json
from facilitator.identity import signed_in, store
from server.body_limits import larger_body, too_large_message
from server.offload import off_the_loop
from server.realtime import MEDIA_URL, session_links
from server.words import say
from sessions import approved_steps, authoring, images, views
from sessions.activities import AUDIENCES, KINDS
from sessions.deck import (
    STEP_FIELDS,
    DeckError,
    deck_from_data,
    dump_deck,
    parse_deck,
    step_from_data,
)
from sessions.live import GROUP
from sessions.safety import NEUTRAL, PHRASE_LISTS, Safety, parse_safety
from sessions.store import StoreError
from sessions.store.pictures import NewImage
from sessions.words import N_

bp = Blueprint("editor", __name__)
serve_media = deck_transfer.serve_media  # app.py's /media route: kept pictures, then bundled files

MAX_ALT = 300


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json" or request.is_json


@bp.errorhandler(StoreError)
def store_refused(exc: StoreError):
    status = {"not_found": 404, "read_only": 403, "conflict": 409, "bad_request": 400}.get(
        exc.code, 503
    )
    if _wants_json():
        return json_error(status, exc.code, exc.words)
    return render_template("error.html", status=status, message=say(exc.words)), status


@bp.errorhandler(CSRFError)
def csrf_refused(exc):
    message = N_(
        "This page has expired. Reload it to go on; your changes are kept in this browser."
    )
    if _wants_json():
        return json_error(400, "csrf", message)
    return render_template("error.html", status=400, message=say(message)), 400


@bp.errorhandler(RequestEntityTooLarge)
def too_large(exc):
    message = too_large_message()
    if _wants_json():
        return json_error(413, "too_large", message)
    return render_template("error.html", status=413, message=say(message)), 413


# The library ------------------------------------------------------------------------------------


@bp.get("/decks")
@signed_in
def library():
    query = request.args.get("q", "")[:100]
    archived = request.args.get("archived") == "1"
    return render_template(
        "editor/library.html",
        user=g.user,
        decks=[
            deck_approval.described(d) for d in store().library.search(query, archived=archived)
        ],
        query=query,
        archived=archived,
        can_edit=may_edit(),
    )


@bp.post("/decks")
@editing
def new_deck():
    title = request.form.get("title", "").strip()[:200]
    data = authoring.starter_deck(title or "Untitled deck")
    deck_id = store().decks.create(dump_deck(deck_from_data(data)), owner_id=g.user["id"])
    return redirect(url_for("editor.edit", deck_id=deck_id))


@bp.post("/decks/<deck_id>/duplicate")
@editing
def duplicate(deck_id):
    copy_id = store().decks.duplicate(deck_id, owner_id=g.user["id"])
    flash(
        say(N_("This is your copy. Change it as you like; locked safety steps stay as they are."))
    )
    return redirect(url_for("editor.edit", deck_id=copy_id))


@bp.post("/decks/<deck_id>/archive")
@editing
def archive(deck_id):
    archived = request.form.get("archived") == "1"
    store().decks.set_archived(deck_id, archived, by=g.user["id"])
    title = _deck(deck_id)["title"]
    flash(
        say(N_("“%(title)s” is archived."), title=title)
        if archived
        else say(N_("“%(title)s” is back in the library."), title=title)
    )
    return redirect(url_for("editor.library", archived="1" if not archived else None))


# The editor page and its JSON ---------------------------------------------------------------------


@bp.get("/decks/<deck_id>/edit")
@signed_in
def edit(deck_id):
    row = _deck(deck_id)
    return render_template(
        "editor/edit.html",
        user=g.user,
        deck=row,
        read_only=bool(row["bundled"]) or not may_edit(),
        phrase_lists=PHRASE_LISTS,
        library_changes=step_library.pending_updates(row)
        if row["owner_id"] == g.user["id"]
        else [],
        translations=deck_translation_routes.overview(parse_deck(row["yaml"], source=deck_id)),
    )


def _draft_safety(raw) -> Safety:
    """The draft's safety wording for a preview; neutral while the block is missing or has a
    mistake (the deck's problems list names it)."""
    try:
        return NEUTRAL if raw is None else parse_safety(raw)
    except DeckError:
        return NEUTRAL


@bp.get("/decks/<deck_id>/draft")
@staff_json(edits=False)
def draft(deck_id):
    """Everything the editor starts from: the draft, its problems, the deck's pictures."""
    editing_row = store().decks.for_editing(deck_id)
    found = _problems(deck_id, editing_row["draft"], editing_row["kept"])
    return jsonify(
        {
            "deck": {
                "id": deck_id,
                "bundled": bool(editing_row["bundled"]),
                "version": editing_row["version"],
                "rev": editing_row["draft_rev"],
            },
            "draft": editing_row["draft"],
            "kept": [k["id"] for k in editing_row["kept"]],
            "problems": authoring.as_json(found),
            "images": [_image_json(i) for i in store().pictures.of_deck(deck_id)],
            "kinds": sorted(KINDS),
            "fields": {kind: sorted(STEP_FIELDS | KINDS[kind].fields) for kind in KINDS},
        }
    )


@bp.put("/decks/<deck_id>/draft")
@larger_body("MAX_DRAFT_BYTES")
@staff_json(edits=True)
def save(deck_id):
    """Autosave: keep the whole draft; when it has no problems it becomes the latest version."""
    body = _json_body()
    if not isinstance(body.get("rev"), int) or "draft" not in body:
        return json_error(
            400, "bad_request", N_("Send the draft and the revision it was based on.")
        )
    row = store().decks.for_editing(deck_id)
    found = _problems(deck_id, body["draft"], row["kept"])
    yaml_text = None if found else dump_deck(deck_from_data(body["draft"]))
    saved = store().decks.save_draft(
        deck_id,
        body["draft"],
        rev=body["rev"],
        author_id=g.user["id"],
        yaml_text=yaml_text,
        problem_count=len(found),
    )
    return jsonify({**saved, "problems": authoring.as_json(found)})


@bp.post("/decks/<deck_id>/check")
@larger_body("MAX_DRAFT_BYTES")
@staff_json(edits=False)
def check(deck_id):
    """Validation as you type: every problem, with the loader's words and the field's path."""
    body = _json_body()
    kept = store().decks.for_editing(deck_id)["kept"]
    return jsonify({"problems": authoring.as_json(_problems(deck_id, body.get("draft"), kept))})


@bp.post("/decks/<deck_id>/preview")
@larger_body("MAX_DRAFT_BYTES")
@staff_json(edits=False)
def preview(deck_id):
    """One step as the phone, the screen and the console get it, from the same views a live
    session sends, before results are revealed."""
    _deck(deck_id)
    body = _json_body()
    index = body.get("index") if isinstance(body.get("index"), int) else 0
    where = f"steps[{index}]"
    found = authoring.step_problems_of(body.get("step"), where)
    if found:
        return jsonify({"problems": authoring.as_json(found)})
    step = step_from_data(body["step"], where)
    safety = _draft_safety(body.get("safety"))
    return jsonify(
        {
            "views": {
                audience: views.step_view(
                    step,
                    index,
                    audience,
                    revealed=False,
                    media_url=MEDIA_URL,
                    image_widths=store().pictures.widths,
                    safety=safety,
                )
                for audience in AUDIENCES
            }
        }
    )


@bp.post("/decks/<deck_id>/images")
@larger_body("MAX_IMAGE_BYTES")
@staff_json(edits=True)
def upload_image(deck_id):
    """A picture for a slide: checked by decoding it, re-encoded, kept at three widths."""
    row = _deck(deck_id)
    if row["bundled"]:
        return json_error(403, "read_only", N_("This deck comes with Talkback and cannot change."))
    limit = int(current_app.config["MAX_IMAGE_BYTES"])
    upload = request.files.get("file")
    alt = request.form.get("alt", "").strip()
    if upload is None:
        return json_error(400, "bad_request", N_("Choose a picture to upload."))
    if not alt:
        return json_error(
            400,
            "alt_required",
            "Describe the picture for people who cannot see it (alt text) before uploading.",
        )
    if len(alt) > MAX_ALT:
        return json_error(400, "bad_request", f"Keep the description to {MAX_ALT} characters.")
    data = upload.stream.read(limit + 1)
    try:
        prepared = off_the_loop(images.prepare, data, max_bytes=limit)
    except images.ImageRefused as exc:
        return json_error(400, "bad_image", str(exc))
    name = images.new_name(upload.filename or "picture")
    image = NewImage(name, prepared.width, prepared.height, prepared.files)
    store().decks.add_image(image, deck_id=deck_id, by=g.user["id"])
    return jsonify({"image": _image_json(store().pictures.get(name)), "alt": alt}), 201


@bp.post("/decks/<deck_id>/try")
@editing
def try_deck(deck_id):
    """A private test session of the deck's latest version, with the physio as a participant."""
    row = store().sessions.create(deck_id, g.user["id"], mode=GROUP)
    store().sessions.mark_trial(row["id"])
    return redirect(url_for("editor.trial", deck_id=deck_id, session_id=row["id"]))


@bp.get("/decks/<deck_id>/try/<session_id>")
@editing
def trial(deck_id, session_id):
    row = store().sessions.get(session_id)
    if row is None or row["deck_id"] != deck_id or row["facilitator_id"] != g.user["id"]:
        abort(404)
    return render_template(
        "editor/try.html",
        user=g.user,
        deck=_deck(deck_id),
        session=row,
        links=session_links(row),
        console_url=url_for("facilitator.console", session_id=row["id"]),
    )


# Versions and approval: facilitator/deck_versions.py ----------------------------------------------


# Export and import --------------------------------------------------------------------------------


@bp.get("/decks/<deck_id>/export.yaml")
@signed_in
def export_yaml(deck_id):
    row = _deck(deck_id)
    return _file(row["yaml"], row["title"], ".yaml", "text/yaml")


@bp.get("/decks/<deck_id>/export.zip")
@signed_in
def export_zip(deck_id):
    editing_row = store().decks.for_editing(deck_id)
    data = deck_transfer.export_zip(store(), deck_id, editing_row["yaml"], editing_row["kept"])
    return _file(data, editing_row["title"], ".zip", "application/zip")


# Helpers ------------------------------------------------------------------------------------------


deck_versions.add_routes(bp)
deck_translation_routes.add_routes(bp)


def _deck(deck_id: str) -> dict[str, Any]:
    row = store().decks.get(deck_id)
    if row is None:
        abort(404)
    return row


def _problems(deck_id: str, data: Any, kept: list[dict[str, str]]) -> list[DeckError]:
    found = authoring.problems(
        data, kept=kept, images=deck_transfer.available_images(store(), deck_id)
    )
    if not isinstance(data, dict):
        return found
    reported = {e.where.split(".")[0] for e in found}  # a step the loader refused, it names
    copies = approved_steps.reference_problems(data.get("steps"), store().approved_steps.get)
    return found + [e for e in copies if e.where.split(".")[0] not in reported]


def _json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(
            Response(
                '{"error": {"code": "bad_request", "message": "Send JSON."}}',
                400,
                mimetype="application/json",
            )
        )
    return body


def _image_json(image: dict[str, Any]) -> dict[str, Any]:
    url = f"{MEDIA_URL}{image['name']}"
    return {
        "name": image["name"],
        "width": image["width"],
        "height": image["height"],
        "url": url,
        "srcset": views.srcset(url, image["widths"]),
    }


def _file(data: str | bytes, title: str, suffix: str, mimetype: str) -> Response:
    return deck_transfer.download(data, f"{deck_transfer.slug(title)}{suffix}", mimetype)
