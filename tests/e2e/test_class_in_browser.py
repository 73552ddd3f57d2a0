"""The class as people see it: a facilitator's console, the projector's screen and two phones,
in headless Chromium against the real server, on each engine (SQLite, and PostgreSQL). One
screenshot per view is kept."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import LAPTOP, PHONE, PageErrors
from tests.e2e.conftest import DEMO_PASSWORD, stored_count

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def open_page(browser, viewport, label, errors):
    page = browser.new_context(viewport=viewport).new_page()
    errors.append(PageErrors(page, label))
    return page


def test_a_physio_runs_the_class_with_two_phones(server_on_each_engine, browser, artifacts):
    server = server_on_each_engine
    answers_before = stored_count(server, "responses")  # the demo's past sessions
    errors: list[PageErrors] = []
    console = open_page(browser, LAPTOP, "console", errors)
    console.goto(f"{server.url}/signin")
    console.get_by_label("Username").fill("demo")
    console.get_by_label("Password").fill(DEMO_PASSWORD)
    console.get_by_role("button", name=re.compile("sign in", re.I)).click()
    console.get_by_role("button", name=re.compile("start a session", re.I)).first.click()
    expect(console).to_have_url(re.compile(r"/console/"))
    code_text = console.locator("[data-testid=join-code]").inner_text()
    code = re.sub(r"\D", "", code_text)
    assert len(code) == 6

    screen_url = console.get_by_role("link", name=re.compile("screen", re.I)).get_attribute("href")
    screen = open_page(browser, LAPTOP, "screen", errors)
    screen.goto(screen_url)
    expect(screen.get_by_text(code_text.strip()).first).to_be_visible()
    screen.screenshot(path=artifacts / "screen-lobby.png")

    phones = []
    for name in ("Ann", ""):
        phone = open_page(browser, PHONE, f"phone {name or 'anonymous'}", errors)
        phone.goto(f"{server.url}/join")
        phone.get_by_label(re.compile("code", re.I)).fill(f"{code[:3]} {code[3:]}")
        if name:
            phone.get_by_label(re.compile("name", re.I)).fill(name)
        phone.get_by_role("button", name=re.compile("join", re.I)).click()
        expect(phone).to_have_url(re.compile(r"/s/"))
        phones.append(phone)
    expect(phones[0].get_by_text("Ann").first).to_be_visible()
    phones[0].screenshot(path=artifacts / "phone-lobby.png")

    console.keyboard.press("ArrowRight")  # a presentation clicker sends arrow keys
    for phone in phones:
        expect(phone.get_by_role("heading", name=re.compile("welcome", re.I))).to_be_visible()

    # Jump to the single-choice poll: past the safety slide, so confirm the warning.
    console.on("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name=re.compile("How long has your back")).click()
    for phone in phones:
        expect(phone.get_by_text("Less than 6 weeks")).to_be_visible()
    phones[0].get_by_label("Over a year").check()
    phones[1].get_by_label("Less than 6 weeks").check()
    for phone in phones:
        phone.get_by_role("button", name=re.compile("send", re.I)).click()
        expect(phone.get_by_text(re.compile("saved", re.I)).first).to_be_visible()
    phones[0].screenshot(path=artifacts / "phone-poll-answered.png")

    expect(console.locator("[data-testid=results]")).to_contain_text("2")
    console.get_by_role("button", name=re.compile("^reveal", re.I)).click()
    expect(screen.get_by_text(re.compile("more people", re.I))).to_be_visible()
    console.screenshot(path=artifacts / "console-poll.png")
    screen.screenshot(path=artifacts / "screen-poll-withheld.png")

    console.get_by_role("button", name=re.compile("end session", re.I)).click()
    for phone in phones:
        expect(phone.get_by_text(re.compile("ended", re.I)).first).to_be_visible()

    problems = [p for e in errors for p in e.found]
    assert problems == []
    # Both phones' answers, in the database the server was given.
    assert stored_count(server, "responses") == answers_before + 2
