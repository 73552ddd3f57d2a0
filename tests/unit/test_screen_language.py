"""The step as the screen shows it in each room language: the deck's translation where it has
one, its own words elsewhere, the first language first, options keeping their ids, and nothing
the room may not see (notes, a quiz's answer before reveal)."""

from __future__ import annotations

from sessions.live import LiveState
from sessions.views import SCREEN, room_steps, snapshot
from tests.unit.deck_yaml import deck, parse, poll, quiz, slide

WELSH = {
    "cy": {
        "status": "drafted",
        "texts": {
            "welcome.title": "Croeso",
            "welcome.body": "Helo **bawb**",
            "colour.title": "Pa liw?",
            "colour.options.red": "Coch",
            "colour.options.blue": "Glas",
            "myth.title": "Gorffwys yn y gwely sydd orau.",
        },
    }
}
SESSION = {
    "id": "s1",
    "code": "482913",
    "join_url": "https://talkback.example/join?code=482913",
    "screen_url": "https://talkback.example/screen/KEY",
    "min_responses": 3,
}


def welsh_deck():
    return parse(
        deck(
            slide(body="Hello **all**"),
            poll(),
            quiz(notes="Ask who has tried it."),
            translations=WELSH,
        )
    )


def shown(languages, step_index, *, revealed=False):
    d = welsh_deck()
    step = d.steps[step_index]
    return room_steps(d, step, step_index, languages, revealed=revealed)


def test_each_room_language_gets_the_step_in_its_words_the_first_first():
    cy, en = shown(["cy", "en"], 0)
    assert (cy["language"], en["language"]) == ("cy", "en")
    assert cy["step"]["title"] == "Croeso"
    assert "<strong>bawb</strong>" in cy["step"]["body_html"]
    assert en["step"]["title"] == "Welcome"
    assert "<strong>all</strong>" in en["step"]["body_html"]


def test_options_are_translated_by_id_so_results_count_once_per_option():
    cy, en = shown(["cy", "en"], 1)
    assert [(o["id"], o["label"]) for o in cy["step"]["options"]] == [
        ("red", "Coch"),
        ("blue", "Glas"),
    ]
    assert [o["id"] for o in en["step"]["options"]] == ["red", "blue"]


def test_a_text_without_a_translation_keeps_the_decks_words_and_says_so():
    [cy] = shown(["cy"], 2)
    assert cy["step"]["title"] == "Gorffwys yn y gwely sydd orau."
    assert [o["label"] for o in cy["step"]["options"]] == ["Myth", "Fact"]
    assert "myth.explanation" in cy["untranslated"]


def test_a_language_the_deck_has_no_translation_for_shows_the_decks_own_words():
    [ar] = shown(["ar"], 1)
    assert ar["step"]["title"] == "Colour?"
    assert [o["label"] for o in ar["step"]["options"]] == ["Red", "Blue"]


def test_the_room_sees_no_notes_and_no_answer_before_reveal_in_any_language():
    for language in shown(["cy", "en"], 2):
        assert "notes" not in language["step"]
        assert "correct" not in language["step"]
        assert "explanation" not in language["step"]
    revealed = shown(["cy", "en"], 2, revealed=True)
    assert all(language["step"]["correct"] == ["myth"] for language in revealed)


def test_the_screen_snapshot_carries_each_room_languages_view_and_none_in_the_lobby():
    d = welsh_deck()
    session = {**SESSION, "room_languages": ["cy", "en"]}
    on_step = snapshot(
        SCREEN, LiveState(step_index=1), d, session=session, results=None, participant_count=0
    )
    assert [s["step"]["title"] for s in on_step["room_steps"]] == ["Pa liw?", "Colour?"]
    assert on_step["step"]["title"] == "Colour?"  # the deck's own words, as before
    in_lobby = snapshot(SCREEN, LiveState(), d, session=session, results=None, participant_count=0)
    assert in_lobby["room_steps"] == []


def test_the_lobby_gets_the_sessions_title_in_each_room_language_the_first_first():
    d = parse(deck(slide(), translations={"cy": {**WELSH["cy"], "texts": {"title": "Dec prawf"}}}))
    session = {**SESSION, "room_languages": ["cy", "en"]}
    lobby = snapshot(SCREEN, LiveState(), d, session=session, results=None, participant_count=0)
    assert lobby["room_titles"] == [
        {"language": "cy", "title": "Dec prawf"},
        {"language": "en", "title": "Test deck"},
    ]
    assert lobby["session"]["title"] == "Test deck"  # the deck's own words, as before
    polish = {**SESSION, "room_languages": ["pl"]}  # no Polish translation: the deck's title
    alone = snapshot(SCREEN, LiveState(), d, session=polish, results=None, participant_count=0)
    assert alone["room_titles"] == [{"language": "pl", "title": "Test deck"}]
