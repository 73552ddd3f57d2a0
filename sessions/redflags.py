"""Spotting possible red-flag symptoms in free text, so the facilitator hears of them at once.
The phrases live in data/red_flags.yaml, kept by clinicians, not in code."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

_DATA = Path(__file__).parent / "data" / "red_flags.yaml"
_SENTENCES = re.compile(r"[.!?\n;]+")
_WORDS = re.compile(r"[a-z0-9']+")


@cache
def _phrases() -> tuple[tuple[str, ...], ...]:
    entries = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return tuple(tuple(str(word).lower() for word in entry) for entry in entries)


def red_flags_in(text: str) -> list[str]:
    """The phrases (as 'word word') that some sentence of the text mentions; empty if none."""
    found: list[str] = []
    normalised = text.lower().replace("\u2019", "'")
    for sentence in _SENTENCES.split(normalised):
        words = _WORDS.findall(sentence)
        for phrase in _phrases():
            if all(any(w.startswith(part) for w in words) for part in phrase):
                label = " ".join(phrase)
                if label not in found:
                    found.append(label)
    return found
