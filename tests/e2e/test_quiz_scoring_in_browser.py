"""Quiz scores in headless Chromium against the real server: the physio starts a class with
scores and a leaderboard ticked, two phones answer a quiz, and at the end each phone says its
own score and the screen shows the nicknames' leaderboard; a class started without them shows
neither. Every view passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, Pages, join_class, open_screen, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_TITLE = "Making sense of back pain"
QUIZ = "You usually need a scan to find out what's causing back pain."


def run_class(pages, url, *, tick):
    """Start a class of the bundled deck with the given boxes ticked; Ann gets the scan quiz
    right and Bob wrong; the class ends. -> (console, screen, ann, bob)"""

    console = pages.open(LAPTOP, "console")
    sign_in(console, url)
    form = console.locator(
        "form", has=console.get_by_role("button", name=f"Start a session with {DECK_TITLE}")
    )
    for label in tick:
        form.get_by_label(label).check()
    assert_accessible(console, "your classes, with the quiz score options")
    form.get_by_role("button", name=f"Start a session with {DECK_TITLE}").click()
    expect(console).to_have_url(re.compile(r"/console/"))
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    console.on("dialog", lambda dialog: dialog.accept())  # skipping the safety slide; ending
    screen = open_screen(pages, console)
    ann, bob = pages.open(PHONE, "phone Ann"), pages.open(PHONE, "phone Bob")
    join_class(ann, url, code, "Ann")
    join_class(bob, url, code, "Bob")

    console.locator("#outline").get_by_role("button", name=re.compile(re.escape(QUIZ))).click()
    for phone, choice in ((ann, "Myth"), (bob, "Fact")):
        expect(phone.get_by_role("heading", level=1)).to_have_text(QUIZ)
        phone.get_by_label(choice).check()
        phone.get_by_role("button", name="Send answer").click()
        expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")
    console.get_by_role("button", name="End session").click()
    for phone in (ann, bob):
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            "The class has ended. Thank you."
        )
    expect(screen.locator("#ended")).to_be_visible()
    return console, screen, ann, bob


def test_scores_and_a_leaderboard_show_at_the_end_when_chosen(server, browser):
    pages = Pages(browser)
    _, screen, ann, bob = run_class(
        pages,
        server.url,
        tick=("Count quiz scores", "Show a leaderboard on the screen at the end"),
    )
    expect(ann.locator("#my-score")).to_have_text("You got 1 of 8 quiz questions right.")
    expect(bob.locator("#my-score")).to_have_text("You got 0 of 8 quiz questions right.")
    expect(ann.locator("#announce")).to_contain_text("You got 1 of 8")
    board = screen.get_by_role("table", name="Quiz scores, out of 8")
    expect(board).to_be_visible()
    rows = board.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_text(re.compile(r"Ann\s*1"))
    expect(rows.nth(1)).to_have_text(re.compile(r"Bob\s*0"))
    assert_accessible(ann, "phone, own score at the end")
    assert_accessible(screen, "screen, leaderboard at the end")
    assert pages.errors == []


def test_without_them_nothing_about_scores_shows(server, browser):
    pages = Pages(browser)
    _, screen, ann, _ = run_class(pages, server.url, tick=())
    expect(ann.locator("#my-score")).to_be_hidden()
    expect(ann.locator("#step-area")).not_to_contain_text("You got")
    expect(screen.locator("#leaderboard")).to_be_hidden()
    expect(screen.get_by_role("table")).to_have_count(0)
    assert pages.errors == []
