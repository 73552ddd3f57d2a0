"""WCAG 2.2 AA, checked by a rule engine (axe-core) in headless Chromium on every page that
is not part of a live class: signing in, joining, help, the facilitator's home, the deck
library and editor, the review and admin pages, two-step sign-in (setting it up, the
recovery codes, the code page), and the error page. The live class (console,
screen and phone through every kind of step) is audited in test_accessible_class.py.

A page that gains a violation fails here, with the rule and the element named. Console
errors are not checked here: the engine itself sets inline styles that the pages' CSP refuses
(the other browser tests watch for the pages' own errors)."""

from __future__ import annotations

import re
import time
from dataclasses import replace

import pyotp
import pytest
from playwright.sync_api import expect

from server.languages import COOKIE, LANGUAGES
from sessions import mfa
from sessions.approved_steps import copy_of
from sessions.deck import deck_from_data, dump_deck
from sessions.passwords import hash_password
from sessions.store import Store
from tests.e2e.axe import (
    AXE_PATH,
    AXE_SRI,
    AXE_VERSION,
    assert_accessible,
    axe_source,
    sri,
    violations,
)
from tests.e2e.browser import LAPTOP, PHONE, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

ADMIN_PASSWORD = "an admin's own long passphrase"


def add_admin(server) -> None:
    store = Store(str(server.database))
    try:
        store.accounts.create_user("admin", hash_password(ADMIN_PASSWORD), "admin")
    finally:
        store.close()


def deck_with_a_changed_step(server) -> str:
    """A deck of the demo physio's holding version 1 of the FFT step, which then changes."""
    store = Store(str(server.database))
    try:
        demo = store.accounts.user_by_name("demo")
        entry = store.approved_steps.get("fft")
        steps = [{"id": "welcome", "kind": "slide", "title": "Welcome"}]
        steps += copy_of(entry, ["welcome"])
        deck_id = store.decks.create(
            dump_deck(deck_from_data({"title": "Feedback first", "steps": steps})),
            owner_id=demo["id"],
        )
        newer = replace(entry, steps=({**entry.steps[0], "body": "Tell us how we did."},))
        store.approved_steps.add_version(newer, after=1, note="Shorter words", user=demo)
        return deck_id
    finally:
        store.close()


def visit(page, url: str, label: str) -> None:
    response = page.goto(url)
    assert response is not None, f"{label}: {url} gave no response"
    assert response.ok, f"{label}: {url} gave {response.status}"
    page.wait_for_load_state("networkidle")
    assert_accessible(page, label)


def wrong_code(page, url: str, field: str, value: str, label: str) -> None:
    """A phone form sent with a code that is wrong, found by its field's id so that the
    check runs alike in every language."""
    visit(page, url, label)
    page.locator(f"#{field}").fill(value)
    page.locator(f"#{field}").press("Enter")
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page, f"{label} with a wrong code")


# English, two complete or partial catalogues, and a right-to-left one: each phone page
# once per language (the laptop pages below stay English whatever a phone chose).
@pytest.mark.parametrize("language", ["en", "cy", "ar", "ur"])
def test_the_phone_pages_anyone_can_reach_meet_wcag_aa_in_each_language(server, browser, language):
    context = browser.new_context(viewport=PHONE)
    context.add_cookies([{"name": COOKIE, "value": language, "url": server.url}])
    page = context.new_page()
    wrong_code(page, f"{server.url}/join", "code", "000 000", f"join ({language})")
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGES[language].tag)
    wrong_code(page, f"{server.url}/rejoin", "rejoin_code", "ABCDE-FGHJK", f"rejoin ({language})")
    wrong_code(page, f"{server.url}/helping", "helper_code", "ABCDE-FGHJK", f"helping ({language})")
    visit(page, f"{server.url}/help", f"help and safety ({language})")
    page.goto(f"{server.url}/notebook/not-a-real-link")
    assert_accessible(page, f"the not-found page ({language})")
    context.close()


def test_the_sign_in_page_meets_wcag_aa(server, browser):
    page = browser.new_context(viewport=LAPTOP).new_page()
    visit(page, f"{server.url}/signin", "sign in")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match")
    assert_accessible(page, "sign in with a wrong password")


def test_the_facilitators_pages_meet_wcag_aa(server, browser):
    page = browser.new_context(viewport=LAPTOP).new_page()
    sign_in(page, server.url)
    assert_accessible(page, "your classes")

    visit(page, f"{server.url}/decks", "deck library")
    visit(page, f"{server.url}/decks/back-pain-1/edit", "deck editor")
    visit(page, f"{server.url}/decks/back-pain-1/versions", "deck versions")
    visit(page, f"{server.url}/decks/import", "deck import")
    visit(page, f"{server.url}/decks/new", "new deck, with its templates")
    visit(page, f"{server.url}/library/steps", "approved steps")
    visit(page, f"{server.url}/library/steps/confidence", "one approved step")
    deck_id = deck_with_a_changed_step(server)
    visit(page, f"{server.url}/decks/{deck_id}/edit", "the editor, an approved step changed")
    expect(page.get_by_text("An approved step has changed: review and update")).to_be_visible()
    visit(page, f"{server.url}/decks/{deck_id}/approved-steps/updates", "a changed step to review")
    expect(page.get_by_role("button", name="Update the deck to version 2")).to_be_visible()

    visit(page, f"{server.url}/review/", "past sessions")
    page.get_by_role("link", name=re.compile("back pain", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "session report")
    visit(page, f"{server.url}/review/trends", "trends")
    visit(page, f"{server.url}/account/sign-in", "two-step sign-in, off")


def test_the_admin_pages_meet_wcag_aa(server, browser):
    """An admin signs in in two steps: the set-up pages the first time, the code page after."""
    add_admin(server)
    page = browser.new_context(viewport=LAPTOP).new_page()
    page.goto(f"{server.url}/signin")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    assert_accessible(page, "set up two-step sign-in")
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("alert")).to_contain_text("does not match")
    assert_accessible(page, "set up two-step sign-in with a wrong code")
    totp = pyotp.TOTP(page.locator("#mfa-secret").inner_text().replace(" ", ""))
    step = mfa.time_step(time.time())
    page.get_by_label("Code from the app").fill(totp.generate_otp(step))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert_accessible(page, "recovery codes")
    page.get_by_role("link", name="I have kept them: continue").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()
    visit(page, f"{server.url}/admin/accounts", "accounts")
    visit(page, f"{server.url}/admin/settings", "settings")
    visit(page, f"{server.url}/admin/audit", "audit log")
    visit(page, f"{server.url}/account/sign-in", "two-step sign-in, on")

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert_accessible(page, "enter your code")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("not right")
    assert_accessible(page, "enter your code, wrong")
    page.get_by_label("Code").fill(totp.generate_otp(step + 1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()
    visit(page, f"{server.url}/library/steps/fft", "an approved step, with its change form")


def test_the_rule_engine_finds_what_breaks_the_standard(browser):
    """The audit can fail: a page with an unlabelled image, an unnamed button and grey on
    grey text has violations, named by rule."""
    page = browser.new_page()
    page.set_content(
        '<html lang="en"><title>Broken</title><main><img src="x.png">'
        '<button></button><p style="color:#aaa;background:#bbb">faint</p></main></html>'
    )
    rules = {line.split(" ", 1)[0] for line in violations(page)}
    assert {"image-alt", "button-name", "color-contrast"} <= rules


def test_the_rule_engine_is_the_published_axe_core():
    assert sri(AXE_PATH.read_bytes()) == AXE_SRI
    assert f"axe v{AXE_VERSION}" in axe_source()[:200]
