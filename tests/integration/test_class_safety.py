"""The safety wording a phone gets is its class's deck's: the help page opened from a class,
the plan's reminder, the page after deleting answers, and which free text raises a red flag.
A deck without a safety block tells people nothing about back pain."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token

FALLS = """
title: Staying steady
min_responses: 1
steps:
  - {id: hello, kind: slide, title: Hello}
  - {id: ideas, kind: open, title: "What worries you about falling?", max_length: 200}
  - {id: my-plan, kind: plan, title: My plan}
"""
DIABETES = FALLS.replace(
    "min_responses: 1\n",
    "min_responses: 1\nsafety:\n"
    "  help: If your **blood sugar** is very low and you feel confused, call 999.\n"
    "  plan_reminder: Check your blood sugar before you walk.\n"
    "  red_flags: [chest pain]\n",
)
BACK_PAIN_WORDS = ("bladder", "genitals", "both</strong> legs", "back pain")


@pytest.fixture
def class_of(start_session, join, store):
    def class_of(deck_id, text):
        store.decks.save(deck_id, text)
        console = start_session(deck_id=deck_id)
        return console, join(console.session, name="Ann")

    return class_of


def help_from(phone) -> str:
    response = phone.http.get(f"/help?back=/s/{phone.session['id']}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_help_page_of_a_class_without_a_block_names_no_condition(class_of):
    _, phone = class_of("falls", FALLS)
    page = help_from(phone)
    assert "contact your GP or call 111" in page
    assert not any(word in page for word in BACK_PAIN_WORDS)


def test_the_help_page_of_a_class_shows_its_decks_help(class_of):
    _, phone = class_of("diabetes", DIABETES)
    page = help_from(phone)
    assert "<strong>blood sugar</strong>" in page
    assert not any(word in page for word in BACK_PAIN_WORDS)


def test_the_back_pain_class_keeps_its_back_pain_help(class_of, store):
    _, phone = class_of("back-pain-copy", store.decks.get("back-pain-1")["yaml"])
    page = help_from(phone)
    assert "numbness or tingling around your bottom or genitals" in page


def test_the_help_page_is_neutral_for_a_class_this_browser_did_not_join(class_of, app):
    _, phone = class_of("diabetes", DIABETES)
    stranger = app.test_client().get(f"/help?back=/s/{phone.session['id']}")
    assert "blood sugar" not in stranger.get_data(as_text=True)
    for back in ("", "/s/no-such-session", "https://example.com/"):
        page = phone.http.get(f"/help?back={back}").get_data(as_text=True)
        assert "contact your GP or call 111" in page
        assert "blood sugar" not in page


def test_the_plan_shows_the_decks_reminder_or_neutral_wording(class_of):
    for deck_id, text, reminder in (
        ("falls", FALLS, "If you are worried about your health"),
        ("diabetes", DIABETES, "Check your blood sugar before you walk."),
    ):
        console, phone = class_of(deck_id, text)
        for _ in range(3):
            assert console.emit("next")["ok"]
        step = phone.last("snapshot")["step"]
        assert step["id"] == "my-plan"
        assert step["safety"].startswith(reminder)


def test_free_text_raises_the_red_flags_of_its_own_deck_only(class_of):
    for deck_id, text, flagged in (("falls", FALLS, []), ("diabetes", DIABETES, ["chest pain"])):
        console, phone = class_of(deck_id, text)
        assert console.emit("next")["ok"]
        assert console.emit("next")["ok"]
        console.received()
        value = "My bladder is bad and both legs are numb. Pain in my chest."
        assert phone.emit("answer", step_id="ideas", value=value, id=f"a-{deck_id}")["ok"]
        assert [a["matched"] for a in console.received("alert")] == flagged


def test_the_page_after_deleting_answers_uses_the_decks_words(class_of):
    _, phone = class_of("falls", FALLS)
    key = phone.emit("keep_notebook")["url"].rsplit("/", 1)[1]
    page = phone.http.get(f"/notebook/{key}/delete").get_data(as_text=True)
    done = phone.http.post(f"/notebook/{key}/delete", data={"csrf_token": csrf_token(page)})
    text = done.get_data(as_text=True)
    assert "contact your GP or call 111" in text
    assert not any(word in text for word in BACK_PAIN_WORDS)
