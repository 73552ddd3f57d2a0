"""The screen's room language in headless Chromium against the real server: the physio picks
"Cymraeg and English" on the console, and the screen shows a Welsh-translated deck's step in
Welsh and English side by side (each column marked with its language, the options counted
once), its own words in both (the lobby's title, the results' words, the reactions' names),
while a phone set to Welsh follows the class in Welsh, the FFT's follow-up too; the screen
passes the rule engine."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, Pages, open_screen, save_deck, start_class

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK = {
    "title": "Walking with back pain",
    "min_responses": 1,
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-01"},
    "steps": [
        {"id": "hello", "kind": "slide", "title": "Hello", "body": "Walking **helps**."},
        {
            "id": "walk",
            "kind": "poll",
            "title": "How far do you walk?",
            "options": [{"id": "little", "label": "A little"}, {"id": "lots", "label": "A lot"}],
        },
        {"id": "feedback", "kind": "feedback", "title": "Your feedback"},
    ],
    "translations": {
        "cy": {
            "status": "drafted",
            "texts": {
                "title": "Cerdded gyda phoen cefn",
                "hello.title": "Helo",
                "hello.body": "Mae cerdded yn **helpu**.",
                "walk.title": "Pa mor bell ydych chi’n cerdded?",
                "walk.options.little": "Ychydig",
                "walk.options.lots": "Llawer",
                "feedback.title": "Eich adborth",
                "fft.question": "Yn gyffredinol, sut oedd eich profiad o’n gwasanaeth?",
                "fft.options.very-good": "Da iawn",
            },
        }
    },
}


def test_the_screen_shows_welsh_and_english_side_by_side_as_the_console_chooses(
    server, browser, artifacts
):
    save_deck(server, "walking-cy", DECK)
    pages = Pages(browser)
    console = pages.open(LAPTOP, "console")
    code = start_class(console, server.url, DECK["title"])
    screen = open_screen(pages, console)
    expect(screen.locator("#lobby-join")).to_have_text("Join at")

    # The console's first snapshot has set the list before the physio picks from it.
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    choice = console.get_by_label("Screen language")
    expect(choice).to_have_value("en")
    choice.select_option(label="Cymraeg and English")
    expect(screen.locator("#lobby-join")).to_have_text("Join at")  # not sent yet
    # A snapshot of another change (the screen blanked and shown again) keeps the pick.
    console.get_by_role("button", name="Blank the screen").click()
    expect(screen.locator("#blank")).to_be_visible()
    console.locator("#btn-unblank").click()
    expect(screen.locator("#blank")).to_be_hidden()
    expect(choice).to_have_value("cy,en")
    show = console.get_by_role("button", name="Show on screen")
    show.click()
    lobby = screen.locator("#lobby-join .said")
    expect(lobby).to_have_count(2)
    expect(lobby.nth(0)).to_have_attribute("lang", "cy")
    expect(lobby.nth(0)).to_have_text("Ymunwch yn")
    expect(lobby.nth(1)).to_have_text("Join at")
    # The session's title as each room language's phones see it, the first first.
    session_title = screen.locator("#lobby-session .said")
    expect(session_title).to_have_text(["Cerdded gyda phoen cefn", "Walking with back pain"])
    expect(session_title.nth(0)).to_have_attribute("lang", "cy")
    expect(session_title.nth(1)).to_have_attribute("lang", "en-GB")
    # A name is one string: the QR code's, in the first room language.
    expect(screen.locator(".qr")).to_have_attribute("aria-label", re.compile("^Cod QR sy’n agor "))

    phone = pages.open(PHONE, "phone in Welsh")
    phone.goto(f"{server.url}/join")
    phone.get_by_label("Language").select_option("cy")
    phone.get_by_role("button", name="Change").click()
    phone.get_by_label("Cod y dosbarth").fill(f"{code[:3]} {code[3:]}")
    phone.get_by_role("button", name="Ymuno â’r dosbarth").click()
    expect(phone).to_have_url(re.compile(r"/s/"))
    expect(phone.locator("#connection")).to_have_text("Wedi cysylltu")
    expect(screen.locator("#joined-count .said").nth(0)).to_have_text("Mae 1 person wedi ymuno")

    console.get_by_role("button", name="Next").click()
    title = screen.locator("#step-title .said")
    expect(title).to_have_text(["Helo", "Hello"])
    body = screen.locator("#step-body .side-by-side__column")
    expect(body.nth(0)).to_have_attribute("lang", "cy")
    expect(body.nth(0)).to_have_text("Mae cerdded yn helpu.")
    expect(body.nth(1)).to_have_attribute("lang", "en-GB")
    expect(body.nth(1)).to_have_text("Walking helps.")
    # The Welsh phone reacts: the screen's tally names the reaction in both languages.
    phone.locator("#reactions-area [data-reaction=agree]").click()
    tally = screen.get_by_role("complementary", name="Ymatebion Reactions")
    expect(tally.locator("[data-reaction=agree] .screen-reactions__label .said")).to_have_text(
        ["Cytuno", "Agree"]
    )

    console.get_by_role("button", name="Next").click()
    expect(title).to_have_text(["Pa mor bell ydych chi’n cerdded?", "How far do you walk?"])
    columns = screen.locator("#step-extra .side-by-side__column")
    expect(columns.nth(0).locator(".choice")).to_have_text(["Ychydig", "Llawer"])
    expect(columns.nth(1).locator(".choice")).to_have_text(["A little", "A lot"])
    expect(screen.locator(".answer-hint .said")).to_have_text(
        ["Atebwch ar eich ffôn.", "Answer on your phone."]
    )
    # A question from the Welsh phone, shared: the strip's own words in both languages.
    phone.get_by_role("button", name="Gofyn cwestiwn i’r ffisiotherapydd").click()
    phone.get_by_label("Eich cwestiwn", exact=True).fill("A yw nofio’n dda i’r cefn?")
    phone.get_by_role("button", name="Anfon cwestiwn").click()
    asked = console.locator("#questions-panel li", has_text="A yw nofio’n dda i’r cefn?")
    asked.get_by_role("button", name="Approve").click()
    strip = screen.locator("#questions-strip")
    expect(strip.locator("h2 .said")).to_have_text(["Eich cwestiynau", "Your questions"])
    expect(strip.locator(".strip-question__meta .said")).to_have_text(["0 pleidlais", "0 votes"])
    assert_accessible(screen, "the screen in Welsh and English")
    screen.screenshot(path=artifacts / "screen-in-welsh-and-english.png")

    # The phone, in Welsh, shows the same step in Welsh; its answer counts once on the screen.
    expect(phone.get_by_role("heading", level=1)).to_have_text("Pa mor bell ydych chi’n cerdded?")
    poll = phone.get_by_role("group", name="Dewiswch un ateb")
    expect(poll.get_by_role("radio")).to_have_count(2)
    poll.get_by_label("Ychydig").check()
    phone.get_by_role("button", name="Anfon ateb").click()
    expect(phone.locator("#answer-status")).to_contain_text("Mae eich ateb wedi’i gadw.")
    console.get_by_role("button", name="Reveal results").click()
    expect(screen.locator(".screen-results")).to_have_attribute("lang", "cy")
    expect(screen.locator(".screen-results .bar__label")).to_have_text(["Ychydig", "Llawer"])
    # The figures once; the results' own words in both languages, each marked with its own.
    total = screen.locator(".screen-results .results__total .said")
    expect(total).to_have_text(["Atebodd 1 person.", "1 person answered."])
    expect(total.nth(0)).to_have_attribute("lang", "cy")
    expect(total.nth(1)).to_have_attribute("lang", "en-GB")
    figure = screen.locator(".screen-results .bar__figure").first.locator(".said")
    expect(figure).to_have_text(["1 person, 100%", "1 person, 100%"])
    assert_accessible(screen, "the screen's results in Welsh")

    # The FFT: its question and answers in NHS England's English (the deck has no official
    # Welsh), its follow-up (the service's own question) in the phone's Welsh.
    console.get_by_role("button", name="Next").click()
    expect(title).to_have_text(["Eich adborth", "Your feedback"])
    # On the screen too: the English, marked so, with the unofficial Welsh beneath it.
    welsh_column = screen.locator("#step-extra .side-by-side__column").nth(0)
    question = welsh_column.locator(".fft-question")
    expect(question.locator("span[lang=en]")).to_have_text(
        "Overall, how was your experience of our service?"
    )
    expect(question.locator(".fft__translation")).to_have_text(
        "Cyfieithiad: Yn gyffredinol, sut oedd eich profiad o’n gwasanaeth?"
    )
    very_good = welsh_column.locator(".choice").first
    expect(very_good.locator("span[lang=en]")).to_have_text("Very good")
    expect(very_good.locator(".fft__translation")).to_have_text("Cyfieithiad: Da iawn")
    fft = phone.get_by_role("group", name="Overall, how was your experience of our service?")
    fft.get_by_label("Very good").check()  # with "Cyfieithiad: Da iawn" beneath
    why = phone.get_by_label("Dywedwch wrthym pam y rhoesoch yr ateb hwn.")
    expect(why).to_be_visible()
    expect(phone.get_by_text("Peidiwch â chynnwys enwau na manylion personol.")).to_be_visible()
    why.fill("Roedd yn help")
    phone.get_by_role("button", name="Anfon adborth").click()
    expect(phone.locator("#answer-status")).to_contain_text("Mae eich adborth wedi’i gadw.")
    assert_accessible(phone, "the FFT on a Welsh phone")
    console.get_by_role("button", name="Reveal results").click()
    labels = screen.locator(".screen-results .bar__label")
    expect(labels.first).to_have_text("Very good")
    expect(labels.first).to_have_attribute("lang", "en")  # in a Welsh results box
    line = screen.locator(".feedback-line .said")
    expect(line).to_have_text(
        [
            "100% cadarnhaol (Da iawn neu Da) · 0% negyddol (Gwael neu Gwael iawn)",
            "100% positive (Very good or Good) · 0% negative (Poor or Very poor)",
        ]
    )
    assert_accessible(screen, "the screen's FFT results in Welsh and English")
    screen.screenshot(path=artifacts / "screen-fft-in-welsh-and-english.png")

    choice.select_option(label="English")
    show.click()
    expect(screen.locator("#step-title")).to_have_text("Your feedback")
    expect(screen.locator(".feedback-line")).to_have_text(
        "100% positive (Very good or Good) · 0% negative (Poor or Very poor)"
    )
    expect(screen.locator(".screen-results .said")).to_have_count(0)
    expect(console.locator("#feedback")).to_be_empty()
    assert pages.errors == []
