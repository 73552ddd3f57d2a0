"""A physio imports slides in headless Chromium against the real server: the page shows how
far the import has gone ("Drawing page 12 of 30"), the editor opens on a draft deck of the
slides, and the pages pass the rule engine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sessions.slide_files import converter
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import PageErrors, sign_in
from tests.slide_samples import image_pdf, protected_pdf, sample_pptx

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PAGES = 30

# Everything the page's live region says, kept across the move to the editor.
LISTEN = """() => {
  const region = document.getElementById("import-status");
  new MutationObserver(() => window.heard(region.textContent)).observe(
    region, {childList: true, characterData: true, subtree: true});
}"""


def test_a_pdf_import_shows_which_page_it_is_on_and_lands_on_the_deck(server, browser, tmp_path):
    slides = tmp_path / "Long handout.pdf"
    slides.write_bytes(image_pdf(PAGES))
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    errors = PageErrors(page, "import")
    said: list[str] = []
    page.expose_function("heard", lambda text: said.append(text))
    sign_in(page, server.url)
    page.goto(f"{server.url}/decks/import")
    page.evaluate(LISTEN)
    page.get_by_label("Deck file").set_input_files(str(slides))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#import-step")).to_have_text(
        re.compile(rf"^(Drawing|Saving) page \d+ of {PAGES}$"), timeout=60_000
    )
    bar = page.get_by_role("progressbar", name=re.compile(rf"page \d+ of {PAGES}"))
    expect(bar).to_be_visible()
    assert 0 <= float(bar.evaluate("b => b.position")) <= 1
    assert_accessible(page, "the import page while it imports")
    expect(page.get_by_text(f"The slides are imported as {PAGES} slide steps.")).to_be_visible(
        timeout=120_000
    )
    assert re.search(r"/decks/[^/]+/edit$", page.url), page.url
    expect(page.locator("#step-list")).to_contain_text(f"Slide {PAGES}")
    pages_said = [s for s in said if " page " in s]
    assert pages_said, said
    assert len(pages_said) < PAGES, f"every page was announced: {said}"
    assert errors.found == [], "\n".join(errors.found)


def test_without_javascript_the_form_waits_for_the_import(server, browser, tmp_path):
    slides = tmp_path / "Short handout.pdf"
    slides.write_bytes(image_pdf(3))
    page = browser.new_context(java_script_enabled=False).new_page()
    sign_in(page, server.url)
    page.goto(f"{server.url}/decks/import")
    page.get_by_label("Deck file").set_input_files(str(slides))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("The slides are imported as 3 slide steps.")).to_be_visible(
        timeout=60_000
    )
    assert re.search(r"/decks/[^/]+/edit$", page.url), page.url


def test_a_refused_pdf_shows_the_problem_and_keeps_nothing(server, browser, tmp_path):
    slides = tmp_path / "locked.pdf"
    slides.write_bytes(protected_pdf())
    page = browser.new_context().new_page()
    sign_in(page, server.url)
    page.goto(f"{server.url}/decks")
    decks_before = page.locator(".library__deck").count()
    page.goto(f"{server.url}/decks/import")
    page.get_by_label("Deck file").set_input_files(str(slides))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name="Nothing was imported from locked.pdf")).to_be_visible(
        timeout=60_000
    )
    expect(page.get_by_role("alert")).to_contain_text("This PDF is protected by a password.")
    assert re.search(r"/decks/import/jobs/[^/]+/refused$", page.url), "through the job"
    assert_accessible(page, "the import page with a refused file")
    page.goto(f"{server.url}/decks")
    assert page.locator(".library__deck").count() == decks_before


@pytest.mark.skipif(converter() is None, reason="LibreOffice is not installed")
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
    expect(page.locator("#import-step")).to_have_text(
        "Converting with LibreOffice… A long file can take a minute or two.", timeout=60_000
    )
    expect(page.get_by_text("The slides are imported as 3 slide steps.")).to_be_visible(
        timeout=120_000
    )
    steps = page.locator("#step-list")
    for title in ("Why backs hurt", "Keep moving", "Pacing"):
        expect(steps).to_contain_text(title)
    assert errors.found == [], "\n".join(errors.found)
    assert_accessible(page, "the editor after an import")
