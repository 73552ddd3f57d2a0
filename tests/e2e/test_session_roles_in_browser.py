"""Roles on a session in headless Chromium against the real server: the facilitator invites a
moderator from the console, the moderator finds the class on their home page, and their
console shows only what a moderator can do (questions, alerts, results), while the server
refuses the rest. Both consoles pass axe. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from sessions.passwords import hash_password
from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PageErrors, sign_in
from tests.e2e.clients import Listener, join

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SAM_PASSWORD = "sam's own long passphrase"
DECK = "Making sense of back pain"


def add_staff(server, username: str) -> None:
    store = Store(str(server.database))
    try:
        store.accounts.create_user(username, hash_password(SAM_PASSWORD), "facilitator")
    finally:
        store.close()


def sign_in_as(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/signin")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(SAM_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()


def start_class(console, base_url: str) -> str:
    sign_in(console, base_url)
    deck = console.locator("li.deck").filter(has_text=DECK)
    deck.get_by_label("In a room (group)").check()
    deck.get_by_role("button", name=re.compile("start a session", re.I)).click()
    expect(console).to_have_url(re.compile(r"/console/"))
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    return re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())


def test_a_moderators_console_shows_only_what_a_moderator_can_do(server, browser, artifacts):
    add_staff(server, "sam")
    errors: list[PageErrors] = []
    lead = browser.new_context(viewport=LAPTOP).new_page()
    errors.append(PageErrors(lead, "facilitator"))
    code = start_class(lead, server.url)
    session_id = lead.url.rsplit("/", 1)[-1]

    running = lead.locator("#running")
    running.get_by_label("Staff account").select_option("sam")
    running.get_by_label("Role").select_option("moderator")
    running.get_by_role("button", name="Invite").click()
    expect(running).to_contain_text("sam now helps run this class as moderator.")
    expect(running).to_contain_text("sam: moderator")
    expect(running.get_by_role("button", name="Remove sam")).to_be_visible()
    expect(lead.locator("#connection")).to_have_attribute("data-state", "connected")
    assert_accessible(lead, "the facilitator's console, with a moderator")

    moderator = browser.new_context(viewport=LAPTOP).new_page()
    errors.append(PageErrors(moderator, "moderator"))
    sign_in_as(moderator, server.url, "sam")
    helping = moderator.locator(
        "section", has=moderator.get_by_role("heading", name="Classes you help run")
    )
    expect(helping).to_contain_text(f"You are moderating {DECK}")
    helping.get_by_role("link", name=re.compile("Open console")).click()
    expect(moderator.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(moderator.locator("#running-you")).to_contain_text("You are moderating this class")

    # What a moderator cannot do is not drawn.
    for hidden in (
        "#btn-next",
        "#btn-back",
        "#btn-end",
        "#btn-blank",
        "#outline",
        "#people-panel",
        "#later-panel",
    ):
        expect(moderator.locator(hidden)).to_be_hidden()
    expect(
        moderator.get_by_role("button", name=re.compile("^(Next|End session|Invite)"))
    ).to_have_count(0)
    expect(moderator.get_by_label("Staff account")).to_have_count(0)
    # What a moderator is there for is, and nothing tells them to press what they do not have.
    expect(moderator.locator("#stage")).to_be_visible()
    expect(moderator.locator("#stage")).to_contain_text("the facilitator shows the first step")
    expect(moderator.locator("#stage")).not_to_contain_text("press Next")
    expect(moderator.locator("#questions-panel")).to_be_visible()
    expect(moderator.locator("[data-testid=results]")).to_be_visible()

    # A question from a phone, approved by the moderator; the facilitator's console follows.
    phone = Listener(server.url, "/participant", {"token": join(server, code, "Pat")})
    try:
        assert phone.call("ask", {"id": "q1", "text": "Is swimming OK for my back?"})["ok"]
        question = moderator.locator("#questions-panel li", has_text="Is swimming OK")
        question.get_by_role("button", name="Approve").click()
        expect(question.get_by_role("button", name="Approved")).to_be_visible()
        lead_question = lead.locator("#questions-panel li", has_text="Is swimming OK")
        expect(lead_question.get_by_role("button", name="Approved")).to_be_visible()
    finally:
        phone.close()

    # The keys that move the room do nothing on a moderator's console.
    moderator.locator("body").focus()
    moderator.keyboard.press("PageDown")
    moderator.keyboard.press("b")
    expect(moderator.locator("#feedback")).to_be_empty()
    expect(lead.locator("#stage")).to_contain_text("Waiting to start")
    assert_accessible(moderator, "a moderator's console")
    moderator.screenshot(path=artifacts / "console-moderator.png", full_page=True)

    # The server refuses what the page does not draw, from any client of the moderator's.
    token = requests.post(
        f"{server.url}/api/tokens",
        json={"username": "sam", "password": SAM_PASSWORD},
        timeout=10,
    ).json()["token"]
    script = Listener(server.url, "/facilitator", {"token": token, "session_id": session_id})
    try:
        ack = script.call("next")
        assert ack["error"]["code"] == "not_allowed", ack
        assert "cannot move the room on" in ack["error"]["message"]
    finally:
        script.close()
    assert not [e for page_errors in errors for e in page_errors.found], errors
