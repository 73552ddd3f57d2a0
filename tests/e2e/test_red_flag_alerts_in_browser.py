"""A red-flag alert followed up in headless Chromium against the real server: a phone writes a
red-flag symptom in a self-paced session's reflection with no console open; the physio sees the
open alert on the home page, opens it, shows what was written, records the follow-up, and the
alert leaves the list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, PageErrors, join_class, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

REFLECTION = "What's one thing from today you want to remember?"
WORDS = "Since Sunday I have had numbness around my bottom"


def test_a_physio_follows_up_a_self_paced_alert(make_server, browser, artifacts):
    # The phone taps Next far faster than anyone reads, so its event limit is raised.
    server = make_server({"TALKBACK_EVENT_LIMIT_PARTICIPANT": "200 per 5 seconds"})
    staff = browser.new_context(viewport=LAPTOP).new_page()
    errors = [PageErrors(staff, "staff")]
    sign_in(staff, server.url)
    token = staff.locator("input[name=csrf_token]").first.get_attribute("value")
    started = staff.request.post(
        f"{server.url}/sessions",
        max_redirects=0,
        form={
            "deck_id": "back-pain-1",
            "mode": "self-paced",
            "closes_on": "2999-12-31",
            "csrf_token": token,
        },
    )
    assert started.status == 302, started.text()
    session_id = re.search(r"/console/([^/?]+)", started.headers["location"]).group(1)
    store = Store(str(server.database))
    try:
        code = store.sessions.get(session_id)["code"]
        step_count = len(store.sessions.deck_of(session_id).steps)
    finally:
        store.close()

    phone = browser.new_context(viewport=PHONE).new_page()
    errors.append(PageErrors(phone, "phone"))
    join_class(phone, server.url, code, "Cat")
    heading = phone.locator("#step-heading")
    count = phone.locator("#step-area .step-count")
    for _ in range(step_count):
        if phone.get_by_label(REFLECTION).count():
            break
        before = count.inner_text()
        phone.get_by_role("button", name="Next", exact=True).click()
        expect(count).not_to_have_text(before)
    expect(heading).to_have_text("Looking back on today")
    phone.get_by_label(REFLECTION).fill(WORDS)
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")

    # No console is open: the alert waits on the owner's home page.
    staff.goto(f"{server.url}/")
    alerts = staff.get_by_role("region", name=re.compile("Red-flag alerts to follow up"))
    expect(alerts).to_contain_text("numb bottom")
    expect(alerts).to_contain_text("Cat")
    expect(alerts).not_to_contain_text("Sunday")  # the phrase, never the text
    staff.screenshot(path=artifacts / "home-open-alert.png", full_page=True)
    assert_accessible(staff, "home page with an open alert")
    alerts.get_by_role("link", name=re.compile("numb bottom")).click()

    expect(staff.get_by_role("heading", level=1, name="Red-flag alert")).to_be_visible()
    expect(staff.get_by_text(WORDS)).to_have_count(0)
    staff.get_by_role("button", name="Show what they wrote").click()
    expect(staff.get_by_text(WORDS)).to_be_visible()
    assert_accessible(staff, "one red-flag alert")

    staff.get_by_role("button", name="Record follow-up").click()  # nothing chosen yet
    expect(staff.get_by_role("alert")).to_contain_text("Choose what was done.")
    assert_accessible(staff, "a refused follow-up")
    staff.get_by_label("Advised them to call 111 or their GP").check()
    staff.get_by_label(re.compile("^Note")).fill("Rang Cat, advised to call 111 today")
    staff.get_by_role("button", name="Record follow-up").click()
    expect(staff.get_by_role("heading", level=1, name="Open red-flag alerts")).to_be_visible()
    expect(staff.get_by_text("There are no open alerts.")).to_be_visible()
    assert_accessible(staff, "the open-alerts list")

    staff.goto(f"{server.url}/")
    expect(staff.get_by_role("heading", name="Your classes")).to_be_visible()
    expect(staff.get_by_role("region", name=re.compile("Red-flag alerts"))).to_have_count(0)
    store = Store(str(server.database))
    try:
        (alert,) = store.alerts.of_session(session_id)
        actions = [row["action"] for row in store.audit.entries(limit=50)[0]]
    finally:
        store.close()
    assert (alert["outcome"], alert["followed_up_by"]) == ("advised", "demo")
    assert {"view", "view text", "follow up"} <= set(actions)
    # The refused follow-up is answered 400 on purpose; nothing else may break.
    problems = [p for e in errors for p in e.found if "status of 400" not in p]
    assert problems == []
