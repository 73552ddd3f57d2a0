"""A whole class, audited: every step of a deck with every kind of activity, on the console,
the projector's screen and a phone, each checked by the rule engine (WCAG 2.2 A/AA) before
and after results are revealed. The console is run with the keyboard alone (as with a
presentation clicker) and so is the phone. Status changes (a new step, a saved answer, the
timer) must reach the phone's live regions without taking the focus away.

Every view is also kept as the DOM the scripts drew, and all of them are checked in one run
of the Nu HTML Checker at the end: valid HTML, and no empty heading.

A screenshot of every phone view (360×640) and every screen view (1920×1080) is kept in
test-artifacts/accessible-class/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, join_class, save_every_kind_deck, sign_in
from tests.html_check import html_problems, report

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SMALL_PHONE = {"width": 360, "height": 640}
PROJECTOR = {"width": 1920, "height": 1080}
DECK_ID = "back-pain-audited"
DECK_TITLE = "Back pain: every activity, audited"
CHOICE_KINDS = {"poll", "quiz", "scale", "feedback"}
READABLE = (Path(__file__).parent / "readable.js").read_text(encoding="utf-8")
# The focused element (or, for a radio button or checkbox, its label) shows a focus ring.
FOCUS_SHOWN = """() => {
    const el = document.activeElement;
    const shows = (node) => { const s = getComputedStyle(node);
        return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
            || s.boxShadow !== "none"; };
    return shows(el) || Boolean(el.labels && [...el.labels].some(shows));
}"""


def save_audited_deck(server) -> list[dict]:
    """Every kind of activity (and a poll of pictures), results shown from one answer so that
    every revealed view can be audited with a single phone."""
    return save_every_kind_deck(server, DECK_ID, DECK_TITLE, min_responses=1, pictures=True)


def class_with_a_phone(server, browser, viewport):
    """A console running the audited deck (past the safety slide without asking) and a phone
    of the given size that has joined it."""
    save_audited_deck(server)
    console = browser.new_context(viewport=LAPTOP).new_page()
    sign_in(console, server.url)
    console.get_by_role("button", name=f"Start a session with {DECK_TITLE}").click()
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    console.on("dialog", lambda dialog: dialog.accept())
    phone = browser.new_context(viewport=viewport).new_page()
    join_class(phone, server.url, code)
    return console, phone


def press_tab_until(page, predicate: str, limit: int = 60) -> None:
    """Tab forward until the focused element matches `predicate` (a JS expression on `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        check = f"() => {{ const el = document.activeElement; return Boolean({predicate}); }}"
        if page.evaluate(check):
            assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {focused(page)}"
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def focused(page) -> str:
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return el ? `${el.tagName} ${el.id} ${el.textContent.trim().slice(0, 40)}` : ''; }"
    )


def help_link_box(page) -> tuple[int, int, int, int]:
    """Where the phone bar's help link is on the page (not in the scrolled viewport)."""
    return tuple(
        page.locator(".phone-bar__help").evaluate(
            "el => { const r = el.getBoundingClientRect();"
            " return [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round); }"
        )
    )


def answer_by_keyboard(phone, kind: str) -> None:
    """Choose the first option and send it, with the keyboard alone; the saved message is
    announced while the focus stays on the send button."""
    press_tab_until(phone, "el.matches('input[type=radio], input[type=checkbox]')")
    phone.keyboard.press("Space")
    press_tab_until(phone, "el.matches('button[type=submit]')")
    sender = focused(phone)
    phone.keyboard.press("Enter")
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")
    assert focused(phone) == sender, f"saving a {kind} answer moved the focus"


def expect_revealed(phone, step: dict) -> None:
    """The phone shows the room's results; for a quiz, the right answer, whether this person
    (who chose the first option) got it, and the explanation."""
    reveal = phone.locator("#reveal-area")
    expect(reveal.get_by_role("heading", name="Results")).to_be_visible()
    if step["kind"] != "quiz":
        return
    correct = [step["correct"]] if isinstance(step["correct"], str) else step["correct"]
    labels = [o["label"] for o in step["options"] if o["id"] in correct]
    named = "The right answers" if len(correct) > 1 else "The right answer"
    expect(reveal).to_contain_text(f"{named}: {', '.join(labels)}")
    verdict = "You got it right." if correct == [step["options"][0]["id"]] else "Not this time."
    expect(reveal.locator(".verdict")).to_contain_text(verdict)
    expect(reveal.locator(".explanation")).to_have_text(
        f"Why: {' '.join(step['explanation'].split())}"
    )


def test_every_view_of_a_class_meets_wcag_aa_by_keyboard_alone(server, browser, artifacts):
    steps = save_audited_deck(server)
    shots = artifacts / "accessible-class"
    shots.mkdir(exist_ok=True)

    console = browser.new_context(viewport=LAPTOP).new_page()
    sign_in(console, server.url)
    assert_accessible(console, "home")
    press_tab_until(console, f"el.textContent.trim() === 'Start a session with {DECK_TITLE}'")
    console.keyboard.press("Enter")
    expect(console).to_have_url(re.compile(r"/console/"))
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    screen = browser.new_context(viewport=PROJECTOR).new_page()
    screen.goto(console.get_by_role("link", name=re.compile("screen", re.I)).get_attribute("href"))
    phone = browser.new_context(viewport=SMALL_PHONE).new_page()
    join_class(phone, server.url, code, "Ann")
    expect(console.locator("#participant-count")).to_have_text("1 person joined")

    help_boxes = {}
    drawn = {}  # view and state -> the DOM as the scripts drew it

    def audit(label: str) -> None:
        phone.wait_for_timeout(300)  # let the last snapshot settle before the engine reads it
        help_boxes[label] = help_link_box(phone)
        for page, view in ((phone, "phone"), (screen, "screen"), (console, "console")):
            assert_accessible(page, f"{view}: {label}")
            drawn[f"{view}: {label}"] = page.content()
        phone.screenshot(path=shots / f"phone-{label}.png", full_page=True)
        screen.screenshot(path=shots / f"screen-{label}.png")

    audit("00-lobby")
    for number, step in enumerate(steps, start=1):
        console.keyboard.press("PageDown")  # wherever the focus is, as a clicker would
        expect(phone.get_by_role("heading", level=1)).to_have_text(step["title"])
        expect(screen.locator("#screen")).to_contain_text(step["title"][:30])
        label = f"{number:02d}-{step['kind']}-{step['id']}"
        audit(label)
        if step["kind"] in CHOICE_KINDS:
            answer_by_keyboard(phone, step["kind"])
            if console.get_by_role("button", name="Reveal results").is_visible():
                press_tab_until(console, "el.textContent.trim() === 'Reveal results'")
                console.keyboard.press("Enter")
                expect_revealed(phone, step)
            audit(f"{label}-answered")

    press_tab_until(console, "el.textContent.trim() === 'End session'")
    console.once("dialog", lambda dialog: dialog.accept())
    console.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("ended")
    audit(f"{len(steps) + 1:02d}-ended")

    # The notebook, kept by keyboard: its link, then its pages in a fresh browser.
    press_tab_until(phone, "el.textContent.trim() === 'Keep your notebook'")
    phone.keyboard.press("Enter")
    link = phone.locator("#keep-link")
    expect(link).to_be_visible()
    assert_accessible(phone, "phone: the kept notebook link")
    drawn["phone: the kept notebook link"] = phone.content()
    phone.screenshot(path=shots / "phone-notebook-link.png", full_page=True)
    notebook = browser.new_context(viewport=SMALL_PHONE).new_page()
    for name, url in (("notebook", link.inner_text()), ("notebook-delete", None)):
        if url is None:
            notebook.get_by_role("link", name="Delete my answers").click()
        else:
            notebook.goto(url)
        expect(notebook.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(notebook, name)
        drawn[name] = notebook.content()
        help_boxes[name] = help_link_box(notebook)
        notebook.screenshot(path=shots / f"phone-{name}.png", full_page=True)
    notebook.get_by_role("button", name="Yes, delete my answers").click()
    expect(notebook.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(notebook, "notebook-deleted")
    drawn["notebook-deleted"] = notebook.content()
    notebook.screenshot(path=shots / "phone-notebook-deleted.png", full_page=True)
    notebook.goto(f"{server.url}/join")
    help_boxes["join"] = help_link_box(notebook)
    # Help and safety sits in the same place on every phone screen.
    assert len(set(help_boxes.values())) == 1, help_boxes
    found = html_problems(drawn)
    assert not found, f"{len(found)} of {len(drawn)} drawn views are not valid:\n" + report(found)


def test_the_larger_text_look_meets_wcag_aa_and_is_remembered(server, browser, artifacts):
    console, phone = class_with_a_phone(server, browser, SMALL_PHONE)
    toggle = phone.get_by_role("button", name="Larger text and high contrast")
    toggle.focus()
    phone.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    phone.reload()
    expect(phone.get_by_role("button", name="Larger text and high contrast")).to_have_attribute(
        "aria-pressed", "true"
    )
    for title in ("How long has your back been troubling you", "My action plan", "Your feedback"):
        console.locator("#outline").get_by_role("button", name=re.compile(re.escape(title))).click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text(title)
        assert_accessible(phone, f"phone, larger text: {title}")
    phone.screenshot(path=artifacts / "accessible-class" / "phone-larger-text.png", full_page=True)
    phone.goto(f"{server.url}/help")
    assert_accessible(phone, "help, larger text")


def test_a_new_step_and_the_timer_are_announced_without_moving_focus(server, browser):
    console, phone = class_with_a_phone(server, browser, SMALL_PHONE)

    help_link = phone.get_by_role("link", name="Help and safety")
    help_link.focus()
    outline = console.locator("#outline")
    outline.get_by_role("button", name=re.compile("Talk in small groups")).click()
    expect(phone.locator("#announce")).to_contain_text("New activity: Talk in small groups")
    assert focused(phone).startswith("A "), "a new step took the focus away"

    console.locator("#timer-panel").get_by_role("button", name="Start").click()
    expect(phone.locator("#announce")).to_contain_text(re.compile("Timer started: .* left"))
    expect(phone.locator("#timer-area")).to_be_visible()
    assert focused(phone).startswith("A "), "the timer took the focus away"


def test_the_phone_reflows_and_keeps_big_text_and_targets(server, browser):
    """Text at least 18px, targets at least 44×44 px, and at 320 px wide (a 640 px phone at
    200% zoom) nothing is cut off or needs sideways scrolling."""
    console, phone = class_with_a_phone(server, browser, {"width": 320, "height": 640})

    for title in ("How long has your back been troubling you", "My action plan", "Your feedback"):
        console.locator("#outline").get_by_role("button", name=re.compile(re.escape(title))).click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text(title)
        measured = phone.evaluate(READABLE)
        assert measured["overflow"] <= 0, f"{title}: scrolls sideways by {measured['overflow']} px"
        assert not measured["small"], f"{title}: text under 18px: {measured['small']}"
        assert not measured["targets"], f"{title}: targets under 44×44 px: {measured['targets']}"


def test_the_phone_follows_the_browsers_own_text_size(server, browser):
    """Someone who has set their phone's text to twice the size gets twice the size here too
    (sizes are relative to the browser's, not fixed pixels), still without sideways scrolling
    on a small phone."""
    console, phone = class_with_a_phone(server, browser, SMALL_PHONE)
    normal = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    cdp = phone.context.new_cdp_session(phone)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32}})  # the default is 16
    phone.reload()
    larger = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert larger >= 1.9 * normal, (normal, larger)
    console.locator("#outline").get_by_role("button", name=re.compile("My action plan")).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("My action plan")
    overflow = phone.evaluate(READABLE)["overflow"]
    assert overflow <= 0, f"scrolls sideways by {overflow} px at twice the text size"
