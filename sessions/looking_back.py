"""A person's own earlier answers, for the steps that look back at them (a plan review): in a
course, every session of it they joined; otherwise this session alone."""

from __future__ import annotations

from typing import Any

from sessions.activities import EarlierAnswer
from sessions.deck import Deck
from sessions.store import Store


def earlier_answers(store: Store, session_id: str, participant_id: str) -> list[EarlierAnswer]:
    """Oldest first. An answer to a step its session's deck no longer has is left out."""
    member = store.courses.member_of(participant_id)
    if member is not None:
        rows = store.courses.responses_of(member["id"])
    else:
        rows = [{**r, "position": 0} for r in store.responses.timed_of_participant(participant_id)]
    found = []
    for row in rows:
        step = store.sessions.deck_of(row["session_id"]).step_by_id(row["step_id"])
        if step is not None:
            found.append(
                EarlierAnswer(
                    step=step,
                    value=row["value"],
                    order=(row["position"], row["answered_at"]),
                    this_session=row["session_id"] == session_id,
                )
            )
    return found


def looking_back(store: Store, session_id: str, participant_id: str, deck: Deck) -> dict[str, Any]:
    """What each step of the deck that looks back shows this person, by step id; empty (and
    nothing read) for a deck without such a step."""
    steps = [step for step in deck.steps if step.activity.looks_back]
    if not steps:
        return {}
    earlier = earlier_answers(store, session_id, participant_id)
    return {step.id: step.activity.looked_back(step, earlier) for step in steps}
