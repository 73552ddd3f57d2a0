"""A participant's notebook: what they keep from a session. Pure: built from the session's deck
and the participant's own stored answers and questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sessions.activities import KINDS
from sessions.deck import Deck
from sessions.phone_language import DECK_LANGUAGE, phone_step, safety_in_language, shown_language


def notebook(
    deck: Deck,
    responses: Mapping[str, Any],
    questions: Sequence[Mapping[str, Any]],
    later_questions: Sequence[Mapping[str, Any]] = (),
    language: str = DECK_LANGUAGE,
) -> dict[str, Any]:
    """Key messages, the participant's reflections and plan, their questions (those asked in
    the room, and those asked privately with the physio's written replies), and the safety
    reminder, in the phone's `language` where the deck has it translated (`safety_language`
    says which language it is in, `safety_drafted` whether that is a draft). Nothing of
    anyone else's."""
    written = deck.safety.when_to_get_help if deck.safety else ""
    safety = None if written else next((s for s in deck.steps if s.locked), None)
    if safety is not None:
        safety, wording, note = phone_step(deck, safety, shown_language(deck, language))
        safety_language = DECK_LANGUAGE if note["untranslated"] else note["shown"]
        drafted = note["shown"] != DECK_LANGUAGE and deck.translations[note["shown"]].drafted
    else:
        wording, words = safety_in_language(deck, language)
        safety_language, drafted = words["shown"]["when_to_get_help"], words["drafted"]
    sections: dict[str, Any] = {}
    for activity in KINDS.values():  # each kind's own sections, in the order kinds register
        own = [s for s in deck.steps if s.activity is activity]
        sections.update(activity.notebook_sections(own, responses))
    return {
        "title": deck.title,
        **sections,
        "questions": [{"text": q["text"], "answered": bool(q["answered"])} for q in questions],
        "later_questions": [{"text": q["text"], "reply": q["reply"]} for q in later_questions],
        # The deck's own words on when to get help, else its locked safety slide, else
        # neutral wording: never another condition's symptoms.
        "safety_title": safety.title if safety else "When to get help",
        "safety_html": safety.body_html if safety else wording.when_to_get_help_html,
        "safety_language": safety_language,
        "safety_drafted": drafted and safety_language != DECK_LANGUAGE,
    }
