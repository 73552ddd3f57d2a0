"""A Socket.IO handler only parses and hands over: every `on_*` method of the two sides'
namespaces is a few lines, its rules in sessions/ and its writing in the one write entry."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVENT_MODULES = [ROOT / "participant" / "events.py", ROOT / "facilitator" / "events.py"]
LONGEST = 5


def handlers(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name.startswith("on_")
    ]


def body_lines(handler: ast.FunctionDef) -> int:
    """Lines of code in the body, without the docstring."""
    body = handler.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


HANDLERS = [(path, handler) for path in EVENT_MODULES for handler in handlers(path)]


@pytest.mark.parametrize(
    ("path", "handler"),
    HANDLERS,
    ids=[f"{path.parent.name}.{handler.name}" for path, handler in HANDLERS],
)
def test_a_handler_is_at_most_five_lines(path, handler):
    assert body_lines(handler) <= LONGEST, f"{path.parent.name}/events.py {handler.name}"


def test_the_count_sees_every_side_and_skips_docstrings(tmp_path):
    assert {h.name for _, h in HANDLERS} >= {"on_answer", "on_moderate", "on_timer"}
    sample = tmp_path / "sample.py"
    sample.write_text('def on_x(self):\n    """Doc\n    string."""\n    a = 1\n    return a\n')
    [handler] = handlers(sample)
    assert body_lines(handler) == 2
