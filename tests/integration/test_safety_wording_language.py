"""The deck's safety wording away from the class (help and safety, the notebook, the page after
deleting answers) in the phone's language where the deck has it translated, marked and noted
as the class page marks it; in the deck's English, marked `lang="en"` with a note in the
phone's language, where it has not; and unchanged on an English phone."""

from __future__ import annotations

import pytest

from server.languages import COOKIE
from tests.conftest import Person, csrf_token

WELSH_HELP = "Nid yw'r rhan fwyaf o boen cefn yn ddifrifol. Mae fel arfer yn gwella."
WELSH_WHEN = "Mynnwch help <strong>nawr</strong> (999 neu'r Adran Achosion Brys)"
ENGLISH_HELP = "Most back pain is not serious. It usually gets better."
DRAFTED = "Nid yw siaradwr rhugl wedi gwirio"


@pytest.fixture
def phone_in(start_session, app):
    """A phone in a language, joined to a class of the bundled back-pain deck."""
    console = start_session(deck_id="back-pain-1")

    def phone_in(language: str | None) -> Person:
        http = app.test_client()
        if language is not None:
            http.set_cookie(COOKIE, language)
        row = console.session
        page = http.get(f"/join?code={row['code']}").get_data(as_text=True)
        joined = http.post("/join", data={"code": row["code"], "csrf_token": csrf_token(page)})
        assert joined.status_code == 200, joined.get_data(as_text=True)
        person = Person(app, http, "/participant").connect({"session_id": row["id"]})
        person.session = row
        return person

    return phone_in


def page_of(phone: Person, path: str) -> str:
    response = phone.http.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True).replace("&#39;", "'").replace("&amp;", "&")


def help_of(phone: Person) -> str:
    return page_of(phone, f"/help?back=/s/{phone.session['id']}")


def test_a_welsh_phone_reads_the_decks_help_in_welsh_with_the_drafted_note(phone_in):
    page = help_of(phone_in("cy"))
    assert WELSH_HELP in page
    assert ENGLISH_HELP not in page
    assert DRAFTED in page
    assert 'class="class-safety" lang=' not in page  # in the page's own language
    assert "yn cael ei dangos yn" not in page  # no "shown in …" note


def test_a_phone_whose_language_the_deck_lacks_reads_the_english_marked_so(phone_in):
    page = help_of(phone_in("pl"))
    assert ENGLISH_HELP in page
    assert '<div class="class-safety" lang="en">' in page
    assert "angielski" in page  # "shown in English", English named in Polish


def test_an_english_phone_is_unchanged(phone_in):
    page = help_of(phone_in(None))
    assert ENGLISH_HELP in page
    assert 'lang="en">' not in page.split("<main", 1)[1]
    assert "translation-note" not in page


def test_the_notebook_on_a_welsh_phone_has_the_welsh_when_to_get_help(phone_in):
    phone = phone_in("cy")
    key = phone.emit("keep_notebook")["url"].rsplit("/", 1)[1]
    page = page_of(phone, f"/notebook/{key}")
    assert WELSH_WHEN in page
    assert "Pryd i gael help" in page  # the heading from the catalogue
    english = page_of(phone_in(None), f"/notebook/{key}")  # the same link in English
    assert "Get help <strong>now</strong> (999 or A&E)" in english
    assert WELSH_WHEN not in english


def test_the_page_after_deleting_on_a_welsh_phone_is_welsh(phone_in):
    phone = phone_in("cy")
    key = phone.emit("keep_notebook")["url"].rsplit("/", 1)[1]
    form = page_of(phone, f"/notebook/{key}/delete")
    done = phone.http.post(f"/notebook/{key}/delete", data={"csrf_token": csrf_token(form)})
    assert done.status_code == 200
    assert WELSH_WHEN in done.get_data(as_text=True).replace("&#39;", "'")


def test_the_pages_in_welsh_and_polish_are_valid_html(phone_in):
    from tests.html_check import html_problems, report

    pages = {}
    for language in ("cy", "pl"):
        phone = phone_in(language)
        key = phone.emit("keep_notebook")["url"].rsplit("/", 1)[1]
        pages[f"help, {language}"] = help_of(phone)
        pages[f"notebook, {language}"] = page_of(phone, f"/notebook/{key}")
        form = page_of(phone, f"/notebook/{key}/delete")
        done = phone.http.post(f"/notebook/{key}/delete", data={"csrf_token": csrf_token(form)})
        pages[f"deleted, {language}"] = done.get_data(as_text=True)
    found = html_problems(pages)
    assert not found, report(found)
