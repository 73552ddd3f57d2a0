"""Friendly generated display names ("Blue Heron") for participants who give none."""

from __future__ import annotations

import random

_COLOURS = (
    "Amber",
    "Blue",
    "Coral",
    "Copper",
    "Golden",
    "Green",
    "Hazel",
    "Indigo",
    "Jade",
    "Lilac",
    "Maple",
    "Olive",
    "Pearl",
    "Plum",
    "Red",
    "Ruby",
    "Sage",
    "Silver",
    "Teal",
    "Violet",
)
_ANIMALS = (
    "Badger",
    "Blackbird",
    "Dolphin",
    "Finch",
    "Fox",
    "Hare",
    "Hedgehog",
    "Heron",
    "Kestrel",
    "Kingfisher",
    "Lark",
    "Otter",
    "Owl",
    "Puffin",
    "Robin",
    "Seal",
    "Swallow",
    "Swan",
    "Wren",
    "Squirrel",
)


def friendly_name(rng: random.Random) -> str:
    return f"{rng.choice(_COLOURS)} {rng.choice(_ANIMALS)}"
