"""What "New deck" offers besides a blank deck and a copy of one: templates (an education
session, a peer-support session, a one-to-one review, a self-paced refresher) made of the
library's approved steps and a few slides to fill in, and the library's first approved steps,
taken from a bundled deck. The lists are data (sessions/data/); reading them is the caller's.
Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sessions.approved_steps import ApprovedStep, copy_of
from sessions.deck import Deck, DeckError, deck_from_data, deck_to_data


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    description: str
    steps: tuple[Mapping[str, Any], ...]  # a step, or {use: approved step id, part: n}

    @property
    def uses(self) -> list[str]:
        return list(dict.fromkeys(s["use"] for s in self.steps if "use" in s))


def parse_templates(data: Any) -> list[Template]:
    if not isinstance(data, list):
        raise DeckError("templates", "must be a list")
    return [
        Template(str(t["id"]), str(t["title"]), str(t.get("description", "")), tuple(t["steps"]))
        for t in data
    ]


def template_deck(
    template: Template, entries: Mapping[str, ApprovedStep], *, title: str = ""
) -> dict[str, Any]:
    """A new deck's data from a template, with the latest version of each approved step it
    uses, checked by the deck loader. A template whose approved step is gone is refused."""
    steps: list[dict[str, Any]] = []
    for item in template.steps:
        if "use" not in item:
            steps.append(dict(item))
            continue
        entry = entries.get(item["use"])
        if entry is None:
            raise DeckError("template", f"the approved step '{item['use']}' is not in the library")
        copies = copy_of(entry, [s["id"] for s in steps])
        part = item.get("part")
        steps.extend(copies if part is None else [copies[int(part) - 1]])
    data = {"title": title.strip() or template.title, "steps": steps}
    return deck_to_data(deck_from_data(data))


@dataclass(frozen=True)
class Seed:
    id: str
    deck: str
    step_ids: tuple[str, ...]
    title: str
    description: str


def parse_seeds(data: Any) -> list[Seed]:
    if not isinstance(data, list):
        raise DeckError("seeds", "must be a list")
    return [
        Seed(str(s["id"]), str(s["deck"]), tuple(s["steps"]), str(s["title"]), s["description"])
        for s in data
    ]


def seed_data(seed: Seed, deck: Deck) -> dict[str, Any]:
    """An approved step's first version, copied from the bundled deck's steps."""
    by_id = {s["id"]: s for s in deck_to_data(deck)["steps"]}
    missing = [step_id for step_id in seed.step_ids if step_id not in by_id]
    if missing:
        raise DeckError(seed.id, f"the deck {seed.deck} has no step '{missing[0]}'")
    steps: Sequence[Mapping[str, Any]] = [by_id[step_id] for step_id in seed.step_ids]
    return {"title": seed.title, "description": seed.description, "steps": list(steps)}
