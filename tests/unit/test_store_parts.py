"""The store is a Database shared by parts with domain names. Each part may use only what it
defines, what its base defines, and the methods of the database and parts it was given, so
that no part leans on a method only a sibling defines. Read from the code with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sessions.store import PARTS, Store
from sessions.store.base import Part

ROOT = Path(__file__).resolve().parents[2]
STORE = ROOT / "sessions" / "store"


def classes() -> dict[str, ast.ClassDef]:
    found: dict[str, ast.ClassDef] = {}
    for path in sorted(STORE.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                found[node.name] = node
    return found


CLASSES = classes()
PART_CLASSES = sorted(
    name
    for name, node in CLASSES.items()
    if any(isinstance(base, ast.Name) and base.id == "Part" for base in node.bases)
)


def own_names(node: ast.ClassDef) -> set[str]:
    """Methods, class attributes, and attributes set on self in any method, its store bases'
    included (the Database takes its table writes from a base both engines share)."""
    names: set[str] = set()
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in CLASSES:
            names |= own_names(CLASSES[base.id])
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names.add(item.target.id)
    for sub in ast.walk(node):
        if isinstance(sub, (ast.Assign, ast.AnnAssign)):
            targets = sub.targets if isinstance(sub, ast.Assign) else [sub.target]
            for target in targets:
                if _on_self(target):
                    names.add(target.attr)  # type: ignore[attr-defined]
    return names


def given(node: ast.ClassDef) -> dict[str, str]:
    """self attribute -> the class of what __init__ was given for it (by its annotation)."""
    found = {"_db": "Database"}
    for item in node.body:
        if isinstance(item, ast.FunctionDef) and item.name == "__init__":
            types = {
                a.arg: a.annotation.id for a in item.args.args if isinstance(a.annotation, ast.Name)
            }
            for sub in ast.walk(item):
                if (
                    isinstance(sub, ast.Assign)
                    and _on_self(sub.targets[0])
                    and isinstance(sub.value, ast.Name)
                    and sub.value.id in types
                ):
                    found[sub.targets[0].attr] = types[sub.value.id]  # type: ignore[attr-defined]
    return found


def _on_self(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def misuses(name: str) -> list[str]:
    node = CLASSES[name]
    mine = own_names(node) | own_names(CLASSES["Part"])
    handed = given(node)
    wrong = []
    for sub in ast.walk(node):
        if not isinstance(sub, ast.Attribute):
            continue
        if _on_self(sub) and sub.attr not in mine:
            wrong.append(f"{name}: self.{sub.attr} is not its own")
        elif _on_self(sub.value) and sub.value.attr in handed:  # type: ignore[attr-defined]
            other = handed[sub.value.attr]  # type: ignore[attr-defined]
            if other in CLASSES and sub.attr not in own_names(CLASSES[other]):
                wrong.append(f"{name}: {other} has no {sub.attr}")
    return wrong


def test_the_reader_finds_every_part():
    assert len(PART_CLASSES) == len(PARTS)


@pytest.mark.parametrize("name", PART_CLASSES)
def test_a_part_uses_only_itself_and_what_it_was_given(name):
    assert misuses(name) == []


def test_the_check_catches_a_call_to_a_sibling_method(monkeypatch):
    source = (
        "class Room(Part):\n"
        "    def __init__(self, db: Database, sessions: Sessions):\n"
        "        self._sessions = sessions\n"
        "    def a(self):\n"
        "        self.deck_of('x')\n"
        "        self._sessions.no_such_method()\n"
    )
    monkeypatch.setitem(CLASSES, "Room", ast.parse(source).body[0])
    assert misuses("Room") == [
        "Room: self.deck_of is not its own",
        "Room: Sessions has no no_such_method",
    ]


def test_the_store_exposes_exactly_its_parts(tmp_path):
    store = Store(str(tmp_path / "parts.db"))
    try:
        exposed = {k for k, v in vars(store).items() if isinstance(v, Part)}
        assert exposed == set(PARTS)
        public = {n for n in dir(Store) if not n.startswith("_")}
        # `on` builds a store over a database already open (another engine, a test's clock).
        assert public == {"close", "checkpoint", "on"}
    finally:
        store.close()
