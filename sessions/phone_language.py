"""A step as a phone in one language shows it: the deck's translation where it has one, the
deck's own words elsewhere, and what the phone must say about it (which texts are left in the
deck's language, and whether the translation is only drafted). Made once per language present
in a room, never per phone."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType
from typing import Any

from sessions.activities.feedback import FFT_OPTIONS, FFT_QUESTION
from sessions.deck import Deck, Step
from sessions.deck_translations import FFT_KEYS, SAFETY_TEXTS, Translation, translated_step
from sessions.safety import Safety

# Decks are written in English: a deck's translations are of English words, and the
# translator's file is never offered for English.
DECK_LANGUAGE = "en"


def step_in_language(deck: Deck, step: Step, language: str) -> tuple[Step, Safety, dict[str, Any]]:
    """`(step, safety, note)`: `note` says which of the step's texts stay in the deck's own
    words (`untranslated`) and whether the words shown are a draft (`drafted`)."""
    translation = deck.translations.get(language)
    shown, untranslated = translated_step(step, translation)
    safety, untranslated_safety = _safety_words(deck, translation)
    untranslated += untranslated_safety
    note = {
        "language": language if translation is not None else None,
        "untranslated": untranslated,
        "drafted": translation is not None and translation.drafted,
    }
    return shown, safety, note


def _safety_words(deck: Deck, translation: Translation | None) -> tuple[Safety, list[str]]:
    """The deck's safety wording in the translation where it has it, and the keys of the
    deck's own safety texts it leaves in the deck's words."""
    safety = deck.safety_wording
    written = [name for name in SAFETY_TEXTS if getattr(deck.safety, name, "")]
    if translation is None:
        return safety, [f"safety.{name}" for name in written]
    words = {
        name: translation.texts.get(f"safety.{name}", getattr(safety, name))
        for name in SAFETY_TEXTS
    }
    missing = [f"safety.{name}" for name in written if f"safety.{name}" not in translation.texts]
    return replace(safety, **words), missing


def safety_in_language(deck: Deck, language: str) -> tuple[Safety, dict[str, Any]]:
    """The deck's safety wording as a phone in `language` reads it away from a step (the help
    page, the notebook): `note["shown"]` gives the language each text is in (the translation's
    where it has the text, the deck's own elsewhere, and the deck's for the neutral wording a
    deck without the text gets), and `note["drafted"]` whether a translated one is a draft."""
    shown = shown_language(deck, language)
    translation = deck.translations.get(shown) if shown != DECK_LANGUAGE else None
    safety, _ = _safety_words(deck, translation)
    texts = translation.texts if translation is not None else {}
    in_translation = {
        name: shown if f"safety.{name}" in texts else DECK_LANGUAGE for name in SAFETY_TEXTS
    }
    drafted = translation is not None and translation.drafted
    return safety, {"shown": in_translation, "drafted": drafted}


def shown_language(deck: Deck, language: str) -> str:
    """The language a phone set to `language` is shown the deck in: its own where the deck has
    that translation, else the deck's own."""
    if language != DECK_LANGUAGE and language in deck.translations:
        return language
    return DECK_LANGUAGE


def shown_languages(deck: Deck, shipped) -> tuple[str, ...]:
    """Every language a phone can be shown this deck in: the deck's own, then each translation
    into a language phones can choose (`shipped`). A room's phones get one view per entry,
    however many phones there are."""
    translated = [code for code in deck.translations if code != DECK_LANGUAGE and code in shipped]
    return (DECK_LANGUAGE, *translated)


def phone_step(deck: Deck, step: Step, shown: str) -> tuple[Step, Safety, dict[str, Any]]:
    """The step as phones shown the deck in `shown` get it, and the note they show with it:
    `deck` and `shown` (a phone whose own language is neither says the step is in `shown`),
    `untranslated` (this step's texts a translation leaves in the deck's words) and `drafted`
    (a clinical step in a translation nobody fluent has checked)."""
    if shown == DECK_LANGUAGE:
        note = {"deck": DECK_LANGUAGE, "shown": shown, "untranslated": [], "drafted": False}
        return step, deck.safety_wording, note
    translated, safety, found = step_in_language(deck, step, shown)
    untranslated = [key for key in found["untranslated"] if _shown_on_step(step, key)]
    if step.activity.takes_fft_cards:  # the kind that asks the FFT
        translation = deck.translations[shown]
        translated = _with_fft_wording(translated, translation)
        untranslated += [key for key in FFT_KEYS if key not in translation.texts]
    note = {
        "deck": DECK_LANGUAGE,
        "shown": shown,
        "untranslated": untranslated,
        "drafted": found["drafted"] and is_clinical(step),
    }
    return translated, safety, note


def fft_wording(translation: Translation) -> dict[str, Any]:
    """The FFT question and answers a phone shown `translation` gets: the translated ones from
    an official wording; else the English ones, with any translation beside each to show
    beneath it, marked as a translation. Option ids are kept, so results count the same."""
    texts = translation.texts
    if translation.fft_official:
        return {
            "language": translation.language,
            "question": texts["fft.question"],
            "options": [
                {"id": o["id"], "label": texts[f"fft.options.{o['id']}"]} for o in FFT_OPTIONS
            ],
        }
    wording: dict[str, Any] = {
        "language": DECK_LANGUAGE,
        "question": FFT_QUESTION,
        "options": [dict(o) for o in FFT_OPTIONS],
    }
    if any(key in texts for key in FFT_KEYS):
        wording["translation_language"] = translation.language
    if "fft.question" in texts:
        wording["question_translation"] = texts["fft.question"]
    for option in wording["options"]:
        if f"fft.options.{option['id']}" in texts:
            option["translation"] = texts[f"fft.options.{option['id']}"]
    return wording


def _with_fft_wording(step: Step, translation: Translation) -> Step:
    return replace(
        step, fields=MappingProxyType({**step.fields, "fft_wording": fft_wording(translation)})
    )


def is_clinical(step: Step) -> bool:
    """A step that tells people about their health: its body, an explanation, or the safety
    reminder. A bare question ("How long has it bothered you?") is not."""
    explained = bool(step.fields.get("explanation"))
    return bool(step.body) or explained or step.activity.shows_safety_reminder


def _shown_on_step(step: Step, key: str) -> bool:
    """Whether a text is on this step's phone view: its own texts, and the safety reminder
    only on a step that shows it (the other safety texts are on the help page)."""
    if key.startswith("safety."):
        return key == "safety.plan_reminder" and step.activity.shows_safety_reminder
    return True


def title_in_language(deck: Deck, language: str) -> str:
    translation = deck.translations.get(language)
    return translation.texts.get("title", deck.title) if translation is not None else deck.title


__all__ = [
    "DECK_LANGUAGE",
    "fft_wording",
    "is_clinical",
    "phone_step",
    "shown_language",
    "shown_languages",
    "step_in_language",
    "title_in_language",
]
