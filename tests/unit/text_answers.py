"""Answers, results and audiences for the free-text kind tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from sessions.activities import FACILITATOR, NO_MODERATION, PARTICIPANT, SCREEN, InvalidResponse
from sessions.views import results_for

ROOM = [SCREEN, PARTICIPANT]
EVERYONE = [FACILITATOR, SCREEN, PARTICIPANT]


def validate(deck, step_id, value):
    step = deck.step_by_id(step_id)
    return step.activity.validate_response(step, value)


def refusal(deck, step_id, value) -> str:
    with pytest.raises(InvalidResponse) as caught:
        validate(deck, step_id, value)
    return str(caught.value)


def results(deck, step_id, responses, moderation=NO_MODERATION):
    step = deck.step_by_id(step_id)
    return step.activity.results(step, responses, moderation)


def seen_by(audience, deck, step_id, facts, *, revealed=True, min_responses=3):
    return results_for(
        audience,
        deck.step_by_id(step_id),
        facts,
        seq=7,
        revealed=revealed,
        min_responses=min_responses,
    )


def keys_anywhere(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_anywhere(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from keys_anywhere(inner)


def assert_plain_english(message: str) -> None:
    """A sentence a participant can read: no Python reprs, types or tracebacks."""
    assert message[:1].isupper()
    assert message.endswith(".")
    for artefact in ("None", "<", "{", "[", "Traceback", "Error", "'"):
        assert artefact not in message
