"""The measure across a course on the console, in headless Chromium against the real server:
staff make a two-session course of the first back-pain class in the browser; six people on
python-socketio clients join by the course link and answer its confidence scales, one of them
only in session 2. At session 2's last confidence question the console shows the change since
session 1 for the five who answered both, as counts, and passes the axe checks."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PageErrors, sign_in
from tests.e2e.clients import Listener
from tests.e2e.test_course_e2e import Member

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

FIRST = {0: 3, 1: 4, 2: 5, 3: 6, 4: 7}
LAST = {0: 6, 1: 4, 2: 7, 3: 5, 4: 9, 5: 2}  # person 5 missed session 1


def test_the_console_at_a_course_s_last_session_shows_the_change_since_session_1(
    server, browser, artifacts
):
    staff = browser.new_context(viewport=LAPTOP).new_page()
    errors = PageErrors(staff, "staff")
    sign_in(staff, server.url)
    staff.goto(f"{server.url}/courses")
    staff.get_by_label("Title").fill("Back pain group, Fridays")
    staff.locator("#deck-1").select_option("back-pain-1")
    staff.locator("#deck-2").select_option("back-pain-1")
    staff.get_by_role("button", name="Make the course").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Back pain group, Fridays")
    course_page = staff.url
    course_id = course_page.rstrip("/").rsplit("/", 1)[-1]
    token = server.token()
    people = [Member(server, course_id, n) for n in range(6)]
    consoles: list[Listener] = []

    def start(number: int) -> tuple[str, Listener]:
        staff.goto(course_page)
        staff.get_by_role("button", name=f"Start session {number}").click()
        expect(staff).to_have_url(re.compile(r"/console/"))
        session_id = staff.url.rstrip("/").rsplit("/", 1)[-1]
        console = Listener(server.url, "/facilitator", {"token": token, "session_id": session_id})
        consoles.append(console)
        console.wait_for(lambda c: c.snapshot is not None)
        return session_id, console

    def goto(console: Listener, step_id: str) -> None:
        outline = console.snapshot["outline"]
        index = next(i for i, s in enumerate(outline) if s["id"] == step_id)
        assert console.call("goto", {"index": index, "force": True})["ok"]

    try:
        first, console = start(1)
        for person in people[:5]:
            person.join(first)
        goto(console, "confidence-before")
        for number, value in FIRST.items():
            people[number].answer("confidence-before", value, f"before-{number}")
        assert console.call("end")["ok"]

        second, console = start(2)
        for person in people:
            person.join(second)
        goto(console, "confidence-after")
        for number, value in LAST.items():
            people[number].answer("confidence-after", value, f"after-{number}")
        figure = staff.locator(".course-change")
        expect(figure).to_contain_text("Since the course's first session")
        expect(figure).to_contain_text(
            "of 5 who answered both, mean 5.0 then 6.2; 3 up, 1 down, 1 same."
        )
        assert "Person" not in figure.inner_text()
        assert_accessible(staff, "console, measure since session 1")
        staff.screenshot(path=artifacts / "console-course-measure.png", full_page=True)
        assert console.call("end")["ok"]
    finally:
        for person in people:
            if person.phone is not None:
                person.phone.close()
        for console in consoles:
            console.close()
    assert errors.found == []
