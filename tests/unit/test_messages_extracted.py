"""Every message a wrapped browser module asks for is in the catalogue's template, so that it can
be translated: extraction misses a call it cannot read (one inside a template literal's
`${...}`, say), and such a message would show in English in every language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.unit.test_phone_words_wrapped import ALL_MODULES, NOT_YET_WRAPPED, STATIC

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r'\b(?:t|plural)\(\s*("(?:[^"\\\n]|\\.)*")')
WRAPPED = [name for name in ALL_MODULES if name not in NOT_YET_WRAPPED]


def extracted() -> set[str]:
    with (ROOT / "translations" / "messages.pot").open("rb") as source:
        catalog = read_po(source)
    return {m.id[0] if isinstance(m.id, tuple | list) else m.id for m in catalog if m.id}


def asked_for(source: str) -> list[str]:
    return [json.loads(literal) for literal in CALL.findall(source)]


@pytest.mark.parametrize("name", WRAPPED)
def test_each_message_a_module_asks_for_was_extracted(name):
    known = extracted()
    missing = [m for m in asked_for((STATIC / name).read_text(encoding="utf-8")) if m not in known]
    assert missing == [], f"{name}: not extracted (run make messages, or unnest the call)"


def test_the_scan_reads_calls_and_their_escapes():
    source = 'h("p", { text: `${t("Nested")}` }); plural("{count} \\"x\\"", "{count} xs", n);'
    assert asked_for(source) == ["Nested", '{count} "x"']
    assert "Nested" not in extracted()
