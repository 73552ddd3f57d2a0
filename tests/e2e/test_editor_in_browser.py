"""A physio writes a deck in the browser, in headless Chromium against the real server: every
kind of step, a reorder by keyboard, a picture with its description, the three previews, a test
session with a participant, and an export that imports into a clean database as the same deck.
Screenshots of the library, the editor and the previews are kept."""

from __future__ import annotations

import io
import re

import pytest
import requests
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.browser import (
    LAPTOP,
    PHONE,
    PageErrors,
    join_class,
    sign_in,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WIDE = {"width": 1440, "height": 900}
ALT = "A drawing of the spine, from the side"


def spine_png(path) -> str:
    Image.new("RGB", (1800, 900), (0, 94, 184)).save(path, "PNG")
    return str(path)


def form(page):
    return page.locator("#step-form")


def saved(page) -> None:
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=15000)
    expect(page.locator("#problems")).to_be_hidden()


def add_step(page, kind_label: str, title: str | None = None) -> None:
    page.get_by_label("Kind of step to add").select_option(label=kind_label)
    page.get_by_role("button", name="Add step").click()
    if title is not None:
        title_box = form(page).get_by_label(re.compile("^(Question|Title)$"))
        expect(title_box).to_be_focused()
        title_box.fill(title)


def fill_every_kind(page, picture: str) -> None:
    # The new deck's first step is a slide: give it a picture, described.
    f = form(page)
    f.get_by_label("Title", exact=True).fill("Welcome to sleep and pain")
    f.get_by_label("Text under the title (Markdown)").fill("Tonight is about **sleep**.")
    f.get_by_label("Picture file").set_input_files(picture)
    f.get_by_role("button", name="Upload the picture").click()
    expect(f.get_by_text("Describe the picture first")).to_be_visible()  # alt text is required
    f.get_by_label("Describe the picture (alt text)").fill(ALT)
    f.get_by_role("button", name="Upload the picture").click()
    expect(f.get_by_text("Uploaded. The picture is on this slide.")).to_be_visible()
    expect(f.get_by_role("img", name=ALT)).to_be_visible()

    add_step(page, "Poll", "What wakes you up at night?")
    f.get_by_label("Option 1", exact=True).fill("Pain")
    f.get_by_label("Option 2", exact=True).fill("Noise")
    f.get_by_role("button", name="Add option").click()
    f.get_by_label("Option 3", exact=True).fill("Worry")
    f.get_by_label("People may choose more than one option").check()

    add_step(page, "Quiz (myth or fact)", "Poor sleep can make pain feel worse.")
    f.get_by_label("Correct").nth(0).uncheck()
    f.get_by_label("Correct").nth(1).check()
    f.get_by_label("Explanation").fill("Pain and sleep affect each other.")

    add_step(page, "Scale (0 to 10)", "How well have you slept this week?")
    f.get_by_label("Words for the lowest").fill("Very badly")
    f.get_by_label("Words for the highest").fill("Very well")
    f.get_by_label("Measure (for before and after)").fill("sleep")

    add_step(page, "Word cloud", "One word for your nights")
    f.get_by_label("Words each person may send").fill("2")
    add_step(page, "Open question", "What helps you get back to sleep?")
    add_step(page, "Reflection", "Looking back")
    f.get_by_label("Prompt 1", exact=True).fill("What will you remember from today?")
    add_step(page, "Discussion", "Talk in pairs")
    f.get_by_label("Card 1", exact=True).fill("What does your evening look like?")
    f.get_by_label("People per group").fill("2")
    add_step(page, "Action plan")
    f.get_by_label("How to contact the service").fill("The number on your letter.")
    add_step(page, "Feedback (Friends and Family Test)")
    f.get_by_role("button", name="Add question").click()
    f.get_by_label("Question 1", exact=True).fill("Was the pace right for you?")


def step_titles(page) -> list[str]:
    return page.locator("#step-list .step-item__title").all_inner_texts()


def test_a_physio_writes_a_deck_tries_it_and_moves_it_to_another_server(
    server, make_server, browser, artifacts, tmp_path
):
    errors: list[PageErrors] = []
    context = browser.new_context(viewport=WIDE, accept_downloads=True)
    page = context.new_page()
    errors.append(PageErrors(page, "editor"))
    sign_in(page, server.url)
    page.get_by_role("link", name=re.compile("Deck library")).click()
    expect(page.get_by_role("heading", level=1, name="Deck library")).to_be_visible()
    # both bundled classes, each marked as read-only
    expect(page.get_by_text("Comes with Talkback: read-only")).to_have_count(2)
    page.screenshot(path=artifacts / "editor-library.png", full_page=True)

    page.get_by_label("New deck").fill("Sleep and pain")
    page.get_by_role("button", name="Create a deck").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sleep and pain")
    saved(page)

    fill_every_kind(page, spine_png(tmp_path / "spine.png"))
    saved(page)

    # The deck's own safety wording; a phrase the scan cannot use is named by its field.
    page.get_by_label("Help and safety page").fill("If you stop breathing at night, call **999**.")
    flags = page.get_by_label("Red-flag phrases")
    flags.fill("stopped breathing\nchest pain!")
    expect(page.locator("#problems")).to_contain_text("a few words of letters and digits")
    flags.fill("stopped breathing\nchest pain")
    saved(page)
    kinds = page.locator("#step-list .step-item__kind").all_inner_texts()
    assert len(kinds) == 10
    assert len(set(kinds)) == 10

    # Reorder by keyboard: the open question goes up above the word cloud.
    assert step_titles(page)[4:6] == [
        "One word for your nights",
        "What helps you get back to sleep?",
    ]
    page.locator("#step-list .step-item").nth(5).focus()
    page.keyboard.press("Alt+ArrowUp")
    assert step_titles(page)[4:6] == [
        "What helps you get back to sleep?",
        "One word for your nights",
    ]
    expect(page.locator("#step-list .step-item").nth(4)).to_be_focused()
    expect(page.locator("#announce")).to_have_text(re.compile("to position 5 of 10"))
    page.keyboard.press("ArrowDown")  # arrows alone move between steps
    expect(page.locator("#step-list .step-item").nth(5)).to_be_focused()
    saved(page)

    # A mistake shows by its field, in the loader's words; fixing it clears it.
    page.locator("#step-list .step-item").nth(2).click()
    expect(page.locator("#step-list .step-item").nth(2)).to_be_focused()  # still, after redraw
    form(page).get_by_label("Question", exact=True).fill("")
    expect(form(page).get_by_text("must not be empty")).to_be_visible()
    expect(page.locator("#problems")).to_contain_text("Step 3, title: must not be empty")
    form(page).get_by_label("Question", exact=True).fill("Poor sleep can make pain feel worse.")
    saved(page)

    # The preview: the quiz as the phone, the screen and the console show it.
    preview = page.locator("#preview")
    expect(preview.locator("[data-preview=phone]")).to_contain_text("Choose one answer")
    expect(preview.locator("[data-preview=phone]").get_by_label("Fact")).to_be_visible()
    expect(preview.locator("[data-preview=screen]")).to_contain_text("Answer on your phone.")
    expect(preview.locator("[data-preview=console]")).to_contain_text("✓ Correct")
    expect(preview.locator("[data-preview=phone]")).not_to_contain_text("Correct")
    page.screenshot(path=artifacts / "editor-quiz.png", full_page=True)
    page.locator("#step-list .step-item").nth(0).click()
    phone_image = preview.locator("[data-preview=phone]").get_by_role("img", name=ALT)
    expect(phone_image).to_be_visible()
    # The kept picture comes in every size; the preview's small phone takes the smallest.
    phone_image.evaluate("img => img.decode()")
    assert phone_image.evaluate("img => img.currentSrc").endswith("?w=480")
    expect(form(page).locator("#body-preview strong")).to_have_text("sleep")
    preview.screenshot(path=artifacts / "editor-preview-slide.png")

    # Try it: a test session, with the physio's console and a phone joining.
    page.get_by_role("button", name="Try it").click()
    expect(page.get_by_role("heading", name="Your test session is ready")).to_be_visible()
    code = re.sub(r"\D", "", page.locator(".try-steps .code").inner_text())
    with context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("Open the console")).click()
    console = opened.value
    errors.append(PageErrors(console, "console"))
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    phone = browser.new_context(viewport=PHONE).new_page()
    errors.append(PageErrors(phone, "phone"))
    join_class(phone, server.url, code, "Me, testing")
    console.keyboard.press("ArrowRight")
    expect(phone.get_by_role("heading", name="Welcome to sleep and pain")).to_be_visible()
    expect(phone.get_by_role("img", name=ALT)).to_be_visible()
    console.keyboard.press("ArrowRight")
    phone.get_by_label("Pain").check()
    phone.get_by_role("button", name=re.compile("send", re.I)).click()
    expect(phone.get_by_text(re.compile("saved", re.I)).first).to_be_visible()
    phone.screenshot(path=artifacts / "editor-try-phone.png")
    phone.get_by_role("link", name="Help and safety").click()
    expect(phone.locator(".class-safety strong")).to_have_text("999")
    expect(phone.locator("main")).not_to_contain_text("bladder")
    console.close()

    # Export with pictures, and import into a clean database on another server.
    page.go_back()
    saved(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download with pictures (.zip)").click()
    exported = tmp_path / "sleep.zip"
    download_info.value.save_as(exported)
    original_yaml = page.request.get(page.url.replace("/edit", "/export.yaml")).text()
    assert "  red_flags:\n    - stopped breathing\n    - chest pain\n" in original_yaml

    other = make_server(name="clean")
    second = browser.new_context(viewport=LAPTOP).new_page()
    errors.append(PageErrors(second, "clean server"))
    sign_in(second, other.url)
    second.goto(f"{other.url}/decks/import")
    second.get_by_label("Deck file").set_input_files(exported)
    second.get_by_role("button", name="Import").click()
    expect(second.get_by_text("The deck is imported.")).to_be_visible()
    expect(second.locator("#save-status")).to_have_text("Saved")
    assert step_titles(second) == step_titles(page)
    imported_yaml = second.request.get(second.url.replace("/edit", "/export.yaml")).text()
    assert imported_yaml == original_yaml
    picture_src = re.search(r"src: (\S+\.webp)", imported_yaml).group(1)
    served = requests.get(f"{other.url}/media/{picture_src}?w=480", timeout=10)
    assert Image.open(io.BytesIO(served.content)).size == (480, 240)
    second.screenshot(path=artifacts / "editor-imported.png", full_page=True)

    assert [e for page_errors in errors for e in page_errors.found] == []


def test_changes_made_while_offline_are_saved_when_the_connection_returns(server, browser):
    context = browser.new_context(viewport=WIDE)
    page = context.new_page()
    errors = PageErrors(page, "editor")
    sign_in(page, server.url)
    page.goto(f"{server.url}/decks")
    page.get_by_label("New deck").fill("Written on the train")
    page.get_by_role("button", name="Create a deck").click()
    saved(page)
    title = form(page).get_by_label("Title", exact=True)
    draft_url = page.url.replace("/edit", "/draft")

    # The connection drops while typing; it comes back with the page still open.
    context.set_offline(True)
    title.fill("Welcome, said offline")
    expect(page.locator("#save-status")).to_contain_text("Not saved — retrying")
    context.set_offline(False)
    saved(page)
    assert "Welcome, said offline" in page.request.get(draft_url).text()

    # It drops again, and the tab is closed before it comes back: nothing is lost.
    context.set_offline(True)
    title.fill("Welcome, typed before the tab closed")
    expect(page.locator("#save-status")).to_contain_text("Not saved — retrying")
    url = page.url
    page.close()
    context.set_offline(False)
    again = context.new_page()
    again_errors = PageErrors(again, "editor, reopened")
    again.goto(url)
    # The promise is that the change is not lost; whether the reopened page still had it
    # waiting (and says so) depends on how fast the closing page got its last retry out.
    saved(again)
    expect(form(again).get_by_label("Title", exact=True)).to_have_value(
        "Welcome, typed before the tab closed"
    )
    assert "Welcome, typed before the tab closed" in again.request.get(draft_url).text()
    offline_noise = ("ERR_INTERNET_DISCONNECTED", "Failed to fetch", "Failed to load resource")
    found = [
        e
        for e in errors.found + again_errors.found
        if not any(noise in e for noise in offline_noise)
    ]
    assert found == []
