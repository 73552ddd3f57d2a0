"""Headless Debian Chromium driven by Playwright; no browser is downloaded."""

from __future__ import annotations

import re
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


def sign_in(page, base_url: str) -> None:
    """Sign in as the demo facilitator; ends on "Your classes"."""
    from playwright.sync_api import expect

    from tests.e2e.conftest import DEMO_PASSWORD

    page.goto(f"{base_url}/signin")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()


def join_class(page, base_url: str, code: str, name: str = "") -> None:
    """Join a class from a phone with its code (typed with a space, as people do)."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/join")
    page.get_by_label("Class code").fill(f"{code[:3]} {code[3:]}")
    if name:
        page.get_by_label("Your name (optional)").fill(name)
    page.get_by_role("button", name="Join the class").click()
    expect(page).to_have_url(re.compile(r"/s/"))
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")
