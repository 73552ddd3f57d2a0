"""Staff review as a reviewer sees it, in headless Chromium against the real server started
with --demo (which seeds past sessions). Screenshots of the trends page and a report are kept."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import LAPTOP, PageErrors
from tests.e2e.conftest import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

REVIEWER_PASSWORD = "a reviewer's long password"


def create_reviewer(server) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "run.py",
            "--database",
            str(server.database),
            "create-user",
            "rita",
            "--role",
            "reviewer",
        ],
        input=REVIEWER_PASSWORD + "\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_a_reviewer_opens_the_trends_of_the_demo_data(server, browser, artifacts):
    create_reviewer(server)
    page = browser.new_context(viewport=LAPTOP).new_page()
    errors = PageErrors(page, "review")
    page.goto(f"{server.url}/signin")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(REVIEWER_PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page.get_by_role("link", name="Trends across sessions")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("start a session", re.I))).to_have_count(0)

    page.get_by_role("link", name="Trends across sessions").click()
    expect(page.get_by_role("heading", level=1, name="Trends")).to_be_visible()
    # The demo's made-up sessions stay out of the numbers until the reviewer asks for them.
    expect(page.locator("[data-number=sessions]")).to_have_text("0")
    # four of session 1 and four follow-ups of session 2
    expect(page.locator("#demo-left-out")).to_contain_text("8 demo sessions")
    page.get_by_label(re.compile("Include demo sessions")).check()
    page.get_by_role("button", name="Show trends").click()
    expect(page.locator("#demo-included")).to_be_visible()
    expect(page.locator("[data-number=sessions]")).to_have_text("8")
    expect(page.get_by_role("img", name="FFT % positive by month")).to_be_visible()
    fft_table = page.get_by_role("table", name=re.compile("FFT responses and % positive"))
    expect(fft_table).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("most often got wrong"))).to_be_visible()
    page.screenshot(path=artifacts / "review-trends.png", full_page=True)

    page.get_by_role("link", name="Past sessions", exact=True).click()
    rows = page.locator("#sessions-table tbody tr")
    expect(rows).to_have_count(8)
    expect(page.locator("#sessions-table tbody .tag--demo")).to_have_count(8)
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Attendance")).to_be_visible()
    expect(page.locator("#attendance-table tbody tr").first).to_be_visible()
    page.screenshot(path=artifacts / "review-report.png", full_page=True)
    assert errors.found == []
