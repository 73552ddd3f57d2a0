"""The hazard log (docs/assurance/hazard-log.md) is complete and honest: every hazard has every
field, its risk is the matrix's for its severity and likelihood, a controlled hazard names
tests and is acceptable, an open one says what is planned, and every test it names exists."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOG = ROOT / "docs" / "assurance" / "hazard-log.md"
FIELDS = (
    "Cause",
    "Effect",
    "Severity",
    "Likelihood before",
    "Likelihood with controls",
    "Risk",
    "Controls",
    "Proved by",
    "Status",
)
SEVERITIES = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")
MATRIX = {  # likelihood: risk for each severity, as in the log's own table
    "Very high": (3, 4, 4, 5, 5),
    "High": (2, 3, 3, 4, 5),
    "Medium": (2, 2, 3, 3, 4),
    "Low": (1, 2, 2, 3, 4),
    "Very low": (1, 1, 2, 2, 3),
}
NODE_ID = re.compile(r"`(tests/[^`\s]+\.py::[^`\s]+)`")
_HAZARD = re.compile(r"^### (H\d\d)\. (.+)$", re.M)
_FIELD = re.compile(r"^- \*\*(.+?)\*\*: ?(.*)$")


def hazards(text: str) -> dict[str, dict[str, str]]:
    """{id: {field: text}}; a field's indented lines belong to it."""
    found: dict[str, dict[str, str]] = {}
    parts = _HAZARD.split(text)
    for hid, title, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=True):
        fields: dict[str, str] = {"title": title}
        current = None
        for line in body.splitlines():
            match = _FIELD.match(line)
            if match:
                current = match[1]
                fields[current] = match[2]
            elif current and line.startswith("  "):
                fields[current] += " " + line.strip()
        found[hid] = fields
    return found


@cache
def _names(path: Path) -> frozenset[str]:
    """'test_x' and 'TestClass::test_x' for the tests defined in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            }
    return frozenset(n for n in names if n.split("::")[-1].startswith("test_"))


def node_exists(node_id: str) -> bool:
    """Whether a pytest node id (without parameters) names a test that is in the repository."""
    path, _, name = node_id.partition("::")
    file = ROOT / path
    return file.is_file() and name.split("[")[0] in _names(file)


def risk(severity: str, likelihood: str) -> int:
    return MATRIX[likelihood][SEVERITIES.index(severity)]


LOGGED = hazards(LOG.read_text(encoding="utf-8"))


def test_the_log_lists_hazards_with_ids_in_order():
    assert len(LOGGED) >= 10
    assert list(LOGGED) == [f"H{n:02}" for n in range(1, len(LOGGED) + 1)]


@pytest.mark.parametrize("hid", list(LOGGED))
def test_each_hazard_has_every_field_and_the_matrix_risk(hid):
    hazard = LOGGED[hid]
    missing = [f for f in FIELDS if not hazard.get(f, "").strip()]
    assert not missing, f"{hid} lacks {missing}"
    severity = hazard["Severity"]
    before, after = hazard["Likelihood before"], hazard["Likelihood with controls"]
    assert severity in SEVERITIES, hid
    assert before in MATRIX, hid
    assert after in MATRIX, hid
    assert list(MATRIX).index(after) >= list(MATRIX).index(before), f"{hid} got likelier"
    assert hazard["Risk"] == f"{risk(severity, before)} → {risk(severity, after)}", hid


@pytest.mark.parametrize("hid", list(LOGGED))
def test_each_status_is_honest_about_its_tests_and_risk(hid):
    hazard = LOGGED[hid]
    status = hazard["Status"]
    named = NODE_ID.findall(hazard["Proved by"])
    residual = risk(hazard["Severity"], hazard["Likelihood with controls"])
    if status.startswith("Controlled"):
        assert named, f"{hid} is controlled but names no test"
        assert residual <= 2, f"{hid} is called controlled at residual risk {residual}"
    elif status.startswith("Partly controlled"):
        assert named, f"{hid} names no test for the part that is controlled"
        assert len(status) > len("Partly controlled.") + 20, f"{hid} does not say what is open"
    else:
        assert status.startswith("Open. Planned control: "), f"{hid}: unknown status {status!r}"


def test_every_test_the_log_names_exists():
    named = NODE_ID.findall(LOG.read_text(encoding="utf-8"))
    assert named
    assert [n for n in named if not node_exists(n)] == []


def test_a_test_that_is_not_there_is_caught():
    assert node_exists("tests/unit/test_redflags.py::test_matching_ignores_case")
    assert not node_exists("tests/unit/test_redflags.py::test_no_such_test")
    assert not node_exists("tests/unit/no_such_file.py::test_matching_ignores_case")
    assert not node_exists("tests/unit/test_redflags.py::LISTS")  # not a test


def test_a_hazard_missing_a_field_or_with_a_wrong_risk_is_read_as_such():
    text = (
        "### H01. Example\n\n- **Cause**: a\n  continued\n- **Severity**: Major\n"
        "- **Likelihood before**: Low\n"
    )
    [hazard] = hazards(text).values()
    assert hazard["Cause"] == "a continued"
    assert "Effect" not in hazard
    assert risk("Major", "Low") == 3


def test_the_safety_case_summarises_the_same_hazards_as_the_log():
    case = (ROOT / "docs" / "assurance" / "safety-case.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (H\d\d) (.+?) \| (\d) \| (.+?) \|$", case, re.M)
    summary = {hid: (title, int(residual), status) for hid, title, residual, status in rows}
    assert summary == {
        hid: (
            h["title"],
            risk(h["Severity"], h["Likelihood with controls"]),
            h["Status"].split(".")[0],
        )
        for hid, h in LOGGED.items()
    }
