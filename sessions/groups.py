"""Splitting the room into small discussion groups. Pure: the caller passes the randomness."""

from __future__ import annotations

from collections.abc import MutableSequence, Sequence
from typing import Any, Protocol


class Shuffler(Protocol):
    """What splitting draws on: a random.Random (seeded in tests and the demo)."""

    def shuffle(self, x: MutableSequence[Any]) -> None: ...


def split(people: Sequence[str], size: int, rng: Shuffler) -> list[list[str]]:
    """Shuffle people into groups of `size`; leftovers join other groups rather than sit in a
    group of one (seven people in threes are 3 + 4, not 3 + 3 + 1)."""
    shuffled = list(people)
    rng.shuffle(shuffled)
    if not shuffled:
        return []
    count = max(1, len(shuffled) // size)
    groups: list[list[str]] = [[] for _ in range(count)]
    for i, person in enumerate(shuffled):
        groups[i % count].append(person)
    return groups


def smallest(groups: Sequence[Sequence[str]]) -> int:
    """The index of the group a late joiner goes to: the smallest, the earliest among equals."""
    return min(range(len(groups)), key=lambda i: (len(groups[i]), i))


def cards_for(group_index: int, cards: Sequence[dict], per_group: int) -> list[dict]:
    """Each group draws `per_group` cards, dealt round the deck so neighbours differ."""
    if not cards:
        return []
    start = group_index * per_group
    return [dict(cards[(start + j) % len(cards)]) for j in range(min(per_group, len(cards)))]
