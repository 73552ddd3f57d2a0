"""A deck's translation files in the editor: export one language's texts for a translator and
import the filled-in file back as the deck's newest version. Added to the editor's blueprint;
`overview` gives the editor page its Translations section."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, jsonify, redirect, request, url_for

from facilitator import deck_transfer
from facilitator.editor_access import editing, json_error
from facilitator.identity import signed_in, store
from server.languages import LANGUAGES
from server.words import say
from sessions.deck import Deck, deck_to_data, dump_deck, parse_deck
from sessions.deck_translations import missing_texts
from sessions.fields import DeckError
from sessions.phone_language import DECK_LANGUAGE
from sessions.store import StoreError
from sessions.translation_files import export_translation, import_translation
from sessions.words import N_, Words

MAX_TRANSLATION_FILE = 512 * 1024


def translatable(language: str) -> bool:
    """A language a translator's file can be made for: one phones can choose, not the deck's."""
    return language in LANGUAGES and language != DECK_LANGUAGE


def overview(deck: Deck) -> dict[str, Any]:
    """Each of the deck's translations with its status and the texts it still lacks (key and
    the deck's words), and the shipped languages it has none for yet, to start one."""
    sources = deck.source_texts()
    translated = []
    for code, translation in deck.translations.items():
        missing = missing_texts(sources, translation)
        translated.append(
            {
                **_language(code),
                "status": translation.status,
                "fft_official": translation.fft_official,
                "has_fft": "fft.question" in sources,
                "missing": [{"key": key, "source": sources[key]} for key in missing],
                "total": len(sources),
            }
        )
    others = [
        _language(code)
        for code in LANGUAGES
        if translatable(code) and code not in deck.translations
    ]
    return {"translated": translated, "others": others}


def _language(code: str) -> dict[str, Any]:
    """A language as staff read it: its English name, and its own name with its tag."""
    language = LANGUAGES.get(code)
    if language is None:
        return {"code": code, "english": code, "name": None, "tag": code, "shipped": False}
    return {
        "code": code,
        "english": language.locale.get_display_name("en") or code,
        "name": language.name,
        "tag": language.tag,
        "shipped": translatable(code),
    }


def _from_page() -> bool:
    """A form on the editor page (a browser asking for HTML), answered with the page again;
    anything else gets JSON."""
    return request.accept_mimetypes.best == "text/html"


def _answer(deck_id: str, status: int, code: str, message: str | Words):
    if _from_page():
        flash(say(message))
        return redirect(url_for("editor.edit", deck_id=deck_id))
    return json_error(status, code, message)


def add_routes(bp) -> None:
    @bp.get("/decks/<deck_id>/translations/<language>.yaml")
    @signed_in
    def export_translation_file(deck_id, language):
        row = store().decks.get(deck_id)
        if row is None or not translatable(language):
            abort(404)
        text = export_translation(parse_deck(row["yaml"], source=deck_id), language)
        name = f"{deck_transfer.slug(row['title'])}-{language}.yaml"
        return deck_transfer.download(text, name, "text/yaml")

    @bp.post("/decks/<deck_id>/translations/<language>")
    @editing
    def import_translation_file(deck_id, language):
        return _import_file(deck_id, language)

    @bp.post("/decks/<deck_id>/translations")
    @editing
    def import_chosen_translation_file(deck_id):
        """The editor page's form: the language is chosen in the form, not the address."""
        language = request.form.get("language", "")
        if store().decks.get(deck_id) is not None and not translatable(language):
            return _answer(deck_id, 400, "bad_request", "Choose a language Talkback ships.")
        return _import_file(deck_id, language)


def _import_file(deck_id: str, language: str):
    """The file becomes the language's translation in a new version of the deck; a bad file is
    refused with what is wrong, and the deck is not changed."""
    row = store().decks.get(deck_id)
    if row is None or not translatable(language):
        abort(404)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _answer(deck_id, 400, "bad_request", "Choose the translation file to import.")
    raw = upload.read(MAX_TRANSLATION_FILE + 1)
    if len(raw) > MAX_TRANSLATION_FILE:
        return _answer(deck_id, 400, "bad_request", "This file is too large for a translation.")
    try:
        deck = import_translation(
            parse_deck(row["yaml"], source=deck_id), raw.decode("utf-8"), language=language
        )
    except UnicodeDecodeError:
        return _answer(deck_id, 400, "bad_file", "This file is not text (UTF-8).")
    except DeckError as exc:
        return _answer(deck_id, 400, "bad_file", f"The file was not imported: {exc}")
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
        return _answer(deck_id, 403 if exc.code == "read_only" else 409, exc.code, exc.words)
    if _from_page():
        flash(
            say(
                N_("The %(language)s translation is imported as a new version."),
                language=_language(language)["english"],
            )
        )
        return redirect(url_for("editor.edit", deck_id=deck_id))
    return jsonify({"version": saved.get("version"), "language": language})
