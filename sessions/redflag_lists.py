"""The red-flag phrase lists as the scan reads them. A named list is an English file,
data/red_flags/<name>.yaml, and its translations, data/red_flags/<name>/<code>.yaml: for each
English entry the words a writer of that language would use, with the language's own negation,
clause-break and filler words and the list's review status. Every list is read once.

Text and phrases are folded alike before they are compared (`fold`): case folded, compatibility
forms and curly apostrophes made plain, and accents taken off Latin letters, since phones are
often typed without them ("pecherz" for "pęcherz", "dwr" for "dŵr")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

LISTS = Path(__file__).parent / "data" / "red_flags"
DRAFTED = "drafted"
_REVIEWED = re.compile(r"reviewed by a fluent speaker on \d{4}-\d{2}-\d{2}")
_CODE = re.compile(r"[a-z]{2,3}")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\uff07": "'"})
# Letters with no accent to take off that phones still type without it; and the Arabic
# letters an Urdu keyboard writes in its own forms, so that either spelling matches.
_PLAIN = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ي": "ی", "ى": "ی", "ك": "ک", "ه": "ہ"}
)
# Marks people mostly leave out and so may write or not: Arabic vowel marks, hamza and madda
# (أ إ آ are all ا without them), the tatweel, and the nukta of Devanagari, Bengali and Gurmukhi.
_OPTIONAL_MARKS = frozenset(
    [*map(chr, range(0x064B, 0x0660)), "\u0670", "\u0640", "\u093c", "\u09bc", "\u0a3c"]
)
# A word: letters, digits, apostrophes and the marks that are part of letters in other scripts
# (vowel signs, viramas), with the joiners some scripts write inside a word.
_MARKS = "".join(
    chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc")
)
WORDS = re.compile(f"(?:[^\\W_]|['\u200c\u200d{re.escape(_MARKS)}])+")

MAX_WORDS = 4
WORD_LISTS = ("negations", "clause_breaks", "fillers")
FIELDS = frozenset({"language", "status", "note", "phrases", *WORD_LISTS})

Slots = tuple[tuple[str, ...], ...]  # each word of a phrase: the word starts that stand for it


class PhraseListError(ValueError):
    """A phrase list file that cannot be read as one; the message names the file and entry."""


@dataclass(frozen=True)
class Language:
    """What the scan needs to read a denial in one language."""

    code: str
    negations: frozenset[str]
    clause_breaks: frozenset[str]
    fillers: frozenset[str]


@dataclass(frozen=True)
class Entry:
    """One phrase: the name an alert gives it, its words, and the English entry it stands for
    (a symptom with several phrases in a language alerts once, by the first found)."""

    label: str
    slots: Slots
    stands_for: str = ""


@dataclass(frozen=True)
class PhraseSet:
    """One language's phrases, read with that language's words."""

    language: Language
    entries: tuple[Entry, ...]
    status: str = ""


def fold(text: str) -> str:
    """Text as the scan compares it: case folded, compatibility forms made plain, curly
    apostrophes straight, accents off Latin letters and the optional marks off others (other
    scripts keep the rest of their marks, which are part of their letters)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_APOSTROPHES))
    kept: list[str] = []
    for ch in decomposed:
        if ch in _OPTIONAL_MARKS or (unicodedata.combining(ch) and kept and kept[-1] < "\u0250"):
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_PLAIN)


def _words(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise PhraseListError(f"{where}: must be a list of words")
    folded = [fold(w.strip()) for w in value]
    if not all(WORDS.fullmatch(w) for w in folded):
        raise PhraseListError(f"{where}: each must be one word of letters and apostrophes")
    return frozenset(folded)


def _slots(phrase: Any, where: str) -> tuple[str, Slots]:
    """'a/b c' as its label ('a c') and slots ((a, b), (c,)); a word may give alternatives,
    such as a word's mutated forms in Welsh."""
    words = phrase.split() if isinstance(phrase, str) else []
    if not 1 <= len(words) <= MAX_WORDS:
        raise PhraseListError(f"{where}: must be a phrase of 1 to {MAX_WORDS} words")
    slots: list[tuple[str, ...]] = []
    for word in words:
        alternatives = tuple(fold(a) for a in word.split("/"))
        if not all(WORDS.fullmatch(a) for a in alternatives):
            raise PhraseListError(
                f"{where}: '{word[:40]}' must be word starts of letters and apostrophes,"
                " alternatives split by '/'"
            )
        slots.append(alternatives)
    label = " ".join(unicodedata.normalize("NFC", w.split("/")[0].casefold()) for w in words)
    return label, tuple(slots)


def _entries(phrases: Any, english: tuple[str, ...], code: str, where: str) -> tuple[Entry, ...]:
    """Each English entry's phrases in the language. An entry may be a list of phrases, an
    empty list (the English words serve: the English list finds them), or the name of another
    entry whose phrases cover it (so that one symptom alerts once)."""
    if not isinstance(phrases, dict):
        raise PhraseListError(f"{where}: must map each English entry to its phrases")
    entries: list[Entry] = []
    for key, value in phrases.items():
        at = f"{where}['{key}']"
        if key not in english:
            raise PhraseListError(f"{at}: is not an entry of the English list")
        if isinstance(value, str):
            if not isinstance(phrases.get(value), list):
                raise PhraseListError(f"{at}: '{value[:40]}' names no entry with phrases")
            continue
        if not isinstance(value, list):
            raise PhraseListError(f"{at}: must be a list of phrases or another entry's name")
        for i, phrase in enumerate(value):
            label, slots = _slots(phrase, f"{at}[{i}]")
            entries.append(Entry(f"{label} ({code}: {key})", slots, key))
    return tuple(entries)


def translation(path: Path, english: tuple[str, ...]) -> PhraseSet:
    """A translated list file, checked: any mistake is a PhraseListError naming where."""
    where = f"{path.parent.name}/{path.name}"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise PhraseListError(f"{where}: cannot be read: {error}") from error
    if not isinstance(raw, dict):
        raise PhraseListError(f"{where}: must be a mapping with language, status and phrases")
    unknown = sorted(str(k) for k in set(raw) - FIELDS)
    if unknown:
        raise PhraseListError(f"{where}: unknown field {unknown[0]!r}")
    code = raw.get("language")
    if code != path.stem or not isinstance(code, str) or not _CODE.fullmatch(code):
        raise PhraseListError(f"{where}: language must be the file's name, {path.stem!r}")
    status = raw.get("status")
    if status != DRAFTED and not (isinstance(status, str) and _REVIEWED.fullmatch(status)):
        raise PhraseListError(
            f"{where}: status must be 'drafted' or 'reviewed by a fluent speaker on <YYYY-MM-DD>'"
        )
    words = {name: _words(raw.get(name, []), f"{where}: {name}") for name in WORD_LISTS}
    language = Language(code, words["negations"], words["clause_breaks"], words["fillers"])
    return PhraseSet(language, _entries(raw.get("phrases"), english, code, where), status)


def translations(name: str, english: tuple[str, ...]) -> tuple[PhraseSet, ...]:
    """Every translation of a named list, in the order of their codes."""
    folder = LISTS / name
    paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    return tuple(translation(path, english) for path in paths)
