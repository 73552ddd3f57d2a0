"""A phone's language in headless Chromium against the real server: a phone switched to Welsh
from the phone bar joins, follows and answers a class in Welsh (the page's words, those its
modules draw and the deck's drafted Welsh), while the console stays in English; a phone whose
browser asks for Arabic or Urdu gets a right-to-left page, mirrored; a phone in Polish, which
the deck has no translation for, sees the deck's English and the note saying so; all pass the
rule engine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, Pages, start_class

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_TITLE = "Making sense of back pain"


def test_a_phone_set_to_welsh_joins_and_answers_in_welsh(server, browser):
    pages = Pages(browser)
    console = pages.open(LAPTOP, "console")
    code = start_class(console, server.url, DECK_TITLE)

    phone = pages.open(PHONE, "phone in Welsh")
    phone.goto(f"{server.url}/join")
    phone.get_by_label("Language").select_option("cy")
    phone.get_by_role("button", name="Change").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ymuno â dosbarth")
    # The change is said once, in the new language, and focus is back at the picker.
    expect(phone.locator("#language-status")).to_have_text("Iaith y dudalen hon nawr: Cymraeg.")
    expect(phone.get_by_label("Iaith")).to_have_value("cy")
    assert_accessible(phone, "the join page in Welsh")

    phone.get_by_label("Cod y dosbarth").fill(f"{code[:3]} {code[3:]}")
    phone.get_by_role("button", name="Ymuno â’r dosbarth").click()
    expect(phone).to_have_url(re.compile(r"/s/"))
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(phone.locator("#connection")).to_have_text("Wedi cysylltu")

    for _ in range(5):  # three slides and the scale, to the poll
        console.get_by_role("button", name="Next").click()
    expect(
        console.get_by_role("heading", name=re.compile("How long has your back"))
    ).to_be_visible()
    # The deck's own Welsh, as a Welsh heading (not marked as English).
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_have_text("Ers faint mae eich cefn wedi bod yn eich poeni y tro hwn?")
    expect(heading).not_to_have_attribute("lang", "en")
    poll = phone.get_by_role("group", name="Dewiswch un ateb")
    expect(poll).to_be_visible()
    phone.get_by_role("button", name="Anfon ateb").click()
    expect(phone.locator("#answer-status")).to_have_text("Dewiswch ateb yn gyntaf.")
    poll.get_by_label("Llai na 6 wythnos").check()  # the deck's drafted Welsh, by option id
    phone.get_by_role("button", name="Anfon ateb").click()
    expect(phone.locator("#answer-status")).to_have_text(
        "Mae eich ateb wedi’i gadw. Gallwch ei newid nes i’r atebion gau."
    )
    assert_accessible(phone, "a poll answered in Welsh")

    console.get_by_role("button", name="Close answers").click()
    expect(phone.locator("#announce")).to_have_text("Mae’r atebion wedi cau.")
    # The console is not the phone: it keeps its own (English) words.
    expect(console.locator("html")).to_have_attribute("lang", "en-GB")
    assert pages.errors == []


# Each right-to-left language: the browser's locale, and its words for the join page's
# heading, help link, class code, join button, "Connected" and the first class page.
RIGHT_TO_LEFT = {
    "ar": (
        "ar-EG",
        "الانضمام إلى حصة",
        "المساعدة والسلامة",
        "رمز الحصة",
        "انضم إلى الحصة",
        "متصل",
        "لقد انضممت. ستبدأ الحصة قريباً.",
    ),
    "ur": (
        "ur-PK",
        "کلاس میں شامل ہوں",
        "مدد اور حفاظت",
        "کلاس کوڈ",
        "کلاس میں شامل ہوں",
        "منسلک",
        "آپ شامل ہو گئے ہیں۔ کلاس جلد شروع ہو گی۔",
    ),
}


@pytest.mark.parametrize("language", sorted(RIGHT_TO_LEFT))
def test_a_phone_asking_for_a_right_to_left_language_gets_a_mirrored_page(
    server, browser, language
):
    locale, heading, help_link, code_label, join, connected, joined = RIGHT_TO_LEFT[language]
    pages = Pages(browser)
    console = pages.open(LAPTOP, "console")
    code = start_class(console, server.url, DECK_TITLE)

    context = browser.new_context(viewport=PHONE, locale=locale)
    phone = context.new_page()
    phone.goto(f"{server.url}/join")
    html = phone.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", language)
    expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
    # Mirrored: the help link, first in the bar, sits against the right-hand edge, and the
    # class code field's label starts on the right too. (The page's own "not for emergencies"
    # line links to help and safety in the same words, so the bar's link is found in the bar.)
    bar_help = phone.get_by_role("banner").get_by_role("link", name=help_link)
    for first in (bar_help, phone.get_by_text(code_label)):
        box = first.bounding_box()
        assert box["x"] + box["width"] > PHONE["width"] - 40
    assert_accessible(phone, f"the join page ({language})")

    phone.get_by_label(code_label).fill(code)
    phone.get_by_role("button", name=join).click()
    expect(phone).to_have_url(re.compile(r"/s/"))
    expect(phone.locator("#connection")).to_have_text(connected)
    expect(phone.get_by_role("heading", level=1)).to_have_text(joined)
    assert_accessible(phone, f"the class page ({language})")
    context.close()
    assert pages.errors == []


def test_a_phone_in_a_language_the_deck_lacks_sees_the_deck_words_and_says_so(server, browser):
    """The bundled deck has no Polish: a Polish phone is shown its English words, marked as
    English for a screen reader, with the note in Polish naming the language."""
    pages = Pages(browser)
    console = pages.open(LAPTOP, "console")
    code = start_class(console, server.url, DECK_TITLE)

    context = browser.new_context(viewport=PHONE, locale="pl-PL")
    phone = context.new_page()
    phone.goto(f"{server.url}/join")
    expect(phone.locator("html")).to_have_attribute("lang", "pl")
    phone.get_by_label("Kod zajęć").fill(code)
    phone.get_by_role("button", name="Dołącz do zajęć").click()
    expect(phone).to_have_url(re.compile(r"/s/"))
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")

    console.get_by_role("button", name="Next").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome")
    note = phone.locator("#step-area .deck-language")
    expect(note).to_have_text("Ta część jest pokazana w języku: angielski.")
    expect(phone.get_by_role("heading", level=1)).to_have_attribute("lang", "en")
    expect(phone.locator("#step-area .step-body")).to_have_attribute("lang", "en")
    assert_accessible(phone, "a step in the deck's English on a Polish phone")
    context.close()
    assert pages.errors == []
