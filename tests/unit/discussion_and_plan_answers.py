"""Answers, results, views and audiences for the discussion and action plan tests."""

from __future__ import annotations

import pytest

from sessions.activities import FACILITATOR, PARTICIPANT, SCREEN, InvalidResponse
from sessions.views import results_for, step_view

ROOM = [SCREEN, PARTICIPANT]
EVERYONE = [FACILITATOR, SCREEN, PARTICIPANT]


def validate(deck, step_id, value):
    step = deck.step_by_id(step_id)
    return step.activity.validate_response(step, value)


def refusal(deck, step_id, value) -> str:
    with pytest.raises(InvalidResponse) as caught:
        validate(deck, step_id, value)
    return str(caught.value)


def results(deck, step_id, responses):
    step = deck.step_by_id(step_id)
    return step.activity.results(step, responses)


def seen_by(audience, deck, step_id, facts, *, revealed=True, min_responses=3):
    return results_for(
        audience,
        deck.step_by_id(step_id),
        facts,
        seq=4,
        revealed=revealed,
        min_responses=min_responses,
    )


def view(deck, step_id, audience):
    step = deck.step_by_id(step_id)
    return step_view(step, deck.index_of(step_id), audience, revealed=False)
