"""A ranking and a points step in headless Chromium against the real server, on 360×640 phones
used by keyboard alone: options moved with Move up and Move down (the focus kept on the moved
option, its new place announced), points typed with what is left shown and a wrong total
refused; then the room's order on the console, the screen and the phones. Every view is
checked by the rule engine (WCAG 2.2 A/AA) and, as the scripts drew it, by the HTML checker."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import (
    LAPTOP,
    PageErrors,
    Pages,
    join_class,
    open_screen,
    save_deck,
    sign_in,
    start_class,
)
from tests.e2e.test_accessible_class import press_tab_until
from tests.html_check import html_problems, report

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SMALL_PHONE = {"width": 360, "height": 640}
NARROW_PHONE = {"width": 320, "height": 640}
DECK_ID = "order-and-share"
DECK = {
    "title": "What matters to you",
    "min_responses": 2,
    # Installed from a file, with its approval, as the service's own decks are, so it starts.
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-30"},
    "steps": [
        {"id": "hello", "kind": "slide", "title": "Hello"},
        {
            "id": "matters",
            "kind": "rank",
            "title": "What matters most to you in your recovery?",
            "options": [
                {"id": "sleep", "label": "Sleeping well"},
                {"id": "work", "label": "Getting back to work"},
                {"id": "walk", "label": "Walking further"},
            ],
        },
        {
            "id": "share",
            "kind": "points",
            "title": "Share 100 points between what you want to work on",
            "options": [
                {"id": "sleep", "label": "Sleep"},
                {"id": "exercise", "label": "Exercise"},
                {"id": "mood", "label": "Mood"},
            ],
        },
    ],
}


def focused_name(page) -> str:
    return page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''")


def send_by_keyboard(phone, button: str) -> None:
    press_tab_until(phone, f"el.textContent.trim() === '{button}'")
    phone.keyboard.press("Enter")
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")


def fits_the_width(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_ranking_and_points_by_keyboard_on_a_phone_reach_the_console_and_screen(
    server, browser, artifacts
):
    save_deck(server, DECK_ID, DECK)
    pages = Pages(browser)
    drawn: dict[str, str] = {}

    console = pages.open(LAPTOP, "console")
    code = start_class(console, server.url, DECK["title"])
    screen = open_screen(pages, console)
    ann, bob = pages.open(SMALL_PHONE, "phone Ann"), pages.open(SMALL_PHONE, "phone Bob")
    join_class(ann, server.url, code, "Ann")
    join_class(bob, server.url, code, "Bob")
    results = console.locator("[data-testid=results]")

    def audit(label: str) -> None:
        ann.wait_for_timeout(300)  # let the last snapshot settle before the engine reads it
        for view, shown in (("phone", ann), ("screen", screen), ("console", console)):
            assert_accessible(shown, f"{view}: {label}")
            drawn[f"{view}: {label}"] = shown.content()
            shown.screenshot(path=artifacts / f"{view}-{label}.png", full_page=True)

    def go(title: str) -> None:
        console.keyboard.press("ArrowRight")
        expect(console.locator("#stage")).to_contain_text(title)
        for phone in (ann, bob):
            expect(phone.get_by_role("heading", level=1)).to_have_text(title)

    # ---- Ranking: Ann moves "Walking further" to the top, one key press at a time ----------
    go("Hello")
    go("What matters most to you in your recovery?")
    expect(console.locator("#stage")).to_contain_text("Ranking of 3 options")
    expect(screen.get_by_text("Put these in order on your phone")).to_be_visible()
    audit("rank")
    places = ann.locator(".rank-item")
    expect(places).to_have_text([re.compile(t) for t in ("Sleeping", "Getting", "Walking")])

    press_tab_until(ann, "el.getAttribute('aria-label') === 'Move up: Walking further'")
    ann.keyboard.press("Enter")
    expect(places.nth(1)).to_contain_text("Walking further")
    assert focused_name(ann) == "Move up: Walking further"  # the focus moved with it
    expect(ann.locator(".answer-form--rank [role=status]")).to_have_text(
        "Walking further: now 2 of 3."
    )
    ann.keyboard.press("Enter")
    expect(places.nth(0)).to_contain_text("Walking further")
    # At the top it can go no higher: the focus is on its Move down button instead.
    assert focused_name(ann) == "Move down: Walking further"
    expect(ann.locator(".answer-form--rank [role=status]")).to_have_text(
        "Walking further: now 1 of 3."
    )
    expect(ann.get_by_role("button", name="Move up: Walking further")).to_be_disabled()
    ann.set_viewport_size(NARROW_PHONE)
    assert fits_the_width(ann), "the ranking is wider than a 320 px phone"
    ann.set_viewport_size(SMALL_PHONE)
    send_by_keyboard(ann, "Send my order")
    send_by_keyboard(bob, "Send my order")  # Bob keeps the order as it came
    audit("rank-answered")

    # Walking further: places 1 and 3 (2.0); Sleeping well 2 and 1 (1.5); Getting back 3, 2.
    expect(results.locator("ol.bars li").first).to_contain_text("Sleeping well")
    expect(results).to_contain_text("average place 1.5 of 3, 1 put it first")
    press_tab_until(console, "el.textContent.trim() === 'Reveal results'")
    console.keyboard.press("Enter")
    ranked = screen.locator(".screen-results ol.bars li")
    expect(ranked).to_have_count(3)
    expect(ranked.nth(0)).to_contain_text("Sleeping well")
    expect(ranked.nth(1)).to_contain_text("Walking further")
    expect(ranked.nth(2)).to_contain_text("Getting back to work")
    expect(ann.locator("#reveal-area")).to_contain_text(
        "Your order: 1. Walking further, 2. Sleeping well, 3. Getting back to work"
    )
    expect(ann.locator("#reveal-area ol.bars li").nth(1)).to_contain_text("You put it 1")
    audit("rank-revealed")

    # ---- Points: a wrong total is refused with what is left; then all 100 are given --------
    go("Share 100 points between what you want to work on")
    expect(screen.get_by_text("Share 100 points between these on your phone.")).to_be_visible()
    audit("points")
    left = ann.locator(".points-left")
    expect(left).to_have_text("100 of 100 points left.")
    press_tab_until(ann, "el.matches('input[type=number]')")
    ann.keyboard.press("Control+A")
    ann.keyboard.type("60")
    expect(left).to_have_text("40 of 100 points left.")
    ann.keyboard.press("Tab")
    ann.keyboard.press("Control+A")
    ann.keyboard.type("30")
    ann.keyboard.press("Enter")
    status = ann.locator("#answer-status")
    expect(status).to_have_attribute("data-state", "error")
    expect(status).to_have_text(
        "You have 10 points left to give. Give out exactly 100 before you send."
    )
    ann.keyboard.press("Tab")
    ann.keyboard.press("Control+A")
    ann.keyboard.type("10")
    expect(left).to_have_text("All 100 points given.")
    ann.set_viewport_size(NARROW_PHONE)
    assert fits_the_width(ann), "the points are wider than a 320 px phone"
    ann.set_viewport_size(SMALL_PHONE)
    ann.keyboard.press("Enter")
    expect(status).to_have_attribute("data-state", "saved")
    for label, points in (("Sleep", "20"), ("Exercise", "40"), ("Mood", "40")):
        bob.get_by_label(label, exact=True).fill(points)
    send_by_keyboard(bob, "Send my points")
    audit("points-answered")

    # Sleep (60 + 20) / 2 = 40, Exercise (30 + 40) / 2 = 35, Mood (10 + 40) / 2 = 25.
    expect(results).to_contain_text("average 40 points, 40% of them")
    press_tab_until(console, "el.textContent.trim() === 'Reveal results'")
    console.keyboard.press("Enter")
    shared = screen.locator(".screen-results ol.bars li")
    expect(shared).to_have_text(
        [re.compile(f"^{t}") for t in ("Sleep.*average 40", "Exercise.*35", "Mood.*25")]
    )
    mine = "Your points: Sleep 60, Exercise 30, Mood 10"
    expect(ann.locator("#reveal-area")).to_contain_text(mine)
    audit("points-revealed")

    assert pages.errors == []
    problems = html_problems(drawn)
    assert not problems, report(problems)


def test_the_editor_writes_a_ranking_and_a_points_step_with_previews_and_problems(
    server, browser, artifacts
):
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    errors = PageErrors(page, "editor")
    sign_in(page, server.url)
    page.get_by_role("link", name=re.compile("Deck library")).click()
    page.get_by_label("New deck").fill("What matters")
    page.get_by_role("button", name="Create a deck").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What matters")
    form = page.locator("#step-form")
    preview = page.locator("#preview")

    def audit(label: str) -> None:
        assert errors.found == []
        assert_accessible(page, label)
        # The rule engine's own styles in the previews' shadow roots break the page's CSP.
        errors.found.clear()

    page.get_by_label("Kind of step to add").select_option(label="Ranking")
    page.get_by_role("button", name="Add step").click()
    form.get_by_label("Question", exact=True).fill("What matters most to you?")
    for n, label in enumerate(("Sleeping well", "Getting back to work", "Walking further"), 1):
        form.get_by_label(f"Option {n}", exact=True).fill(label)
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)
    phone = preview.locator("[data-preview=phone]")
    expect(phone.get_by_role("button", name="Move down: Sleeping well")).to_be_visible()
    expect(preview.locator("[data-preview=screen]")).to_contain_text("Put these in order")
    expect(preview.locator("[data-preview=console]")).to_contain_text("Ranking of 3 options")
    audit("editor: a ranking")
    page.screenshot(path=artifacts / "editor-rank.png", full_page=True)

    page.get_by_label("Kind of step to add").select_option(label="Points (share 100)")
    page.get_by_role("button", name="Add step").click()
    form.get_by_label("Question", exact=True).fill("Share the points")
    form.get_by_label("Option 1", exact=True).fill("Sleep")
    form.get_by_label("Points each person shares out").fill("5")
    # Both mistakes at once: a budget too small, and an option without words.
    problems = page.locator("#problems")
    expect(problems.get_by_role("heading")).to_have_text("2 problems to fix")
    expect(problems).to_contain_text("Step 3, budget: must be a whole number from 10 to 1000")
    expect(problems).to_contain_text("Step 3, option 2, label: must not be empty")
    audit("editor: a points step with problems")
    form.get_by_label("Points each person shares out").fill("10")
    form.get_by_label("Option 2", exact=True).fill("Exercise")
    form.get_by_label("Option 3", exact=True).fill("Mood")
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)
    expect(phone).to_contain_text("Share 10 points between these")
    expect(phone.locator(".points-left")).to_have_text("10 of 10 points left.")
    expect(preview.locator("[data-preview=screen]")).to_contain_text("Share 10 points")
    audit("editor: a points step")
    page.screenshot(path=artifacts / "editor-points.png", full_page=True)
