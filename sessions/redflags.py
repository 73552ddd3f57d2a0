"""Spotting possible red-flag symptoms in free text, so the facilitator hears of them at once.
Which phrases count is the deck's choice (its `safety.red_flags`): its own phrases, or a named
list from data/red_flags/<name>.yaml, kept by clinicians, not in code.

A phrase a writer plainly denies ("no problems with my bladder") does not count. Negation is
read narrowly, so that doubt always alerts: only a negation word a few words before the phrase,
in the same clause, with only filler words between them ("I don't have control of my
bladder" still alerts)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

Phrases = tuple[tuple[str, ...], ...]

LISTS = Path(__file__).parent / "data" / "red_flags"
_SENTENCES = re.compile(r"[.!?\n;]+")
_WORDS = re.compile(r"[a-z0-9']+")
_CLAUSES = re.compile(r"[,:()\-\u2013\u2014\"]+")
NEGATIONS = frozenset(
    "no not never without don't dont doesn't doesnt didn't didnt haven't havent hasn't hasnt"
    " hadn't isn't isnt aren't wasn't weren't nor none nothing".split()
)
# Words that end a clause: a denial before them says nothing about what comes after.
CLAUSE_BREAKS = frozenset("but and or so because although though however except yet".split())
# The only words that may stand between a negation and the phrase it denies ("no problems
# with my bladder"); any other word ("no pain now, my bladder", "not able to hold my bladder")
# leaves the phrase counting.
FILLERS = frozenset(
    "a an any the my of with in on to from around at all have has had got getting been ever"
    " problem problems issue issues trouble change changes sign signs real really new".split()
)
WINDOW = 6


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


def _clauses(sentence: str) -> list[list[str]]:
    """A sentence's words split into clauses at punctuation and joining words."""
    clauses: list[list[str]] = []
    for piece in _CLAUSES.split(sentence):
        current: list[str] = []
        for word in _WORDS.findall(piece):
            if word in CLAUSE_BREAKS:
                clauses.append(current)
                current = []
            else:
                current.append(word)
        clauses.append(current)
    return [clause for clause in clauses if clause]


def _has_all(words: list[str], phrase: tuple[str, ...]) -> bool:
    return all(any(w.startswith(part) for w in words) for part in phrase)


def _denied(words: list[str], at: int) -> bool:
    """Whether a negation stands within WINDOW words before words[at], with only fillers
    between."""
    for back in range(1, WINDOW + 1):
        i = at - back
        if i < 0:
            return False
        if words[i] in NEGATIONS:
            return True
        if words[i] not in FILLERS:
            return False
    return False


def _mentions(words: list[str], phrase: tuple[str, ...]) -> bool:
    """Whether a clause mentions the phrase without plainly denying it. A denial reaches the
    phrase through its first-mentioned word ("no numbness in my bottom"), so the phrase is
    denied only when every mention of that word is."""
    if not _has_all(words, phrase):
        return False
    first = min(i for i, w in enumerate(words) if any(w.startswith(part) for part in phrase))
    lead = next(part for part in phrase if words[first].startswith(part))
    return any(not _denied(words, i) for i, w in enumerate(words) if w.startswith(lead))


def red_flags_in(text: str, phrases: Phrases) -> list[str]:
    """The phrases (as 'word word') that some sentence of the text mentions without plainly
    denying them; empty if none. Multi-word phrases still combine across a sentence's
    clauses ("Legs, both of them, feel odd")."""
    found: list[str] = []
    normalised = text.lower().replace("\u2019", "'")
    for sentence in _SENTENCES.split(normalised):
        words = _WORDS.findall(sentence)
        clauses = _clauses(sentence)
        for phrase in phrases:
            if not _has_all(words, phrase):
                continue
            in_one_clause = [clause for clause in clauses if _has_all(clause, phrase)]
            # Words spread over clauses are never read as denied.
            denied = bool(in_one_clause) and not any(_mentions(c, phrase) for c in in_one_clause)
            if not denied:
                label = " ".join(phrase)
                if label not in found:
                    found.append(label)
    return found
