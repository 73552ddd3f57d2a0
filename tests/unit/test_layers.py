"""The direction of imports: `facilitator/`, `participant/` -> `server/` -> `sessions/`; the two
sides never import each other; `sessions/` knows nothing of the web layer, and its pure modules
(and the sessions modules they lean on) do no I/O; only run.py imports eventlet or gevent."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = ROOT / "sessions"
MODULES = sorted(SESSIONS.rglob("*.py"))

WEB = {"flask", "flask_socketio", "flask_wtf", "socketio", "engineio", "eventlet", "gevent"}
ADAPTERS = {"facilitator", "participant", "server", "app", "run"}
IO = {
    "sqlite3", "sqlite_utils", "os", "time", "random", "datetime", "secrets", "uuid", "socket",
    "subprocess", "shutil", "pathlib", "io", "threading", "urllib", "requests", "logging",
}  # fmt: skip
PURE = ["deck", "activities", "live", "views", "rules", "commands", "themes"]


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, by full dotted name, at any depth (including inside
    functions and `if TYPE_CHECKING:` blocks)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x / from .x import y
                base = "sessions" + (f".{node.module}" if node.module else "")
                found.add(base)
                found.update(f"sessions.{alias.name}" for alias in node.names if not node.module)
            elif node.module:
                found.add(node.module)
                if node.module == "sessions":
                    found.update(f"sessions.{alias.name}" for alias in node.names)
    return found


def tops(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


def module_file(name: str) -> Path | None:
    """The file of a sessions module named relative to sessions/ ('deck', 'activities.base')."""
    path = SESSIONS.joinpath(*name.split("."))
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def pure_closure(name: str) -> set[str]:
    """A module and every sessions module it imports, followed through."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for imported in imports_of(module_file(current)):
            parts = imported.split(".")
            if parts[0] == "sessions" and len(parts) > 1:
                for depth in range(len(parts), 1, -1):
                    relative = ".".join(parts[1:depth])
                    if module_file(relative):
                        todo.append(relative)
                        break
    return seen


def test_the_domain_has_modules_to_check():
    assert all(module_file(name) for name in ("deck", "activities", "live", "views", "store"))


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(SESSIONS)) for p in MODULES])
def test_the_domain_imports_nothing_from_the_web_layer(path):
    forbidden = tops(imports_of(path)) & (WEB | ADAPTERS)
    assert not forbidden, f"sessions/{path.name} imports {sorted(forbidden)}"


@pytest.mark.parametrize("name", PURE)
def test_a_pure_module_and_what_it_imports_from_sessions_do_no_io(name):
    for module in sorted(pure_closure(name)):
        forbidden = tops(imports_of(module_file(module))) & IO
        assert not forbidden, f"sessions/{module} (used by {name}) imports {sorted(forbidden)}"


@pytest.mark.parametrize("name", PURE)
def test_a_pure_module_does_not_reach_the_store(name):
    assert not pure_closure(name) & {"store", "migrations", "reports"}


def test_the_import_check_sees_imports_of_every_form(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os.path\n"
        "from flask import g\n"
        "from . import store\n"
        "from .live import decide\n"
        "def later():\n"
        "    import eventlet\n"
    )
    assert {"os.path", "flask", "sessions.store", "sessions.live", "eventlet"} <= imports_of(sample)


def test_the_import_check_sees_the_stores_sql():
    assert {"sqlite3", "sqlite_utils"} <= tops(imports_of(SESSIONS / "store" / "base.py"))
    assert "store" not in pure_closure("live")
    assert {"live", "deck", "activities", "fields", "markup"} <= pure_closure("views")


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


# What each layer may not import: the layers above it, and the side beside it.
ABOVE = {
    "server": {"facilitator", "participant", "app", "run"},
    "facilitator": {"participant", "app", "run"},
    "participant": {"facilitator", "app", "run"},
}
LAYERED = [(layer, path) for layer in ABOVE for path in python_files(layer)]


@pytest.mark.parametrize(
    ("layer", "path"), LAYERED, ids=[str(p.relative_to(ROOT)) for _, p in LAYERED]
)
def test_a_layer_imports_nothing_above_it_or_beside_it(layer, path):
    forbidden = tops(imports_of(path)) & ABOVE[layer]
    assert not forbidden, f"{path.relative_to(ROOT)} imports {sorted(forbidden)}"


def test_only_run_py_imports_the_green_servers():
    everything = [
        ROOT / "app.py",
        *(p for folder in ("sessions", *ABOVE) for p in python_files(folder)),
    ]
    importers = [
        p.relative_to(ROOT) for p in everything if tops(imports_of(p)) & {"eventlet", "gevent"}
    ]
    assert not importers
    assert {"eventlet", "gevent"} <= tops(imports_of(ROOT / "run.py"))


def test_the_serving_runtime_is_a_package_and_the_top_level_holds_only_the_entry_points():
    assert (ROOT / "server" / "README.md").exists()
    loose = sorted(p.name for p in ROOT.glob("*.py"))
    assert loose == ["app.py", "run.py"]
