"""Paper and helpers in headless Chromium against the real server: a physio types a paper form
in from the keyboard alone and counts FFT cards; a carer's phone is linked to a person's phone
with the helper code, and both are one person. Each page passes the axe check."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, PageErrors, join_class, sign_in
from tests.e2e.clients import Listener, create_session

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_ID = "back-pain-1"
POLL = "how-long"
POLL_TITLE = "How long has your back been troubling you this time?"


def stored(server, sql, params=()):
    store = Store(str(server.database))
    try:
        return [tuple(r) for r in store.db.execute(sql, params).fetchall()]
    finally:
        store.close()


@pytest.fixture
def session(server):
    token = server.token()
    created = create_session(server, token, DECK_ID)
    console = Listener(server.url, "/facilitator", {"token": token, "session_id": created["id"]})
    try:
        yield created, console
    finally:
        console.close()


def step_index(server, session_id, step_id=POLL) -> int:
    store = Store(str(server.database))
    try:
        return store.sessions.deck_of(session_id).index_of(step_id)
    finally:
        store.close()


def active(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def test_a_paper_form_and_fft_cards_are_typed_in_from_the_keyboard(server, browser, session):
    created, console = session
    assert console.call("end")["ok"]
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    errors = PageErrors(page, "paper entry")
    sign_in(page, server.url)
    page.goto(f"{server.url}/review/sessions/{created['id']}")
    page.get_by_role("link", name="enter paper answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Paper answers")
    assert_accessible(page, "paper entry")

    # The first box has the focus: nothing but keys from here.
    assert active(page) == "confidence-before.number-first"
    page.keyboard.press("ArrowRight")  # 1
    page.keyboard.press("ArrowRight")  # 2
    page.keyboard.press("Tab")  # the next question
    assert active(page) == "how-long.choice-first"
    page.keyboard.press("ArrowDown")  # its second answer
    page.keyboard.press("Enter")  # saves, and a fresh form comes
    expect(page.locator("[role=status]")).to_contain_text("Paper form saved (1 entered)")
    expect(page.locator("[data-number=paper]")).to_have_text("1")
    assert active(page) == "confidence-before.number-first"
    expect(page.locator("#confidence-before\\.number-2")).not_to_be_checked()

    rows = stored(
        server,
        "SELECT r.step_id, r.value FROM responses r JOIN participants p"
        " ON p.id = r.participant_id WHERE p.session_id = ? AND p.paper = 1 ORDER BY r.step_id",
        (created["id"],),
    )
    assert rows == [("confidence-before", "2"), ("how-long", json.dumps("6-weeks-to-3-months"))]

    # An empty form, saved by mistake: refused, its problem read out first, nothing stored.
    page.keyboard.press("Enter")
    expect(page.locator("#form-errors")).to_contain_text("This form has no answers")
    assert active(page) == "form-errors"
    assert_accessible(page, "paper entry, refused")

    # The cards: a count for each answer, Tab between them, Enter to save.
    page.get_by_role("textbox", name="Very good cards").focus()
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.keyboard.type("1")  # Good
    page.keyboard.press("Enter")
    expect(page.locator("[role=status]")).to_contain_text("5 FFT cards saved.")
    expect(page.locator("[data-number=paper]")).to_have_text("6")
    cards = stored(
        server,
        "SELECT r.value FROM responses r JOIN participants p ON p.id = r.participant_id"
        " WHERE p.session_id = ? AND p.name = 'FFT card'",
        (created["id"],),
    )
    assert sorted(json.loads(v)["fft"] for (v,) in cards) == ["good"] + ["very-good"] * 4
    assert errors.found == [] or all("400" in e for e in errors.found)

    context.close()


def test_a_carer_links_a_second_phone_and_both_are_one_person(server, browser, session):
    created, console = session
    ann_context = browser.new_context(viewport=PHONE)
    carer_context = browser.new_context(viewport=PHONE)
    try:
        ann = ann_context.new_page()
        ann_errors = PageErrors(ann, "Ann's phone")
        join_class(ann, server.url, created["code"], "Ann")
        ann.get_by_text("Someone helping you?").click()
        code = ann.get_by_test_id("helper-code").inner_text()
        assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
        assert_accessible(ann, "phone with its helper code")

        carer = carer_context.new_page()
        carer_errors = PageErrors(carer, "carer's phone")
        carer.goto(f"{server.url}/join")
        carer.get_by_role("link", name="Help them from this phone").click()
        assert_accessible(carer, "helping page")
        carer.get_by_label("Their helper code").fill(code.lower())
        carer.get_by_role("button", name="Help them from this phone").click()
        expect(carer).to_have_url(re.compile(rf"/s/{created['id']}$"))
        expect(carer.locator("#connection")).to_have_attribute("data-state", "connected")
        expect(carer.locator("header").first).to_contain_text("You are helping: Ann")
        expect(carer.locator("#helping-note")).to_be_visible()
        expect(carer.get_by_test_id("rejoin-code")).to_have_count(0)

        assert console.call("goto", {"index": step_index(server, created["id"]), "force": True})[
            "ok"
        ]
        for phone in (ann, carer):  # the same step on both
            expect(phone.get_by_role("heading", level=1)).to_have_text(POLL_TITLE)
        assert_accessible(carer, "helper's phone on a poll")

        carer.get_by_label("Over a year").check()
        carer.get_by_role("button", name="Send answer").click()
        expect(carer.locator("#answer-status")).to_have_attribute("data-state", "saved")
        # Ann's own phone shows the carer's answer, and says where it came from.
        expect(ann.get_by_label("Over a year")).to_be_checked()
        expect(ann.locator("#announce")).to_have_text(
            "Your answer was saved from your other device."
        )
        ann.get_by_label("It comes and goes").check()
        ann.get_by_role("button", name="Send answer").click()
        expect(ann.locator("#answer-status")).to_have_attribute("data-state", "saved")
        expect(carer.get_by_label("It comes and goes")).to_be_checked()

        people = stored(
            server, "SELECT id, name FROM participants WHERE session_id = ?", (created["id"],)
        )
        assert [name for _, name in people] == ["Ann"]
        answers = stored(
            server,
            "SELECT participant_id, value FROM responses WHERE session_id = ? AND step_id = ?",
            (created["id"], POLL),
        )
        assert answers == [(people[0][0], json.dumps("comes-and-goes"))]  # the later one
        assert console.call("snapshot")["snapshot"]["participant_count"] == 1
        assert ann_errors.found == []
        assert carer_errors.found == []
    finally:
        ann_context.close()
        carer_context.close()
