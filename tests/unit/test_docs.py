"""The documentation is kept true by tests, not by memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.activities import KINDS
from sessions.deck import parse_deck

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_the_full_example_deck_in_the_docs_loads_and_uses_every_kind():
    text = (DOCS / "decks.md").read_text(encoding="utf-8")
    example = text.split("## A full example", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    deck = parse_deck(example, source="docs/decks.md")
    assert {step.kind for step in deck.steps} == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_is_documented_for_authors_and_for_clients(kind):
    assert f"`{kind}`" in (DOCS / "decks.md").read_text(encoding="utf-8")
    assert f"`{kind}`" in (DOCS / "protocol.md").read_text(encoding="utf-8")
