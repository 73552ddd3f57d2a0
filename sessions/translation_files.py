"""A translator's file for one language of a deck: each text's key, the deck's own words and
the translation so far. Exported from a deck, filled in, and imported back as a new deck."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

import yaml

from sessions.deck import Deck
from sessions.deck_translations import LANGUAGE_CODE, parse_translation
from sessions.fields import DeckError

_FILE_FIELDS = frozenset({"language", "status", "fft_official", "texts"})
_TEXT_FIELDS = frozenset({"key", "source", "translation"})


def export_translation(deck: Deck, language: str) -> str:
    """The YAML a translator fills in: every text of the deck, translated or not yet."""
    if not LANGUAGE_CODE.fullmatch(language):
        raise DeckError("language", "must be a language code of two or three lowercase letters")
    current = deck.translations.get(language)
    done = current.texts if current is not None else {}
    sources = deck.source_texts()
    data: dict[str, Any] = {
        "language": language,
        "status": current.status if current is not None else "drafted",
    }
    if "fft.question" in sources:
        # Only a translator with NHS England's official FFT wording sets this to true.
        data["fft_official"] = current.fft_official if current is not None else False
    data["texts"] = [
        {"key": key, "source": source, "translation": done.get(key, "")}
        for key, source in sources.items()
    ]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


def import_translation(deck: Deck, text: str, *, language: str) -> Deck:
    """The deck with this file's translation in place of the language's earlier one. A file
    for another language or deck, or with a broken text, is refused whole (DeckError)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise DeckError("translation file", "this is not valid YAML") from None
    if not isinstance(data, dict) or set(data) - _FILE_FIELDS:
        raise DeckError(
            "translation file",
            "needs language, status and texts (and fft_official), and nothing else",
        )
    if data.get("language") != language:
        raise DeckError("translation file.language", f"must be {language}, as this file was for")
    entries = data.get("texts")
    if not isinstance(entries, list):
        raise DeckError("translation file.texts", "must be the list of texts")
    sources = deck.source_texts()
    texts: dict[str, Any] = {}
    for i, entry in enumerate(entries):
        where = f"translation file.texts[{i}]"
        if not isinstance(entry, dict) or set(entry) - _TEXT_FIELDS or "key" not in entry:
            raise DeckError(where, "each text needs its key, source and translation")
        key, words = entry["key"], entry.get("translation")
        if key not in sources:
            raise DeckError(f"{where}.key", f"'{key}' names no text of this deck")
        if entry.get("source") is not None and entry["source"] != sources[key]:
            raise DeckError(
                f"{where}.source",
                f"the deck's text for '{key}' has changed since this file was made: "
                "export a new file",
            )
        if words is None or (isinstance(words, str) and not words.strip()):
            continue  # not translated yet
        texts[key] = words
    translation = parse_translation(
        language,
        {
            "status": data.get("status", "drafted"),
            "fft_official": data.get("fft_official", False),
            "texts": texts,
        },
        sources,
        where="translation file",
    )
    translations = {**deck.translations, language: translation}
    return replace(deck, translations=MappingProxyType(translations))


__all__ = ["export_translation", "import_translation"]
