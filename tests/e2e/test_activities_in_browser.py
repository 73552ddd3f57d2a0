"""Every activity kind in the three views, in headless Chromium against the real server: the
console, the projector's screen and four phones go through the word cloud, an open question
(with a red-flag alert), a discussion with the timer, the action plan across a reload, a private
reflection, anonymous questions and the Friends and Family Test. One screenshot per kind per
view is kept in test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import (
    LAPTOP,
    PHONE,
    Pages,
    join_class,
    open_screen,
    save_every_kind_deck,
    start_class,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_ID = "back-pain-every-kind"
DECK_TITLE = "Back pain: every activity"
FFT_QUESTION = "Overall, how was your experience of our service?"
FFT_ANSWERS = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]
RED_FLAG = "I have numbness around my bottom"
SECRET = "Zebra-secret: my knee clicks on the stairs"


def test_every_activity_in_the_three_views(server, browser, artifacts):
    save_every_kind_deck(server, DECK_ID, DECK_TITLE, min_responses=3)  # 3 show results
    pages = Pages(browser)

    def shoot(view, name):
        view.screenshot(path=artifacts / f"{name}.png", full_page=True)

    console = pages.open(LAPTOP, "console")
    code = start_class(console, server.url, DECK_TITLE)
    console.on("dialog", lambda dialog: dialog.accept())  # the safety slide's "skip anyway?"
    results = console.locator("[data-testid=results]")

    screen = open_screen(pages, console)

    names = ["Ann", "Bob", "Cat", "Dev"]
    phones = {}
    for name in names:
        phones[name] = pages.open(PHONE, f"phone {name}")
        join_class(phones[name], server.url, code, name)
    ann, bob, cat, dev = (phones[n] for n in names)
    expect(console.locator("#participant-count")).to_have_text("4 people joined")

    def go(title):
        console.locator("#outline").get_by_role("button", name=re.compile(re.escape(title))).click()
        expect(console.locator("#stage")).to_contain_text(title)
        for phone in phones.values():
            expect(phone.get_by_role("heading", level=1)).to_have_text(title)

    def send(phone, button="Send answer"):
        phone.get_by_role("button", name=button).click()
        expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")

    # ---- Word cloud: sent from phones, counted on the console, hidden from the screen ---------
    go("One word for your back today")
    ann.get_by_label("Word 1").fill("walking")
    ann.get_by_label("Word 2").fill("stiff")
    send(ann, "Send words")
    bob.get_by_label("Word 1").fill("Walking!")
    send(bob, "Send words")
    cat.get_by_label("Word 1").fill("tired")
    send(cat, "Send words")
    expect(results.get_by_text("walking")).to_be_visible()
    expect(results).to_contain_text("× 2")
    console.get_by_role("button", name="Reveal results").click()
    cloud = screen.locator(".cloud")
    expect(cloud).to_contain_text("walking")
    expect(cloud).to_contain_text("tired")
    big, small = (
        float(
            screen.locator(".cloud__word", has_text=w).evaluate(
                "el => parseFloat(el.style.fontSize)"
            )
        )
        for w in ("walking", "tired")
    )
    assert big > small  # sent twice, so drawn larger
    results.get_by_role("button", name="Hide “tired”").click()
    expect(results.get_by_role("button", name="Show “tired”")).to_be_visible()
    expect(cloud).not_to_contain_text("tired")
    expect(ann.locator("#reveal-area")).not_to_contain_text("tired")
    shoot(ann, "phone-wordcloud")
    shoot(console, "console-wordcloud")
    shoot(screen, "screen-wordcloud")

    # ---- Open question: moderated; a red flag raises an alert at once -------------------------
    go("What helps you on a bad day?")
    expect(ann.get_by_text("Please don't include names or personal details")).to_be_visible()
    ann.get_by_label("Your answer").fill("A hot water bottle and a slow walk")
    expect(ann.get_by_text("246 characters left")).to_be_visible()
    send(ann)
    bob.get_by_label("Your answer").fill(RED_FLAG)
    send(bob)
    alert = console.locator("#alerts-panel").get_by_role("alert")
    expect(alert).to_contain_text("Bob")
    expect(alert).to_contain_text("numb bottom")
    expect(alert).to_contain_text("What helps you on a bad day?")
    answer = results.locator("li", has_text="A hot water bottle")
    answer.get_by_role("button", name="Approve").click()
    expect(answer.get_by_role("button", name="Approved")).to_be_visible()
    answer.get_by_role("button", name="Star").click()
    expect(answer).to_contain_text("Starred")
    console.get_by_role("button", name="Reveal results").click()
    wall = screen.locator(".wall")
    expect(wall).to_contain_text("A hot water bottle and a slow walk")
    expect(screen.locator("#screen")).not_to_contain_text("numbness")
    shoot(ann, "phone-open")
    shoot(console, "console-open")
    shoot(screen, "screen-open")
    console.get_by_role("button", name="Seen: alert about Bob").click()
    expect(console.locator("#alerts-panel").get_by_role("alert")).to_have_count(0)
    expect(console.locator("#alerts-panel")).to_contain_text("Seen")

    # ---- Discussion: groups on phones and console, a note, the timer everywhere ---------------
    go("Talk in small groups")
    in_group = re.compile(r"You are in group \d")
    for phone in phones.values():
        expect(phone.get_by_role("heading", name=in_group)).to_be_visible()
    expect(ann.get_by_text(re.compile("^With: "))).to_be_visible()
    expect(results.get_by_role("heading", name="Group 1")).to_be_visible()
    for name in names:
        expect(results.locator(".group__members", has_text=name)).to_have_count(1)
    ann.get_by_label("Your group's note").fill("Walking a little every day helps")
    send(ann, "Send note")
    expect(results).to_contain_text("Note from Ann: Walking a little every day helps")
    results.get_by_role("button", name="New groups").click()
    expect(ann.get_by_role("heading", name=in_group)).to_be_visible()
    console.get_by_role("button", name="Start (10 min)").click()
    ten_minutes = re.compile(r"10:00|9:5\d")
    expect(ann.locator("#timer-area .countdown__clock")).to_have_text(ten_minutes)
    expect(ann.locator("#timer-area")).to_contain_text("Time left")
    expect(screen.locator(".big-timer-slot .countdown__clock")).to_have_text(ten_minutes)
    expect(screen.locator(".groups-count")).to_have_text(re.compile(r"\d+ groups?"))
    console.get_by_role("button", name="+1 minute").click()
    console_clock = console.locator("#timer-panel .countdown__clock")
    expect(console_clock).to_have_text(re.compile(r"1[01]:\d\d"))
    console.get_by_role("button", name="Pause").click()
    expect(ann.locator("#timer-area")).to_contain_text("(paused)")
    expect(screen.locator("#screen-timer")).to_contain_text("(paused)")
    shoot(ann, "phone-discuss")
    shoot(console, "console-discuss")
    shoot(screen, "screen-discuss")
    assert "Walking a little every day" not in screen.content()

    # ---- Action plan: saves as typed, survives a reload, nudges a low confidence --------------
    go("My action plan")
    expect(screen.get_by_text("Everyone is writing privately")).to_be_visible()
    goal = "My goal: what I want to get back to"
    ann.get_by_label(goal).fill("Walk to the shops")
    expect(ann.locator("#answer-status")).to_have_text("Saved")
    step_field = ann.get_by_label("This week I will… (what)")
    ann.get_by_role("group", name=re.compile("How sure am I")).get_by_label("5", exact=True).check()
    expect(ann.get_by_text("Let's make it a bit smaller.")).to_be_visible()
    ann.get_by_label("Share this plan with my physio").check()
    expect(ann.locator("#answer-status")).to_have_text("Saved")
    expect(results).to_contain_text("1 started, 0 finished")
    step_field.fill("Walk for 5 minutes")  # and reload at once: the outbox keeps it
    ann.reload()
    expect(ann.get_by_label(goal)).to_have_value("Walk to the shops")
    expect(ann.get_by_label("This week I will… (what)")).to_have_value("Walk for 5 minutes")
    sure = ann.get_by_role("group", name=re.compile("How sure am I"))
    expect(sure.get_by_label("5", exact=True)).to_be_checked()
    expect(ann.get_by_text("Let's make it a bit smaller.")).to_be_visible()
    expect(ann.get_by_text(re.compile("Get help now \\(999 or A&E\\)"))).to_be_visible()
    expect(ann.locator("#answer-status")).to_have_text("Saved")
    results.get_by_text("Ann's plan").click()
    expect(results).to_contain_text("Walk for 5 minutes")
    shoot(ann, "phone-plan")
    shoot(console, "console-plan")
    shoot(screen, "screen-plan")
    assert "Walk to the shops" not in screen.content()

    # ---- Reflection: private; one prompt offered as an anonymous question ---------------------
    go("Looking back on today")
    private = ann.get_by_text("it is not shown to the group or on the screen", exact=False)
    expect(private).to_be_visible()
    ann.get_by_label("What's one thing from today you want to remember?").fill(SECRET)
    ann.get_by_label("What's one question you'd like answered next time?").fill(
        "Is swimming good for backs?"
    )
    ann.get_by_label("Also send this question to the physio anonymously").check()
    send(ann, "Save")
    expect(ann.get_by_text("Your question was sent to the physio")).to_be_visible()
    expect(results).to_contain_text("1 person has written something")
    expect(screen.get_by_text("Everyone is writing privately")).to_be_visible()
    shoot(ann, "phone-reflect")
    shoot(console, "console-reflect")
    shoot(screen, "screen-reflect")
    for view in (console, screen):
        assert "Zebra-secret" not in view.content()

    # ---- Anonymous questions: asked, approved, up-voted, answered -----------------------------
    cat.get_by_role("button", name="Ask the physio a question").click()
    cat.get_by_label("Your question").fill("How long should I rest after a flare-up?")
    cat.get_by_role("button", name="Send question").click()
    expect(cat.get_by_text("Your question is on its way")).to_be_visible()
    panel = console.locator("#questions-panel")
    for text in ("Is swimming good for backs?", "How long should I rest after a flare-up?"):
        question = panel.locator("li", has_text=text)
        expect(question).to_contain_text("Waiting")
        question.get_by_role("button", name="Approve").click()
        expect(question).to_contain_text("Shared")
    swim = "Is swimming good for backs?"
    expect(bob.locator("#questions-area")).to_contain_text(swim)
    expect(ann.get_by_role("button", name=f"Up-vote: {swim}")).to_be_disabled()  # her own
    bob.get_by_role("button", name=f"Up-vote: {swim}").click()
    expect(bob.get_by_role("button", name=f"Voted: {swim}")).to_be_disabled()
    expect(panel.locator("li", has_text=swim)).to_contain_text("1 vote")
    expect(dev.locator(".question", has_text=swim)).to_contain_text("1 vote")
    panel.locator("li", has_text=swim).get_by_role("button", name="Answered").click()
    expect(dev.locator(".question", has_text=swim)).to_contain_text("Answered")
    expect(screen.locator("#questions-strip")).to_contain_text(swim)
    shoot(bob, "phone-questions")
    shoot(console, "console-questions")
    shoot(screen, "screen-questions")

    # ---- Feedback: the Friends and Family Test word for word ----------------------------------
    go("Your feedback")
    fft = ann.get_by_role("group", name=FFT_QUESTION)
    expect(fft.locator("legend")).to_have_text(FFT_QUESTION)
    expect(fft.locator("label")).to_have_text(FFT_ANSWERS)
    for phone, choice in ((ann, "Very good"), (bob, "Good"), (cat, "Poor")):
        phone.get_by_role("group", name=FFT_QUESTION).get_by_label(choice, exact=True).check()
    cat.get_by_label("Please tell us why you gave this answer.").fill("The room was too cold")
    for phone in (ann, bob, cat):
        send(phone, "Send feedback")
    expect(results).to_contain_text("67% positive")
    expect(results).to_contain_text("33% negative")
    expect(results.locator(".comments")).to_contain_text("The room was too cold")
    console.get_by_role("button", name="Start (2 min)").click()
    expect(screen.locator("#timer-slot .countdown__clock")).to_have_text(re.compile(r"2:00|1:5\d"))
    console.get_by_role("button", name="Reveal results").click()
    expect(screen.locator(".bars")).to_contain_text("Neither good nor poor")
    expect(screen.locator(".feedback-line")).to_contain_text("67% positive")
    assert "too cold" not in screen.content()
    shoot(ann, "phone-feedback")
    shoot(console, "console-feedback")
    shoot(screen, "screen-feedback")

    # ---- A measure asked before and after: the change, on the console only --------------------
    confidence = console.locator("#outline").get_by_role(
        "button", name=re.compile("How confident do you feel")
    )
    # The two steps share their title: the second is told apart by its body, so that a phone
    # still on the first is not answered as if it had moved on.
    after_body = "We asked this at the start."
    for which, values, second in (
        (confidence.first, (4, 6, 5), False),
        (confidence.last, (7, 6, 3), True),
    ):
        which.click()
        expect(console.locator("#stage")).to_contain_text("Scale 0 to 10")
        for phone, value in zip((ann, bob, cat), values, strict=True):
            expect(phone.get_by_role("heading", level=1)).to_have_text(re.compile("How confident"))
            body = expect(phone.get_by_text(after_body))
            body.to_be_visible() if second else body.to_have_count(0)
            phone.get_by_label(str(value), exact=True).check()
            send(phone)
    expect(results.locator(".change")).to_have_text(
        "Change: Before: mean 5.0 (3), after: mean 5.3 (3); "
        "of 3 who answered both: 1 up, 1 down, 1 same."
    )
    shoot(console, "console-scale-change")

    # ---- A console opened later gets the alerts from its snapshot -----------------------------
    console.reload()
    expect(console.locator("#alerts-panel")).to_contain_text("Bob may have a red-flag symptom")
    expect(console.locator("#alerts-panel .alert-item__seen")).to_be_visible()

    problems = pages.errors
    assert problems == []
