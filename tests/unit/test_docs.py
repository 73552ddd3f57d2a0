"""The documentation is kept true by tests, not by memory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sessions.activities import KINDS
from sessions.deck import STEP_FIELDS, parse_deck
from tests.unit.markdown_tables import Table, code_spans, tables

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md")) + sorted(ROOT.glob("*.md"))
NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
).split()


def decks_page() -> str:
    return (DOCS / "decks.md").read_text(encoding="utf-8")


def field_table(heading: str) -> Table:
    """The first table headed `field` in the section whose heading is `heading`."""
    found = [t for t in tables(decks_page()) if t.heading == heading and t.header[0] == "field"]
    assert found, f"docs/decks.md has no field table under '{heading}'"
    return found[0]


def named_fields(table: Table) -> set[str]:
    return {name for cell in table.column("field") for name in code_spans(cell)}


def kind_heading(kind: str) -> str:
    """A kind's section is the one whose heading ends with its name, such as
    'Word cloud (`wordcloud`)'."""
    for table in tables(decks_page()):
        if table.heading.endswith(f"(`{kind}`)"):
            return table.heading
    raise AssertionError(f"docs/decks.md has no section headed '... (`{kind}`)'")


def test_the_full_example_deck_in_the_docs_loads_and_uses_every_kind():
    example = decks_page().split("## A full example", 1)[1].split("```yaml", 1)[1]
    deck = parse_deck(example.split("```", 1)[0], source="docs/decks.md")
    assert {step.kind for step in deck.steps} == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_is_documented_for_authors_and_for_clients(kind):
    assert f"`{kind}`" in decks_page()
    assert f"`{kind}`" in (DOCS / "protocol.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kinds_section_lists_exactly_the_fields_it_takes(kind):
    assert named_fields(field_table(kind_heading(kind))) == set(KINDS[kind].fields)


def test_the_fields_of_every_step_are_the_ones_every_kind_takes():
    assert named_fields(field_table("Every step")) == set(STEP_FIELDS)


def test_the_kind_field_lists_every_kind():
    table = field_table("Every step")
    (limits,) = [row[3] for row in table.rows if code_spans(row[0]) == ["kind"]]
    assert set(code_spans(limits)) == set(KINDS)


def test_the_kinds_table_lists_every_kind():
    (table,) = [t for t in tables(decks_page()) if t.header[0] == "kind"]
    assert {name for cell in table.column("kind") for name in code_spans(cell)} == set(KINDS)


def test_every_count_of_kinds_is_the_number_there_are():
    counts = re.findall(r"\b(\w+) kinds\b", decks_page(), flags=re.IGNORECASE)
    said = {word.lower() for word in counts if word.lower() in NUMBERS}
    assert said == {NUMBERS[len(KINDS)]}, f"docs/decks.md counts the kinds as {said}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_table_is_split_or_ragged(page):
    tables(page.read_text(encoding="utf-8"))
