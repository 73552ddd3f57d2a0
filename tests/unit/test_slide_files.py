"""Reading slides: a PDF's pages drawn and its text, files told by their content, and every
kind of file refused with a message that says what to do. (PowerPoint files go through
LibreOffice: tests/integration/test_slide_import.py.)"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from sessions import slide_files
from sessions.deck import deck_from_data
from sessions.slide_files import Page, SlidesRefused, draft_deck, kind_of, read_slides
from tests.slide_samples import image_pdf, protected_pdf, sample_pptx, unpacking_bomb

MB = 1024 * 1024


def test_files_are_told_apart_by_content_not_name():
    assert kind_of(image_pdf(1)) == "pdf"
    assert kind_of(sample_pptx()) == "pptx"
    assert kind_of(b"title: A deck\nsteps: []\n") is None
    assert kind_of(b"PK\x03\x04 not really a zip") is None


def test_each_pdf_page_is_drawn_as_wide_as_the_widest_kept_picture():
    pages = read_slides(image_pdf(3), max_bytes=25 * MB)
    assert [p.number for p in pages] == [1, 2, 3]
    for page in pages:
        picture = Image.open(io.BytesIO(page.picture))
        assert picture.format == "PNG"
        assert picture.width == slide_files.PICTURE_WIDTH
        assert picture.height == 900  # the page's shape kept: 800 × 450 drawn 1600 wide
        assert (page.title, page.text, page.notes) == ("", "", "")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"%PDF-1.7 and then nothing a PDF has", "This PDF is damaged and cannot be opened."),
        (b"Just some words", "This is not a PDF or a PowerPoint (.pptx) file, whatever its name"),
        (b"PK\x03\x04 broken", "This is not a PDF or a PowerPoint (.pptx) file"),
    ],
)
def test_what_is_not_slides_is_refused_with_what_to_do(data, message):
    with pytest.raises(SlidesRefused) as refused:
        read_slides(data, max_bytes=25 * MB)
    assert str(refused.value).startswith(message)


def test_a_protected_pdf_is_refused_and_says_how_to_fix_it():
    with pytest.raises(SlidesRefused, match="protected by a password. Save a copy without one"):
        read_slides(protected_pdf(), max_bytes=25 * MB)


def test_too_many_pages_or_bytes_are_refused_before_any_page_is_drawn():
    with pytest.raises(SlidesRefused, match="This file has 4 pages; a deck takes at most 3."):
        read_slides(image_pdf(4), max_bytes=25 * MB, max_pages=3)
    with pytest.raises(SlidesRefused, match=r"too large \(at most 1 MB\)"):
        read_slides(b"%PDF-" + b"0" * MB, max_bytes=MB)


def test_a_file_that_unpacks_to_far_more_than_a_deck_is_refused_unopened():
    with pytest.raises(SlidesRefused, match="unpacks to far more than a slide deck holds"):
        read_slides(unpacking_bomb(), max_bytes=25 * MB)


def test_without_libreoffice_a_powerpoint_file_is_refused_with_the_pdf_route(monkeypatch):
    monkeypatch.setattr(slide_files.shutil, "which", lambda name: None)
    with pytest.raises(SlidesRefused, match="Save the slides as a PDF and upload that."):
        read_slides(sample_pptx(), max_bytes=25 * MB)


def test_reading_says_which_page_it_is_drawing_and_nothing_for_a_refused_file():
    heard = []
    read_slides(image_pdf(3), max_bytes=25 * MB, progress=lambda *said: heard.append(said))
    assert heard == [("drawing", 1, 3), ("drawing", 2, 3), ("drawing", 3, 3)]
    heard.clear()
    with pytest.raises(SlidesRefused):
        read_slides(image_pdf(4), max_bytes=25 * MB, max_pages=3, progress=heard.append)
    assert heard == []


def test_without_libreoffice_a_powerpoint_file_is_refused_after_saying_it_converts(monkeypatch):
    monkeypatch.setattr(slide_files.shutil, "which", lambda name: None)
    heard = []
    with pytest.raises(SlidesRefused, match="LibreOffice is not installed"):
        read_slides(sample_pptx(), max_bytes=25 * MB, progress=lambda *said: heard.append(said))
    assert heard == [("converting", 0, 0)]


def page(number, title="", text="", notes=""):
    return Page(number, title, text, notes, b"")


def test_a_draft_deck_has_a_slide_step_per_page_that_the_deck_loader_accepts():
    pages = [
        page(1, "Why backs hurt", "- Pain is not damage", "Ask the room."),
        page(2),
        page(3, "T" * 300, "x" * 6000),
    ]
    data = draft_deck("back pain talk", pages, ["a.webp", "b.webp", "c.webp"])
    deck = deck_from_data(data)  # raises on anything the loader refuses
    first, second, third = deck.steps
    assert (first.id, first.kind, first.title, first.body, first.notes) == (
        "slide-1",
        "slide",
        "Why backs hurt",
        "- Pain is not damage",
        "Ask the room.",
    )
    assert first.fields["image"] == {"src": "a.webp", "alt": "Why backs hurt Pain is not damage"}
    assert (second.title, second.fields["image"]["alt"]) == ("Slide 2", "Slide 2")
    assert len(third.title) == 200
    assert third.title.endswith("…")
    assert len(third.body) == 5000
    assert len(third.fields["image"]["alt"]) == 300
    assert deck.title == "back pain talk"
