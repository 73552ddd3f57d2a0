"""Coming back and losing the network, in headless Chromium against the real server: a phone
opens the QR link again and is still one person; a fresh browser comes back as that person
with the rejoin code; answers given offline wait in the phone's outbox through a reload
and are stored exactly once when the network returns; and a phone on a slow network answers
before its live connection is up, stored and counted once; an answer refused while the
database is busy is kept and sent again."""

from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import expect

from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import PHONE, PageErrors, join_class
from tests.e2e.clients import Listener, create_session

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_ID = "back-pain-1"
POLL = "how-long"
POLL_TITLE = "How long has your back been troubling you this time?"


@pytest.fixture
def room(server, browser):
    """A live session of the demo deck on its poll, driven over Socket.IO as a console does."""
    token = server.token()
    created = create_session(server, token, DECK_ID)
    console = Listener(server.url, "/facilitator", {"token": token, "session_id": created["id"]})
    room = Room(server, browser, console, created)
    try:
        yield room
    finally:
        console.close()
        for context in room.contexts:
            context.close()


class Room:
    def __init__(self, server, browser, console, created):
        self.server, self.browser, self.console = server, browser, console
        self.session_id, self.code = created["id"], created["code"]
        self.join_url = created["join_url"]
        self.contexts: list = []
        self.errors: dict[str, PageErrors] = {}

    def phone(self, label):
        """A phone of its own: a fresh browser context (its own cookies and storage)."""
        context = self.browser.new_context(viewport=PHONE)
        self.contexts.append(context)
        page = context.new_page()
        self.errors[label] = PageErrors(page, label)
        return context, page

    def go_to_poll(self, *phones):
        steps = self.stored(
            lambda s: [step.id for step in s.sessions.deck_of(self.session_id).steps]
        )
        assert self.console.call("goto", {"index": steps.index(POLL), "force": True})["ok"]
        for page in phones:
            expect(page.get_by_role("heading", level=1)).to_have_text(POLL_TITLE)

    def stored(self, read):
        store = Store(str(self.server.database))
        try:
            return read(store)
        finally:
            store.close()

    def people(self) -> list[tuple[str, str]]:
        return self.stored(
            lambda s: [
                (r["id"], r["name"])
                for r in s.db.query(
                    "SELECT id, name FROM participants WHERE session_id = ?", (self.session_id,)
                )
            ]
        )

    def answers(self, step_id=POLL) -> list[tuple[str, str, str]]:
        """Every stored answer to the step: (participant id, answer id, value), and each answer
        id once more for every row that records it, so a double store shows."""
        return self.stored(
            lambda s: (
                [
                    (r["participant_id"], r["answer_id"], r["value"])
                    for r in s.db.query(
                        "SELECT participant_id, answer_id, value FROM responses"
                        " WHERE session_id = ? AND step_id = ?",
                        (self.session_id, step_id),
                    )
                ]
                + [
                    (r["participant_id"], r["answer_id"], "(id)")
                    for r in s.db.query(
                        "SELECT a.participant_id, a.answer_id FROM answer_ids a"
                        " JOIN participants p ON p.id = a.participant_id"
                        " WHERE p.session_id = ? AND a.step_id = ?",
                        (self.session_id, step_id),
                    )
                ]
            )
        )


def send_poll_answer(page, choice):
    page.get_by_label(choice).check()
    page.get_by_role("button", name="Send answer").click()


def saved(page):
    expect(page.locator("#answer-status")).to_have_attribute("data-state", "saved")
    expect(page.locator("#answer-status")).to_contain_text("saved")


# ---- Rejoining --------------------------------------------------------------------------------


def test_a_phone_opening_the_qr_link_again_is_still_one_person(room):
    _, phone = room.phone("phone Ann")
    join_class(phone, room.server.url, room.code, "Ann")
    room.go_to_poll(phone)
    send_poll_answer(phone, "Over a year")
    saved(phone)

    phone.goto(room.join_url)  # the QR code scanned again
    expect(phone).to_have_url(re.compile(rf"/s/{room.session_id}$"))
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(phone.get_by_label("Over a year")).to_be_checked()
    expect(phone.locator(".bar, header").first).to_contain_text("Ann")
    assert [name for _, name in room.people()] == ["Ann"]
    assert room.console.call("snapshot")["snapshot"]["participant_count"] == 1
    assert room.errors["phone Ann"].found == []


def test_a_fresh_browser_comes_back_as_the_same_person_with_the_rejoin_code(room):
    _, first = room.phone("phone Ann")
    join_class(first, room.server.url, room.code, "Ann")
    room.go_to_poll(first)
    send_poll_answer(first, "Over a year")
    saved(first)
    first.get_by_text("Your rejoin code").click()
    code = first.get_by_test_id("rejoin-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)

    _, second = room.phone("second phone")
    second.goto(f"{room.server.url}/join")
    second.get_by_role("link", name="Carry on as yourself").click()
    second.get_by_label("Your rejoin code").fill(code.lower())
    second.get_by_role("button", name="Carry on as myself").click()
    expect(second).to_have_url(re.compile(rf"/s/{room.session_id}$"))
    expect(second.locator("#connection")).to_have_attribute("data-state", "connected")
    expect(second.get_by_role("heading", level=1)).to_have_text(POLL_TITLE)
    expect(second.get_by_label("Over a year")).to_be_checked()
    expect(second.locator("header").first).to_contain_text("Ann")
    assert [name for _, name in room.people()] == ["Ann"]
    ((pid, _),) = room.people()
    assert {p for p, _, _ in room.answers()} == {pid}
    assert room.errors["second phone"].found == []


def test_a_wrong_rejoin_code_in_the_browser_says_so(room):
    _, phone = room.phone("phone")
    phone.goto(f"{room.server.url}/rejoin")
    phone.get_by_label("Your rejoin code").fill("ABCDE-FGHJK")
    phone.get_by_role("button", name="Carry on as myself").click()
    expect(phone.locator("#rejoin-error")).to_contain_text("does not match anyone")
    expect(phone.get_by_label("Your rejoin code")).to_have_attribute("aria-invalid", "true")
    assert room.people() == []
    # The refusal is the page's answer (404), which the browser reports; nothing else broke.
    assert [e for e in room.errors["phone"].found if "404" not in e] == []


# ---- The outbox through an outage ---------------------------------------------------------


def test_an_answer_given_offline_survives_a_reload_and_is_stored_once(room):
    context, phone = room.phone("phone Ann")
    join_class(phone, room.server.url, room.code, "Ann")
    room.go_to_poll(phone)

    context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_attribute("data-state", "connected")
    send_poll_answer(phone, "Over a year")
    expect(phone.locator("#answer-status")).to_contain_text("Not sent yet")
    assert room.answers() == []
    queued = phone.evaluate(f"localStorage.getItem('talkback:outbox:{room.session_id}')")
    assert "over-a-year" in queued

    # The class page is never cached (no-store), so a reload with no network cannot show it;
    # what is promised is that the queued answer outlives the reload.
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED"):
        phone.reload()
    assert room.answers() == []

    context.set_offline(False)
    phone.goto(f"{room.server.url}/s/{room.session_id}")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected")
    saved(phone)
    expect(phone.get_by_label("Over a year")).to_be_checked()
    ((pid, _),) = room.people()
    stored = room.answers()
    assert [(p, v) for p, _, v in stored if v != "(id)"] == [(pid, '"over-a-year"')]
    assert len(stored) == 2  # one response row and one record of its answer id
    assert phone.evaluate(f"localStorage.getItem('talkback:outbox:{room.session_id}')") is None


def test_an_answer_given_offline_is_sent_once_when_the_network_returns(room):
    context, phone = room.phone("phone Bob")
    join_class(phone, room.server.url, room.code, "Bob")
    room.go_to_poll(phone)

    context.set_offline(True)
    expect(phone.locator("#connection")).not_to_have_attribute("data-state", "connected")
    send_poll_answer(phone, "Less than 6 weeks")
    expect(phone.locator("#answer-status")).to_contain_text("Not sent yet")
    phone.get_by_role("button", name="Send answer").click()  # pressed again, impatient
    expect(phone.locator("#answer-status")).to_contain_text("Not sent yet")

    context.set_offline(False)
    saved(phone)
    ((pid, _),) = room.people()
    stored = room.answers()
    assert [(p, v) for p, _, v in stored if v != "(id)"] == [(pid, '"under-6-weeks"')]
    assert len(stored) == 2


# ---- A slow network ---------------------------------------------------------------------------

# Slower than DevTools' "Slow 3G" (2 s a request), so that the page, and then the live
# connection's handshake, each take long enough to answer in between.
SLOW = {"offline": False, "latency": 3000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}

# Clicks "Send answer" and says what the connection line said at that very moment: the
# answer's send starts within the click, so "connecting" means it went before the handshake.
SEND_AND_SAY_STATE = """() => {
  const state = document.querySelector("#connection").dataset.state;
  document.querySelector(".answer-form button[type=submit]").click();
  return state;
}"""


def test_a_slow_phone_answers_before_its_live_connection_is_up_and_it_counts_once(room):
    context, phone = room.phone("phone Cat")
    join_class(phone, room.server.url, room.code, "Cat")  # its files are now in its cache
    room.go_to_poll(phone)
    cdp = context.new_cdp_session(phone)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)
    posted = []
    phone.on(
        "request",
        lambda r: r.method == "POST" and r.url.endswith("/api/answer") and posted.append(r),
    )

    phone.goto(f"{room.server.url}/s/{room.session_id}", wait_until="commit")
    phone.get_by_label("Over a year").check(timeout=20_000)  # the form, from the page itself
    expect(phone.locator("#main")).to_have_attribute("data-ready", "answer")
    assert_accessible(phone, "phone answering before its connection is up")
    assert phone.evaluate(SEND_AND_SAY_STATE) == "connecting"
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved", timeout=20_000)
    assert len(posted) == 1

    # The live connection comes up afterwards and sends what is in the outbox: nothing twice.
    connection = phone.locator("#connection")
    expect(connection).to_have_attribute("data-state", "connected", timeout=20_000)
    room.console.wait_for(lambda c: (c.results.get(POLL) or {}).get("total") == 1, timeout=20)
    phone.wait_for_timeout(1500)  # anything sent again on connect has arrived by now
    assert room.console.call("step_results", {"step_id": POLL})["results"]["total"] == 1
    ((pid, _),) = room.people()
    stored = room.answers()
    assert [(p, v) for p, _, v in stored if v != "(id)"] == [(pid, '"over-a-year"')]
    assert len(stored) == 2  # one response row and one record of its answer id
    assert phone.evaluate(f"localStorage.getItem('talkback:outbox:{room.session_id}')") is None
    assert room.errors["phone Cat"].found == []


# ---- A busy database --------------------------------------------------------------------------


def test_an_answer_refused_while_the_database_is_busy_is_kept_and_stored_once_it_frees(room):
    """Another process holds the write lock past the busy timeout: the phone is told "busy",
    keeps the answer, says it is not sent yet, and sends it again once the lock is gone."""
    context, phone = room.phone("phone Dee")
    join_class(phone, room.server.url, room.code, "Dee")
    room.go_to_poll(phone)

    lock = sqlite3.connect(room.server.database, timeout=5, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")
        send_poll_answer(phone, "Over a year")
        expect(phone.locator("#answer-status")).to_contain_text("Not sent yet", timeout=10_000)
        assert room.answers() == []
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    saved(phone)
    ((pid, _),) = room.people()
    stored = room.answers()
    assert [(p, v) for p, _, v in stored if v != "(id)"] == [(pid, '"over-a-year"')]
    assert len(stored) == 2
