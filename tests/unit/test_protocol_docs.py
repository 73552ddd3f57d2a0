"""docs/protocol.md names every Socket.IO event and every error code the code can send, read
from the code itself with `ast`, so that a new event or code cannot ship undocumented."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from tests.unit.markdown_tables import BrokenTable, code_spans, tables

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL = ROOT / "docs" / "protocol.md"
SOURCES = ("app.py", "server", "sessions", "facilitator", "participant")
BUILT_IN = {"connect", "disconnect"}  # Socket.IO's own events, not the protocol's
CODE = re.compile(r"^[a-z]+(_[a-z]+)*$")


def _modules() -> dict[Path, ast.Module]:
    paths: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        paths += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}


MODULES = _modules()


def _calls():
    """(called name, call node, where) for every call in the sources."""
    for path, tree in MODULES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                if isinstance(func, ast.Name):
                    yield func.id, node, where
                elif isinstance(func, ast.Attribute):
                    yield func.attr, node, where


def _string(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def client_events() -> dict[str, set[str]]:
    """Namespace -> the events its handlers take: the `on_<name>` methods of the class
    registered there, its bases' included."""
    classes = {
        node.name: node
        for tree in MODULES.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
    }

    def handlers(name: str) -> set[str]:
        node = classes.get(name)
        if node is None:
            return set()
        own = {
            item.name.removeprefix("on_")
            for item in node.body
            if isinstance(item, ast.FunctionDef) and item.name.startswith("on_")
        }
        for base in node.bases:
            if isinstance(base, ast.Name):
                own |= handlers(base.id)
        return own

    found: dict[str, set[str]] = {}
    for name, call, _ in _calls():
        if name == "on_namespace" and call.args and isinstance(call.args[0], ast.Call):
            made = call.args[0]
            namespace = _string(made.args[0]) if made.args else None
            if isinstance(made.func, ast.Name) and namespace:
                found[namespace] = handlers(made.func.id) - BUILT_IN
    return found


def server_events() -> set[str]:
    """The names the server emits: `emit("<name>", ...)`, `socketio.emit(...)` and the like."""
    return {
        name
        for func, call, _ in _calls()
        if func == "emit" and call.args and (name := _string(call.args[0])) is not None
    }


def error_codes() -> dict[str, set[str]]:
    """Code -> where it is sent: string constants given as the `code` of any function or
    exception that takes one (`error`, `api_error`, `Rejected`, `StoreError`, ...)."""
    takers: dict[str, int] = {}
    for tree in MODULES.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names = [arg.arg for arg in node.args.args]
                if names[:1] in (["self"], ["cls"]):
                    names = names[1:]
                if "code" in names:
                    takers.setdefault(node.name, names.index("code"))
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        names = [arg.arg for arg in item.args.args][1:]
                        if "code" in names:
                            takers[node.name] = names.index("code")
    found: dict[str, set[str]] = defaultdict(set)
    for func, call, where in _calls():
        if func not in takers:
            continue
        index = takers[func]
        given = call.args[index : index + 1] + [k.value for k in call.keywords if k.arg == "code"]
        for node in given:
            code = _string(node)
            if code is not None and CODE.match(code):
                found[code].add(f"{func}() at {where}")
    return found


def documented_events() -> dict[str, dict[str, set[str]]]:
    """From the events table: who sends it ("client" or "server") -> namespace -> events."""
    found: dict[str, dict[str, set[str]]] = {"client": defaultdict(set), "server": defaultdict(set)}
    table = next(t for t in tables(PROTOCOL.read_text(encoding="utf-8")) if t.header[0] == "event")
    for event, sender, namespaces in zip(
        table.column("event"), table.column("sent by"), table.column("namespaces"), strict=True
    ):
        for namespace in code_spans(namespaces):
            found[sender][namespace] |= set(code_spans(event))
    return found


def documented_codes() -> set[str]:
    """Every code in the first column of a table headed `code`."""
    return {
        code
        for table in tables(PROTOCOL.read_text(encoding="utf-8"))
        if table.header[0] == "code"
        for cell in table.column("code")
        for code in code_spans(cell)
    }


def test_the_protocol_page_has_no_broken_tables():
    tables(PROTOCOL.read_text(encoding="utf-8"))


def test_a_blank_line_inside_a_table_is_caught():
    split = "| code | meaning |\n| --- | --- |\n| `a` | one |\n\n| `b` | two |\n"
    with pytest.raises(BrokenTable, match="line 5"):
        tables(split)


def test_the_code_readers_find_what_the_handlers_send():
    assert {"answer", "snapshot", "ask"} <= client_events()["/participant"]
    assert {"snapshot", "results", "presence"} <= server_events()
    assert {"stale", "closed", "unknown_code", "conflict"} <= set(error_codes())


@pytest.mark.parametrize("namespace", ["/facilitator", "/participant", "/screen"])
def test_every_event_a_namespace_takes_is_documented_there_and_no_other(namespace):
    assert documented_events()["client"][namespace] == client_events()[namespace]


def test_every_event_the_server_sends_is_documented_and_no_other():
    sent = set().union(*documented_events()["server"].values())
    assert sent == server_events()


def test_every_error_code_the_code_can_send_is_documented():
    documented = documented_codes()
    missing = {code: sorted(at) for code, at in error_codes().items() if code not in documented}
    assert not missing, f"undocumented error codes: {missing}"


def test_every_documented_error_code_can_be_sent():
    assert documented_codes() <= set(error_codes())
