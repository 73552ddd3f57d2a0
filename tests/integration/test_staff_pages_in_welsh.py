"""The review, admin, library and editor pages speak the staff's language when it is Welsh:
their words from the Welsh catalogue, dates with Welsh month names, and counts in Welsh plural
forms; in English otherwise. The staff's own choice of language is not made here: the page's
language is forced to Welsh, as that choice would set it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from babel.dates import format_date

from server import languages
from tests.integration.review_session import run_known_session


@pytest.fixture
def known(start_session, join):
    return run_known_session(start_session, join).session


@pytest.fixture
def reviewer(sign_in):
    return sign_in("rita", "reviewer")


@pytest.fixture
def in_welsh(monkeypatch):
    monkeypatch.setattr(languages, "page_language_code", lambda: "cy")


def page(http, path: str) -> str:
    response = http.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_report_in_welsh(known, reviewer, in_welsh):
    html = page(reviewer, f"/review/sessions/{known['id']}")
    assert '<html lang="cy"' in html
    for welsh in ("Presenoldeb", "Canlyniadau gam wrth gam", "Prawf Ffrindiau a Theulu",
                  "Rhybuddion baner goch", "Sesiynau blaenorol"):  # fmt: skip
        assert welsh in html
    assert "Atebodd 4 o bobl." in html  # a count in its Welsh plural form
    assert "Results step by step" not in html
    assert "people answered" not in html
    today = format_date(datetime.now(UTC).date(), format="medium", locale="cy")
    assert today in html  # the Welsh month name ("3 Rhag 2026")


def test_the_sessions_list_and_trends_in_welsh(known, reviewer, in_welsh):
    listed = page(reviewer, "/review/")
    assert "Sesiynau blaenorol" in listed
    assert "Past sessions" not in listed
    assert "Tabl sesiynau gorffenedig" in listed
    trends = page(reviewer, "/review/trends")
    assert "Tueddiadau" in trends
    assert "Sessions and attendance by month" not in trends
    month = format_date(datetime.now(UTC).date(), format="LLL y", locale="cy")
    assert month in trends  # the month's row, named in Welsh


def test_the_alerts_page_in_welsh(reviewer, in_welsh):
    html = page(reviewer, "/review/alerts/")
    assert "Rhybuddion baner goch agored" in html
    assert "Nid oes rhybuddion agored." in html


def test_the_report_stays_english_without_a_choice(known, reviewer):
    html = page(reviewer, f"/review/sessions/{known['id']}")
    assert '<html lang="en-GB"' in html
    assert "Results step by step" in html
    assert "4 people answered." in html
    assert "Presenoldeb" not in html


def test_the_admin_pages_in_welsh(sign_in, in_welsh):
    admin = sign_in("ada", "admin")
    accounts = page(admin, "/admin/accounts")
    assert "Cyfrifon staff" in accounts
    assert ">gweinyddwr</td>" in accounts  # the role's name, not its code
    assert "Staff accounts" not in accounts
    settings = page(admin, "/admin/settings")
    assert "Cadw atebion cyfranogwyr" in settings
    assert "diwrnod</strong>" in settings
    assert "Rules for decks" not in settings
    audit = page(admin, "/admin/audit")
    assert "Cofnod archwilio" in audit


def test_the_approved_steps_in_welsh(sign_in, in_welsh):
    lead = sign_in("lead", "reviewer")
    listed = page(lead, "/library/steps")
    assert "Camau a gymeradwywyd" in listed
    assert "Llyfrgell deciau" in listed  # the editor's header
    assert "Fersiwn 1" in listed
    assert "Approved steps" not in listed


def test_the_deck_library_and_editor_in_welsh(sign_in, in_welsh):
    physio = sign_in("physio", "facilitator")
    library = page(physio, "/decks")
    assert "Llyfrgell deciau" in library
    assert "Yn dod gyda Talkback: darllen yn unig" in library
    assert "Wedi’i gymeradwyo" in library  # the governance tag
    assert "Perchennog clinigol" in library  # the governance line
    assert "Deck library" not in library
    edit = page(physio, "/decks/back-pain-1/edit")
    assert "Gweld “" in edit  # a bundled deck is viewed, not edited
    assert "Cyfieithiadau" in edit
    assert "About this deck" not in edit
    versions = page(physio, "/decks/back-pain-1/versions")
    assert "Cymeradwyaeth" in versions
    assert "Every save is kept" not in versions


def test_the_editor_s_scripts_get_the_welsh_browser_catalogue(sign_in, in_welsh):
    physio = sign_in("physio", "facilitator")
    edit = page(physio, "/decks/back-pain-1/edit")
    found = re.search(r'data-messages="([^"]+)"', edit)
    assert found, "the editor's page names no browser catalogue"
    catalogue = page(physio, found.group(1))
    for english, welsh in (
        ("Not saved yet", "Heb ei gadw eto"),
        ("Drawing page {done} of {total}", "Wrthi’n llunio tudalen {done} o {total}"),
    ):
        assert f'"{languages.message_key(english)}":"{welsh}"' in catalogue
