"""Spotting possible red-flag symptoms in free text, so the facilitator hears of them at once.
Which phrases count is the deck's choice (its `safety.red_flags`): its own phrases, or a named
list from data/red_flags/<name>.yaml, kept by clinicians, not in code. A named list is scanned
in English and in every language it has a translation for (data/red_flags/<name>/), whatever
the phone's language: people write in the language that comes to them, so scanning all is the
safe choice.

A phrase a writer plainly denies ("no problems with my bladder") does not count. Negation is
read narrowly, in the phrase's own language, so that doubt always alerts: only a negation word
a few words before the phrase, in the same clause, with only filler words between them ("I
don't have control of my bladder" still alerts)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, cached_property

import yaml

from sessions.redflag_lists import (
    LISTS,
    WORDS,
    Entry,
    Language,
    PhraseSet,
    Slots,
    fold,
    translations,
)

Phrases = tuple[tuple[str, ...], ...]

_SENTENCES = re.compile(r"[.!?\n;\u061f\u061b\u06d4\u0964\u0965]+")
_CLAUSES = re.compile(r"[,:()\-\u2013\u2014\"\u060c]+")

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
ENGLISH = Language("en", NEGATIONS, CLAUSE_BREAKS, FILLERS)
WINDOW = 6


@dataclass(frozen=True)
class Scan:
    """The phrase sets a text is scanned against: English first, then each translation."""

    sets: tuple[PhraseSet, ...]

    def __bool__(self) -> bool:
        return any(s.entries for s in self.sets)

    @cached_property
    def longest(self) -> int:
        """The longest word start of any phrase: a text's word starts longer are never asked."""
        return max(
            (len(a) for s in self.sets for e in s.entries for slot in e.slots for a in slot),
            default=0,
        )


@cache
def phrase_list(name: str) -> Phrases:
    """A named English phrase list: each entry the word starts that must share one sentence."""
    entries = yaml.safe_load((LISTS / f"{name}.yaml").read_text(encoding="utf-8"))
    return tuple(tuple(str(word).lower() for word in entry) for entry in entries)


@cache
def _english(phrases: Phrases) -> PhraseSet:
    entries = tuple(Entry(" ".join(p), tuple((w,) for w in p)) for p in phrases)
    return PhraseSet(ENGLISH, entries)


@cache
def named_scan(name: str) -> Scan:
    """A named list in English and every translation, read and checked once."""
    english = phrase_list(name)
    labels = tuple(" ".join(p) for p in english)
    return Scan((_english(english), *translations(name, labels)))


def all_lists(names: tuple[str, ...]) -> None:
    """Read every named list and its translations now, so that a bad file stops the start with
    its reason rather than failing the first answer that is scanned."""
    for name in names:
        named_scan(name)


def phrases_for(red_flags: str | tuple[str, ...]) -> Scan:
    """A deck's `safety.red_flags` as phrases to scan for: none when it gives none."""
    if isinstance(red_flags, str):
        return named_scan(red_flags)
    return Scan((_english(tuple(tuple(phrase.split()) for phrase in red_flags)),))


def _clauses(sentence: str, breaks: frozenset[str]) -> list[list[str]]:
    """A sentence's words split into clauses at punctuation and joining words."""
    clauses: list[list[str]] = []
    for piece in _CLAUSES.split(sentence):
        current: list[str] = []
        for word in WORDS.findall(piece):
            if word in breaks:
                clauses.append(current)
                current = []
            else:
                current.append(word)
        clauses.append(current)
    return [clause for clause in clauses if clause]


def _has_all(words: list[str], slots: Slots) -> bool:
    return all(any(w.startswith(starts) for w in words) for starts in slots)


def _denied(words: list[str], at: int, language: Language) -> bool:
    """Whether a negation stands within WINDOW words before words[at], with only fillers
    between."""
    for back in range(1, WINDOW + 1):
        i = at - back
        if i < 0:
            return False
        if words[i] in language.negations:
            return True
        if words[i] not in language.fillers:
            return False
    return False


def _mentions(words: list[str], slots: Slots, language: Language) -> bool:
    """Whether a clause mentions the phrase without plainly denying it. A denial reaches the
    phrase through its first-mentioned word ("no numbness in my bottom"), so the phrase is
    denied only when every mention of that word is."""
    if not _has_all(words, slots):
        return False
    first = min(i for i, w in enumerate(words) if any(w.startswith(s) for s in slots))
    lead = next(starts for starts in slots if words[first].startswith(starts))
    return any(not _denied(words, i, language) for i, w in enumerate(words) if w.startswith(lead))


def red_flags_in(text: str, phrases: Phrases | Scan) -> list[str]:
    """The phrases (as 'word word', or 'word word (cy: english words)' for a translation's) that
    some sentence of the text mentions without plainly denying them; empty if none. Multi-word
    phrases still combine across a sentence's clauses ("Legs, both of them, feel odd")."""
    scan = phrases if isinstance(phrases, Scan) else Scan((_english(phrases),))
    longest = scan.longest
    found: list[str] = []
    symptoms: set[tuple[str, str]] = set()  # (language, English entry) of a translation's
    for sentence in _SENTENCES.split(fold(text)):
        words = WORDS.findall(sentence)
        if not words:
            continue
        # Every start of every word, so that most phrases are ruled out by a set look-up.
        starts = {word[:i] for word in words for i in range(1, min(len(word), longest) + 1)}
        for phrase_set in scan.sets:
            language = phrase_set.language
            clauses: list[list[str]] | None = None
            for entry in phrase_set.entries:
                symptom = (language.code, entry.stands_for)
                if entry.label in found or symptom in symptoms:
                    continue
                if not all(not starts.isdisjoint(slot) for slot in entry.slots):
                    continue
                if clauses is None:
                    clauses = _clauses(sentence, language.clause_breaks)
                in_one = [clause for clause in clauses if _has_all(clause, entry.slots)]
                # Words spread over clauses are never read as denied.
                if not in_one or any(_mentions(c, entry.slots, language) for c in in_one):
                    found.append(entry.label)
                    if entry.stands_for:
                        symptoms.add(symptom)
    return found
