"""The console as a phone remote, in headless Chromium against the real server: at 360×640 a
short class is run from start to end by tapping only the remote's buttons, and again by the
keyboard alone; at each state the page passes axe, has no target under 44×44 px, does not
scroll sideways at 360 or 320 px, and keeps the focus visible and clear of the bar of Next and
Back. The pacing line stays in view just under the step on now. Every kind of step, with the
rest of the console unfolded, fits 320 px. A moderator's console at 360×640 has no bar and
nothing folded, and passes the same checks. At 1280×800 the console is laid out as before.
Screenshots are kept in test-artifacts/console-remote/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PageErrors, save_deck, save_every_kind_deck, sign_in
from tests.e2e.clients import Listener, join
from tests.e2e.test_session_roles_in_browser import add_staff, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

REMOTE = {"width": 360, "height": 640}
NARROWEST = {"width": 320, "height": 640}
POLL = "How is your back today?"
DECK = {
    "title": "A short back pain class",
    "min_responses": 1,
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-01"},
    "safety": {"red_flags": "back-pain"},
    "steps": [
        {
            "id": "hello",
            "kind": "slide",
            "title": "Welcome",
            "minutes": 1,
            "notes": "Say it is not for 999.",
        },
        {
            "id": "today",
            "kind": "poll",
            "title": POLL,
            "minutes": 2,
            "options": [{"id": "better", "label": "Better"}, {"id": "worse", "label": "Worse"}],
            "notes": "Ask who feels worse.",
        },
        {"id": "bye", "kind": "slide", "title": "Thank you", "minutes": 1},
    ],
}

# What the remote would fail on: sideways scrolling, a control under 44×44 px, and (with
# `focus`) the focused control hidden behind the bar of Next and Back or the red flags.
MEASURE = """() => {
    const doc = document.documentElement;
    const controls = "button, a[href], input, select, textarea, summary";
    const targets = [...document.querySelectorAll(controls)]
        .filter((el) => el.offsetParent !== null && !el.matches(".skip-link"))
        .map((el) => [el.id || el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
        .filter(([, r]) => r.width < 44 || r.height < 44)
        .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`);
    return { overflow: doc.scrollWidth - doc.clientWidth, targets };
}"""
FOCUS_CLEAR = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
        || s.boxShadow !== "none";
    const r = el.getBoundingClientRect();
    const covers = [...document.querySelectorAll(".controls__steer, .alerts-panel")]
        .filter((c) => !c.contains(el))
        .filter((c) => ["fixed", "sticky"].includes(getComputedStyle(c).position))
        .map((c) => c.getBoundingClientRect())
        .some((c) => r.top >= c.top && r.bottom <= c.bottom);
    const inView = r.bottom > 0 && r.top < innerHeight;
    const name = `${el.tagName} ${el.textContent.trim().slice(0, 30)}`;
    return { ring, covered: covers || !inView, name };
}"""


@pytest.fixture
def short_class(server):
    save_deck(server, "short-class", DECK)
    return server


def start(browser, url, viewport=REMOTE):
    """The console, signed in on a phone-sized touch screen, running the short class."""
    context = browser.new_context(viewport=viewport, has_touch=True)
    console = context.new_page()
    errors = PageErrors(console, "console")
    sign_in(console, url)
    console.get_by_role("button", name=f"Start a session with {DECK['title']}").click()
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    return console, code, errors


def check(console, label, artifacts) -> None:
    """Axe, targets, no sideways scroll at 360 and 320 px, and Next and Back at the bottom."""
    folder = artifacts / "console-remote"
    folder.mkdir(exist_ok=True)
    assert_accessible(console, f"the remote: {label}")
    for size in (REMOTE, NARROWEST):
        console.set_viewport_size(size)
        measured = console.evaluate(MEASURE)
        assert measured["overflow"] <= 0, f"{label} at {size}: scrolls sideways"
        assert not measured["targets"], f"{label} at {size}: small targets {measured['targets']}"
    console.set_viewport_size(REMOTE)
    steer = console.locator(".controls__steer")
    if steer.is_visible():
        box = steer.bounding_box()
        assert box["y"] + box["height"] == pytest.approx(REMOTE["height"], abs=1), label
    console.screenshot(path=folder / (re.sub(r"\W+", "-", label) + ".png"))


def expect_pacing_under_the_step(console, text) -> None:
    """The co-pilot's line reads `text`, is not folded, and with the step's title at the top
    of the screen it is in view above the bar of Next and Back."""
    line = console.locator("#pacing")
    expect(line).to_be_visible()
    expect(line).to_have_text(text)
    console.locator("#stage").evaluate("el => el.scrollIntoView({block: 'start'})")
    stage = console.locator(".stage").bounding_box()
    box = line.bounding_box()
    bar = console.locator(".controls__steer").bounding_box()
    assert box["y"] >= stage["y"] + stage["height"], "the pacing line is above the step"
    assert box["y"] - (stage["y"] + stage["height"]) < 48, "the pacing line is far from the step"
    assert box["y"] + box["height"] <= bar["y"], "the pacing line is hidden behind the bar"


def tap(console, name) -> None:
    console.get_by_role("button", name=name, exact=True).tap()


def expect_folded(console, folded: bool) -> None:
    for part in ("#outline", "#results", "#btn-end", ".console__governance"):
        if folded:
            expect(console.locator(part)).to_be_hidden()
        else:
            expect(console.locator(part)).to_be_visible()


def test_the_remote_runs_a_class_by_thumb(short_class, browser, artifacts):
    console, code, errors = start(browser, short_class.url)
    phone = Listener(short_class.url, "/participant", {"token": join(short_class, code, "Ann")})
    stage = console.locator("#stage")
    try:
        expect(stage).to_contain_text("Waiting to start")
        expect_folded(console, True)
        expect_pacing_under_the_step(console, re.compile(r"^Not started: 3 steps left, 4 min"))
        check(console, "lobby", artifacts)

        tap(console, "Next")
        expect(stage.locator(".step-meta")).to_contain_text("Step 1 of 3")
        expect(stage.locator(".step-title")).to_have_text("Welcome")
        expect(stage.locator(".notes")).to_be_hidden()
        expect_pacing_under_the_step(console, re.compile(r"^0 minutes in, on plan — 2 steps left"))

        tap(console, "Next")
        expect(stage.locator(".step-title")).to_have_text(POLL)
        expect(stage).to_contain_text("Answers open")
        assert phone.call("answer", {"step_id": "today", "value": "worse", "id": "a"})["ok"]
        tap(console, "Start (2 min)")
        expect(console.locator(".countdown")).to_have_attribute("data-state", "running")
        tap(console, "Pause")
        expect(console.locator(".countdown")).to_have_attribute("data-state", "paused")
        tap(console, "+1 minute")
        tap(console, "Resume")
        expect(console.locator(".countdown")).to_have_attribute("data-state", "running")
        tap(console, "Close answers")
        expect(stage).to_contain_text("Answers closed")
        tap(console, "Open answers")
        expect(stage).to_contain_text("Answers open")
        tap(console, "Close answers")
        expect(stage).to_contain_text("Answers closed")
        tap(console, "Reveal results")
        expect(stage).to_contain_text("Results showing to the room")
        expect_pacing_under_the_step(console, re.compile(r"^\d+ minutes? in, .* — 1 step left"))
        check(console, "poll revealed", artifacts)
        tap(console, "Blank the screen")
        expect(console.locator("#blank-banner")).to_be_visible()
        check(console, "blanked", artifacts)
        console.locator("#blank-banner").get_by_role("button", name="Show the screen again").tap()
        expect(console.locator("#blank-banner")).to_be_hidden()

        # A red flag in a question: the alert stays at the top however far down the page is.
        asked = phone.call("ask", {"id": "q-1", "text": "Both legs go numb at night"})
        assert asked["ok"], asked
        alerts = console.locator("#alerts-panel")
        expect(alerts).to_be_visible()
        expect(console.locator("#questions-heading")).to_contain_text("(1 waiting)")
        console.evaluate("() => scrollTo(0, document.documentElement.scrollHeight)")
        assert console.evaluate("() => scrollY") > 0, "the page was short enough not to scroll"
        top = alerts.evaluate("el => el.getBoundingClientRect().top")
        assert top == pytest.approx(0, abs=1), "the red flag scrolled out of view"
        check(console, "a red flag", artifacts)
        alerts.get_by_role("button", name=re.compile("Seen")).tap()
        expect(alerts.locator(".alert-item__seen")).to_be_visible()

        # Everything else is behind More, not gone.
        more = console.get_by_role("button", name=re.compile("^More"))
        more.tap()
        expect(more).to_have_attribute("aria-expanded", "true")
        expect_folded(console, False)
        expect(console.locator("#pacing")).to_be_visible()
        expect(stage.locator(".notes")).to_contain_text("Ask who feels worse.")
        expect(console.locator("#results")).to_contain_text("1 person answered")
        expect(console.locator("#questions-panel")).to_contain_text("Both legs go numb at night")
        check(console, "more", artifacts)
        more.tap()
        expect(more).to_have_attribute("aria-expanded", "false")
        expect_folded(console, True)

        tap(console, "Next")
        expect(stage.locator(".step-meta")).to_contain_text("Step 3 of 3")
        expect(console.locator("#next-up")).to_have_text("This is the last step.")
        expect(console.locator("#btn-next")).to_have_attribute("aria-disabled", "true")
        tap(console, "Back")
        expect(stage.locator(".step-title")).to_have_text(POLL)
        tap(console, "Next")
        expect(stage.locator(".step-title")).to_have_text("Thank you")

        more.tap()
        console.once("dialog", lambda dialog: dialog.accept())
        tap(console, "End session")
        expect(stage).to_contain_text("This session has ended")
        expect(console.locator(".controls__steer")).to_be_hidden()
        check(console, "ended", artifacts)
    finally:
        phone.close()
    assert errors.found == []


def tab_to(console, name: str, limit: int = 40) -> None:
    """Tab forward to the control whose text starts with `name`; every stop on the way shows
    its focus and is not hidden behind the bar or the red flags."""
    for _ in range(limit):
        console.keyboard.press("Tab")
        if console.evaluate("() => document.activeElement === document.body"):
            continue  # through the end of the page and round to its start
        seen = console.evaluate(FOCUS_CLEAR)
        assert seen["ring"], f"no visible focus on {seen['name']}"
        assert not seen["covered"], f"{seen['name']} is focused out of sight"
        if console.evaluate("() => document.activeElement.textContent.trim()").startswith(name):
            return
    raise AssertionError(f"Tab never reached {name}")


def test_the_remote_runs_a_class_by_keyboard(short_class, browser, artifacts):
    console, _, errors = start(browser, short_class.url)
    stage = console.locator("#stage")
    console.locator("body").focus()
    console.keyboard.press("PageDown")
    expect(stage.locator(".step-title")).to_have_text("Welcome")
    console.keyboard.press("ArrowRight")
    expect(stage.locator(".step-title")).to_have_text(POLL)
    console.keyboard.press("b")
    expect(console.locator("#blank-banner")).to_be_visible()
    console.keyboard.press(".")
    expect(console.locator("#blank-banner")).to_be_hidden()

    tab_to(console, "Reveal results")
    console.keyboard.press("Enter")
    expect(stage).to_contain_text("Results showing to the room")
    tab_to(console, "Start (2 min)")
    console.keyboard.press("Enter")
    expect(console.locator(".countdown")).to_have_attribute("data-state", "running")
    check(console, "keyboard poll", artifacts)

    console.locator("body").focus()
    tab_to(console, "More: notes, results, people, all steps")
    console.keyboard.press("Enter")
    expect_folded(console, False)
    # The whole console is reachable now, the list of steps among it, still clear of the bar.
    tab_to(console, "3.Thank you")
    console.keyboard.press("Enter")
    expect(stage.locator(".step-title")).to_have_text("Thank you")
    console.keyboard.press("PageUp")
    expect(stage.locator(".step-title")).to_have_text(POLL)
    console.keyboard.press("PageDown")
    expect(stage.locator(".step-title")).to_have_text("Thank you")

    console.locator("body").focus()
    console.once("dialog", lambda dialog: dialog.accept())
    tab_to(console, "End session")
    console.keyboard.press("Enter")
    expect(stage).to_contain_text("This session has ended")
    check(console, "keyboard ended", artifacts)
    assert errors.found == []


def test_a_moderators_console_at_phone_width_shows_what_they_look_after(
    short_class, browser, artifacts
):
    """A moderator has no Next and Back, so no bar at the bottom, and no More (it sits among
    the controls they do not have): nothing is folded from them, and the lobby tells them who
    starts the class."""
    add_staff(short_class, "sam")
    console, code, errors = start(browser, short_class.url)
    session_id = console.url.rsplit("/", 1)[-1]
    running = console.locator("#running")
    running.get_by_label("Staff account").select_option("sam")
    running.get_by_label("Role").select_option("moderator")
    running.get_by_role("button", name="Invite").tap()
    expect(running).to_contain_text("sam: moderator")

    moderator = browser.new_context(viewport=REMOTE, has_touch=True).new_page()
    moderator_errors = PageErrors(moderator, "moderator")
    sign_in_as(moderator, short_class.url, "sam")
    moderator.goto(f"{short_class.url}/console/{session_id}")
    expect(moderator.locator("#connection")).to_have_attribute("data-state", "connected")
    stage = moderator.locator("#stage")
    expect(stage).to_contain_text("the facilitator shows the first step")
    for hidden in (".controls__steer", "#btn-more", "#btn-next", "#pacing", "#outline"):
        expect(moderator.locator(hidden)).to_be_hidden()
    check(moderator, "moderator lobby", artifacts)

    phone = Listener(short_class.url, "/participant", {"token": join(short_class, code, "Ann")})
    try:
        console.locator("body").focus()
        console.keyboard.press("PageDown")
        console.keyboard.press("PageDown")
        expect(stage.locator(".step-title")).to_have_text(POLL)
        expect(stage.locator(".notes")).to_contain_text("Ask who feels worse.")
        assert phone.call("answer", {"step_id": "today", "value": "worse", "id": "a"})["ok"]
        assert phone.call("ask", {"id": "q-1", "text": "Can I swim?"})["ok"]
        expect(moderator.locator("#results")).to_contain_text("1 person answered")
        question = moderator.locator("#questions-panel li", has_text="Can I swim?")
        question.get_by_role("button", name="Approve").tap()
        expect(question.get_by_role("button", name="Approved")).to_be_visible()
        check(moderator, "moderator poll", artifacts)
        padding = moderator.locator("#console").evaluate(
            "el => parseFloat(getComputedStyle(el).paddingBottom)"
        )
        assert padding < 20, "room is kept for a bar the moderator does not have"
    finally:
        phone.close()
    assert errors.found == []
    assert moderator_errors.found == []


def test_the_laptop_console_is_laid_out_as_before(short_class, browser):
    console, _, errors = start(browser, short_class.url, LAPTOP)
    expect(console.get_by_role("button", name=re.compile("^More"))).to_be_hidden()
    console.get_by_role("button", name="Next", exact=True).click()
    expect(console.locator("#stage .notes")).to_be_visible()
    expect_folded(console, False)
    # Back and Next sit in the row of controls, beside Blank, not in a bar of their own.
    tops = [
        console.locator(f"#{name}").evaluate("el => el.getBoundingClientRect().top")
        for name in ("btn-back", "btn-next", "btn-blank")
    ]
    assert len(set(tops)) == 1, tops
    assert console.locator("#btn-next").evaluate("el => getComputedStyle(el).position") == "static"
    assert (
        console.locator(".console__grid").evaluate(
            "el => getComputedStyle(el).gridTemplateColumns.split(' ').length"
        )
        == 2
    )
    assert errors.found == []


def test_every_kind_unfolded_fits_the_narrowest_phone(server, browser):
    """Each step of a deck of every kind, with More shown, at 320 px: the kinds' own parts of
    the console and their results fit without sideways scrolling and pass axe."""
    title = "Every kind on the remote"
    steps = save_every_kind_deck(server, "remote-every-kind", title, min_responses=1)
    context = browser.new_context(viewport=NARROWEST, has_touch=True)
    console = context.new_page()
    errors = PageErrors(console, "console")
    sign_in(console, server.url)
    console.get_by_role("button", name=f"Start a session with {title}").click()
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    console.get_by_role("button", name=re.compile("^More")).tap()
    for number, step in enumerate(steps, start=1):
        console.locator("body").focus()
        console.keyboard.press("PageDown")
        expect(console.locator("#stage .step-meta")).to_contain_text(f"Step {number} of")
        measured = console.evaluate(MEASURE)
        assert measured["overflow"] <= 0, f"{step['id']}: scrolls sideways"
        assert not measured["targets"], f"{step['id']}: small targets {measured['targets']}"
        assert_accessible(console, f"the remote, unfolded: {step['id']}")
    assert errors.found == []
