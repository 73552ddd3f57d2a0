"""Untrusted text stays inert in every view: names, answers and questions carrying script,
`javascript:` links and `onerror=` attributes are shown as text, never run."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.browser import CHROMIUM_ARGS, LAPTOP, PHONE, chromium_path
from tests.e2e.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

NAME = '<img src=x onerror="window.__xss=1">'
QUESTION = '"><svg onload="window.__xss=4">'
RED_FLAG = "numbness around my bottom <b onmouseover=window.__xss=5>"


def inert(page) -> None:
    """Nothing ran, and nothing was parsed into an element."""
    assert page.evaluate("window.__xss") is None
    hostile = "img[src='x'], svg[onload], b[onmouseover], a[href^='javascript']"
    assert page.locator(hostile).count() == 0


def test_hostile_text_is_shown_as_text_on_the_phone_console_and_screen(server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            console = browser.new_context(viewport=LAPTOP).new_page()
            console.goto(f"{server.url}/signin")
            console.get_by_label("Username").fill("demo")
            console.get_by_label("Password").fill(DEMO_PASSWORD)
            console.get_by_role("button", name=re.compile("sign in", re.I)).click()
            console.get_by_role("button", name=re.compile("start a session", re.I)).first.click()
            expect(console).to_have_url(re.compile(r"/console/"))
            code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
            dialogs = []

            def on_console_dialog(dialog):
                if "safety step" not in dialog.message:  # the expected skip warning
                    dialogs.append(dialog.message)
                dialog.accept()

            console.on("dialog", on_console_dialog)

            phone = browser.new_context(viewport=PHONE).new_page()
            phone.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            phone.goto(f"{server.url}/join?code={code}")
            phone.get_by_label(re.compile("name", re.I)).fill(NAME)
            phone.get_by_role("button", name=re.compile("join", re.I)).click()
            expect(phone).to_have_url(re.compile(r"/s/"))
            expect(phone.get_by_text(NAME, exact=False).first).to_be_visible()

            screen_url = console.get_by_role("link", name=re.compile("screen", re.I)).get_attribute(
                "href"
            )
            screen = browser.new_context(viewport=LAPTOP).new_page()
            screen.goto(screen_url)

            # A discussion step puts the name on the console; the reflection raises an alert.
            console.get_by_role("button", name=re.compile("Talk in small groups")).click()
            expect(console.get_by_text(NAME).first).to_be_visible()
            console.get_by_role("button", name=re.compile("Looking back on today")).click()
            phone.get_by_label(re.compile("remember", re.I)).fill(RED_FLAG)
            phone.get_by_role("button", name=re.compile("save|send", re.I)).first.click()
            expect(console.get_by_role("alert").first).to_contain_text(NAME)

            # A question, approved to the screen.
            ask = phone.get_by_role("button", name=re.compile("ask", re.I)).first
            ask.click()
            phone.get_by_label("Your question").fill(QUESTION)
            phone.get_by_role("button", name=re.compile("send", re.I)).last.click()
            console.get_by_role("button", name=re.compile("approve", re.I)).first.click()
            expect(screen.get_by_text(QUESTION).first).to_be_visible()

            for page in (phone, console, screen):
                inert(page)
            assert dialogs == []
        finally:
            browser.close()
