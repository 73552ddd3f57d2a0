"""Quiz scores, for a session whose facilitator turned them on: a point for each right answer,
never points for speed. Each person sees only their own score, once the session has ended; a
leaderboard, a second choice, shows the best scores by nickname alone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sessions.deck import Deck

MAX_LEADERS = 10


def own_score(deck: Deck, responses: Mapping[str, Any]) -> dict[str, int]:
    """How many of the deck's scored steps (quizzes) the answers got right, and of how many."""
    scored = [step for step in deck.steps if step.activity.scored]
    right = sum(1 for s in scored if s.id in responses and s.activity.is_right(s, responses[s.id]))
    return {"right": right, "of": len(scored)}


def leaderboard(deck: Deck, people: Iterable[tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """The best scores, highest first (ties by nickname), of the people who answered a scored
    step: each nickname and score, nothing else about anyone."""
    scored = {step.id for step in deck.steps if step.activity.scored}
    ranked = sorted(
        (
            (own_score(deck, responses)["right"], name)
            for name, responses in people
            if scored & set(responses)
        ),
        key=lambda entry: (-entry[0], entry[1].casefold()),
    )
    entries = [{"name": name, "right": right} for right, name in ranked[:MAX_LEADERS]]
    return {"of": len(scored), "entries": entries}
