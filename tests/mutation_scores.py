"""The mutation score of each mutated module, from the results of the last `mutmut run`:
python -m tests.mutation_scores sessions.live sessions.activities ...
A package names every module in it; `sessions.activities.__init__` names the package's own."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

# A mutant is named after its module and function: sessions.live.x_decide__mutmut_3, or
# sessions.live.xǁTimerǁseconds_left__mutmut_1 for a method.
NAME = re.compile(r"^\s*(?P<module>[\w.]+?)\.xǁ?\w*?__mutmut_\d+: (?P<status>.+)$")
CAUGHT = {"killed", "timeout"}
UNRUN = {"not checked", "skipped"}


def module_of(name: str) -> str:
    """A package's own mutants (sessions.activities.x_register__mutmut_1) are its __init__'s,
    so that `sessions.activities.__init__` can be scored on its own like any other file."""
    is_package = Path(*name.split(".")).joinpath("__init__.py").is_file()
    return f"{name}.__init__" if is_package else name


def tally(lines: list[str]) -> dict[str, Counter[str]]:
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        match = NAME.match(line)
        if match:
            by_module[module_of(match["module"])][match["status"].strip()] += 1
    return by_module


def main(prefixes: list[str]) -> int:
    mutmut = Path(sys.executable).with_name("mutmut")
    listing = subprocess.run(
        [str(mutmut), "results", "--all", "true"], capture_output=True, text=True, check=True
    )
    by_module = tally(listing.stdout.splitlines())
    print(
        f"{'module':32} {'caught':>7} {'survived':>9} {'untested':>9} {'not run':>8} {'score':>7}"
    )
    for module in sorted(by_module):
        if not any(module == p or module.startswith(p + ".") for p in prefixes):
            continue
        counts = by_module[module]
        caught = sum(counts[s] for s in CAUGHT)
        run = sum(n for s, n in counts.items() if s not in UNRUN)
        survived = counts["survived"]
        untested = counts["no tests"]
        unrun = sum(counts[s] for s in UNRUN)
        score = f"{100 * caught / run:.1f}%" if run else "-"
        print(f"{module:32} {caught:>7} {survived:>9} {untested:>9} {unrun:>8} {score:>7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
