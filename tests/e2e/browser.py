"""Headless Debian Chromium driven by Playwright; no browser is downloaded."""

from __future__ import annotations

import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed: apt-get install chromium (.ci/run does this)")
    return path


class PageErrors:
    """Collects what the browser reports as broken on a page: console errors (CSP violations
    among them) and uncaught exceptions."""

    def __init__(self, page, label: str):
        self.found: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.found.append(f"{label}: {m.text}"))
        page.on("pageerror", lambda e: self.found.append(f"{label}: {e}"))
