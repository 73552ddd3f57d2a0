"""The phones' snapshot in each language a deck is shown in: the translation's words where it
has them, the deck's own elsewhere, the note the phone shows with them, and the same ids
whatever the language, so that answers add up across languages."""

from __future__ import annotations

import pytest

from sessions.live import LiveState
from sessions.phone_language import (
    DECK_LANGUAGE,
    phone_step,
    shown_language,
    shown_languages,
)
from sessions.views import FACILITATOR, PARTICIPANT, SCREEN, snapshot
from tests.unit.deck_yaml import deck, parse, poll, quiz, slide

SESSION = {
    "id": "s1",
    "code": "482913",
    "join_url": "https://talkback.example/join?code=482913",
    "screen_url": "https://talkback.example/screen/KEY",
    "min_responses": 3,
}
WELSH = {
    "title": "Dec prawf",
    "welcome.title": "Croeso",
    "welcome.body": "Helo **bawb**",
    "colour.title": "Lliw?",
    "colour.options.red": "Coch",
    "colour.options.blue": "Glas",
    "myth.title": "Gorffwys yn y gwely sydd orau.",
}


def translated(status: str = "drafted", texts: dict | None = None):
    return parse(
        deck(
            slide(body="Hello **all**"),
            poll(),
            quiz(),
            safety={"help": "Get help", "plan_reminder": "Call 999"},
            translations={"cy": {"status": status, "texts": texts or WELSH}},
        )
    )


def on_step(d, index: int, audience: str = PARTICIPANT, language: str = DECK_LANGUAGE):
    state = LiveState(step_index=index, seq=4)
    return snapshot(
        audience,
        state,
        d,
        session=SESSION,
        results=None,
        participant_count=2,
        language=language,
    )


@pytest.mark.parametrize(
    ("phone", "shown"),
    [("cy", "cy"), ("pl", DECK_LANGUAGE), ("ar", DECK_LANGUAGE), (DECK_LANGUAGE, DECK_LANGUAGE)],
)
def test_a_phone_is_shown_its_own_language_only_where_the_deck_has_it(phone, shown):
    assert shown_language(translated(), phone) == shown


def test_the_deck_is_shown_in_its_own_language_and_each_shipped_translation():
    d = parse(
        deck(poll(), translations={"cy": {"texts": {}}, "de": {"texts": {}}, "pl": {"texts": {}}})
    )
    assert shown_languages(d, {"en", "cy", "pl"}) == ("en", "cy", "pl")
    assert shown_languages(parse(deck(poll())), {"en", "cy"}) == ("en",)


def test_a_welsh_snapshot_has_the_welsh_words_and_the_same_option_ids():
    d = translated()
    welsh = on_step(d, 1, language="cy")
    own = on_step(d, 1)
    assert welsh["session"]["title"] == "Dec prawf"
    assert welsh["step"]["title"] == "Lliw?"
    assert [o["label"] for o in welsh["step"]["options"]] == ["Coch", "Glas"]
    assert [o["id"] for o in welsh["step"]["options"]] == [o["id"] for o in own["step"]["options"]]
    assert own["step"]["title"] == "Colour?"
    assert own["session"]["title"] == "Test deck"


def test_a_welsh_slide_has_its_body_rendered_from_the_welsh_text():
    view = on_step(translated(), 0, language="cy")
    assert view["step"]["title"] == "Croeso"
    assert "<strong>bawb</strong>" in view["step"]["body_html"]


def test_the_note_names_the_language_shown_and_the_deck_language():
    d = translated()
    assert on_step(d, 1)["step"]["language"] == {
        "deck": "en",
        "shown": "en",
        "untranslated": [],
        "drafted": False,
    }
    assert on_step(d, 1, language="cy")["step"]["language"] == {
        "deck": "en",
        "shown": "cy",
        "untranslated": [],
        "drafted": False,  # a bare question is not clinical text
    }


def test_texts_a_translation_leaves_out_are_named_but_not_those_of_other_pages():
    d = translated()
    note = on_step(d, 2, language="cy")["step"]["language"]
    # The quiz's options and explanation have no Welsh; the safety texts are on the help page.
    assert note["untranslated"] == [
        "myth.explanation",
        "myth.options.myth",
        "myth.options.fact",
    ]


@pytest.mark.parametrize(
    ("index", "status", "drafted"),
    [
        (0, "drafted", True),  # a slide's body
        (2, "drafted", True),  # a quiz's explanation
        (1, "drafted", False),  # a question alone
        (0, "reviewed by a fluent speaker on 2026-11-30", False),
    ],
)
def test_a_drafted_translation_is_noted_on_clinical_steps_only(index, status, drafted):
    note = on_step(translated(status), index, language="cy")["step"]["language"]
    assert note["drafted"] is drafted


def test_staff_and_the_screen_see_the_deck_words_whatever_language_is_asked():
    d = translated()
    for audience in (FACILITATOR, SCREEN):
        view = on_step(d, 1, audience=audience, language="cy")
        assert view["step"]["title"] == "Colour?"
        assert view["session"]["title"] == "Test deck"
        assert "language" not in view["step"]


def test_a_phone_step_in_the_deck_language_is_the_deck_step_itself():
    d = translated()
    step, safety, note = phone_step(d, d.steps[1], DECK_LANGUAGE)
    assert step is d.steps[1]
    assert safety == d.safety_wording
    assert note["untranslated"] == []


FFT_WELSH = {
    "fft.question": "Yn gyffredinol, sut oedd eich profiad o'n gwasanaeth?",
    "fft.options.very-good": "Da iawn",
    "fft.options.good": "Da",
    "fft.options.neither": "Ddim yn dda nac yn wael",
    "fft.options.poor": "Gwael",
    "fft.options.very-poor": "Gwael iawn",
    "fft.options.dont-know": "Ddim yn gwybod",
}
FFT_IDS = ["very-good", "good", "neither", "poor", "very-poor", "dont-know"]


def feedback_deck(**welsh):
    feedback = {"id": "feedback", "kind": "feedback", "title": "Your feedback"}
    return parse(deck(poll(), feedback, translations={"cy": welsh}))


def test_an_official_fft_wording_is_what_a_welsh_phone_is_asked_with_the_same_ids():
    d = feedback_deck(fft_official=True, texts=FFT_WELSH)
    step = on_step(d, 1, language="cy")["step"]
    assert step["question"] == FFT_WELSH["fft.question"]
    assert [o["id"] for o in step["options"]] == FFT_IDS
    assert step["options"][0]["label"] == "Da iawn"
    assert step["fft_language"] == "cy"
    assert "question_translation" not in step
    assert not any("translation" in o for o in step["options"])
    assert step["language"]["untranslated"] == ["feedback.title"]


def test_an_unofficial_fft_wording_is_shown_beneath_the_english_as_a_translation():
    d = feedback_deck(texts={k: v for k, v in FFT_WELSH.items() if k != "fft.options.poor"})
    step = on_step(d, 1, language="cy")["step"]
    assert step["question"] == "Overall, how was your experience of our service?"
    assert step["fft_language"] == "en"
    assert step["question_translation"] == FFT_WELSH["fft.question"]
    assert step["translation_language"] == "cy"
    assert [o["id"] for o in step["options"]] == FFT_IDS
    assert step["options"][0] == {"id": "very-good", "label": "Very good", "translation": "Da iawn"}
    assert step["options"][3] == {"id": "poor", "label": "Poor"}  # nothing to show beneath
    assert step["language"]["untranslated"] == ["feedback.title", "fft.options.poor"]


def test_a_translation_without_fft_words_shows_the_english_and_says_so():
    step = on_step(feedback_deck(texts={"title": "Dec prawf"}), 1, language="cy")["step"]
    assert step["question"] == "Overall, how was your experience of our service?"
    assert step["fft_language"] == "en"
    assert "translation_language" not in step
    assert set(FFT_WELSH) <= set(step["language"]["untranslated"])


@pytest.mark.parametrize("audience", [FACILITATOR, SCREEN])
def test_staff_and_the_screen_see_the_fft_as_written_whatever_the_translation(audience):
    d = feedback_deck(fft_official=True, texts=FFT_WELSH)
    step = on_step(d, 1, audience=audience)["step"]
    assert step["question"] == "Overall, how was your experience of our service?"
    assert "fft_language" not in step
    english = on_step(d, 1)["step"]
    assert english["options"][0] == {"id": "very-good", "label": "Very good"}
