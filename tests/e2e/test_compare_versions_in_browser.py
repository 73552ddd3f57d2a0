"""Comparing two versions of a deck in headless Chromium against the real server: a physio
rewords a step, picks the two versions from the versions page, reads what changed, restores
the earlier one, and the page passes the rule engine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import PageErrors, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WIDE = {"width": 1440, "height": 900}


def test_a_physio_compares_two_versions_and_restores_the_first(server, browser):
    page = browser.new_context(viewport=WIDE).new_page()
    errors = PageErrors(page, "versions")
    sign_in(page, server.url)
    page.goto(f"{server.url}/decks")
    page.get_by_label("New deck").fill("Pacing at home")
    page.get_by_role("button", name="Create a deck").click()
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)
    title = page.locator("#step-form").get_by_label("Title", exact=True)
    original = title.input_value()
    title.fill(f"{original}, at your own pace")
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)

    page.get_by_role("link", name="Versions", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Versions of"))).to_be_visible()
    page.get_by_label("From version").select_option("1")
    page.get_by_label("to version").select_option("2")
    page.get_by_label("to version").press("Tab")  # by keyboard: on to Compare, and press it
    expect(page.get_by_role("button", name="Compare")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What changed from version 1 to version 2"
    )
    expect(page.locator("#diff-summary")).to_have_text(
        "0 steps added, 0 removed, 0 moved, 1 changed."
    )
    change = page.get_by_role("list", name="Changed steps").get_by_role("listitem")
    expect(change).to_contain_text("Changed")
    expect(change.locator("ins")).to_contain_text("at your own pace")
    assert_accessible(page, "two versions compared")

    page.get_by_role("button", name="Restore version 1").click()
    expect(page.get_by_text("Version 1 is restored, as version 3.")).to_be_visible()
    assert errors.found == []
