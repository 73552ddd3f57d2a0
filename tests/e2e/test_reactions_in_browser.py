"""Live reactions in headless Chromium against the real server: two phones react by keyboard
alone, and the console and the screen show the counts; every view passes the rule engine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, PageErrors, join_class, save_every_kind_deck, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_ID = "back-pain-reactions"
DECK_TITLE = "Back pain: reactions"


def test_phones_react_by_keyboard_and_the_console_and_screen_count_them(server, browser):
    save_every_kind_deck(server, DECK_ID, DECK_TITLE, min_responses=2)
    errors: list[PageErrors] = []

    def page(viewport, label):
        new = browser.new_context(viewport=viewport).new_page()
        errors.append(PageErrors(new, label))
        return new

    console = page(LAPTOP, "console")
    sign_in(console, server.url)
    console.get_by_role("button", name=f"Start a session with {DECK_TITLE}").click()
    expect(console).to_have_url(re.compile(r"/console/"))
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    screen = page(LAPTOP, "screen")
    screen.goto(console.get_by_role("link", name=re.compile("screen", re.I)).get_attribute("href"))
    ann, bob = page(PHONE, "phone Ann"), page(PHONE, "phone Bob")
    join_class(ann, server.url, code, "Ann")
    join_class(bob, server.url, code, "Bob")
    console.get_by_role("button", name="Next").click()

    def react_by_keyboard(phone, label, key):
        reactions = phone.get_by_role("group", name="React")
        button = reactions.get_by_role("button", name=label)
        button.focus()
        phone.keyboard.press(key)
        expect(phone.locator("#reactions-status")).to_have_text(f"Sent: {label}.")

    react_by_keyboard(ann, "Confused", "Enter")
    react_by_keyboard(bob, "Confused", "Space")
    react_by_keyboard(bob, "Agree", "Enter")

    panel = console.locator("#reactions-panel")
    expect(panel.locator("[data-reaction=confused] .reaction-counts__count")).to_have_text("2")
    expect(panel.locator("[data-reaction=agree] .reaction-counts__count")).to_have_text("1")
    expect(panel).not_to_contain_text("Ann")
    tally = screen.get_by_role("complementary", name="Reactions")
    expect(tally.locator("[data-reaction=confused] .screen-reactions__count")).to_have_text("2")
    expect(tally).to_contain_text("Confused")

    # A new step starts from nothing.
    console.get_by_role("button", name="Next").click()
    expect(panel).to_contain_text("None yet")
    expect(tally).to_be_hidden()

    react_by_keyboard(ann, "Helpful", "Enter")
    expect(tally.locator("[data-reaction=helpful] .screen-reactions__count")).to_have_text("1")
    for view, label in ((ann, "phone"), (console, "console"), (screen, "screen")):
        assert_accessible(view, f"reactions on the {label}")
    assert [e for p in errors for e in p.found] == []
