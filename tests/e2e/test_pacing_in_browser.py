"""The pacing co-pilot in headless Chromium against the real server: the console's quiet line
counts the class against the deck's planned minutes and, once behind, suggests the optional
step; the projected screen and the phone never show it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, Pages, join_class, open_screen, save_deck, start_class

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK = {
    "title": "A paced class",
    "min_responses": 1,
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-01"},
    "steps": [
        # Six seconds planned, so that the room is soon behind without a long wait.
        {"id": "welcome", "kind": "slide", "title": "Welcome", "minutes": 0.1},
        {
            "id": "moves",
            "kind": "slide",
            "title": "Everyday moves",
            "minutes": 3,
            "optional": True,
        },
        {"id": "close", "kind": "slide", "title": "Close", "minutes": 2},
    ],
}
SUGGESTION = "Time can be found: 'Everyday moves' is optional."


@pytest.fixture
def paced_server(server):
    save_deck(server, "a-paced-class", DECK)
    return server


def test_the_console_shows_the_pacing_line_and_the_room_does_not(paced_server, browser):
    url = paced_server.url
    pages = Pages(browser)

    console = pages.open(LAPTOP, "console")
    code = start_class(console, url, DECK["title"])
    line = console.locator("#pacing")
    expect(line).to_have_text(
        "Not started: 3 steps left, 5.1 minutes planned. The clock starts at the first step."
    )
    # Said politely to a screen reader, never interrupting.
    expect(line).to_have_attribute("role", "status")
    expect(line).to_have_attribute("aria-live", "polite")

    screen = open_screen(pages, console)
    phone = pages.open(PHONE, "phone")
    join_class(phone, url, code, "Ann")

    console.keyboard.press("ArrowRight")
    expect(console.locator("#stage")).to_contain_text("Welcome")
    expect(line).to_have_text(re.compile(r"^0 minutes in, on plan — 2 steps left, 5 minutes"))
    # The console asks again every half minute: within a minute or so the room is behind.
    expect(line).to_contain_text("1 behind plan", timeout=100_000)
    expect(line).to_contain_text(SUGGESTION)
    assert_accessible(console, "console with the pacing line")

    for other in (screen, phone):
        expect(other.get_by_role("heading", name="Welcome")).to_be_visible()
        text = other.locator("body").inner_text()
        assert "plan" not in text
        assert "optional" not in text
        assert other.locator("#pacing").count() == 0
    assert pages.errors == []
