"""A new kind of step costs its Python class and its browser folder, nothing else: "pulse",
defined only under tests/e2e/extra_kind/, is served by run.py's own code and reaches the
console, the screen and a phone through the kind registry, in headless Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sessions.activities import KINDS
from tests.e2e.browser import LAPTOP, PHONE, Pages, join_class, open_screen, save_deck, start_class
from tests.e2e.conftest import ROOT, Server
from tests.e2e.extra_kind.pulse import Pulse

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ENTRY = str(ROOT / "tests/e2e/extra_kind/serve.py")
TITLE = "Has the stretch helped?"
DECK = {
    "title": "A quick pulse",
    "min_responses": 1,
    # Installed from a file, with its approval, as the service's own decks are, so it starts.
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-30"},
    "steps": [{"id": "stretch", "kind": "pulse", "title": TITLE}],
}


@pytest.fixture
def pulse_server(tmp_path, monkeypatch):
    running = Server(tmp_path / "talkback.db", tmp_path / "server.log", entry=ENTRY).start()
    monkeypatch.setitem(KINDS, Pulse.kind, Pulse())  # this process too reads the deck it saves
    save_deck(running, "a-quick-pulse", DECK)
    yield running
    running.stop()


def test_a_kind_defined_only_in_the_test_runs_on_console_screen_and_phone(pulse_server, browser):
    url = pulse_server.url
    pages = Pages(browser)

    console = pages.open(LAPTOP, "console")
    code = start_class(console, url, DECK["title"])
    screen = open_screen(pages, console)
    phone = pages.open(PHONE, "phone")
    join_class(phone, url, code, "Ann")

    # The console names the kind as its own part says, in the outline and on the stage.
    expect(console.locator("#outline")).to_contain_text("Pulse")
    console.keyboard.press("ArrowRight")
    expect(console.locator("#stage")).to_contain_text("Pulse, yes or no")
    expect(screen.get_by_text("Tap Yes or No on your phone.")).to_be_visible()
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)

    phone.get_by_role("button", name="Yes").click()
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")
    expect(console.locator("[data-testid=results]")).to_contain_text("1 yes, 0 no")

    # Revealed, the room draws the results after what they hold: bars for the two answers.
    console.get_by_role("button", name=re.compile("^reveal", re.I)).click()
    expect(screen.locator(".screen-results .bars")).to_contain_text("Yes")
    expect(phone.locator(".reveal .bars")).to_contain_text("Yes")
    expect(phone.locator(".reveal")).to_contain_text("Your answer")

    assert pages.errors == []
