"""The class page names its whole module tree up front (so a slow phone fetches it at once,
and the join page fetches it ahead). A module added to the tree but not to the list would be
fetched late, one round trip after its importer; this keeps the two the same."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
# `import {a, b} from "./x.js"` (over several lines too), `export ... from`, `import "./x.js"`.
IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^"';]*?from\s+["']([^"']+)["']"""
    r"""|^\s*import\s+["']([^"']+)["']""",
    re.M,
)


def module_tree(entry: Path) -> set[str]:
    seen: set[Path] = set()
    todo = [entry]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        for found in IMPORT.finditer(module.read_text(encoding="utf-8")):
            target = found.group(1) or found.group(2)
            todo.append((module.parent / target).resolve())
    return {m.relative_to(STATIC).as_posix() for m in seen}


def listed(kind: str) -> set[str]:
    template = (ROOT / "templates/participant/_play_assets.html").read_text(encoding="utf-8")
    return set(re.findall(rf"'([^']+\.{kind})'", template))


def test_every_module_of_the_class_page_is_named_up_front():
    assert listed("js") == module_tree(STATIC / "participant/play.js")


def test_the_named_styles_exist():
    assert all((STATIC / name).is_file() for name in listed("css"))
