"""Headless Debian Chromium driven by Playwright; no browser is downloaded."""

from __future__ import annotations

import re
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("Chromium is not installed: apt-get install chromium (.ci/run does this)")
    return path


class PageErrors:
    """Collects what the browser reports as broken on a page: console errors (CSP violations
    among them) and uncaught exceptions."""

    def __init__(self, page, label: str):
        self.found: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.found.append(f"{label}: {m.text}"))
        page.on("pageerror", lambda e: self.found.append(f"{label}: {e}"))


def sign_in(page, base_url: str) -> None:
    """Sign in as the demo facilitator; ends on "Your classes"."""
    from playwright.sync_api import expect

    from tests.e2e.conftest import DEMO_PASSWORD

    page.goto(f"{base_url}/signin")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your classes")).to_be_visible()


def join_class(page, base_url: str, code: str, name: str = "") -> None:
    """Join a class from a phone with its code (typed with a space, as people do)."""
    from playwright.sync_api import expect

    page.goto(f"{base_url}/join")
    page.get_by_label("Class code").fill(f"{code[:3]} {code[3:]}")
    if name:
        page.get_by_label("Your name (optional)").fill(name)
    page.get_by_role("button", name="Join the class").click()
    expect(page).to_have_url(re.compile(r"/s/"))
    expect(page.locator("#connection")).to_have_attribute("data-state", "connected")


# The demo deck has no word cloud or open question; these go in before the discussion.
EXTRA_STEPS = [
    {
        "id": "one-word",
        "kind": "wordcloud",
        "title": "One word for your back today",
        "max_words": 3,
        "minutes": 1,
    },
    {
        "id": "bad-day",
        "kind": "open",
        "title": "What helps you on a bad day?",
        "max_length": 280,
        "minutes": 2,
    },
]


def kept_picture(colour: tuple[int, int, int]):
    """A picture made and prepared as an upload is (at every width a phone may fetch), ready
    for store.decks.add_image."""
    import io

    from PIL import Image, ImageDraw

    from sessions import images
    from sessions.store.pictures import NewImage

    drawn = Image.new("RGB", (1200, 900), colour)
    ImageDraw.Draw(drawn).rectangle((400, 300, 800, 600), fill=(255, 255, 255))
    out = io.BytesIO()
    drawn.save(out, "PNG")
    prepared = images.prepare(out.getvalue())
    return NewImage(images.new_name("lift.png"), prepared.width, prepared.height, prepared.files)


def picture_poll(first: str, second: str) -> dict:
    """A poll whose first two options are pictures (kept under these names)."""
    return {
        "id": "how-you-lift",
        "kind": "poll",
        "title": "Which of these pictures shows how you usually lift?",
        "options": [
            {"id": "a", "label": "Picture A", "image": {"src": first, "alt": "Bent knees"}},
            {"id": "b", "label": "Picture B", "image": {"src": second, "alt": "Rounded back"}},
            {"id": "other", "label": "Neither: I lift some other way"},
        ],
    }


def save_every_kind_deck(
    server, deck_id: str, title: str, *, min_responses: int, pictures: bool = False
) -> list[dict]:
    """The demo deck with every kind of activity in it, saved under `deck_id`; its steps. With
    `pictures`, a poll whose options are pictures goes in too."""
    import yaml

    from sessions.store import Store
    from tests.e2e.conftest import ROOT

    deck = yaml.safe_load((ROOT / "sessions/decks/back-pain-1.yaml").read_text(encoding="utf-8"))
    deck["title"] = title
    deck["min_responses"] = min_responses
    talk = next(i for i, step in enumerate(deck["steps"]) if step["kind"] == "discuss")
    kept = [kept_picture((0, 94, 184)), kept_picture((0, 127, 59))] if pictures else []
    extra = [picture_poll(*(k.name for k in kept))] if pictures else []
    deck["steps"][talk:talk] = EXTRA_STEPS + extra
    store = Store(str(server.database))
    try:
        store.decks.save(deck_id, yaml.safe_dump(deck, sort_keys=False, allow_unicode=True))
        for image in kept:
            store.decks.add_image(image, deck_id=deck_id, by=None)
    finally:
        store.close()
    return deck["steps"]


class Pages:
    """The pages one test opens, each in a browser context of its own (its own cookies, as
    separate devices have), every one watched for errors."""

    def __init__(self, browser):
        self.browser = browser
        self.watched: list[PageErrors] = []

    def open(self, viewport: dict, label: str):
        page = self.browser.new_context(viewport=viewport).new_page()
        self.watched.append(PageErrors(page, label))
        return page

    @property
    def errors(self) -> list[str]:
        return [found for watched in self.watched for found in watched.found]


def start_class(console, base_url: str, title: str) -> str:
    """Sign in on the console and start a session of the deck called `title`; its join code."""
    from playwright.sync_api import expect

    sign_in(console, base_url)
    console.get_by_role("button", name=f"Start a session with {title}").click()
    expect(console).to_have_url(re.compile(r"/console/"))
    return re.sub(r"\D", "", console.locator("[data-testid=join-code]").inner_text())


def open_screen(pages: Pages, console):
    """The room's screen, opened from the console's link to it."""
    screen = pages.open(LAPTOP, "screen")
    screen.goto(console.get_by_role("link", name=re.compile("screen", re.I)).get_attribute("href"))
    return screen


def save_deck(server, deck_id: str, deck: dict) -> None:
    """Put a deck in the running server's store, as a service's own deck file is."""
    import yaml

    from sessions.store import Store

    store = Store(str(server.database))
    try:
        store.decks.save(deck_id, yaml.safe_dump(deck, sort_keys=False, allow_unicode=True))
    finally:
        store.close()
