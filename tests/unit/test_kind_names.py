"""A kind is one place: outside sessions/activities/, no Python code and no template names a
kind. Code asks the kind (the Activity surface) instead, so a new kind touches no other file."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from jinja2 import Environment

from sessions.activities import KINDS

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ("sessions", "server", "facilitator", "participant", "app.py", "run.py")
KIND_MODULES = ROOT / "sessions" / "activities"

# The same words in another sense, not kind names: each is counted, so the list cannot hide a
# new use of the word.
HOMONYMS = Counter(
    {
        ("sessions/store/base.py", "open"): 1,  # the live state's column: answers being taken
        ("sessions/views.py", "open"): 1,  # the same flag in each audience's snapshot
        ("sessions/roles.py", "open"): 1,  # the console's event that opens answers
    }
)
NOT_YET_MOVED: Counter[tuple[str, str]] = Counter()  # code still naming kinds: none left


def python_files() -> list[Path]:
    found: list[Path] = []
    for name in PYTHON:
        path = ROOT / name
        found.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return [p for p in found if not p.is_relative_to(KIND_MODULES)]


def docstrings(tree: ast.AST) -> set[int]:
    owners = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, owners) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def kind_literals_in_python(path: Path, kinds) -> list[tuple[int, str]]:
    """(line, text) of every string constant equal to a kind name, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in kinds
        and id(node) not in skipped
    ]


def kind_literals_in_template(path: Path, kinds) -> list[tuple[int, str]]:
    """(line, text) of every string literal inside a template's tags equal to a kind name."""
    tokens = Environment().lex(path.read_text(encoding="utf-8"))
    return [
        (line, value[1:-1])
        for line, token, value in tokens
        if token == "string" and value[1:-1] in kinds
    ]


def python_kind_literals(kinds) -> Counter:
    found: Counter = Counter()
    for path in python_files():
        for _, text in kind_literals_in_python(path, kinds):
            found[(path.relative_to(ROOT).as_posix(), text)] += 1
    return found


def test_no_python_outside_the_kinds_names_a_kind():
    found = python_kind_literals(KINDS)
    assert found - HOMONYMS - NOT_YET_MOVED == Counter()


def test_the_listed_exceptions_are_all_still_there():
    """An exception that is no longer needed is taken off the list."""
    found = python_kind_literals(KINDS)
    assert HOMONYMS + NOT_YET_MOVED - found == Counter()


def test_no_template_names_a_kind():
    found = {
        (path.relative_to(ROOT).as_posix(), line, text)
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for line, text in kind_literals_in_template(path, KINDS)
    }
    assert found == set()


def test_the_scans_find_kind_names_in_code_and_templates(tmp_path):
    code = tmp_path / "branch.py"
    code.write_text(
        '"""A module about the poll kind."""\n'
        "def rows(step):\n"
        '    """Rows for a quiz."""\n'
        '    if step.kind == "quiz":\n'
        "        return 1\n"
        '    return {"poll": 2}.get(step.kind, "pollster")\n',
        encoding="utf-8",
    )
    assert kind_literals_in_python(code, KINDS) == [(4, "quiz"), (6, "poll")]
    template = tmp_path / "page.html"
    template.write_text(
        "<p>a quiz</p>{% if step.kind == 'quiz' %}x{% endif %}{{ \"scale\" }}", encoding="utf-8"
    )
    assert kind_literals_in_template(template, KINDS) == [(1, "quiz"), (1, "scale")]
