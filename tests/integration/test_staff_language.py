"""The staff's language: their own choice from the staff header's picker (a cookie of its own),
else the browser's Accept-Language, else English. A phone's choice never changes a staff page,
nor the staff's a phone page; a bad choice changes nothing; staff pages not yet wrapped, and
the room's screen, keep English."""

from __future__ import annotations

import re

import pytest

from server.languages import COOKIE, STAFF_COOKIE, message_key


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def heading(page: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", page).group(1)


def test_the_staff_picker_keeps_the_choice_and_the_console_comes_back_in_it(console):
    address = f"/console/{console.session['id']}"
    chosen = console.http.post("/staff/language", data={"language": "cy", "next": address})
    assert chosen.status_code == 303
    assert chosen.headers["Location"] == f"{address}#staff-language"
    cookie = chosen.headers["Set-Cookie"]
    assert f"{STAFF_COOKIE}=cy" in cookie
    assert "Max-Age=" in cookie
    assert "HttpOnly" in cookie
    page = console.http.get(address, headers={"Accept-Language": "en"}).text
    assert 'lang="cy"' in html_tag(page)  # the choice wins over the browser's language
    assert "data-messages=" in html_tag(page)  # the console's modules get their words too
    assert "Consol Talkback" in page
    assert "Gwagio’r sgrin" in page  # "Blank the screen"
    assert 'data-say="Iaith y dudalen hon nawr: Cymraeg."' in page
    assert '<option value="cy" lang="cy" selected>Cymraeg</option>' in page
    again = console.http.get("/").text
    assert "data-say" not in again  # said once, on the page the choice came back to
    assert heading(again) == "Eich dosbarthiadau"
    assert "0 o bobl wedi ymuno" in again  # a count in the language's own plural form
    assert "Wedi mewngofnodi fel <strong>physio</strong>" in again


def test_the_console_modules_words_are_in_the_staff_languages_catalogue(console):
    console.http.set_cookie(STAFF_COOKIE, "cy")
    page = console.http.get(f"/console/{console.session['id']}").text
    url = re.search(r'data-messages="([^"]+)"', page).group(1)
    module = console.http.get(url).text
    assert f'"{message_key("Blank the screen")}":"Gwagio’r sgrin"' in module
    assert f'"{message_key("Questions from the room")}":"Cwestiynau gan yr ystafell"' in module


def test_the_browser_language_is_followed_until_the_staff_choose(sign_in):
    http = sign_in()
    assert heading(http.get("/", headers={"Accept-Language": "cy-GB,en;q=0.5"}).text) == (
        "Eich dosbarthiadau"
    )
    http.set_cookie(STAFF_COOKIE, "en")
    page = http.get("/", headers={"Accept-Language": "cy-GB,en;q=0.5"}).text
    assert 'lang="en-GB"' in html_tag(page)
    assert heading(page) == "Your classes"


def test_the_sign_in_page_offers_the_choice_before_anyone_signs_in(app):
    http = app.test_client()
    page = http.get("/signin").text
    assert 'action="/staff/language"' in page
    chosen = http.post("/staff/language", data={"language": "cy", "next": "/signin"})
    assert chosen.status_code == 303  # no session yet, so no form token either
    page = http.get("/signin").text
    assert heading(page) == "Mewngofnodi"
    assert 'lang="cy"' in html_tag(page)


def test_a_phones_choice_never_changes_a_staff_page_nor_the_staffs_a_phone_page(console):
    console.http.set_cookie(COOKIE, "cy")
    console.http.set_cookie(STAFF_COOKIE, "pl")
    staff = console.http.get(f"/console/{console.session['id']}").text
    assert 'lang="pl"' in html_tag(staff)
    phone = console.http.get("/join").text
    assert 'lang="cy"' in html_tag(phone)
    assert heading(phone) == "Ymuno â dosbarth"
    console.http.delete_cookie(COOKIE)
    phone = console.http.get("/join", headers={"Accept-Language": "en"}).text
    assert 'lang="en-GB"' in html_tag(phone)  # the staff's Polish is not the phone's


@pytest.mark.parametrize("value", ["fr", "", "../cy", "cy; Path=/"])
def test_a_language_not_shipped_is_refused_and_changes_nothing(sign_in, value):
    http = sign_in()
    http.set_cookie(STAFF_COOKIE, "cy")
    refused = http.post("/staff/language", data={"language": value, "next": "/"})
    assert refused.status_code == 400
    assert "Dewiswch un o’r ieithoedd yn y rhestr." in refused.text  # in the language in force
    assert STAFF_COOKIE not in refused.headers.get("Set-Cookie", "")
    assert heading(http.get("/").text) == "Eich dosbarthiadau"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil"])
def test_the_way_back_stays_on_this_site(app, target):
    chosen = app.test_client().post("/staff/language", data={"language": "cy", "next": target})
    assert chosen.headers["Location"] == "/#staff-language"


def test_the_screen_keeps_english_whatever_the_staff_chose(console):
    console.http.set_cookie(STAFF_COOKIE, "cy")
    page = console.http.get(f"/screen/{console.session['screen_key']}")
    assert page.status_code == 200
    assert 'lang="en-GB"' in html_tag(page.text)
    assert "data-messages" not in html_tag(page.text)
    assert 'action="/staff/language"' not in page.text  # no choice it ignores


@pytest.mark.parametrize("address", ["/review/", "/decks", "/library/steps"])
def test_the_review_editor_admin_and_library_pages_follow_the_staff_choice(console, address):
    chosen = console.http.post(
        "/staff/language", data={"language": "cy", "next": address}, follow_redirects=True
    )
    assert chosen.status_code == 200, address
    assert 'lang="cy"' in html_tag(chosen.text), address
    assert 'action="/staff/language"' in chosen.text, address  # and it can be changed back there
    console.http.set_cookie(COOKIE, "pl")  # a phone's choice on the same device changes nothing
    assert 'lang="cy"' in html_tag(console.http.get(address).text), address
