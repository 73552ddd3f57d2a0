"""The screen, the console and the deck editor name their whole module tree up front, as the
phone's class page does (test_play_assets.py): every kind's parts among it, so that a kind
added to a page's imports but not to its template is caught here rather than loaded late."""

from __future__ import annotations

import re

import pytest

from tests.unit.test_play_assets import ROOT, STATIC, module_tree

PAGES = {
    "templates/screen/screen.html": "screen/screen.js",
    "templates/facilitator/console.html": "facilitator/console.js",
    "templates/editor/edit.html": "editor/editor.js",
}


@pytest.mark.parametrize(("template", "entry"), sorted(PAGES.items()))
def test_each_page_preloads_exactly_its_module_tree(template, entry):
    text = (ROOT / template).read_text(encoding="utf-8")
    named = set(re.findall(r"'([^']+\.js)'", text))
    assert named == module_tree(STATIC / entry)
