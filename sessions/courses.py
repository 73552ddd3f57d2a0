"""Courses: an ordered series of sessions one person follows as themselves. Which of a course's
sessions a course link joins, the template course of the bundled decks, and the course
notebook made of each session's own notebook, newest first. Pure: no store, no Flask."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sessions.live import GROUP

# The bundled back-pain classes as a course: the first class, then the follow-up.
TEMPLATE_TITLE = "Back pain group"
TEMPLATE_PLAN: tuple[tuple[str, str], ...] = (("back-pain-1", GROUP), ("back-pain-2", GROUP))
MODE_LABELS = {"group": "Group", "one-to-one": "One-to-one", "self-paced": "Self-paced"}


def current_session(sessions: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The session a course link joins: of the course's started sessions still live, the
    latest in the course's order; None when none is live."""
    live = [s for s in sessions if s.get("session_id") and s.get("status") == "live"]
    return max(live, key=lambda s: s["position"]) if live else None


def next_to_start(sessions: Sequence[Mapping[str, Any]]) -> int | None:
    """The position of the first session not started yet, which staff start next."""
    waiting = [s["position"] for s in sessions if not s.get("session_id")]
    return min(waiting) if waiting else None


def plan_from_form(deck_ids: Sequence[str], modes: Sequence[str]) -> list[tuple[str, str]]:
    """The course's sessions as a staff form sends them, one row each; rows left without a
    deck are dropped (the form offers spare rows). A mode or deck left wrong is for the store
    to refuse in words."""
    return [
        (deck_id.strip(), (modes[i] if i < len(modes) else GROUP) or GROUP)
        for i, deck_id in enumerate(deck_ids)
        if deck_id.strip()
    ]


def course_notebook(
    title: str, books: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]]
) -> dict[str, Any]:
    """One notebook for the course: each session's own notebook (from sessions.notebook)
    under its place in the course, newest first, and the newest session's safety wording.
    `books` pairs each session the person joined (position, started_at) with its notebook."""
    ordered = sorted(books, key=lambda pair: pair[0]["position"], reverse=True)
    newest = ordered[0][1] if ordered else {}
    return {
        "title": title,
        "sessions": [
            {
                "number": place["position"] + 1,
                "started_on": str(place.get("started_at") or "")[:10],
                "book": book,
            }
            for place, book in ordered
        ],
        "safety_title": newest.get("safety_title", "When to get help"),
        "safety_html": newest.get("safety_html", ""),
        "safety_language": newest.get("safety_language", "en"),
        "safety_drafted": newest.get("safety_drafted", False),
    }
