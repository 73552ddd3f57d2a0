"""Themes in what people wrote, in a real browser against the served app (eventlet, so the
grouping runs on its pool of real threads): the report, the trends page and a set of sessions
show each theme as a heading with its size and quotes, and meet WCAG 2.2 AA."""

from __future__ import annotations

from dataclasses import replace

import pytest
from playwright.sync_api import expect

from sessions.store import Store
from tests.e2e.axe import assert_accessible
from tests.e2e.browser import LAPTOP, sign_in
from tests.unit.theme_comments import FRIENDLY, PARKING

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

FEEDBACK_DECK = """
title: Feedback only
min_responses: 3
steps:
  - {id: hello, kind: slide, title: Hello}
  - {id: feedback, kind: feedback, title: Your feedback}
"""


def finished_session(server, comments: list[str]) -> str:
    """A finished session of the demo physio's, one FFT comment from each person in it."""
    store = Store(str(server.database))
    try:
        store.decks.save("feedback-only", FEEDBACK_DECK)
        row = store.sessions.create("feedback-only", store.accounts.user_by_name("demo")["id"])
        step = store.sessions.deck_of(row["id"]).step_by_id("feedback")
        for n, why in enumerate(comments):
            person, _ = store.participants.add(row["id"], f"Person {n}")
            store.responses.record(
                session_id=row["id"],
                participant_id=person["id"],
                step_id="feedback",
                answer_id=f"why-{n}",
                value=step.activity.validate_response(step, {"fft": "good", "why": why}),
                check=lambda state: None,
            )
        state = store.sessions.load_live(row["id"])
        store.sessions.save_live(
            row["id"], replace(state, seq=state.seq + 1, ended=True), state.seq
        )
        return row["id"]
    finally:
        store.close()


def test_themes_are_headed_sized_and_quoted_and_meet_wcag_aa(server, browser):
    first = finished_session(server, PARKING + FRIENDLY[:5])
    second = finished_session(server, FRIENDLY[5:])
    page = browser.new_context(viewport=LAPTOP).new_page()
    sign_in(page, server.url)

    page.goto(f"{server.url}/review/sessions/{first}")
    themes = page.locator("#themes")
    expect(themes.get_by_role("heading", level=3)).to_have_count(2)
    expect(themes.get_by_role("heading", name="Parking, car, space")).to_be_visible()
    expect(themes).to_contain_text("10 of the 15 texts")
    expect(themes.get_by_role("list", name="Examples from Parking, car, space")).to_be_visible()
    assert_accessible(page, "session report with themes")

    page.goto(f"{server.url}/review/trends")
    expect(page.locator("#themes")).to_contain_text("10 of the 20 texts")
    assert_accessible(page, "trends with themes")

    page.goto(f"{server.url}/review/themes?session={first}&session={second}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes across 2 sessions")
    assert_accessible(page, "themes of two sessions")
