"""The browser journeys as deployed: headless Chromium through deploy/nginx.conf, which ends TLS
in front of a real server. Over HTTPS the CSRF check requires a same-origin Referer, so every
form and every fetch with a CSRF header here is refused unless the pages let the browser send
one. Staff sign in, start a class and end it; a phone joins, answers a poll, keeps its notebook
and edits its plan; the facilitator changes a deck in the editor and removes text from a
report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import LAPTOP, PHONE, PageErrors, join_class, sign_in
from tests.e2e.conftest import free_port
from tests.e2e.front import Nginx, nginx_site, self_signed
from tests.e2e.test_editor_in_browser import form, saved

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_TITLE = "Making sense of back pain"
GOAL = "My goal: what I want to get back to"
EXPIRED = "This form has expired"


@pytest.fixture
def public_url(make_server, tmp_path):
    """https://127.0.0.1:<port>: nginx from deploy/nginx.conf in front of one real server."""
    listen, plain = free_port(), free_port()
    public = f"https://127.0.0.1:{listen}"
    server = make_server({"TALKBACK_TRUST_PROXY_HOPS": "1", "TALKBACK_PUBLIC_URL": public})
    cert, key = self_signed(tmp_path)
    # The shipped file names two workers; one server stands in for both.
    site = nginx_site([server.port], listen, plain, cert, key)
    proxy = Nginx(tmp_path / "nginx", site, listen).start()
    yield public
    proxy.stop()


class Browsing:
    """Pages in contexts of their own that trust the test's certificate, with what each
    reports as broken and every refused submission (a POST or PUT answered 400 or worse)."""

    def __init__(self, browser):
        self.browser = browser
        self.errors: list[PageErrors] = []
        self.refused: list[str] = []

    def page(self, viewport, label: str):
        context = self.browser.new_context(viewport=viewport, ignore_https_errors=True)
        context.on("response", self._check)
        page = context.new_page()
        self.errors.append(PageErrors(page, label))
        return page

    def _check(self, response) -> None:
        if response.request.method in ("POST", "PUT") and response.status >= 400:
            self.refused.append(f"{response.request.method} {response.url}: {response.status}")

    def assert_all_went_through(self) -> None:
        assert self.refused == []
        assert [p for e in self.errors for p in e.found] == []


def test_a_class_runs_through_the_tls_front_from_sign_in_to_the_kept_notebook(public_url, browser):
    browsing = Browsing(browser)
    console = browsing.page(LAPTOP, "console")
    sign_in(console, public_url)
    console.get_by_role("button", name=f"Start a session with {DECK_TITLE}").click()
    expect(console).to_have_url(re.compile(r"/console/"))
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    assert len(code) == 6

    phone = browsing.page(PHONE, "phone")
    join_class(phone, public_url, code, "Ann")
    expect(phone.get_by_text("Ann").first).to_be_visible()

    # Jumping to the poll passes the safety slide, which the console asks to confirm.
    console.on("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name=re.compile("How long has your back")).click()
    phone.get_by_label("Over a year").check()
    phone.get_by_role("button", name="Send answer").click()
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")
    expect(phone.get_by_text(re.compile("saved", re.I)).first).to_be_visible()
    expect(console.locator("[data-testid=results]")).to_contain_text("1")

    console.get_by_role("button", name="End session").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("The class has ended. Thank you.")
    phone.get_by_role("button", name="Keep your notebook").click()
    link = phone.locator("#keep-link")
    expect(link).to_have_text(re.compile(rf"^{re.escape(public_url)}/notebook/[\w-]{{40,}}$"))
    url = link.inner_text()

    notebook = browsing.page(PHONE, "notebook")
    notebook.goto(url)
    expect(notebook.get_by_role("heading", level=1)).to_have_text(f"Your notebook: {DECK_TITLE}")
    notebook.get_by_label(GOAL).fill("Walk to the shops and back")
    notebook.get_by_label("How well can I do it today?").select_option("4")
    notebook.get_by_role("button", name="Save my plan").click()
    expect(notebook.get_by_role("status")).to_contain_text("Your plan is saved")
    notebook.reload()
    expect(notebook.get_by_label(GOAL)).to_have_value("Walk to the shops and back")

    notebook.get_by_role("link", name="Delete my answers").click()
    notebook.get_by_role("button", name="Yes, delete my answers").click()
    expect(notebook.get_by_role("heading", level=1)).to_have_text("Your answers are deleted")

    for page in (console, phone, notebook):
        expect(page.locator("body")).not_to_contain_text(EXPIRED)
    browsing.assert_all_went_through()


def test_staff_change_a_deck_and_remove_text_from_a_report_through_the_tls_front(
    public_url, browser
):
    browsing = Browsing(browser)
    page = browsing.page(LAPTOP, "staff")
    sign_in(page, public_url)

    page.get_by_role("link", name=re.compile("Deck library")).click()
    page.get_by_role("button", name=f"Duplicate {DECK_TITLE} to tailor").click()
    expect(page.get_by_text("This is your copy.")).to_be_visible()
    saved(page)
    form(page).get_by_label("Title", exact=True).fill("Welcome, everyone")
    expect(page.locator("#save-status")).not_to_have_text("Saved")
    saved(page)  # the autosave's PUT, with the CSRF token in a header
    draft = page.request.get(page.url.replace("/edit", "/draft"))
    assert draft.ok
    assert draft.json()["draft"]["steps"][0]["title"] == "Welcome, everyone"

    page.goto(f"{public_url}/")
    page.get_by_role("link", name="Past sessions and their reports").click()
    page.locator("#sessions-table tbody tr").first.get_by_role("link").click()
    questions = page.locator("#questions-table")
    asked = questions.locator("tbody tr").first.locator("td").first.inner_text()
    questions.get_by_role("button", name="Remove question 1 for good").click()
    expect(page.get_by_text("The text was removed.")).to_be_visible()
    expect(questions).not_to_contain_text(asked)
    expect(questions.get_by_text("Removed by staff")).to_be_visible()

    expect(page.locator("body")).not_to_contain_text(EXPIRED)
    browsing.assert_all_went_through()
