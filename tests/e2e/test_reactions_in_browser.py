"""Live reactions in headless Chromium against the real server: two phones react by keyboard
alone, and the console and the screen show the counts; every view passes the rule engine."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import (
    LAPTOP,
    PHONE,
    Pages,
    join_class,
    open_screen,
    save_every_kind_deck,
    start_class,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_ID = "back-pain-reactions"
DECK_TITLE = "Back pain: reactions"


def test_phones_react_by_keyboard_and_the_console_and_screen_count_them(server, browser):
    save_every_kind_deck(server, DECK_ID, DECK_TITLE, min_responses=2)
    pages = Pages(browser)

    console = pages.open(LAPTOP, "console")
    code = start_class(console, server.url, DECK_TITLE)
    screen = open_screen(pages, console)
    ann, bob = pages.open(PHONE, "phone Ann"), pages.open(PHONE, "phone Bob")
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
    assert pages.errors == []
