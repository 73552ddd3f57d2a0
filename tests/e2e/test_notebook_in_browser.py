"""Keeping what one made, in headless Chromium against the real server: a participant finishes
the demo class, keeps their notebook, opens it in a fresh browser, edits the plan, prints it to
PDF and deletes their data; and a phone goes through a self-paced session with Back and Next.
Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
import requests
from playwright.sync_api import expect
from pypdf import PdfReader

from sessions.reports import keep_aggregates
from sessions.store import Store
from tests.e2e.browser import LAPTOP, PHONE, Pages, join_class, sign_in
from tests.e2e.clients import Listener

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

DECK_ID = "back-pain-1"
DECK_TITLE = "Making sense of back pain"
GOAL = "My goal: what I want to get back to"
STEP_WHAT = "This week I will… (what)"
LAST_PLAN_FIELD = "My plan is finished"
OWN_ROWS = ("responses", "answer_ids", "questions", "question_votes", "discussion_groups", "alerts")


@pytest.fixture
def listeners():
    """Socket.IO clients of the test's own, closed when it ends whatever happened."""
    made: list[Listener] = []
    yield made
    for listener in made:
        listener.close()


def open_store(server) -> Store:
    return Store(str(server.database))


def rows_of(store: Store, participant_id: str) -> dict[str, int]:
    counts = {
        table: store.db.execute(
            f"SELECT count(*) FROM {table} WHERE participant_id = ?", (participant_id,)
        ).fetchone()[0]
        for table in OWN_ROWS
    }
    counts["participants"] = store.db.execute(
        "SELECT count(*) FROM participants WHERE id = ?", (participant_id,)
    ).fetchone()[0]
    return counts


def test_a_participant_keeps_prints_edits_and_deletes_their_notebook(
    server, browser, artifacts, listeners
):
    pages = Pages(browser)

    def shoot(view, name):
        view.screenshot(path=artifacts / f"{name}.png", full_page=True)

    # The facilitator drives the room over Socket.IO, as any console does (docs/protocol.md).
    token = server.token()
    created = requests.post(
        f"{server.url}/api/sessions",
        json={"deck_id": DECK_ID},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    session_id, code = created["id"], created["code"]
    console = Listener(server.url, "/facilitator", {"token": token, "session_id": session_id})
    listeners.append(console)
    store = open_store(server)
    try:
        steps = [step.id for step in store.sessions.deck_of(session_id).steps]
    finally:
        store.close()

    ann, bob = pages.open(PHONE, "phone Ann"), pages.open(PHONE, "phone Bob")
    join_class(ann, server.url, code, "Ann")
    join_class(bob, server.url, code, "Bob")
    phones = (ann, bob)

    def go(step_id, title):
        assert console.call("goto", {"index": steps.index(step_id), "force": True})["ok"]
        for phone in phones:
            expect(phone.get_by_role("heading", level=1)).to_have_text(title)

    def send(phone, button="Send answer"):
        phone.get_by_role("button", name=button).click()
        expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")

    # ---- A key message is labelled as one, never shown as "true" ------------------------------
    go("pain-protection", "Pain is a protection system")
    expect(ann.locator("#step-area .key-message")).to_have_text("Key message")
    expect(ann.locator("#step-area")).not_to_contain_text("true")
    shoot(ann, "phone-key-message")

    # ---- Body text is at least 18px; the larger-text switch is kept on the device -------------
    body_px = float(
        ann.locator("#step-area p").first.evaluate(
            "el => parseFloat(getComputedStyle(el).fontSize)"
        )
    )
    assert body_px >= 18
    toggle = bob.get_by_role("button", name="Larger text and high contrast")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert min(toggle.bounding_box()[side] for side in ("width", "height")) >= 44
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(bob.locator("html")).to_have_class(re.compile(r"\btheme-contrast\b"))
    bob.reload()
    expect(bob.get_by_role("heading", level=1)).to_have_text("Pain is a protection system")
    expect(bob.get_by_role("button", name="Larger text and high contrast")).to_have_attribute(
        "aria-pressed", "true"
    )
    # The step is drawn again after the reload: wait for the drawn paragraph, not a stale one.
    larger = bob.wait_for_function(
        """() => {
            const p = document.querySelector("#step-area p");
            const px = p ? parseFloat(getComputedStyle(p).fontSize) : NaN;
            return px >= 22 ? px : null;
        }""",
        timeout=10_000,
    ).json_value()
    assert larger >= 22 > body_px
    shoot(bob, "phone-larger-text")
    bob.get_by_role("button", name="Larger text and high contrast").click()
    expect(bob.locator("html")).not_to_have_class(re.compile(r"\btheme-contrast\b"))

    # ---- The class: a poll, the plan and a reflection ------------------------------------------
    go("how-long", "How long has your back been troubling you this time?")
    ann.get_by_label("Over a year").check()
    send(ann)
    bob.get_by_label("Less than 6 weeks").check()
    send(bob)

    go("my-plan", "My action plan")
    ann.get_by_label(GOAL).fill("Walk to the shops")
    ann.get_by_label(STEP_WHAT).fill("Walk for 5 minutes")
    expect(ann.locator("#answer-status")).to_have_text("Saved")
    bob.get_by_label(GOAL).fill("Swim on Sundays")
    expect(bob.locator("#answer-status")).to_have_text("Saved")

    go("reflect", "Looking back on today")
    ann.get_by_label("What's one thing from today you want to remember?").fill("Hurt is not harm")
    send(ann, "Save")

    assert console.call("end")["ok"]
    for phone in phones:
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            "The class has ended. Thank you."
        )
        expect(phone.get_by_role("button", name="Keep your notebook")).to_be_visible()
    expect(ann.get_by_text("Nothing is sent anywhere.")).to_be_visible()

    # ---- Keep your notebook: the link as text and as a QR code ---------------------------------
    ann.get_by_role("button", name="Keep your notebook").click()
    link = ann.locator("#keep-link")
    expect(link).to_have_text(re.compile(r"^http://127\.0\.0\.1:\d+/notebook/[\w-]{40,}$"))
    url = link.inner_text()
    expect(ann.locator("#keep-link-heading")).to_be_focused()
    expect(ann.get_by_role("button", name="Keep your notebook")).to_be_hidden()
    qr = ann.get_by_role("img", name=re.compile("QR code of your private notebook link"))
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")
    drawn = ann.request.get(qr.evaluate("img => img.src"))
    assert drawn.status == 200
    assert drawn.headers["content-type"].startswith("image/svg+xml")
    expect(ann.get_by_text("Keep this link private.")).to_be_visible()
    expect(ann.get_by_text("Anyone with it can see your notebook.")).to_be_visible()
    expect(ann.get_by_role("link", name="Open your notebook")).to_have_attribute("href", url)
    shoot(ann, "phone-keep-notebook")

    # ---- A fresh browser, with nothing but the link: read, edit, print -------------------------
    notebook = pages.open(PHONE, "notebook")
    notebook.goto(url)
    expect(notebook.get_by_role("heading", level=1)).to_have_text(f"Your notebook: {DECK_TITLE}")
    expect(notebook.get_by_label(GOAL)).to_have_value("Walk to the shops")
    expect(notebook.get_by_text("Hurt is not harm")).to_be_visible()
    expect(notebook.locator("main")).not_to_contain_text("Swim on Sundays")  # Bob's, not hers
    notebook.get_by_label(GOAL).fill("Walk to the shops and back")
    notebook.get_by_label("How well can I do it today?").select_option("4")
    notebook.get_by_role("button", name="Save my plan").click()
    expect(notebook.get_by_role("status")).to_contain_text("Your plan is saved")
    expect(notebook.get_by_label(GOAL)).to_have_value("Walk to the shops and back")
    shoot(notebook, "notebook")

    pdf = notebook.pdf(format="A4", print_background=True)
    (artifacts / "notebook.pdf").write_bytes(pdf)
    # NFKC undoes the typesetting's ligatures ("ﬁ" for "fi").
    printed = [
        unicodedata.normalize("NFKC", p.extract_text() or "")
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]
    whole = "\n".join(printed)
    assert "Walk to the shops and back" in whole
    assert "Hurt is not harm" in whole
    assert "Delete my answers" not in whole  # buttons and links to act are not printed
    plan_pages = [i for i, text in enumerate(printed) if "My action plan" in text]
    assert len(plan_pages) == 1, plan_pages  # the plan on one page of its own
    plan_page = printed[plan_pages[0]]
    for label in ("What matters to me", GOAL, LAST_PLAN_FIELD, "Walk to the shops and back"):
        assert label in plan_page, label
    assert "Key messages" not in plan_page
    assert "What you wrote" not in plan_page

    # ---- Delete my answers: hers go, everyone else's and the kept totals stay ------------------
    store = open_store(server)
    try:
        key = url.rsplit("/", 1)[1]
        ann_id = store.participants.for_notebook(key)["id"]
        bob_id = store.db.execute(
            "SELECT id FROM participants WHERE session_id = ? AND id != ?", (session_id, ann_id)
        ).fetchone()[0]
        assert (
            store.responses.of_participant(ann_id)["my-plan"]["goal"]
            == "Walk to the shops and back"
        )
        keep_aggregates(store, session_id)  # what review keeps of a finished session
        summary_before = store.review.summary(session_id)
        results_before = store.review.step_results(session_id)
        bob_before = store.responses.of_participant(bob_id)
        assert rows_of(store, ann_id)["responses"] >= 3
    finally:
        store.close()
    assert results_before["how-long"]["total"] == 2

    notebook.get_by_role("link", name="Delete my answers").click()
    expect(notebook.get_by_role("heading", level=1)).to_have_text("Delete your answers?")
    expect(notebook.get_by_text("What stays:")).to_be_visible()
    expect(notebook.get_by_text("You cannot undo this.")).to_be_visible()
    shoot(notebook, "notebook-delete-confirm")
    notebook.get_by_role("button", name="Yes, delete my answers").click()
    expect(notebook.get_by_role("heading", level=1)).to_have_text("Your answers are deleted")
    shoot(notebook, "notebook-deleted")
    assert notebook.goto(url).status == 404

    store = open_store(server)
    try:
        assert rows_of(store, ann_id) == {table: 0 for table in (*OWN_ROWS, "participants")}
        assert store.responses.of_participant(bob_id) == bob_before
        assert store.review.summary(session_id) == summary_before
        assert store.review.step_results(session_id) == results_before
    finally:
        store.close()

    problems = [
        p for p in pages.errors if not (p.startswith("notebook:") and "404" in p)
    ]  # the link now is gone
    assert problems == []


def test_a_phone_moves_through_a_self_paced_session(make_server, browser, artifacts):
    # The test taps Next far faster than anyone reads, so the phone's event limit is raised.
    server = make_server({"TALKBACK_EVENT_LIMIT_PARTICIPANT": "200 per 5 seconds"})
    pages = Pages(browser)
    staff = pages.open(LAPTOP, "staff")
    sign_in(staff, server.url)
    token = staff.locator("input[name=csrf_token]").first.get_attribute("value")
    started = staff.request.post(
        f"{server.url}/sessions",
        max_redirects=0,
        form={
            "deck_id": DECK_ID,
            "mode": "self-paced",
            "closes_on": "2999-12-31",
            "csrf_token": token,
        },
    )
    assert started.status == 302, started.text()
    session_id = re.search(r"/console/([^/?]+)", started.headers["location"]).group(1)
    store = open_store(server)
    try:
        code = store.sessions.get(session_id)["code"]
        step_count = len(store.sessions.deck_of(session_id).steps)
    finally:
        store.close()

    phone = pages.open(PHONE, "phone")
    join_class(phone, server.url, code, "Cat")
    heading = phone.locator("#step-heading")
    count = phone.locator("#step-area .step-count")
    back = phone.get_by_role("button", name="Back", exact=True)
    next_ = phone.get_by_role("button", name="Next", exact=True)
    expect(heading).to_have_text("Welcome")
    expect(count).to_have_text(f"Step 1 of {step_count}")
    expect(back).to_be_disabled()
    expect(next_).to_be_enabled()
    expect(phone.get_by_text("until the end of 31 December 2999")).to_be_visible()
    for button in (back, next_):
        assert min(button.bounding_box()[side] for side in ("width", "height")) >= 44

    def shoot(name):
        phone.screenshot(path=artifacts / f"{name}.png", full_page=True)

    shoot("phone-self-paced-start")

    # The keyboard moves on, and lands on the new step's heading.
    next_.focus()
    phone.keyboard.press("Enter")
    expect(heading).to_have_text("Our group agreement")
    expect(heading).to_be_focused()
    expect(count).to_have_text(f"Step 2 of {step_count}")
    expect(phone.locator("#announce")).to_have_text(f"Step 2 of {step_count}.")
    back.click()
    expect(heading).to_have_text("Welcome")
    expect(back).to_be_disabled()

    def next_until(title):
        for _ in range(step_count):
            if heading.inner_text() == title:
                return
            before = count.inner_text()
            next_.click()
            expect(count).not_to_have_text(before)
        raise AssertionError(f"never reached {title}")

    # Answer a scale, skip a poll, answer a quiz and see its answer at once.
    next_until("How confident do you feel about managing your back pain today?")
    phone.get_by_label("6", exact=True).check()
    phone.get_by_role("button", name="Send answer").click()
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")
    expect(phone.get_by_text("skip this with Next")).to_be_visible()
    next_.click()
    expect(heading).to_have_text("How long has your back been troubling you this time?")
    next_.click()
    expect(heading).to_have_text("You usually need a scan to find out what's causing back pain.")
    phone.get_by_label("Myth").check()
    phone.get_by_role("button", name="Send answer").click()
    expect(phone.get_by_text("The right answer:")).to_be_visible()
    expect(phone.get_by_text("You got it right.")).to_be_visible()
    shoot("phone-self-paced-quiz")

    # A discussion on one's own: every card to think about, and one's own thoughts.
    next_until("Talk in small groups")
    expect(phone.get_by_role("heading", name="Think about these")).to_be_visible()
    expect(phone.locator(".card-item")).to_have_count(6)
    expect(phone.get_by_text("You are in group")).to_have_count(0)
    phone.get_by_label("Your thoughts").fill("Pacing helps me")
    phone.get_by_role("button", name="Save my thoughts").click()
    expect(phone.locator("#answer-status")).to_have_attribute("data-state", "saved")
    shoot("phone-self-paced-discuss")
    phone.reload()  # the place is kept by the server, the answer with it
    expect(heading).to_have_text("Talk in small groups")
    expect(phone.get_by_label("Your thoughts")).to_have_value("Pacing helps me")

    # The last step: Next is off, and the notebook can be kept.
    next_until("Thank you")
    expect(count).to_have_text(f"Step {step_count} of {step_count}")
    expect(next_).to_be_disabled()
    expect(back).to_be_enabled()

    # Without a connection the phone says so, and a press once it is back works.
    phone.context.set_offline(True)
    expect(phone.locator("#connection")).to_have_attribute(
        "data-state", "reconnecting", timeout=30000
    )
    keep = phone.get_by_role("button", name="Keep your notebook")
    keep.click()
    expect(
        phone.get_by_text("You are not connected just now, so we could not make your link.")
    ).to_be_visible()
    back.click()
    expect(phone.get_by_text("You are not connected just now. Check your signal")).to_be_visible()
    expect(heading).to_have_text("Thank you")
    shoot("phone-self-paced-offline")
    phone.context.set_offline(False)
    expect(phone.locator("#connection")).to_have_attribute("data-state", "connected", timeout=30000)
    keep.click()
    expect(phone.locator("#keep-link")).to_contain_text("/notebook/")
    shoot("phone-self-paced-end")

    store = open_store(server)
    try:
        row = store.db.execute(
            "SELECT id, position FROM participants WHERE session_id = ?", (session_id,)
        ).fetchone()
        answers = store.responses.of_participant(row[0])
    finally:
        store.close()
    assert row[1] == step_count - 1
    assert answers == {
        "confidence-before": 6,
        "myth-scan": "myth",
        "talk-in-groups": "Pacing helps me",
    }

    # While the phone is offline, a reconnection the socket tries in that window is logged by
    # the browser (how many depends on the machine's speed); anything else is a fault.
    assert [e for e in pages.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
