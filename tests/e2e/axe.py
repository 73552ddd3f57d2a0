"""The accessibility rule engine, axe-core, run inside a page in headless Chromium.

axe-core comes from npm, pinned: `tests/e2e/vendor/axe-core-<version>/axe.min.js` is the file
from the published package, checked against the checksum axe-core publishes for that version
(its `sri-history.json`), so an edited or swapped copy fails the suite rather than auditing
with unknown rules."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from pathlib import Path

AXE_VERSION = "4.14.1"
# From axe-core@4.14.1's own sri-history.json.
AXE_SRI = "sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="
AXE_PATH = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"

# WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def sri(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


@cache
def axe_source() -> str:
    data = AXE_PATH.read_bytes()
    if sri(data) != AXE_SRI:
        raise AssertionError(f"{AXE_PATH} is not axe-core {AXE_VERSION} as published")
    return data.decode("utf-8")


def violations(page, *, exclude: tuple[str, ...] = ()) -> list[str]:
    """Every WCAG 2.2 A/AA rule the page breaks now, one line per element. The engine is
    evaluated through the DevTools protocol, so the page's own CSP stays as strict as it is."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(axe_source())
    found = page.evaluate(
        """async ([tags, exclude]) => {
            const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
            const result = await axe.run(context, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            });
            const line = (v, n) => `${v.id} (${v.impact}): ${n.target.join(" ")} - `
                + n.failureSummary.replace(/\\s+/g, " ");
            return result.violations.flatMap((v) => v.nodes.map((n) => line(v, n)));
        }""",
        [WCAG_TAGS, list(exclude)],
    )
    return found


def assert_accessible(page, label: str) -> None:
    found = violations(page)
    assert not found, f"{label} ({page.url}) breaks WCAG 2.2 AA:\n" + "\n".join(found)
