"""Spotting possible red-flag symptoms in free text, so the facilitator hears of them at once.
Which phrases count is the deck's choice (its `safety.red_flags`): its own phrases, or a named
list from data/red_flags/<name>.yaml, kept by clinicians, not in code."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

Phrases = tuple[tuple[str, ...], ...]

LISTS = Path(__file__).parent / "data" / "red_flags"
_SENTENCES = re.compile(r"[.!?\n;]+")
_WORDS = re.compile(r"[a-z0-9']+")


@cache
def phrase_list(name: str) -> Phrases:
    """A named phrase list: each entry the word starts that must share one sentence."""
    entries = yaml.safe_load((LISTS / f"{name}.yaml").read_text(encoding="utf-8"))
    return tuple(tuple(str(word).lower() for word in entry) for entry in entries)


def phrases_for(red_flags: str | tuple[str, ...]) -> Phrases:
    """A deck's `safety.red_flags` as phrases to scan for: none when it gives none."""
    if isinstance(red_flags, str):
        return phrase_list(red_flags)
    return tuple(tuple(phrase.split()) for phrase in red_flags)


def red_flags_in(text: str, phrases: Phrases) -> list[str]:
    """The phrases (as 'word word') that some sentence of the text mentions; empty if none."""
    found: list[str] = []
    normalised = text.lower().replace("\u2019", "'")
    for sentence in _SENTENCES.split(normalised):
        words = _WORDS.findall(sentence)
        for phrase in phrases:
            if all(any(w.startswith(part) for w in words) for part in phrase):
                label = " ".join(phrase)
                if label not in found:
                    found.append(label)
    return found
