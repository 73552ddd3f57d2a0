"""A step as a phone in one language shows it: the deck's translation where it has one, the
deck's own words elsewhere, and what the phone must say about it (which texts are left in the
deck's language, and whether the translation is only drafted). Made once per language present
in a room, never per phone."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sessions.deck import Deck, Step
from sessions.deck_translations import SAFETY_TEXTS, translated_step
from sessions.safety import Safety


def step_in_language(deck: Deck, step: Step, language: str) -> tuple[Step, Safety, dict[str, Any]]:
    """`(step, safety, note)`: `note` says which of the step's texts stay in the deck's own
    words (`untranslated`) and whether the words shown are a draft (`drafted`)."""
    translation = deck.translations.get(language)
    shown, untranslated = translated_step(step, translation)
    safety = deck.safety_wording
    if translation is not None:
        words = {
            name: translation.texts.get(f"safety.{name}", getattr(safety, name))
            for name in SAFETY_TEXTS
        }
        untranslated += [
            f"safety.{name}"
            for name in SAFETY_TEXTS
            if getattr(deck.safety, name, "") and f"safety.{name}" not in translation.texts
        ]
        safety = replace(safety, **words)
    elif deck.safety is not None:
        untranslated += [f"safety.{name}" for name in SAFETY_TEXTS if getattr(deck.safety, name)]
    note = {
        "language": language if translation is not None else None,
        "untranslated": untranslated,
        "drafted": translation is not None and translation.drafted,
    }
    return shown, safety, note


def title_in_language(deck: Deck, language: str) -> str:
    translation = deck.translations.get(language)
    return translation.texts.get("title", deck.title) if translation is not None else deck.title


__all__ = ["step_in_language", "title_in_language"]
