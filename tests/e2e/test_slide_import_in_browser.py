"""A physio imports a PowerPoint file in headless Chromium against the real server: the form
says it is working, the editor opens on a draft deck of the slides, and both pages pass the
rule engine."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sessions.slide_files import converter
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import PageErrors, sign_in
from tests.slide_samples import sample_pptx

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(converter() is None, reason="LibreOffice is not installed"),
]


def test_a_physio_imports_powerpoint_slides_into_a_draft_deck(server, browser, tmp_path):
    slides = tmp_path / "Back pain talk.pptx"
    slides.write_bytes(sample_pptx())
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    errors = PageErrors(page, "import")
    sign_in(page, server.url)
    page.goto(f"{server.url}/decks")
    page.get_by_role("link", name="Import a deck file").click()
    page.get_by_label("Deck file").set_input_files(str(slides))
    assert_accessible(page, "the import page")
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("The slides are imported as 3 slide steps.")).to_be_visible(
        timeout=120_000
    )
    steps = page.locator("#step-list")
    for title in ("Why backs hurt", "Keep moving", "Pacing"):
        expect(steps).to_contain_text(title)
    assert errors.found == [], "\n".join(errors.found)
    assert_accessible(page, "the editor after an import")
