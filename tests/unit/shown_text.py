"""Finds words meant for people that a template or a browser module writes out as they are,
not through the catalogue (`_()` in templates, `t()` and `plural()` in modules). Practical,
not a parser: text nodes and the attributes people hear or read in templates; in modules,
string literals that read like a sentence or a capitalised label, outside t() and plural()
(and deckText(), which marks deck text, written in English whatever the page's language)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Words that are the same in every language: the product's name.
SAME_IN_EVERY_LANGUAGE = ("Talkback",)
SPOKEN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description"}
# Key names and event names that look like words but are never shown.
NOT_SHOWN = {
    "Enter", "Escape", "Tab", "Home", "End", "Space", "Spacebar", "Backspace", "Delete",
    "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "PageUp", "PageDown",
    "io client disconnect", "io server disconnect",  # Socket.IO's reasons, compared only
    "Content-Type", "AbortError",  # a request header, an error's name
}  # fmt: skip
_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
# A page's body class names the page's look, and its main id an element, not words: dropped
# with their blocks.
_BODY_CLASS = re.compile(r"\{% block (?:body_class|main_id) %\}.*?\{% endblock %\}", re.DOTALL)
_LETTER = re.compile(r"[^\W\d_]")


def _has_words(text: str) -> bool:
    for same in SAME_IN_EVERY_LANGUAGE:
        text = text.replace(same, "")
    return bool(_LETTER.search(text))


class _TextNodes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value and _has_words(value):
                self.found.append(f'{name}="{value}"')

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and _has_words(data):
            self.found.append(data.strip())


def unwrapped_in_template(source: str) -> list[str]:
    """Text a template shows that is not inside a Jinja expression (where `_()` lives)."""
    parser = _TextNodes()
    parser.feed(_JINJA.sub(" ", _BODY_CLASS.sub(" ", source)))
    parser.close()
    return parser.found


def string_literals(source: str) -> list[tuple[str, str]]:
    """Each string literal of a module, with the code just before it (comments removed).
    A template literal's ${...} parts count as code, not text."""
    found: list[tuple[str, str]] = []
    code: list[str] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else n
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif c in "\"'`":
            j, text = i + 1, []
            while j < n and source[j] != c:
                if source[j] == "\\":
                    text.append(source[j : j + 2])
                    j += 2
                    continue
                if c == "`" and source.startswith("${", j):
                    depth, j = 1, j + 2
                    while j < n and depth:
                        depth += {"{": 1, "}": -1}.get(source[j], 0)
                        j += 1
                    text.append(" ")
                    continue
                text.append(source[j])
                j += 1
            found.append(("".join(code[-40:]), "".join(text)))
            code.append(" ")
            i = j + 1
        else:
            code.append(c)
            i += 1
    return found


_CATALOGUE_CALL = re.compile(r"\b(?:t|plural)\(\s*$")
_PLURAL_SECOND = re.compile(r"\bplural\(\s*,\s*$")
_IMPORT = re.compile(r"\b(?:import|from)\s*$")
# Deck text (a new step's first words), written in English like the rest of a deck.
_DECK_TEXT = re.compile(r"\bdeckText\(\s*$")
_THROWN = re.compile(r"\bnew \w*Error\(\s*$")  # for the people who write the code, not the phone's


def _reads_as_text(text: str) -> bool:
    words = text.strip()
    if not words or words in NOT_SHOWN:
        return False
    capitalised = re.match(r"[A-Z](?:[a-z]|\s)", words) is not None
    sentence = re.fullmatch(r"[a-z']+( [a-z']+)+[.?!…:]?", words) is not None and (
        words.count(" ") >= 2 or words[-1] in ".?!…:"
    )
    # "QR code of your link. Scan it…": words and a full stop, however it starts.
    prose = words.count(" ") >= 2 and words[-1] in ".?!…" and _LETTER.search(words) is not None
    return capitalised or sentence or prose


def unwrapped_in_module(source: str) -> list[str]:
    """String literals of a browser module that read as words for people, outside the
    catalogue calls."""
    shown = []
    for before, text in string_literals(source):
        if _CATALOGUE_CALL.search(before) or _PLURAL_SECOND.search(before):
            continue
        if _IMPORT.search(before) or _THROWN.search(before) or _DECK_TEXT.search(before):
            continue
        if _reads_as_text(text):
            shown.append(text)
    return shown
