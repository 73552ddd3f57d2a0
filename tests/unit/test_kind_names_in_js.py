"""No browser code outside a kind's own folder names a kind: the pages ask the kind registry
(static/kinds/registry.js) for the step's kind and read the flags of the step view. A kind's
name may appear only in its own folder, static/kinds/<kind>/, where each part registers itself.

A literal that merely spells a kind's name for something else is not one: a CSS class, an
element's id, a facilitator command (`open`), or the DOM's own word (`attachShadow` mode, a
date format's `numeric` day or year)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sessions.activities import KINDS

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
KINDS_FOLDER = STATIC / "kinds"

# Comments first, so that a quote inside one is not taken for a string. The code has no
# regular-expression literal holding a quote, which this would misread.
TOKEN = re.compile(
    r"//[^\n]*|/\*.*?\*/"
    r"|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`",
    re.S,
)
# What stands just before a literal (on its line) when the literal is not a kind's name.
OTHER_USES = {
    "a CSS class": re.compile(r"\bclass:\s*$"),
    "an element's id": re.compile(r"\$\(\s*$|getElementById\(\s*$"),
    "a facilitator command": re.compile(r"\bcommand\([^()]*$"),
    "a shadow root's mode": re.compile(r"attachShadow\(\{\s*mode:\s*$"),
    "a date format's option": re.compile(r"\b(?:year|month|day|hour|minute|second):\s*$"),
}


def kind_name_literals(source: str, names: set[str]) -> list[tuple[int, str]]:
    """(line, literal) for every string literal in `source` that is a kind's name, also inside
    a template literal's `${...}`, leaving out the other uses above."""
    found = []
    for token in TOKEN.finditer(source):
        text = token.group()
        if text.startswith("/"):
            continue
        if text.startswith("`"):
            # A template: its own words, and the literals inside its ${...} parts.
            found += [
                (source.count("\n", 0, token.start()) + line - 1, name)
                for line, name in kind_name_literals(text[1:-1], names)
            ]
        value = text[1:-1]
        if value not in names:
            continue
        line_start = source.rfind("\n", 0, token.start()) + 1
        before = source[line_start : token.start()]
        if any(rule.search(before) for rule in OTHER_USES.values()):
            continue
        found.append((source.count("\n", 0, token.start()) + 1, value))
    return found


def browser_modules() -> list[Path]:
    return sorted(
        path
        for path in STATIC.rglob("*.js")
        if "vendor" not in path.relative_to(STATIC).parts
        and not (path.parent.parent == KINDS_FOLDER and path.parent.name in KINDS)
    )


def test_no_browser_module_outside_a_kind_names_a_kind():
    names = set(KINDS)
    found = [
        f"{path.relative_to(ROOT)}:{line}: {literal!r}"
        for path in browser_modules()
        for line, literal in kind_name_literals(path.read_text(encoding="utf-8"), names)
    ]
    assert found == []


def test_every_kind_has_its_own_folder_of_browser_parts():
    folders = {p.name for p in KINDS_FOLDER.iterdir() if p.is_dir()}
    assert folders == set(KINDS)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('if (step.kind === "quiz") show();', ["quiz"]),
        ("const PRIVATE = new Set(['reflect', 'plan']);", ["reflect", "plan"]),
        ('h("p", { text: `${step.kind === "scale" ? "a" : "b"}` });', ["scale"]),
        ('// a "poll" in a comment\n/* and "plan" here */ f("open");', ["open"]),
        ('h("div", { class: "scale" });', []),
        ('const b = $("feedback");', []),
        ('command(snap.open ? "close" : "open");', []),
        ('host.attachShadow({ mode: "open" });', []),
        ('d.toLocaleDateString("en-GB", { day: "numeric", year: "numeric" });', []),
        ('const how = { inputmode: "numeric" };', ["numeric"]),
        ('const url = "https://example.org/quiz";', []),
    ],
)
def test_the_count_finds_kind_names_and_only_them(source, expected):
    names = {"poll", "quiz", "scale", "numeric", "open", "reflect", "plan", "feedback"}
    assert [literal for _, literal in kind_name_literals(source, names)] == expected
