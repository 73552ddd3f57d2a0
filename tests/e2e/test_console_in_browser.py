"""The console and the screen in headless Chromium against the real server: blanking the screen
from the keyboard, a key message shown as such, the screen's type at a small TV's and a
projector's size, a one-to-one consultation's answers by name, a self-paced session's
progress view, the warning before an idle session ends, and the console in the staff's own
language. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, PageErrors, sign_in
from tests.e2e.clients import Listener, join

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

TV = {"width": 1280, "height": 720}
PROJECTOR = {"width": 1920, "height": 1080}
UHD = {"width": 3840, "height": 2160}
POLL = re.compile("How long has your back")


def open_page(browser, viewport, label, errors):
    page = browser.new_context(viewport=viewport).new_page()
    errors.append(PageErrors(page, label))
    return page


def start(console, base_url: str, way: str) -> tuple[str, str]:
    """From "Your classes", start the demo deck the chosen way; the join code and screen link."""
    sign_in(console, base_url)
    deck = console.locator("li.deck").filter(has_text="Making sense of back pain")
    deck.get_by_label(way).check()
    deck.get_by_role("button", name=re.compile("start a session", re.I)).click()
    expect(console).to_have_url(re.compile(r"/console/"))
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    screen_url = console.get_by_role("link", name=re.compile("screen", re.I)).get_attribute("href")
    return code, screen_url


def goto_poll(console) -> None:
    console.once("dialog", lambda dialog: dialog.accept())  # it skips the safety slide
    console.locator("#outline").get_by_role("button", name=POLL).click()
    expect(console.locator("#stage")).to_contain_text("How long has your back")


def title_size(screen) -> float:
    return screen.locator("#step-title").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")


def test_b_blanks_the_screen_and_the_title_is_big_enough(server, browser, artifacts):
    errors: list[PageErrors] = []
    console = open_page(browser, LAPTOP, "console", errors)
    _, screen_url = start(console, server.url, "In a room (group)")
    screen = open_page(browser, PROJECTOR, "screen", errors)
    screen.goto(screen_url)
    expect(screen.locator("#lobby")).to_be_visible()

    console.locator("body").focus()
    console.keyboard.press("PageDown")
    expect(screen.locator("#step-title")).to_have_text(re.compile("welcome", re.I))

    # B blanks the room's screen: plain black, said to assistive tech, and clear on the console.
    console.keyboard.press("b")
    expect(screen.locator("#blank")).to_be_visible()
    expect(screen.locator("#screen")).to_be_hidden()
    expect(screen.locator("#blank-status")).to_have_text("Screen blanked")
    colour = screen.locator("#blank").evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour == "rgb(0, 0, 0)"
    expect(console.locator("#blank-banner")).to_be_visible()
    expect(console.locator("#blank-banner")).to_contain_text("The room's screen is blank")
    expect(console.get_by_role("button", name="Show the screen again").first).to_be_visible()
    expect(console.locator("#stage")).to_contain_text("Screen blank")
    screen.screenshot(path=artifacts / "screen-blanked.png")
    console.screenshot(path=artifacts / "console-blanked.png")

    # B again shows it; "." (a clicker's blank button) and the banner's button work the same.
    console.keyboard.press("B")
    expect(screen.locator("#blank")).to_be_hidden()
    expect(screen.locator("#step-title")).to_be_visible()
    expect(console.locator("#blank-banner")).to_be_hidden()
    console.keyboard.press(".")
    expect(screen.locator("#blank")).to_be_visible()
    console.locator("#blank-banner").get_by_role("button", name="Show the screen again").click()
    expect(screen.locator("#blank")).to_be_hidden()
    # A clicker's "next" after blanking moves on and shows the screen, as slide software does.
    console.locator("body").focus()
    console.keyboard.press("b")
    expect(screen.locator("#blank")).to_be_visible()
    console.keyboard.press("PageDown")
    expect(screen.locator("#blank")).to_be_hidden()
    expect(screen.locator("#step-title")).to_have_text(re.compile("agree", re.I))

    # A key message is labelled as one: the flag never shows as the word "true".
    console.once("dialog", lambda dialog: dialog.accept())
    protection = re.compile("Pain is a protection")
    console.locator("#outline").get_by_role("button", name=protection).click()
    expect(screen.locator("#step-title")).to_have_text("Pain is a protection system")
    expect(screen.locator("#step-label")).to_have_text("Key message")
    expect(console.locator("#stage .tag--key")).to_have_text("Key message")
    for page, where in ((screen, "#screen"), (console, "#stage")):
        assert not re.search(r"\btrue\b", page.locator(where).inner_text()), where

    # The question's title reads from the back of the room, on a small TV and a projector.
    goto_poll(console)
    expect(screen.locator("#step-title")).to_contain_text("How long has your back")
    expect(console.locator("#stage")).to_contain_text("Answers open")
    expect(console.locator("#stage")).to_contain_text("Results hidden from the room")
    for size, name in ((PROJECTOR, "1920x1080"), (TV, "1280x720"), (UHD, None)):
        screen.set_viewport_size(size)
        screen.wait_for_timeout(100)
        assert title_size(screen) >= 0.04 * size["height"], size
        if name:
            screen.screenshot(path=artifacts / f"screen-poll-{name}.png")
    # With results on show the title steps back for the chart, but not below 4%.
    console.get_by_role("button", name="Reveal results").click()
    expect(console.locator("#stage")).to_contain_text("Results showing to the room")
    expect(screen.locator("#step")).to_have_class(re.compile("step--results"))
    for size in (PROJECTOR, TV, UHD):
        screen.set_viewport_size(size)
        screen.wait_for_timeout(100)
        assert title_size(screen) >= 0.04 * size["height"], size

    problems = [p for e in errors for p in e.found]
    assert problems == []


def test_one_to_one_shows_the_answer_and_the_shared_plan_by_name(server, browser, artifacts):
    errors: list[PageErrors] = []
    console = open_page(browser, LAPTOP, "console", errors)
    code, _ = start(console, server.url, "One-to-one consultation")
    phone = Listener(server.url, "/participant", {"token": join(server, code, "Sam")})
    try:
        expect(console.locator("#participant-count")).to_have_text("1 person joined")
        goto_poll(console)
        phone.wait_for(lambda p: (p.snapshot["step"] or {}).get("id") == "how-long")
        ack = phone.call("answer", {"step_id": "how-long", "value": "over-a-year", "id": "a"})
        assert ack["ok"], ack
        table = console.locator("#results table.by-name__table")
        expect(table).to_be_visible()
        expect(table.get_by_role("row", name=re.compile("Sam"))).to_contain_text("Over a year")
        console.screenshot(path=artifacts / "console-one-to-one-poll.png", full_page=True)

        console.once("dialog", lambda dialog: dialog.accept())
        plan_step = re.compile("action plan", re.I)
        console.locator("#outline").get_by_role("button", name=plan_step).click()
        expect(console.locator("#stage")).to_contain_text("Action plan")  # lets the dialog run
        phone.wait_for(lambda p: (p.snapshot["step"] or {}).get("id") == "my-plan")
        ack = phone.call(
            "answer",
            {
                "step_id": "my-plan",
                "id": "p",
                "value": {
                    "matters": "Playing with my grandchildren",
                    "goal": "Walk to the park",
                    "share": True,
                },
            },
        )
        assert ack["ok"], ack
        plan = console.locator("#results details.shared-plan")
        expect(plan).to_have_attribute("open", "")  # a consultation's shared plan starts open
        expect(plan).to_contain_text("Sam's plan")
        expect(plan).to_contain_text("Walk to the park")
        console.screenshot(path=artifacts / "console-one-to-one-plan.png", full_page=True)
    finally:
        phone.close()
    problems = [p for e in errors for p in e.found]
    assert problems == []


def test_a_self_paced_console_shows_where_people_are(server, browser, artifacts):
    errors: list[PageErrors] = []
    console = open_page(browser, LAPTOP, "console", errors)
    sign_in(console, server.url)
    deck = console.locator("li.deck").filter(has_text="Making sense of back pain")
    closes = deck.get_by_label("Open until the end of")
    expect(closes).to_be_hidden()  # only asked for when it applies
    deck.get_by_label("Self-paced online, open until…").check()
    expect(closes).to_be_visible()
    assert closes.evaluate("el => el.required")
    closes.fill("2001-01-01")
    closes.evaluate("el => { el.min = ''; }")  # past the browser's own check, to the server's
    deck.get_by_role("button", name=re.compile("start a session", re.I)).click()
    expect(console.get_by_role("alert").filter(has_text="did not start")).to_be_focused()
    expect(console.locator("#start-closes_on")).to_have_attribute("aria-invalid", "true")
    assert_accessible(console, "a refused self-paced start")
    console.screenshot(path=artifacts / "home-start-refused.png", full_page=True)
    # The refused page's own 400 is the only thing the browser reports.
    assert [p for e in errors for p in e.found] == [
        "console: Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]
    errors[0].found.clear()

    deck = console.locator("li.deck").filter(has_text="Making sense of back pain")
    deck.get_by_label("Open until the end of").fill("2999-12-31")
    deck.get_by_role("button", name=re.compile("start a session", re.I)).click()
    expect(console).to_have_url(re.compile(r"/console/"))
    code = re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())
    panel = console.locator("#progress-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("#closes-on")).to_have_text("Tuesday 31 December 2999")
    for hidden in ("#btn-next", "#btn-back", "#btn-blank", ".outline-panel", "#keys-hint"):
        expect(console.locator(hidden)).to_be_hidden()
    expect(console.get_by_role("button", name="End session")).to_be_visible()

    phones = [
        Listener(server.url, "/participant", {"token": join(server, code, f"P{i}")})
        for i in range(3)
    ]
    try:
        expect(panel.locator("#progress-summary")).to_have_text(re.compile("^3 people joined"))
        row = panel.locator("li.progress-step[data-index='0']")
        expect(row).to_contain_text("3 people here")
        for phone in phones[:2]:
            for _ in range(4):  # to the poll
                assert phone.call("next")["ok"]
        assert phones[0].call("answer", {"step_id": "how-long", "value": "over-a-year", "id": "x"})[
            "ok"
        ]
        poll_row = panel.locator("li.progress-step[data-index='4']")
        expect(poll_row).to_contain_text("2 people here")
        expect(row).to_contain_text("1 person here")

        # The clicker keys steer nothing here: no command, no error.
        console.locator("body").focus()
        for key in ("PageDown", "ArrowRight", "b", "."):
            console.keyboard.press(key)
        expect(console.locator("#feedback")).to_be_empty()

        panel.get_by_role("button", name=POLL).click()
        expect(panel.get_by_role("button", name=POLL)).to_have_attribute("aria-pressed", "true")
        results = console.locator("[data-testid=results]")
        expect(console.locator("#results-for")).to_have_text(
            "Step 5: How long has your back been troubling you this time?"
        )
        expect(results).to_contain_text("Over a year")
        expect(results).to_contain_text("1 person answered")
        # A new answer reaches the open results without a click (fetched again on progress).
        assert phones[1].call("answer", {"step_id": "how-long", "value": "over-a-year", "id": "y"})[
            "ok"
        ]
        expect(results).to_contain_text("2 people answered")
        console.screenshot(path=artifacts / "console-self-paced.png", full_page=True)
        assert_accessible(console, "the self-paced console")
    finally:
        for phone in phones:
            phone.close()
    problems = [p for e in errors for p in e.found]
    assert problems == []


def test_the_console_is_warned_before_an_idle_session_ends(make_server, browser, artifacts):
    """Looked for every half second, a session unused for 3 minutes ends and is warned about
    from 6 seconds after its last use; moving a step takes the warning away."""
    server = make_server(
        {
            "TALKBACK_IDLE_CHECK_EVERY": "0.5",
            "TALKBACK_IDLE_SESSION_HOURS": "0.05",
            "TALKBACK_IDLE_WARNING_MINUTES": "2.9",
        }
    )
    errors: list[PageErrors] = []
    console = open_page(browser, LAPTOP, "console", errors)
    start(console, server.url, "In a room (group)")
    notice = console.locator("#idle-notice")
    expect(notice).to_be_visible(timeout=15_000)
    expect(notice).to_contain_text("Nobody has used this session for a while")
    expect(notice).to_contain_text("its join code stops working")
    expect(notice).to_have_attribute("role", "alert")
    console.screenshot(path=artifacts / "console-idle-warning.png")
    console.locator("body").focus()
    console.keyboard.press("PageDown")
    expect(notice).to_be_hidden()
    expect(notice).to_be_visible(timeout=15_000)  # unused again, it is warned again
    assert [p for e in errors for p in e.found] == []


@pytest.mark.parametrize(
    ("name", "code", "direction", "words"),
    [
        # Welsh is complete: the page's and the modules' words are Welsh.
        ("Cymraeg", "cy", None, ("Consol Talkback", "Cwestiynau gan yr ystafell", "Cam 2 o")),
        # Arabic is complete too, and the console mirrors.
        ("العربية", "ar", "rtl", ("لوحة تحكم Talkback", "أسئلة من القاعة", "الخطوة 2 من")),
    ],
)
def test_the_console_follows_the_staffs_language_and_passes_axe(
    server, browser, artifacts, name, code, direction, words
):
    errors: list[PageErrors] = []
    console = open_page(browser, LAPTOP, "console", errors)
    start(console, server.url, "In a room (group)")
    # The picker in the staff header: the page comes back in the new language, in place.
    picker = console.locator("#staff-language")
    picker.get_by_label("Language").select_option(code)
    picker.get_by_role("button").click()
    expect(console.locator("html")).to_have_attribute("lang", code)
    expect(console.locator("#connection")).to_have_attribute("data-state", "connected")
    if direction:
        expect(console.locator("html")).to_have_attribute("dir", direction)
    # "Next" points the way the page reads: right to left, its arrow is mirrored.
    mirrored = console.locator("#btn-next .arrow").evaluate("a => getComputedStyle(a).transform")
    assert mirrored == ("matrix(-1, 0, 0, 1, 0, 0)" if direction == "rtl" else "none"), mirrored
    console.locator("body").focus()
    console.keyboard.press("PageDown")
    console.keyboard.press("PageDown")  # the second before the first is stored: both count
    brand, panel, step = words
    expect(console.locator(".brand")).to_have_text(brand)
    expect(console.locator("#questions-heading")).to_contain_text(panel)  # a module's words
    expect(console.locator("#stage .step-meta")).to_contain_text(step)
    expect(console.locator("#staff-language-choice")).to_have_value(code)
    console.screenshot(path=artifacts / f"console-{code}.png", full_page=True)
    assert_accessible(console, f"the console in {name}")
    assert [p for e in errors for p in e.found] == []
