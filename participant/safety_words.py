"""A deck's safety wording on a phone page away from the class (help and safety, the page
after someone deletes their answers), in the phone's language where the deck has it
translated, with what the page must say about it: the language it is shown in, and whether
the translation is a draft."""

from __future__ import annotations

from typing import Any

from server.languages import phone_choice
from sessions.deck import Deck
from sessions.phone_language import DECK_LANGUAGE, safety_in_language
from sessions.safety import NEUTRAL


def safety_for_phone(deck: Deck | None, name: str) -> dict[str, Any]:
    """`safety_html` (the text `name` as HTML), `safety_language` and `safety_drafted` for a
    template. No
    deck (a page opened outside a class) gets the neutral wording, in the deck language."""
    if deck is None:
        safety, language, drafted = NEUTRAL, DECK_LANGUAGE, False
    else:
        safety, note = safety_in_language(deck, phone_choice())
        language = note["shown"][name]
        drafted = note["drafted"] and language != DECK_LANGUAGE
    return {
        "safety_html": getattr(safety, f"{name}_html"),
        "safety_language": language,
        "safety_drafted": drafted,
    }
