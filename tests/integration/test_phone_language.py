"""A phone's language: its own choice from the phone bar (a cookie on the device), else its
browser's Accept-Language, else English; a bad choice changes nothing; the console and the
screen keep their own language whatever the phone chose."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

from server.languages import COOKIE, message_key
from tests.conftest import csrf_token


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def heading(page: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", page).group(1)


@pytest.mark.parametrize(
    ("accept", "lang", "words"),
    [
        ("cy-GB,cy;q=0.9,en;q=0.5", 'lang="cy"', "Ymuno â dosbarth"),
        ("ar-EG,en;q=0.3", 'lang="ar" dir="rtl"', "الانضمام إلى حصة"),
        ("fr-FR,de;q=0.8", 'lang="en-GB"', "Join a class"),
        ("", 'lang="en-GB"', "Join a class"),
    ],
)
def test_the_browser_language_is_followed_else_english(app, accept, lang, words):
    page = app.test_client().get("/join", headers={"Accept-Language": accept}).text
    assert lang in html_tag(page)
    assert heading(page) == words


def test_the_bar_picker_remembers_the_choice_and_says_so_once(app):
    http = app.test_client()
    token = csrf_token(http.get("/join").text)
    chosen = http.post(
        "/language", data={"csrf_token": token, "language": "cy", "next": "/help?back=/s/x"}
    )
    assert chosen.status_code == 303
    assert chosen.headers["Location"] == "/help?back=/s/x#language"
    cookie = chosen.headers["Set-Cookie"]
    assert f"{COOKIE}=cy" in cookie
    assert "Max-Age=" in cookie
    assert "HttpOnly" in cookie
    first = http.get("/help?back=/s/x", headers={"Accept-Language": "en"}).text
    assert 'lang="cy"' in html_tag(first)  # the choice wins over the browser's language
    assert 'data-say="Iaith y dudalen hon nawr: Cymraeg."' in first
    assert '<option value="cy" lang="cy" selected>Cymraeg</option>' in first
    # A right-to-left language's name reads right to left in a left-to-right page's list.
    assert '<option value="ur" lang="ur" dir="rtl">اردو</option>' in first
    assert '<option value="pl" lang="pl">Polski</option>' in first
    again = http.get("/join").text
    assert "data-say" not in again  # said once, on the page the choice came back to
    assert heading(again) == "Ymuno â dosbarth"


@pytest.mark.parametrize("value", ["fr", "", "../cy", "cy; Path=/"])
def test_a_language_not_shipped_is_refused_and_changes_nothing(app, value):
    http = app.test_client()
    token = csrf_token(http.get("/join").text)
    refused = http.post("/language", data={"csrf_token": token, "language": value, "next": "/"})
    assert refused.status_code == 400
    assert "Choose one of the languages in the list." in refused.text
    assert "Set-Cookie" not in refused.headers or COOKIE not in refused.headers["Set-Cookie"]
    assert 'lang="en-GB"' in html_tag(http.get("/join").text)


def test_the_choice_needs_no_form_token(app):
    """The picker is on every phone page, so it carries no token: choosing a language reveals
    and changes nothing but the look of this device's pages."""
    chosen = app.test_client().post("/language", data={"language": "ar", "next": "/join"})
    assert chosen.status_code == 303
    assert f"{COOKIE}=ar" in chosen.headers["Set-Cookie"]


@pytest.mark.parametrize(("language", "drafted"), [("cy", True), ("ar", True), ("en", False)])
def test_a_drafted_language_is_marked_for_the_modules_clinical_texts(app, language, drafted):
    http = app.test_client()
    http.set_cookie(COOKIE, language)
    assert ("data-drafted" in html_tag(http.get("/join").text)) is drafted
    help_page = http.get("/help").text
    assert ('class="translation-note"' in help_page) is drafted


def test_a_bad_cookie_value_is_ignored(app):
    http = app.test_client()
    http.set_cookie(COOKIE, "klingon")
    page = http.get("/join", headers={"Accept-Language": "cy"}).text
    assert 'lang="cy"' in html_tag(page)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil"])
def test_the_way_back_stays_on_this_site(app, target):
    http = app.test_client()
    token = csrf_token(http.get("/join").text)
    chosen = http.post("/language", data={"csrf_token": token, "language": "cy", "next": target})
    assert chosen.headers["Location"] == "/join#language"


def test_the_error_page_follows_the_phone(app):
    http = app.test_client()
    http.set_cookie(COOKIE, "cy")
    missing = http.get("/no-such-page", headers={"Accept": "text/html"})
    assert missing.status_code == 404
    assert "Allwn ni ddim dod o hyd i’r dudalen honno" in missing.text


def test_the_console_and_screen_keep_english_whatever_the_phone_chose(console):
    console.http.set_cookie(COOKIE, "cy")
    for address in ("/", f"/screen/{console.session['screen_key']}"):
        page = console.http.get(address)
        assert page.status_code == 200, address
        assert 'lang="en-GB"' in html_tag(page.text)
        assert "data-messages" not in html_tag(page.text)


def test_the_browser_catalogue_is_served_for_good_and_only_at_its_address(app):
    http = app.test_client()
    http.set_cookie(COOKIE, "cy")
    address = re.search(r'data-messages="([^"]+)"', http.get("/join").text).group(1)
    module = http.get(address)
    assert module.mimetype == "text/javascript"
    assert "immutable" in module.headers["Cache-Control"]
    assert '"Wrthi’n anfon…"' in module.text
    assert "Sending…" not in module.text  # keyed by a hash of the English, not the English
    # Only the words of what a phone runs: the console's stay out of a phone's download.
    assert f'"{message_key("Blank the screen")}"' not in module.text
    assert http.get(address.replace("/cy.js", "/ar.js")).status_code == 404
    # Fetched ahead by the join page, preloaded by the class page, like the modules.
    assert f'<link rel="prefetch" href="{address}">' in http.get("/join").text
    assert http.get(re.sub(r"/messages/\w+/", "/messages/0000/", address)).status_code == 404


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "2 December 2026"), ("cy", "2 Rhagfyr 2026"), ("ar", "2 ديسمبر 2026")],
)
def test_a_date_on_the_phone_is_written_the_phone_languages_way(app, language, written):
    with app.test_request_context("/notebook/x", headers={"Cookie": f"{COOKIE}={language}"}):
        assert render_template_string("{{ '2026-12-02T10:00:00Z'|phone_date }}") == written
        assert render_template_string("{{ 'not a date'|phone_date }}") == "not a date"
