"""A deck's translation files in the editor: export one language's texts for a translator and
import the filled-in file back as the deck's newest version. Added to the editor's blueprint."""

from __future__ import annotations

from flask import abort, g, jsonify, request

from facilitator import deck_transfer
from facilitator.editor_access import editing, json_error
from facilitator.identity import signed_in, store
from server.languages import LANGUAGES
from sessions.deck import deck_to_data, dump_deck, parse_deck
from sessions.fields import DeckError
from sessions.store import StoreError
from sessions.translation_files import export_translation, import_translation

MAX_TRANSLATION_FILE = 512 * 1024


def add_routes(bp) -> None:
    @bp.get("/decks/<deck_id>/translations/<language>.yaml")
    @signed_in
    def export_translation_file(deck_id, language):
        row = store().decks.get(deck_id)
        if row is None or language not in LANGUAGES or language == "en":
            abort(404)
        text = export_translation(parse_deck(row["yaml"], source=deck_id), language)
        name = f"{deck_transfer.slug(row['title'])}-{language}.yaml"
        return deck_transfer.download(text, name, "text/yaml")

    @bp.post("/decks/<deck_id>/translations/<language>")
    @editing
    def import_translation_file(deck_id, language):
        """The file becomes the language's translation in a new version of the deck; a bad
        file is refused with what is wrong, and the deck is not changed."""
        row = store().decks.get(deck_id)
        if row is None or language not in LANGUAGES or language == "en":
            abort(404)
        upload = request.files.get("file")
        if upload is None:
            return json_error(400, "bad_request", "Choose the translation file to import.")
        raw = upload.read(MAX_TRANSLATION_FILE + 1)
        if len(raw) > MAX_TRANSLATION_FILE:
            return json_error(400, "bad_request", "This file is too large for a translation.")
        try:
            deck = import_translation(
                parse_deck(row["yaml"], source=deck_id), raw.decode("utf-8"), language=language
            )
        except UnicodeDecodeError:
            return json_error(400, "bad_file", "This file is not text (UTF-8).")
        except DeckError as exc:
            return json_error(400, "bad_file", str(exc))
        editing_row = store().decks.for_editing(deck_id)
        try:
            saved = store().decks.save_draft(
                deck_id,
                deck_to_data(deck),
                rev=editing_row["draft_rev"],
                author_id=g.user["id"],
                yaml_text=dump_deck(deck),
                problem_count=0,
            )
        except StoreError as exc:
            return json_error(403 if exc.code == "read_only" else 409, exc.code, exc.message)
        return jsonify({"version": saved.get("version"), "language": language})
