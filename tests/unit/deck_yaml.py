"""Deck YAML for the deck tests: one small step of each kind, and a deck made of them."""

from __future__ import annotations

import yaml

from sessions.deck import parse_deck


def slide(step_id: str = "welcome", **fields) -> dict:
    return {"id": step_id, "kind": "slide", "title": "Welcome", **fields}


def poll(step_id: str = "colour", **fields) -> dict:
    options = [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Blue"}]
    return {"id": step_id, "kind": "poll", "title": "Colour?", "options": options, **fields}


def quiz(step_id: str = "myth", **fields) -> dict:
    step = {
        "id": step_id,
        "kind": "quiz",
        "title": "Bed rest is best.",
        "options": [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}],
        "correct": "myth",
        "explanation": "Staying active helps.",
    }
    return {**step, **fields}


def scale(step_id: str = "confidence", **fields) -> dict:
    return {"id": step_id, "kind": "scale", "title": "How confident?", **fields}


def deck(*steps: dict, **fields) -> str:
    """A deck's YAML text; `steps` defaults to one slide."""
    data = {"title": "Test deck", "steps": list(steps) or [slide()], **fields}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def parse(text: str):
    return parse_deck(text, source="t.yaml")


def options(n: int) -> list[dict]:
    return [{"id": f"o{i}", "label": f"Option {i}"} for i in range(n)]
