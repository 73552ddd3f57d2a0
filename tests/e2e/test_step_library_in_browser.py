"""The library of approved steps in headless Chromium against the real server: a physio
imports a PowerPoint file, turns slide 3 into a quiz, inserts the approved safety slide and
the FFT step from the library, previews them on the phone, and compares the new version with
the first. The copies' wording is read-only in the editor, and the pages pass the rule engine.
Then a deck's owner takes a changed approved step into the deck."""

from __future__ import annotations

from dataclasses import replace

import pytest
from playwright.sync_api import expect

from sessions.approved_steps import copy_of
from sessions.deck import deck_from_data, dump_deck
from sessions.slide_files import converter
from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import PageErrors, sign_in
from tests.slide_samples import sample_pptx

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

WIDE = {"width": 1440, "height": 900}
SAVED = 15_000


def clean_then_accessible(page, errors: PageErrors, label: str) -> None:
    """The page's own errors first: the rule engine's inline styles, which the CSP refuses,
    are its own and are left out."""
    assert errors.found == [], "\n".join(errors.found)
    assert_accessible(page, label)
    errors.found.clear()


def saved(page) -> None:
    expect(page.locator("#save-status")).to_have_text("Saved", timeout=SAVED)


@pytest.mark.skipif(converter() is None, reason="LibreOffice is not installed")
def test_a_physio_builds_a_deck_from_slides_and_approved_steps(server, browser, tmp_path):
    slides = tmp_path / "Back pain talk.pptx"
    slides.write_bytes(sample_pptx())
    page = browser.new_context(viewport=WIDE).new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "the picture cannot be kept": yes
    errors = PageErrors(page, "library")
    sign_in(page, server.url)
    page.goto(f"{server.url}/decks")
    page.get_by_role("link", name="Import a deck file").click()
    page.get_by_label("Deck file").set_input_files(str(slides))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("The slides are imported as 3 slide steps.")).to_be_visible(
        timeout=120_000
    )
    steps = page.locator("#step-list")

    # Slide 3 becomes a quiz, keeping its title.
    steps.locator('.step-item[data-index="2"]').click()
    form = page.locator("#step-form")
    page.get_by_label("Change this step to").select_option(label="Quiz (myth or fact)")
    page.get_by_role("button", name="Change the kind").click()
    expect(form.get_by_role("heading", level=2)).to_have_text("Step 3: Quiz (myth or fact)")
    expect(form.get_by_label("Question")).to_have_value("Pacing")
    form.get_by_label("Explanation").fill("Steady amounts, with breaks before pain builds.")
    saved(page)

    # The approved safety slide and FFT step, from the library, after it.
    library = page.get_by_label("Approved step from the library")
    library.select_option(label="When to get help (locked safety slide) (version 1)")
    page.get_by_role("button", name="Insert from the library").click()
    expect(form.get_by_role("heading", level=2)).to_have_text("Step 4: Slide")
    expect(form).to_contain_text("Approved step from the library.")
    expect(form.get_by_label("Title", exact=True)).to_have_value("When to get help")
    expect(form.get_by_label("Title", exact=True)).to_have_attribute("readonly", "")
    library.select_option(label="Friends and Family Test (version 1)")
    page.get_by_role("button", name="Insert from the library").click()
    expect(form.get_by_role("heading", level=2)).to_have_text(
        "Step 5: Feedback (Friends and Family Test)"
    )
    saved(page)
    expect(page.locator("#problems")).to_be_hidden()
    assert steps.locator(".step-item").count() == 5
    expect(steps.get_by_text("Approved step", exact=True)).to_have_count(2)

    # The phone's preview of the FFT step, then of the safety slide and the quiz.
    phone = page.locator('[data-preview="phone"]')
    expect(phone).to_contain_text("Your feedback")
    steps.locator('.step-item[data-index="3"]').click()
    expect(phone).to_contain_text("Get help now")
    steps.locator('.step-item[data-index="2"]').click()
    expect(phone).to_contain_text("Pacing")
    expect(phone).to_contain_text("Myth")
    clean_then_accessible(page, errors, "the editor with approved steps")

    # What changed since the import.
    page.get_by_role("link", name="Versions", exact=True).click()
    page.get_by_label("From version").select_option("1")
    page.get_by_label("to version").select_option("2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "What changed from version 1 to version 2"
    )
    expect(page.locator("#diff-summary")).to_have_text(
        "2 steps added, 0 removed, 0 moved, 1 changed."
    )
    added = page.get_by_role("list", name="Changed steps")
    expect(added).to_contain_text("When to get help")
    expect(added).to_contain_text("Your feedback")
    clean_then_accessible(page, errors, "the new version compared with the first")


def test_the_owner_takes_a_changed_approved_step_into_the_deck(server, browser):
    store = Store(str(server.database))
    try:
        demo = store.accounts.user_by_name("demo")
        entry = store.approved_steps.get("fft")
        steps = [{"id": "welcome", "kind": "slide", "title": "Welcome"}]
        steps += copy_of(entry, ["welcome"])
        data = {"title": "Feedback at the end", "steps": steps}
        deck_id = store.decks.create(dump_deck(deck_from_data(data)), owner_id=demo["id"])
        newer = replace(entry, steps=({**entry.steps[0], "body": "Tell us how we did."},))
        store.approved_steps.add_version(newer, after=1, note="Shorter words", user=demo)
    finally:
        store.close()
    page = browser.new_context(viewport=WIDE).new_page()
    errors = PageErrors(page, "update")
    sign_in(page, server.url)
    page.goto(f"{server.url}/decks/{deck_id}/edit")
    expect(page.get_by_text("An approved step has changed: review and update")).to_be_visible()
    page.get_by_role("link", name="Review the change").click()
    expect(page.get_by_text("Shorter words")).to_be_visible()
    page.get_by_role("button", name="Update the deck to version 2").click()
    expect(page.get_by_text("is updated to version 2, as version 2 of the deck")).to_be_visible()
    page.locator('#step-list .step-item[data-index="1"]').click()
    expect(page.locator('[data-preview="phone"]')).to_contain_text("Tell us how we did.")
    expect(page.get_by_text("An approved step has changed")).to_have_count(0)
    assert errors.found == [], "\n".join(errors.found)
