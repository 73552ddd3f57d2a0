"""Importing slides through the editor over HTTP: a PowerPoint file (through LibreOffice) and
a PDF each become a draft deck of slide steps with their pictures, titles, text and notes;
every hostile or wrong file is refused with a clear message and leaves nothing behind."""

from __future__ import annotations

import pytest

from sessions.deck import parse_deck
from sessions.slide_files import converter
from tests.slide_samples import image_pdf, protected_pdf, sample_pptx, unpacking_bomb

needs_libreoffice = pytest.mark.skipif(
    converter() is None, reason="LibreOffice is not installed (.ci/run installs it)"
)


def imported(editor, store, data, filename):
    response = editor.import_file(data, filename)
    assert response.status_code == 302, response.get_data(as_text=True)
    deck_id = response.location.split("/")[2]
    return deck_id, parse_deck(store.decks.get(deck_id)["yaml"])


@needs_libreoffice
def test_a_powerpoint_file_becomes_a_draft_deck_of_slides(editor, store):
    deck_id, deck = imported(editor, store, sample_pptx(hidden=True), "Back_pain_talk.pptx")
    assert deck.title == "Back pain talk"
    assert [s.title for s in deck.steps] == ["Why backs hurt", "Keep moving", "Pacing"]
    assert {s.kind for s in deck.steps} == {"slide"}
    first, second, third = deck.steps
    assert first.body == "- Pain is not damage\n- Most back pain gets better"
    assert first.notes == "Ask who has heard this before."
    assert second.notes == "Show the walking chart."
    assert third.body == "- Plan your day\n  - Rest before you need to"
    assert first.fields["image"]["alt"] == (
        "Why backs hurt Pain is not damage Most back pain gets better"
    )
    kept = {p["name"]: p for p in store.pictures.of_deck(deck_id)}
    assert {s.fields["image"]["src"] for s in deck.steps} == set(kept)
    assert all(p["width"] == 1600 for p in kept.values())
    page = editor.http.get(f"/decks/{deck_id}/edit").get_data(as_text=True)
    assert "The slides are imported as 3 slide steps." in page
    assert "Check each picture&#39;s description" in page


def test_a_pdf_becomes_a_slide_a_page(editor, store):
    deck_id, deck = imported(editor, store, image_pdf(4), "handout.pdf")
    assert [s.title for s in deck.steps] == ["Slide 1", "Slide 2", "Slide 3", "Slide 4"]
    assert len(store.pictures.of_deck(deck_id)) == 4


def decks_and_pictures(store):
    return (
        store.database.rows("SELECT count(*) AS n FROM decks")[0]["n"],
        store.database.rows("SELECT count(*) AS n FROM images")[0]["n"],
    )


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.pdf", "The file is empty."),
        (b"title: x\n", "talk.pptx", "This is not a PDF or a PowerPoint (.pptx) file"),
        (b"\xd0\xcf\x11\xe0 old", "talk.ppt", "Old PowerPoint files (.ppt) cannot be read."),
        (protected_pdf(), "locked.pdf", "This PDF is protected by a password."),
        (image_pdf(61, size=(40, 30)), "long.pdf", "This file has 61 pages; a deck takes at most"),
        (unpacking_bomb(), "bomb.pptx", "unpacks to far more than a slide deck holds"),
        (b"%PDF-1.4 nothing else", "broken.pdf", "This PDF is damaged and cannot be opened."),
    ],
)
def test_a_wrong_or_hostile_file_is_refused_and_leaves_nothing_behind(
    editor, store, data, filename, message
):
    before = decks_and_pictures(store)
    response = editor.import_file(data, filename)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page
    assert message.replace("'", "&#39;") in page
    assert decks_and_pictures(store) == before
