"""The CycloneDX bill of materials that `make sbom` writes lists every runtime dependency of
pyproject.toml, at a version the project accepts. Run by `make test` after `make sbom`; not in
the default test paths, because it needs the file that `make sbom` makes."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
SBOM = ROOT / "sbom.json"


def normalised(name: str) -> str:
    """A distribution name as PEP 503 compares them (Flask-SocketIO == flask_socketio)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(line) for line in project["dependencies"]]


def listed_versions(bom: dict) -> dict[str, str]:
    return {normalised(c["name"]): c.get("version", "") for c in bom.get("components", [])}


def problems(bom: dict, requirements: list[Requirement]) -> list[str]:
    """What is wrong with the bill for these requirements: missing or out-of-range entries."""
    found = []
    if bom.get("bomFormat") != "CycloneDX":
        found.append("not a CycloneDX document")
    listed = listed_versions(bom)
    for requirement in requirements:
        version = listed.get(normalised(requirement.name))
        if version is None:
            found.append(f"{requirement.name} is not listed")
        elif not requirement.specifier.contains(version, prereleases=True):
            found.append(f"{requirement.name} {version} is outside {requirement.specifier}")
    return found


@pytest.fixture(scope="module")
def bom() -> dict:
    if not SBOM.exists():
        pytest.fail("sbom.json is missing: run `make sbom` first")
    return json.loads(SBOM.read_text())


def test_the_bill_lists_every_runtime_dependency_in_range(bom):
    assert problems(bom, runtime_requirements()) == []


def test_the_bill_names_the_product_and_gives_each_component_a_purl(bom):
    assert bom["metadata"]["component"]["name"] == "talkback"
    assert all(c.get("purl", "").startswith("pkg:pypi/") for c in bom["components"])


def test_a_bill_missing_a_dependency_or_out_of_range_is_caught(bom):
    requirements = runtime_requirements()
    first = normalised(requirements[0].name)
    without = {
        **bom,
        "components": [c for c in bom["components"] if normalised(c["name"]) != first],
    }
    assert problems(without, requirements) == [f"{requirements[0].name} is not listed"]
    too_old = {
        **bom,
        "components": [
            {**c, "version": "0.0.1"} if normalised(c["name"]) == "flask" else c
            for c in bom["components"]
        ],
    }
    assert problems(too_old, requirements) == ["flask 0.0.1 is outside <4,>=3.1"]
