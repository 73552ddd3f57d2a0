"""Decks with owners in headless Chromium against the real server: the console names the deck's
clinical owner and approval, asks before skipping a safety step the room has not seen (and
records the skip only once confirmed), and the start form refuses a draft with a clear message.
Each view is checked with axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sessions.deck import deck_from_data, dump_deck
from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PageErrors, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

POLL = re.compile("How long has your back")
DRAFT_TITLE = "Walking with confidence"


def skips(server, session_id):
    store = Store(str(server.database))
    try:
        return store.sessions.safety_skips(session_id)
    finally:
        store.close()


def test_the_console_asks_before_skipping_a_safety_step_and_records_it(server, browser, artifacts):
    console = browser.new_context(viewport=LAPTOP).new_page()
    errors = PageErrors(console, "console")
    sign_in(console, server.url)
    deck = console.locator("li.deck").filter(has_text="Making sense of back pain")
    expect(deck).to_contain_text("Approved")
    expect(deck).to_contain_text("Clinical owner: Talkback clinical content lead")
    deck.get_by_role("button", name=re.compile("start a session", re.I)).click()
    expect(console).to_have_url(re.compile(r"/console/"))
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    session_id = re.search(r"/console/([^/?#]+)", console.url).group(1)
    expect(console.locator("#deck-governance")).to_contain_text(
        "approved by Talkback clinical safety officer"
    )
    assert_accessible(console, "console with the deck's owner")

    asked: list[str] = []

    def answer(accept):
        def handle(dialog):
            asked.append(dialog.message)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    console.once("dialog", answer(False))
    console.locator("#outline").get_by_role("button", name=POLL).click()
    for _ in range(100):  # the question comes once the server has refused the plain move
        if asked:
            break
        console.wait_for_timeout(50)
    assert len(asked) == 1
    assert "The safety step “When to get help” has not been shown yet." in asked[0]
    assert "Skip it anyway? This is recorded" in asked[0]
    expect(console.locator("#stage")).not_to_contain_text("How long has your back")
    assert skips(server, session_id) == []  # declined: nothing moved, nothing recorded

    console.once("dialog", answer(True))
    console.locator("#outline").get_by_role("button", name=POLL).click()
    expect(console.locator("#stage")).to_contain_text("How long has your back")
    recorded = skips(server, session_id)
    assert [(s["step_title"], s["skipped_by_name"]) for s in recorded] == [
        ("When to get help", "demo")
    ]
    console.screenshot(path=artifacts / "console-after-a-recorded-skip.png", full_page=True)
    assert_accessible(console, "console after a recorded skip")
    assert not errors.found


def test_the_start_form_refuses_a_draft_with_a_clear_message(server, browser, artifacts):
    store = Store(str(server.database))
    try:
        owner = store.accounts.user_by_name("demo")["id"]
        data = {
            "title": DRAFT_TITLE,
            "governance": {
                "owner": "A. Patel",
                "owner_role": "MSK lead",
                "review_by": "2020-01-31",
            },
            "steps": [{"id": "help", "kind": "slide", "title": "When to get help", "locked": True}],
        }
        draft = store.decks.create(dump_deck(deck_from_data(data)), owner_id=owner)
    finally:
        store.close()
    page = browser.new_context(viewport=LAPTOP).new_page()
    errors = PageErrors(page, "home")
    sign_in(page, server.url)
    card = page.locator("li.deck").filter(has_text=DRAFT_TITLE)
    expect(card).to_contain_text("Draft: not approved")
    expect(card).to_contain_text("Review overdue")
    card.get_by_role("button", name=re.compile("start a session", re.I)).click()
    summary = page.get_by_role("alert").filter(has_text="The session did not start")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(f"“{DRAFT_TITLE}” is a draft")
    expect(page.locator("#start-deck")).to_contain_text("Try it from the editor")
    assert "/console/" not in page.url
    page.screenshot(path=artifacts / "start-form-refuses-a-draft.png", full_page=True)
    assert_accessible(page, "start form refusing a draft")
    store = Store(str(server.database))
    try:
        assert (
            store.db.execute(
                "SELECT count(*) FROM sessions WHERE deck_id = ?", (draft,)
            ).fetchone()[0]
            == 0
        )
    finally:
        store.close()
    assert not [p for p in errors.found if "status of 400" not in p]  # the refused start
