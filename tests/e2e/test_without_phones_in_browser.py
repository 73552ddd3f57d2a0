"""Nobody left out, in headless Chromium against the real server: the physio adds someone
without a phone on the console and answers a poll, a scale and the plan for them with the
phone's own forms, by keyboard, then opens their notebook to print; a phone asks the physio
privately, the physio replies on the console and, after the class, from the review page.
Each new view passes axe. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, PageErrors, join_class
from tests.e2e.test_console_in_browser import start

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

POLL = re.compile("How long has your back")
SCALE_BEFORE = 3  # the first confidence scale, before the safety slide is passed
PLAN = re.compile("My action plan")
GOAL = "My goal: what I want to get back to"


def open_page(browser, viewport, label, errors):
    page = browser.new_context(viewport=viewport).new_page()
    errors.append(PageErrors(page, label))
    return page


def go(console, title) -> None:
    console.locator("#outline").get_by_role("button", name=title).first.click()


def panel(console):
    return console.locator("#people-panel")


def test_the_physio_answers_for_someone_without_a_phone_and_prints_their_notebook(
    server, browser, artifacts
):
    errors: list[PageErrors] = []
    console = open_page(browser, LAPTOP, "console", errors)
    console.on("dialog", lambda dialog: dialog.accept())  # going past the unseen safety slide
    start(console, server.url, "In a room (group)")
    people = panel(console)
    saved = people.locator(".answer-for > .people-status")

    # Add her by keyboard: type the initials, press Enter.
    people.get_by_label("Name or initials").fill("Mrs K")
    people.get_by_label("Name or initials").press("Enter")
    expect(people.get_by_role("heading", name="Mrs K")).to_be_visible()
    expect(console.locator("#participant-count")).to_contain_text("1")
    assert_accessible(console, "console with someone without a phone")

    # A poll: her answer is chosen and sent from the keyboard.
    go(console, POLL)
    expect(console.locator("#stage")).to_contain_text("How long has your back")
    form = people.locator("details.answer-for")
    expect(form).to_have_attribute("open", "")
    people.get_by_label("Over a year").press("Space")
    people.get_by_role("button", name="Send answer").press("Enter")
    expect(saved).to_contain_text("Saved for Mrs K")
    expect(console.locator("#results")).to_contain_text("1")
    assert_accessible(console, "console answering a poll for someone")
    console.screenshot(path=artifacts / "console-answer-for-poll.png", full_page=True)

    # A scale.
    console.locator("#outline").locator("button[data-index]").nth(SCALE_BEFORE).click()
    expect(console.locator("#stage")).to_contain_text("How confident")
    people.get_by_label(re.compile(r"^4$")).check()
    people.get_by_role("button", name="Send answer").click()
    expect(saved).to_contain_text("Saved for Mrs K")

    # Her plan, typed on the console and saved.
    go(console, PLAN)
    expect(console.locator("#stage")).to_contain_text("My action plan")
    people.get_by_label(GOAL).fill("Walk to church on Sunday")
    people.get_by_role("button", name="Save my plan now").click()
    expect(saved).to_contain_text("Saved for Mrs K")
    assert_accessible(console, "console answering the plan for someone")

    store = Store(str(server.database))
    try:
        person = store.db.execute("SELECT id FROM participants WHERE no_phone = 1").fetchone()[0]
        answers = store.responses.of_participant(person)
    finally:
        store.close()
    assert answers["how-long"] == "over-a-year"
    assert answers["confidence-before"] == 4
    assert answers["my-plan"]["goal"] == "Walk to church on Sunday"

    # Her notebook opens in a new tab, ready to print.
    with console.context.expect_page() as opened:
        people.get_by_role("link", name=re.compile("Open their notebook")).click()
    notebook = opened.value
    errors.append(PageErrors(notebook, "notebook"))
    expect(notebook.get_by_role("heading", name=re.compile("Your notebook"))).to_be_visible()
    expect(notebook.locator("main")).to_contain_text("Walk to church on Sunday")
    assert_accessible(notebook, "the notebook of someone without a phone")
    notebook.screenshot(path=artifacts / "notebook-without-phone.png", full_page=True)
    pdf = notebook.pdf(format="A4", print_background=True)
    (artifacts / "notebook-without-phone.pdf").write_bytes(pdf)
    whole = "\n".join(
        unicodedata.normalize("NFKC", p.extract_text() or "")
        for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Walk to church on Sunday" in whole
    assert "Delete my answers" not in whole

    assert [found for page_errors in errors for found in page_errors.found] == []


def test_a_private_question_is_answered_on_the_console_into_that_notebook(
    server, browser, artifacts
):
    errors: list[PageErrors] = []
    console = open_page(browser, LAPTOP, "console", errors)
    code, screen_url = start(console, server.url, "In a room (group)")
    screen = open_page(browser, LAPTOP, "screen", errors)
    screen.goto(screen_url)
    phone = open_page(browser, PHONE, "phone", errors)
    join_class(phone, server.url, code, name="Ann")

    phone.get_by_role("button", name="Ask the physio privately, for later").click()
    expect(
        phone.get_by_text("Only the physio running this class sees this question")
    ).to_be_visible()
    phone.get_by_label("Your private question").fill("Can I still do my gardening?")
    assert_accessible(phone, "phone asking a private question")
    phone.get_by_role("button", name="Send privately").click()
    expect(phone.get_by_text("Sent privately to the physio")).to_be_visible()

    later = console.locator("#later-panel")
    expect(later).to_contain_text("Can I still do my gardening?")
    expect(later).to_contain_text("Ann")
    assert_accessible(console, "console with a private question")
    later.get_by_label("Your written reply").fill("Yes: a little at a time, and often.")
    later.get_by_role("button", name="Send reply to their notebook").click()
    expect(later).to_contain_text("Reply sent: Yes: a little at a time")
    expect(phone.locator("#questions-area")).to_contain_text("a little at a time")
    console.screenshot(path=artifacts / "console-later-questions.png", full_page=True)
    assert "gardening" not in screen.content()

    # After the class the physio changes the reply from the session's review page.
    console.on("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="End session").click()
    expect(console.locator("#stage")).to_contain_text("ended", ignore_case=True)
    session_id = console.url.rstrip("/").rsplit("/", 1)[-1]
    console.goto(f"{server.url}/review/sessions/{session_id}")
    private = console.locator("#later")
    expect(private).to_contain_text("Can I still do my gardening?")
    assert_accessible(console, "a report with a private question")
    private.get_by_label(re.compile("Your reply")).fill("Yes, and take breaks.")
    private.get_by_role("button", name="Save reply").click()
    expect(console.get_by_role("status").first).to_contain_text("Your reply is saved")
    expect(console.locator("#later textarea")).to_have_value("Yes, and take breaks.")

    assert [found for page_errors in errors for found in page_errors.found] == []
