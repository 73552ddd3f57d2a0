"""A course in headless Chromium against the real server: staff make the template course and
start its first session; a participant joins by the course link, makes a plan and keeps their
notebook; in session 2 they come back on a fresh browser through that link, see last week's
plan, say how it went and change it, and print the course notebook; staff then read the
course report. Every page passes the axe checks. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PHONE, PageErrors, sign_in
from tests.e2e.clients import Listener

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

STEP_WHAT = "This week I will… (what)"


@pytest.fixture
def listeners():
    made: list[Listener] = []
    yield made
    for listener in made:
        listener.close()


def test_a_participant_reviews_last_week_s_plan_from_their_notebook_link(
    server, browser, artifacts, listeners
):
    errors: list[PageErrors] = []

    def page(viewport, label):
        new = browser.new_context(viewport=viewport).new_page()
        errors.append(PageErrors(new, label))
        return new

    def shoot(view, name):
        view.screenshot(path=artifacts / f"{name}.png", full_page=True)

    token = server.token()

    def console_of(staff_page):
        expect(staff_page).to_have_url(re.compile(r"/console/"))
        session_id = staff_page.url.rstrip("/").rsplit("/", 1)[-1]
        console = Listener(server.url, "/facilitator", {"token": token, "session_id": session_id})
        listeners.append(console)
        console.wait_for(lambda c: c.snapshot is not None)
        return console

    def go(console, step_id):
        outline = console.snapshot["outline"]
        index = next(i for i, s in enumerate(outline) if s["id"] == step_id)
        assert console.call("goto", {"index": index, "force": True})["ok"]

    # ---- Staff make the template course and start its first session -------------------------
    staff = page(LAPTOP, "staff")
    sign_in(staff, server.url)
    staff.get_by_role("link", name=re.compile("^Courses")).click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Courses")
    assert_accessible(staff, "courses page")
    staff.get_by_role("button", name="Make the template course").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Back pain group")
    assert_accessible(staff, "course page")
    course_url = staff.get_by_test_id("course-link").inner_text()
    course_page = staff.url
    staff.get_by_role("button", name="Start session 1").click()
    console = console_of(staff)

    # ---- Session 1: Ann joins by the course link and makes a plan ----------------------------
    ann = page(PHONE, "phone Ann")
    ann.goto(course_url)
    expect(ann.get_by_role("heading", level=1)).to_have_text("Back pain group")
    assert_accessible(ann, "course join page")
    ann.get_by_label("Your name (optional)").fill("Ann")
    ann.get_by_role("button", name="Join this week's session").click()
    expect(ann).to_have_url(re.compile(r"/s/"))
    expect(ann.locator("#connection")).to_have_attribute("data-state", "connected")
    go(console, "my-plan")
    expect(ann.get_by_role("heading", level=1)).to_have_text("My action plan")
    ann.get_by_label(STEP_WHAT).fill("Walk for 5 minutes")
    expect(ann.locator("#answer-status")).to_have_text("Saved")
    assert console.call("end")["ok"]
    ann.get_by_role("button", name="Keep your notebook").click()
    link = ann.locator("#keep-link")
    expect(link).to_have_text(re.compile(r"/course-notebook/[\w-]{40,}$"))
    url = link.inner_text()

    # ---- Session 2 starts; Ann comes back on a fresh browser through her link -----------------
    staff.goto(course_page)
    staff.get_by_role("button", name="Start session 2").click()
    console = console_of(staff)
    fresh = page(PHONE, "fresh phone")
    fresh.goto(url)
    expect(fresh.get_by_role("heading", level=1)).to_have_text("Your notebook: Back pain group")
    expect(fresh.locator("main")).to_contain_text("Walk for 5 minutes")
    assert_accessible(fresh, "course notebook")
    fresh.get_by_role("button", name="Join this week's session").click()
    expect(fresh).to_have_url(re.compile(r"/s/"))
    expect(fresh.locator("#connection")).to_have_attribute("data-state", "connected")
    go(console, "last-plan")
    expect(fresh.get_by_role("heading", level=1)).to_have_text("How did your plan go?")
    expect(fresh.get_by_text("Last time you planned:")).to_be_visible()
    expect(fresh.locator("#step-area dl")).to_contain_text("Walk for 5 minutes")
    assert_accessible(fresh, "phone, plan review")
    shoot(fresh, "phone-plan-review")
    fresh.get_by_label("I partly did it").check()
    fresh.get_by_label("What got in the way?").fill("The rain")
    fresh.get_by_label(STEP_WHAT).fill("Walk for 3 minutes, twice")
    expect(fresh.locator("#answer-status")).to_have_text("Saved")
    expect(staff.locator("main")).to_contain_text("1 person has looked back at their plan")
    expect(staff.locator("main")).not_to_contain_text("The rain")
    assert_accessible(staff, "console, plan review")
    results = console.call("step_results", {"step_id": "last-plan"})["results"]
    assert (results["reviewed"], results["partly"], results["changed"]) == (1, 1, 1)
    assert "rain" not in str(results).lower()

    # ---- The course notebook: both sessions, newest first, printed -----------------------------
    fresh.goto(url)
    main = fresh.locator("main")
    expect(main).to_contain_text("I partly did it")
    text = main.inner_text()
    assert text.index("Session 2:") < text.index("Session 1:")
    assert_accessible(fresh, "course notebook, two sessions")
    shoot(fresh, "course-notebook")
    pdf = fresh.pdf(format="A4", print_background=True)
    (artifacts / "course-notebook.pdf").write_bytes(pdf)
    whole = "\n".join(
        unicodedata.normalize("NFKC", p.extract_text() or "")
        for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert "Walk for 3 minutes, twice" in whole
    assert "Walk for 5 minutes" in whole
    assert "Delete my answers" not in whole
    assert "Join this week" not in whole

    # ---- Staff read the course report: both sessions, Ann came back -----------------------------
    assert console.call("end")["ok"]
    staff.goto(course_page)
    staff.get_by_role("link", name="The course report").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text("Course report: Back pain group")
    expect(staff.locator("#attendance-table tbody tr")).to_have_count(2)
    expect(
        staff.locator('#retention-table tr[data-session="2"] [data-number="from_first"]')
    ).to_have_text("1")
    expect(staff.locator("main")).not_to_contain_text("Ann")
    assert_accessible(staff, "course report")
    shoot(staff, "course-report")
    assert [e for page_errors in errors for e in page_errors.found] == []
