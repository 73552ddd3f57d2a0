"""A participant's notebook: what they keep from a session. Pure: built from the session's deck
and the participant's own stored answers and questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sessions.activities import KINDS
from sessions.activities.plan import SAFETY_REMINDER
from sessions.deck import Deck


def notebook(
    deck: Deck, responses: Mapping[str, Any], questions: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Key messages, the participant's reflections and plan, their questions, and the safety
    reminder. Nothing of anyone else's."""
    safety = next((s for s in deck.steps if s.locked), None)
    sections: dict[str, Any] = {}
    for activity in KINDS.values():  # each kind's own sections, in the order kinds register
        own = [s for s in deck.steps if s.activity is activity]
        sections.update(activity.notebook_sections(own, responses))
    return {
        "title": deck.title,
        **sections,
        "questions": [{"text": q["text"], "answered": bool(q["answered"])} for q in questions],
        "safety_title": safety.title if safety else "When to get help",
        "safety_html": safety.body_html if safety else "",
        "safety_text": SAFETY_REMINDER,
    }
