"""Imports the page follows: the upload starts a job and is answered at once, the job says
which page it is on, and once done it sends the page to the new draft deck (or to the
problems, having stored nothing). A job is its starter's alone."""

from __future__ import annotations

import io
import time

import pytest

from facilitator import import_jobs
from sessions.deck import parse_deck
from tests.conftest import Editor
from tests.slide_samples import image_pdf, protected_pdf

JSON = {"Accept": "application/json"}


def start(editor, data: bytes, filename: str):
    return editor.post_form(
        "/decks/import/jobs",
        {"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        headers=JSON,
    )


def follow(editor, status_url: str, seen: list | None = None, seconds: float = 120) -> dict:
    """Ask how the job goes until it has finished; what it said while running goes in seen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        answer = editor.http.get(status_url, headers=JSON)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        job = answer.get_json()
        if job["state"] != "running":
            return job
        if seen is not None:
            seen.append((job["phase"], job["done"], job["total"]))
        time.sleep(0.02)
    raise AssertionError("the import did not finish")


def decks_and_pictures(store):
    return (
        store.database.rows("SELECT count(*) AS n FROM decks")[0]["n"],
        store.database.rows("SELECT count(*) AS n FROM images")[0]["n"],
    )


def test_a_pdf_import_job_says_its_pages_and_ends_on_the_new_deck(editor, store):
    started = start(editor, image_pdf(30), "Long handout.pdf")
    assert started.status_code == 202, started.get_data(as_text=True)
    status_url = started.get_json()["status"]
    seen: list = []
    job = follow(editor, status_url, seen)
    assert job["state"] == "done"
    deck_id = job["location"].split("/")[2]
    assert job["location"] == f"/decks/{deck_id}/edit"
    deck = parse_deck(store.decks.get(deck_id)["yaml"])
    assert deck.title == "Long handout"
    assert len(deck.steps) == 30
    assert len(store.pictures.of_deck(deck_id)) == 30
    pages = [s for s in seen if s[0] in ("drawing", "saving")]
    assert pages, f"no page was reported while running: {seen}"
    assert all(s[2] == 30 and 1 <= s[1] <= 30 for s in pages), pages
    assert seen == sorted(seen, key=lambda s: (["uploaded", "drawing", "saving"].index(s[0]), s[1]))
    page = editor.http.get(job["location"]).get_data(as_text=True)
    assert "The slides are imported as 30 slide steps." in page
    assert editor.http.get(status_url, headers=JSON).status_code == 404, "collected once done"


def test_a_deck_file_is_imported_through_a_job_too(editor, store):
    text = editor.http.get("/decks/back-pain-1/export.yaml").get_data()
    started = start(editor, text, "back-pain.yaml")
    assert started.status_code == 202, started.get_data(as_text=True)
    job = follow(editor, started.get_json()["status"])
    assert job["state"] == "done"
    new = parse_deck(store.decks.get(job["location"].split("/")[2])["yaml"])
    assert new.steps == parse_deck(text.decode()).steps
    page = editor.http.get(job["location"]).get_data(as_text=True)
    assert "The deck is imported." in page


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (protected_pdf(), "locked.pdf", "This PDF is protected by a password."),
        (image_pdf(61, size=(40, 30)), "long.pdf", "This file has 61 pages; a deck takes at most"),
        (b"%PDF-1.4 nothing else", "broken.pdf", "This PDF is damaged and cannot be opened."),
        (b"\xd0\xcf\x11\xe0 old", "talk.ppt", "Old PowerPoint files (.ppt) cannot be read."),
        (b"title: x\nsteps: 3\n", "deck.yaml", "steps"),
    ],
)
def test_a_failed_job_shows_the_import_message_and_leaves_nothing_behind(
    editor, store, data, filename, message
):
    before = decks_and_pictures(store)
    started = start(editor, data, filename)
    assert started.status_code == 202
    job = follow(editor, started.get_json()["status"])
    assert job["state"] == "failed"
    refused = editor.http.get(job["location"])
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert f"Nothing was imported from {filename}" in page
    assert message in page.replace("&#39;", "'")
    assert decks_and_pictures(store) == before
    assert editor.http.get(job["location"]).status_code == 404, "the problems are shown once"


def test_a_job_is_its_starters_alone(editor, sign_in, store):
    started = start(editor, image_pdf(3), "mine.pdf")
    status_url = started.get_json()["status"]
    others = [Editor(sign_in("sam")), Editor(sign_in("ada", role="admin"))]
    for other in others:
        answer = other.http.get(status_url, headers=JSON)
        assert answer.status_code == 404
        assert answer.get_json()["error"]["code"] == "not_found"
    job = follow(editor, status_url)
    assert job["state"] == "done"
    for other in others:
        assert other.http.get(status_url, headers=JSON).status_code == 404


def test_the_problems_of_a_failed_job_are_its_starters_alone(editor, sign_in):
    job = follow(editor, start(editor, protected_pdf(), "locked.pdf").get_json()["status"])
    other = Editor(sign_in("sam"))
    assert other.http.get(job["location"]).status_code == 404
    assert editor.http.get(job["location"]).status_code == 400, "still there for its starter"


def test_bad_requests_start_nothing(editor, app, store):
    jobs = app.extensions[import_jobs.EXTENSION]
    before = decks_and_pictures(store)
    no_file = editor.post_form("/decks/import/jobs", headers=JSON)
    assert no_file.status_code == 400
    assert "Choose slides" in no_file.get_json()["error"]["message"]
    no_token = editor.http.post(
        "/decks/import/jobs",
        data={"file": (io.BytesIO(image_pdf(1)), "a.pdf")},
        content_type="multipart/form-data",
        headers=JSON,
    )
    assert no_token.status_code == 400
    assert no_token.get_json()["error"]["code"] == "csrf"
    assert editor.http.get("/decks/import/jobs/no-such-job", headers=JSON).status_code == 404
    assert jobs._jobs == {}
    assert decks_and_pictures(store) == before


def test_a_signed_out_page_is_told_so_in_json(app):
    answer = app.test_client().get("/decks/import/jobs/anything", headers=JSON)
    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "signed_out"


def test_a_third_import_while_two_run_is_refused(editor, store):
    long = image_pdf(60)  # small to send, slow to draw: each page is drawn 1600 wide
    running = [start(editor, long, f"long {n}.pdf").get_json()["status"] for n in range(2)]
    third = start(editor, image_pdf(1), "third.pdf")
    assert third.status_code == 429
    assert "You already have 2 imports under way." in third.get_json()["error"]["message"]
    for status_url in running:
        assert follow(editor, status_url)["state"] == "done"
    assert start(editor, image_pdf(1), "third.pdf").status_code == 202, "free again"
