"""Voting again in headless Chromium against the real server: three phones vote on a quiz,
the physio closes it and presses Vote again by keyboard, the room talks it over in groups
with the timer running, each phone says what its person chose first and votes again, and
the console and the screen show both votes side by side with how many moved to the right
answer. In a one-to-one consultation a second vote sent from a carer's linked phone shows on
the person's own, and the console lists both votes by name. Every view passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import (
    LAPTOP,
    PHONE,
    Pages,
    join_class,
    open_screen,
    save_deck,
    sign_in,
    start_class,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

TITLE = "Bed rest is the best thing for back pain."
DECK = {
    "title": "Bed rest and back pain",
    "min_responses": 3,
    # Installed from a file, with its approval, as the service's own decks are, so it starts.
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-01"},
    "steps": [
        {"id": "hello", "kind": "slide", "title": "Hello"},
        {
            "id": "bed-rest",
            "kind": "quiz",
            "title": TITLE,
            "options": [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}],
            "correct": "myth",
            "explanation": "Gentle movement helps most people get better sooner.",
            "vote_again": True,
        },
        {"id": "bye", "kind": "slide", "title": "Thank you"},
    ],
}


@pytest.fixture
def bed_rest(server):
    save_deck(server, "bed-rest", DECK)
    return server


def vote(phone, choice):
    phone.get_by_label(choice).check()
    phone.get_by_role("button", name="Send answer").click()
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")


def test_the_room_votes_again_and_sees_both_votes(bed_rest, browser):
    url = bed_rest.url
    pages = Pages(browser)

    console = pages.open(LAPTOP, "console")
    code = start_class(console, url, DECK["title"])
    screen = open_screen(pages, console)
    phones = {name: pages.open(PHONE, f"phone {name}") for name in ("Ann", "Bob", "Cat")}
    for name, phone in phones.items():
        join_class(phone, url, code, name)

    console.locator("#outline").get_by_role("button", name=re.compile(re.escape(TITLE))).click()
    again = console.get_by_role("button", name="Vote again")
    for name, choice in (("Ann", "Fact"), ("Bob", "Fact"), ("Cat", "Myth")):
        expect(phones[name].get_by_role("heading", level=1)).to_have_text(TITLE)
        vote(phones[name], choice)
    expect(again).to_be_hidden()  # not while the first vote is open
    console.get_by_role("button", name="Close answers").click()
    expect(again).to_be_visible()
    again.focus()
    console.keyboard.press("Enter")
    close = console.get_by_role("button", name="Close the second vote")
    expect(close).to_be_focused()
    expect(again).to_be_hidden()
    expect(console.locator("#announce")).to_contain_text("The second vote is open.")
    expect(screen.get_by_text("Vote again: what do you think now?")).to_be_visible()
    # The room talks it over in groups, with the timer, before the second vote.
    expect(screen.get_by_text("Talk it over in your group first")).to_be_visible()
    expect(console.locator("#results")).to_contain_text("Talking it over in 1 group")
    expect(console.get_by_role("button", name="New groups")).to_be_visible()
    console.locator("#timer-panel").get_by_role("button", name=re.compile("^Start")).click()
    expect(screen.locator(".countdown")).to_be_visible()

    ann = phones["Ann"]
    expect(ann.locator(".second-vote")).to_contain_text("You chose “Fact” first.")
    expect(ann.locator("#peer-group")).to_contain_text("Talk it over in group 1")
    expect(ann.locator("#peer-group")).to_contain_text(re.compile(r"With: (Bob, Cat|Cat, Bob)"))
    expect(ann.get_by_label("Myth")).not_to_be_checked()
    assert_accessible(ann, "phone, voting again")
    for name, choice in (("Ann", "Myth"), ("Bob", "Myth"), ("Cat", "Myth")):
        vote(phones[name], choice)

    results = console.locator("#results")
    expect(results).to_contain_text("First vote")
    expect(results).to_contain_text("Second vote")
    expect(results).to_contain_text(
        "2 people of the 3 who voted both times moved to the right answer."
    )
    assert_accessible(console, "console, both votes")
    close.click()
    console.get_by_role("button", name="Reveal results").click()
    shown = screen.locator(".vote-rounds")
    expect(shown).to_be_visible()
    expect(shown.locator(".vote-round").nth(0)).to_contain_text("1 person, 33%")
    expect(shown.locator(".vote-round").nth(1)).to_contain_text("3 people, 100%")
    expect(screen.get_by_text("2 people of the 3 who voted both times")).to_be_visible()
    expect(ann.locator("#reveal-area")).to_contain_text("Second vote")
    expect(ann.locator("#reveal-area")).to_contain_text("You got it right.")
    assert_accessible(screen, "screen, both votes")
    assert_accessible(ann, "phone, both votes revealed")
    assert pages.errors == []


def test_one_to_one_a_second_vote_from_a_carers_phone_shows_everywhere_by_name(bed_rest, browser):
    """A one-to-one consultation: Ann votes first on her own phone, her carer's linked phone
    sends the second vote, and Ann's phone shows it as it does a first vote sent from the
    carer's; the console lists each vote by name."""
    url = bed_rest.url
    pages = Pages(browser)

    console = pages.open(LAPTOP, "console")
    sign_in(console, url)
    deck = console.locator("li.deck").filter(has_text=DECK["title"])
    deck.get_by_label("One-to-one consultation").check()
    deck.get_by_role("button", name=re.compile("start a session", re.I)).click()
    expect(console).to_have_url(re.compile(r"/console/"))
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    ann = pages.open(PHONE, "Ann's phone")
    join_class(ann, url, code, "Ann")
    ann.get_by_text("Someone helping you?").click()
    helper_code = ann.get_by_test_id("helper-code").inner_text()
    carer = pages.open(PHONE, "carer's phone")
    carer.goto(f"{url}/join")
    carer.get_by_role("link", name="Help them from this phone").click()
    carer.get_by_label("Their helper code").fill(helper_code)
    carer.get_by_role("button", name="Help them from this phone").click()
    expect(carer.locator("header").first).to_contain_text("You are helping: Ann")

    console.locator("#outline").get_by_role("button", name=re.compile(re.escape(TITLE))).click()
    for phone in (ann, carer):
        expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    vote(ann, "Fact")
    expect(carer.get_by_label("Fact")).to_be_checked()  # a first vote shows on both already
    console.get_by_role("button", name="Close answers").click()
    console.get_by_role("button", name="Vote again").click()
    for phone in (ann, carer):
        expect(phone.locator(".second-vote")).to_contain_text("You chose “Fact” first.")
        expect(phone.get_by_label("Myth")).not_to_be_checked()

    vote(carer, "Myth")
    expect(ann.get_by_label("Myth")).to_be_checked()
    expect(ann.locator("#announce")).to_have_text("Your answer was saved from your other device.")
    expect(ann.locator("#answer-status")).to_have_attribute("data-state", "saved")

    results = console.locator("#results")
    first = results.locator("table.by-name__table", has_text="First vote by name")
    second = results.locator("table.by-name__table", has_text="Second vote by name")
    expect(first.get_by_role("row", name=re.compile("Ann"))).to_contain_text("Fact (not right)")
    expect(second.get_by_role("row", name=re.compile("Ann"))).to_contain_text("Myth (right)")
    assert_accessible(console, "console, one-to-one, both votes by name")
    assert_accessible(ann, "phone, a second vote sent from the carer's")
    assert pages.errors == []
