"""Every word the phone shows goes through the catalogue: the phone's templates, the shared error
page, and every browser module the class page loads (the list in _play_assets.html)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.unit.shown_text import unwrapped_in_module, unwrapped_in_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
STATIC = ROOT / "static"

PHONE_TEMPLATES = sorted(
    str(path.relative_to(TEMPLATES)) for path in (TEMPLATES / "participant").glob("*.html")
) + ["error.html", "base.html"]
PHONE_MODULES = re.findall(
    r"'((?:participant|common|kinds)/[^']+\.js)'",
    (TEMPLATES / "participant" / "_play_assets.html").read_text(encoding="utf-8"),
)
# Every other template and module (staff pages, the screen, the editor, the console): their
# words must go through the catalogue too, once they are wrapped.
ALL_TEMPLATES = sorted(str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html"))
ALL_MODULES = sorted(
    str(path.relative_to(STATIC))
    for path in STATIC.rglob("*.js")
    if "vendor" not in path.relative_to(STATIC).parts
)
# Files whose words show in English in every language, while they wait to be wrapped: none
# now (a new step's first words, deck text, are marked deckText() instead). A file added here
# must have something left to wrap, or it fails.
NOT_YET_WRAPPED: set[str] = set()


def unwrapped(name: str) -> list[str]:
    if name.endswith(".html"):
        return unwrapped_in_template((TEMPLATES / name).read_text(encoding="utf-8"))
    return unwrapped_in_module((STATIC / name).read_text(encoding="utf-8"))


def test_the_class_page_loads_modules_to_check():
    assert "participant/play.js" in PHONE_MODULES
    assert "common/messages.js" in PHONE_MODULES


@pytest.mark.parametrize(
    "name", sorted(set(PHONE_TEMPLATES + PHONE_MODULES + ALL_TEMPLATES + ALL_MODULES))
)
def test_phone_words_go_through_the_catalogue(name):
    found = unwrapped(name)
    if name in NOT_YET_WRAPPED:
        assert found, f"{name} has nothing left to wrap: take it off NOT_YET_WRAPPED"
    else:
        assert found == [], f"{name} shows words outside the catalogue: {found}"


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('<p>Hello there</p><p>{{ _("Wrapped") }}</p>', ["Hello there"]),
        ('<img alt="A chart" src="x.png"><p>{{ name }} – Talkback</p>', ['alt="A chart"']),
        ("{# a comment #}<script>const x = 'Not shown';</script>", []),
    ],
)
def test_the_template_scan_finds_bare_words(source, found):
    assert unwrapped_in_template(source) == found


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('h("p", { text: "Answers are closed." })', ["Answers are closed."]),
        ('h("p", { text: t("Answers are closed.") })', []),
        ('plural("{count} answer", "{count} answers", n)', []),
        ("el.textContent = `You are in group ${n}.`;", ["You are in group  ."]),
        ('import { t } from "../common/messages.js"; el.className = "notice notice--error";', []),
        ('// "A comment"\nif (key === "Enter") go("Next");', ["Next"]),
        ('const soft = "please wait a moment.";', ["please wait a moment."]),
        ('const alt = "QR code of your link. Scan it.";', ["QR code of your link. Scan it."]),
        ('step.title = deckText("My plan"); h("p", { text: "My plan" })', ["My plan"]),
    ],
)
def test_the_module_scan_finds_bare_words(source, found):
    assert unwrapped_in_module(source) == found
