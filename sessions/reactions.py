"""Live reactions: a small fixed set of signals a phone can send at any time while the session
is live ("I agree", "I'm confused"), counted per step and never tied to who sent them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sessions.deck import Deck
from sessions.live import LiveState, Rejected
from sessions.words import N_

LOBBY = ""  # the step id reactions are counted under before the first step


@dataclass(frozen=True)
class Reaction:
    id: str
    emoji: str
    label: str  # what a screen reader says, and what is printed under the emoji


REACTIONS = (
    Reaction("agree", "👍", "Agree"),
    Reaction("helpful", "❤️", "Helpful"),
    Reaction("surprised", "😮", "Surprised"),
    Reaction("confused", "😕", "Confused"),
)
BY_ID = {r.id: r for r in REACTIONS}


def step_reacted_to(state: LiveState, deck: Deck) -> str:
    """The step a reaction is counted under: the one the person is on (their own in a
    self-paced session, the room's otherwise). Refused once the session has ended."""
    if state.ended:
        raise Rejected("ended", N_("This session has ended."))
    step = state.current_step(deck)
    return step.id if step is not None else LOBBY


def counts_view(counts: Mapping[str, int]) -> list[dict[str, Any]]:
    """Every reaction of the set in its order, with how many were sent (0 when none)."""
    return [
        {"id": r.id, "emoji": r.emoji, "label": r.label, "count": counts.get(r.id, 0)}
        for r in REACTIONS
    ]


def report_entries(deck: Deck, by_step: Mapping[str, Mapping[str, int]]) -> list[dict[str, Any]]:
    """Per step, in deck order (the lobby first), what the room sent; steps with none left out."""
    titled = [(LOBBY, 0, "Before the first step")] + [
        (step.id, number, step.title) for number, step in enumerate(deck.steps, start=1)
    ]
    return [
        {
            "step_id": step_id,
            "number": number,
            "title": title,
            "reactions": counts_view(by_step[step_id]),
            "total": sum(by_step[step_id].values()),
        }
        for step_id, number, title in titled
        if sum(by_step.get(step_id, {}).values()) > 0
    ]
