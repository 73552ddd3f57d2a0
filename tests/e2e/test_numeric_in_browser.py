"""A number question in headless Chromium against the real server: a 360×640 phone answers it
by keyboard alone (a wrong number is said beside the box first), two more phones answer, and
the console and the screen show the middle answer and a bar per band; every view passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import (
    LAPTOP,
    PHONE,
    PageErrors,
    Pages,
    join_class,
    open_screen,
    save_deck,
    sign_in,
    start_class,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SMALL_PHONE = {"width": 360, "height": 640}
TITLE = "How many minutes can you walk today?"
DECK = {
    "title": "A walking check",
    "min_responses": 3,
    # Installed from a file, with its approval, as the service's own decks are, so it starts.
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-30"},
    "steps": [
        {"id": "hello", "kind": "slide", "title": "Hello"},
        {
            "id": "walk",
            "kind": "numeric",
            "title": TITLE,
            "min": 0,
            "max": 120,
            "unit": "minutes",
        },
        {"id": "bye", "kind": "slide", "title": "Thank you"},
    ],
}


@pytest.fixture
def moving(server):
    save_deck(server, "moving-more", DECK)
    return server


def tab_to(page, selector: str, most: int = 15) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user does."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_phone_answers_a_number_by_keyboard_and_the_room_sees_the_spread(moving, browser):
    url = moving.url
    pages = Pages(browser)

    console = pages.open(LAPTOP, "console")
    code = start_class(console, url, DECK["title"])
    screen = open_screen(pages, console)
    ann = pages.open(SMALL_PHONE, "phone Ann")
    others = [pages.open(PHONE, f"phone {n}") for n in ("Bob", "Cat")]
    join_class(ann, url, code, "Ann")
    for phone, name in zip(others, ("Bob", "Cat"), strict=True):
        join_class(phone, url, code, name)

    console.locator("#outline").get_by_role("button", name=re.compile(re.escape(TITLE))).click()
    expect(console.locator("#stage")).to_contain_text("Number, 0 to 120 minutes")
    expect(
        screen.get_by_text("Type a number on your phone, from 0 to 120 minutes.")
    ).to_be_visible()
    expect(ann.get_by_role("heading", level=1)).to_have_text(TITLE)

    box = ann.get_by_label("Your answer, in minutes")
    expect(box).to_have_attribute("inputmode", "numeric")
    expect(ann.get_by_text("A whole number from 0 to 120 minutes.")).to_be_visible()
    assert_accessible(ann, "phone, a number to type")

    # Keyboard only: Tab to the box, type, Enter sends. A wrong number is said beside the box.
    tab_to(ann, "input[inputmode]")
    ann.keyboard.type("150")
    ann.keyboard.press("Enter")
    error = ann.get_by_role("alert").filter(has_text="out of range")
    expect(error).to_have_text("That is out of range. Please type a number from 0 to 120 minutes.")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_be_focused()
    assert ann.locator("#answer-status").get_attribute("data-state") != "saved"
    assert_accessible(ann, "phone, a number out of range")
    ann.keyboard.press("Control+A")
    ann.keyboard.type("12.5")
    ann.keyboard.press("Enter")
    expect(ann.get_by_role("alert").filter(has_text="whole number")).to_be_visible()
    ann.keyboard.press("Control+A")
    ann.keyboard.type("45")
    expect(box).not_to_have_attribute("aria-invalid", "true")  # typing clears the error
    ann.keyboard.press("Enter")
    expect(ann.locator("#answer-status")).to_have_attribute("data-state", "saved")

    for phone, minutes in zip(others, ("10", "90"), strict=True):
        phone.get_by_label("Your answer, in minutes").fill(minutes)
        phone.get_by_role("button", name="Send answer").click()
        expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")

    results = console.locator("[data-testid=results]")
    expect(results).to_contain_text("3 people answered.")
    expect(results).to_contain_text("Middle answer (median): 45 minutes.")
    expect(results).to_contain_text("Half answered between 27.5 and 67.5 minutes.")
    expect(results.locator(".bar", has_text="0–19 minutes")).to_contain_text("1 person, 33%")
    assert_accessible(console, "console, a number's results")

    console.get_by_role("button", name=re.compile("^reveal", re.I)).click()
    shown = screen.locator(".screen-results")
    expect(shown).to_contain_text("Middle answer (median): 45 minutes.")
    expect(shown.locator(".bar", has_text="80–99 minutes")).to_contain_text("1 person, 33%")
    expect(shown.locator(".bar", has_text="100–120 minutes")).to_contain_text("0 people, 0%")
    assert_accessible(screen, "screen, a number's results")

    mine = ann.locator(".reveal .bar", has_text="Your answer")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("40–59 minutes")
    assert_accessible(ann, "phone, a number's results")

    assert pages.errors == []


def test_the_editor_writes_a_number_step_says_every_mistake_and_previews_it(server, browser):
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    errors = PageErrors(page, "editor")

    def audit(label):
        """axe, once the page has reported nothing broken. On the editor, axe's own probes
        set inline styles that the page's CSP refuses and reports; those are axe's, not the
        page's, so what it reports while axe runs is left out."""
        assert errors.found == []
        assert_accessible(page, label)
        errors.found.clear()

    sign_in(page, server.url)
    page.get_by_role("link", name=re.compile("Deck library")).click()
    page.get_by_label("New deck").fill("Moving more")
    page.get_by_role("button", name="Create a deck").click()
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)

    page.get_by_label("Kind of step to add").select_option(label="Number")
    page.get_by_role("button", name="Add step").click()
    form = page.locator("#step-form")
    question = form.get_by_label("Question", exact=True)
    expect(question).to_be_focused()
    question.fill(TITLE)
    form.get_by_label("Lowest answer").fill("200")
    form.get_by_label("Highest answer").fill("120")
    form.get_by_label("Unit").fill("minutes of walking, roughly, on a good day")
    form.get_by_label("Digits after the point").fill("5")
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Step 2, max: must be more than min")
    expect(problems).to_contain_text("Step 2, unit: is too long (at most 30 characters)")
    expect(problems).to_contain_text("Step 2, decimals: must be a whole number from 0 to 3")
    expect(form.get_by_text("must be more than min")).to_be_visible()  # by its field too
    audit("editor, a number step with mistakes")

    form.get_by_label("Lowest answer").fill("0")
    form.get_by_label("Unit").fill("minutes")
    form.get_by_label("Digits after the point").fill("0")
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)
    expect(problems).to_be_hidden()

    preview = page.locator("#preview")
    phone = preview.locator("[data-preview=phone]")
    expect(phone.get_by_label("Your answer, in minutes")).to_have_attribute("inputmode", "numeric")
    expect(phone).to_contain_text("A whole number from 0 to 120 minutes.")
    expect(preview.locator("[data-preview=screen]")).to_contain_text(
        "Type a number on your phone, from 0 to 120 minutes."
    )
    expect(preview.locator("[data-preview=console]")).to_contain_text("0 to 120 minutes")
    audit("editor, a number step previewed")
