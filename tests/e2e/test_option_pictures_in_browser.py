"""Pictures as options in headless Chromium against the real server: a poll whose options are
pictures, answered by keyboard alone on a 360×640 phone, then revealed on the screen and the
phone. Each option's picture comes at its kept sizes and is small enough that the options stay
usable on a 320 px phone (no sideways scroll, targets at least 44 px); the label stays each
radio button's name and the picture's description is its description. Every view is checked
by the rule engine (WCAG 2.2 A/AA) and, as the scripts drew it, by the HTML checker."""

from __future__ import annotations

import re

import pytest
import yaml
from PIL import Image
from playwright.sync_api import expect

from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import (
    LAPTOP,
    PageErrors,
    Pages,
    join_class,
    kept_picture,
    open_screen,
    sign_in,
    start_class,
)
from tests.e2e.test_accessible_class import focused, press_tab_until
from tests.e2e.test_rank_and_points_in_browser import fits_the_width
from tests.html_check import html_problems, report

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SMALL_PHONE = {"width": 360, "height": 640}
NARROW_PHONE = {"width": 320, "height": 640}
DECK_ID = "picture-lifting"
BENT = "Lifting a box with bent knees and a straight back"
ROUND = "Lifting a box with straight legs and a rounded back"
TITLE = "Which of these pictures shows how you usually lift?"


def save_deck(server) -> tuple:
    bent, rounded = kept_picture((0, 94, 184)), kept_picture((0, 127, 59))
    deck = {
        "title": "Lifting, in pictures",
        "min_responses": 1,
        "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-01"},
        "steps": [
            {"id": "hello", "kind": "slide", "title": "Hello"},
            {
                "id": "lift",
                "kind": "poll",
                "title": TITLE,
                "options": [
                    {"id": "bent", "label": "Picture A", "image": {"src": bent.name, "alt": BENT}},
                    {"id": "round", "label": "Picture B", "image": {"src": rounded.name,
                     "alt": ROUND}},
                    {"id": "other", "label": "Neither of these: I lift some other way"},
                ],
            },
            {
                "id": "order",
                "kind": "rank",
                "title": "Put these ways to lift in the order you use them",
                "options": [
                    {"id": "bent", "label": "Picture A", "image": {"src": bent.name, "alt": BENT}},
                    {"id": "round", "label": "Picture B", "image": {"src": rounded.name,
                     "alt": ROUND}},
                ],
            },
            {
                "id": "share",
                "kind": "points",
                "title": "Share 10 points between how often you lift each way",
                "budget": 10,
                "options": [
                    {"id": "bent", "label": "Picture A", "image": {"src": bent.name, "alt": BENT}},
                    {"id": "round", "label": "Picture B", "image": {"src": rounded.name,
                     "alt": ROUND}},
                ],
            },
        ],
    }  # fmt: skip
    store = Store(str(server.database))
    try:
        store.decks.save(DECK_ID, yaml.safe_dump(deck, sort_keys=False))
        for image in (bent, rounded):
            store.decks.add_image(image, deck_id=DECK_ID, by=None)
    finally:
        store.close()
    return bent, rounded


def boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        "els => els.map(el => { const r = el.getBoundingClientRect();"
        " return {left: r.left, right: r.right, width: r.width, height: r.height}; })"
    )


def expect_usable_options(phone, width: int) -> None:
    """Every option fits the phone's width, is a big enough target, and its picture stays
    small beside its label."""
    assert fits_the_width(phone), f"the picture poll is wider than a {width} px phone"
    for box in boxes(phone, ".answer-form .choice"):
        assert box["left"] >= 0
        assert box["right"] <= width
        assert box["height"] >= 44
    for box in boxes(phone, ".answer-form .choice .option-image"):
        assert box["width"] <= width / 3


def test_a_picture_poll_answered_by_keyboard_on_a_small_phone(server, browser, artifacts):
    bent, rounded = save_deck(server)
    pages = Pages(browser)
    drawn: dict[str, str] = {}
    shots = artifacts / "option-pictures"
    shots.mkdir(exist_ok=True)

    console = pages.open(LAPTOP, "console")
    code = start_class(console, server.url, "Lifting, in pictures")
    screen = open_screen(pages, console)
    phone = pages.open(SMALL_PHONE, "phone")
    join_class(phone, server.url, code, "Ann")

    def audit(label: str) -> None:
        phone.wait_for_timeout(300)  # let the last snapshot settle before the engine reads it
        for view, shown in (("phone", phone), ("screen", screen), ("console", console)):
            assert_accessible(shown, f"{view}: {label}")
            drawn[f"{view}: {label}"] = shown.content()
            shown.screenshot(path=shots / f"{view}-{label}.png", full_page=True)

    for title in ("Hello", TITLE):
        console.keyboard.press("ArrowRight")
        expect(phone.get_by_role("heading", level=1)).to_have_text(title)

    # The phone: each picture at its kept sizes, drawn small; the label names the choice and
    # the picture's description describes it.
    pictures = phone.locator(".answer-form .choice img.option-image")
    expect(pictures).to_have_count(2)
    for n, image in enumerate((bent, rounded)):
        shown = pictures.nth(n)
        expect(shown).to_have_attribute("src", f"/media/{image.name}")
        expect(shown).to_have_attribute("srcset", re.compile(rf"/media/{image.name}\?w=480 480w"))
        expect(shown).to_have_attribute("sizes", "6rem")
        expect(shown).to_have_attribute("alt", "")
    choice_a = phone.get_by_role("radio", name="Picture A", exact=True)
    expect(choice_a).to_have_accessible_description(BENT)
    expect(phone.get_by_role("radio", name="Picture B", exact=True)).to_have_accessible_description(
        ROUND
    )
    other = phone.get_by_role("radio", name="Neither of these: I lift some other way")
    expect(other).to_have_accessible_description("")
    # The phone fetched a small size, not the largest kept.
    fetched = pictures.first.evaluate("img => img.currentSrc")
    assert fetched.endswith("?w=480"), fetched
    expect_usable_options(phone, SMALL_PHONE["width"])
    phone.set_viewport_size(NARROW_PHONE)
    expect_usable_options(phone, NARROW_PHONE["width"])
    phone.set_viewport_size(SMALL_PHONE)

    # The screen and the console show the pictures with their descriptions.
    on_screen = screen.locator(".choices img.option-image")
    expect(on_screen).to_have_count(2)
    expect(on_screen.first).to_have_attribute("alt", BENT)
    expect(console.locator("#stage .option-list img.option-image").nth(1)).to_have_attribute(
        "alt", ROUND
    )
    audit("poll")

    # By keyboard alone: to the first picture, down to the second, then send.
    press_tab_until(phone, "el.matches('input[type=radio]')")
    phone.keyboard.press("Space")
    phone.keyboard.press("ArrowDown")
    expect(phone.get_by_role("radio", name="Picture B", exact=True)).to_be_checked()
    press_tab_until(phone, "el.matches('button[type=submit]')")
    sender = focused(phone)
    phone.keyboard.press("Enter")
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")
    assert focused(phone) == sender, "sending the answer moved the focus"
    results = console.locator("[data-testid=results]")
    expect(results).to_contain_text("Picture B")
    expect(results.locator("img.option-image")).to_have_count(2)
    audit("poll-answered")

    press_tab_until(console, "el.textContent.trim() === 'Reveal results'")
    console.keyboard.press("Enter")
    bars = screen.locator(".screen-results ul.bars li")
    expect(bars).to_have_count(3)
    expect(bars.nth(1)).to_contain_text("Picture B")
    expect(bars.nth(1).locator("img.option-image")).to_have_attribute("alt", "")
    mine = phone.locator("#reveal-area ul.bars li").nth(1)
    expect(mine).to_contain_text("Your answer")
    expect(mine.locator("img.option-image")).to_have_attribute("src", f"/media/{rounded.name}")
    phone.set_viewport_size(NARROW_PHONE)
    assert fits_the_width(phone), "the results are wider than a 320 px phone"
    phone.set_viewport_size(SMALL_PHONE)
    audit("poll-revealed")

    # A ranking and a points step show the same pictures, and fit a 320 px phone too.
    console.keyboard.press("ArrowRight")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Put these ways to lift in the order you use them"
    )
    ranked = phone.locator(".rank-item")
    expect(ranked.nth(1).get_by_role("img", name=ROUND)).to_be_visible()
    press_tab_until(phone, "el.getAttribute('aria-label') === 'Move up: Picture B'")
    phone.keyboard.press("Enter")
    expect(ranked.nth(0)).to_contain_text("Picture B")
    phone.set_viewport_size(NARROW_PHONE)
    assert fits_the_width(phone), "the picture ranking is wider than a 320 px phone"
    for box in boxes(phone, ".rank-item__move"):
        assert box["height"] >= 44
    phone.set_viewport_size(SMALL_PHONE)
    audit("rank")

    console.keyboard.press("ArrowRight")
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Share 10 points between how often you lift each way"
    )
    box_a = phone.get_by_role("spinbutton", name="Picture A", exact=True)
    expect(box_a).to_have_accessible_description(re.compile(f"^{BENT}"))
    expect(phone.locator(".points-field img.option-image")).to_have_count(2)
    phone.set_viewport_size(NARROW_PHONE)
    assert fits_the_width(phone), "the picture points are wider than a 320 px phone"
    phone.set_viewport_size(SMALL_PHONE)
    audit("points")

    assert pages.errors == []
    problems = html_problems(drawn)
    assert not problems, report(problems)


def test_the_editor_gives_an_option_a_described_picture_and_previews_it(
    server, browser, artifacts, tmp_path
):
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    errors = PageErrors(page, "editor")
    sign_in(page, server.url)
    page.get_by_role("link", name=re.compile("Deck library")).click()
    page.get_by_label("New deck").fill("Lifting")
    page.get_by_role("button", name="Create a deck").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lifting")
    form = page.locator("#step-form")
    preview = page.locator("#preview")

    def audit(label: str) -> None:
        assert errors.found == []
        assert_accessible(page, label)
        errors.found.clear()  # the rule engine's styles in the previews break the page's CSP

    page.get_by_label("Kind of step to add").select_option(label="Poll")
    page.get_by_role("button", name="Add step").click()
    form.get_by_label("Question", exact=True).fill(TITLE)
    form.get_by_label("Option 1", exact=True).fill("Picture A")
    form.get_by_label("Option 2", exact=True).fill("Another way")
    first = form.locator("details.item-picture").first
    first.get_by_text("Add a picture to option 1 (optional)").click()
    drawn = tmp_path / "bent.png"
    Image.new("RGB", (1200, 900), (0, 94, 184)).save(drawn, "PNG")
    first.get_by_label("Picture file").set_input_files(str(drawn))
    first.get_by_role("button", name="Upload the picture").click()
    expect(first.get_by_text("Describe the picture first")).to_be_visible()  # it is required
    first.get_by_label("Describe the picture (alt text)").fill(BENT)
    first.get_by_role("button", name="Upload the picture").click()
    expect(first.get_by_text("Uploaded. The picture is on this option.")).to_be_visible()
    expect(first.get_by_role("img", name=BENT)).to_be_visible()
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)

    # The three previews show it as a class will.
    phone = preview.locator("[data-preview=phone]")
    expect(phone.locator(".choice img.option-image")).to_have_count(1)
    expect(phone.get_by_role("radio", name="Picture A", exact=True)).to_have_accessible_description(
        BENT
    )
    expect(preview.locator("[data-preview=screen]").get_by_role("img", name=BENT)).to_be_visible()
    expect(preview.locator("[data-preview=console]").get_by_role("img", name=BENT)).to_be_visible()
    audit("editor: a picture poll")
    page.screenshot(path=artifacts / "option-pictures" / "editor-poll.png", full_page=True)

    # Its description cannot be left out: the problem names the option's picture.
    first.get_by_label("Describe the picture (alt text)", exact=True).first.fill("")
    problems = page.locator("#problems")
    expect(problems).to_contain_text("Step 2, option 1, image, alt: must not be empty")
    audit("editor: a picture without its description")
    first.get_by_label("Describe the picture (alt text)", exact=True).first.fill(BENT)
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)
    expect(problems).to_be_hidden()
