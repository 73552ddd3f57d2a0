"""A deck's translations: the format and its refusals, the lookup with its fallback, answers
adding up across languages, and the translator's file there and back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sessions.deck import dump_deck, parse_deck
from sessions.deck_translations import missing_texts, translated_step
from sessions.fields import DeckError
from sessions.phone_language import phone_step, step_in_language, title_in_language
from sessions.translation_files import export_translation, import_translation
from tests.unit.deck_yaml import deck, parse, poll, quiz, slide

DECKS = Path(__file__).resolve().parents[2] / "sessions" / "decks"
BUNDLED = sorted(path.name for path in DECKS.glob("*.yaml"))
NUMBER = re.compile(r"\d+%?")


def welsh(texts: dict, status: str = "drafted") -> dict:
    return {"cy": {"status": status, "texts": texts}}


def small(translations: dict):
    return parse(deck(slide(body="Hello **all**"), poll(), translations=translations))


def test_a_translation_is_kept_by_key_with_its_status():
    d = small(
        welsh(
            {"title": "Dec prawf", "colour.options.red": "Coch"},
            status="reviewed by a fluent speaker on 2026-11-30",
        )
    )
    cy = d.translations["cy"]
    assert cy.texts["colour.options.red"] == "Coch"
    assert not cy.drafted
    assert parse_deck(dump_deck(d)) == d  # written back out as it was read


@pytest.mark.parametrize(
    ("translations", "where", "problem"),
    [
        (welsh({"nowhere.title": "Dim"}), "translations.cy.texts.nowhere.title", "names no text"),
        (welsh({"colour.options.green": "Gwyrdd"}), "colour.options.green", "names no text"),
        (welsh({"welcome.body": "Helo **bawb"}), "welcome.body", "no closing **"),
        (welsh({"welcome.title": "  "}), "welcome.title", "not empty"),
        (welsh({}, status="checked"), "translations.cy.status", "drafted"),
        ({"Welsh": {"texts": {}}}, "translations.Welsh", "language code"),
        ({"cy": {"texts": {}, "extra": 1}}, "translations.cy.extra", "not a field"),
    ],
)
def test_a_translation_of_nothing_in_the_deck_or_with_broken_markup_is_refused(
    translations, where, problem
):
    with pytest.raises(DeckError) as caught:
        small(translations)
    assert where in caught.value.where
    assert problem in caught.value.problem


def test_a_step_is_shown_in_the_translation_and_what_is_missing_is_named():
    d = small(welsh({"colour.title": "Lliw?", "colour.options.red": "Coch"}))
    step, untranslated = translated_step(d.steps[1], d.translations["cy"])
    assert step.title == "Lliw?"
    assert [o["label"] for o in step.fields["options"]] == ["Coch", "Blue"]
    assert untranslated == ["colour.options.blue"]
    assert d.steps[1].title == "Colour?"  # the deck itself is untouched


def test_a_language_the_deck_lacks_shows_the_deck_own_words_and_says_all_are_untranslated():
    d = small({})
    step, untranslated = translated_step(d.steps[1], d.translations.get("ar"))
    assert step is d.steps[1]
    assert untranslated == ["colour.title", "colour.options.red", "colour.options.blue"]


def test_a_translated_body_is_rendered_again_from_its_own_markdown():
    d = small(welsh({"welcome.body": "Helo **bawb**"}))
    step, _ = translated_step(d.steps[0], d.translations["cy"])
    assert step.body_html == "<p>Helo <strong>bawb</strong></p>\n"


def test_answers_from_a_welsh_and_an_english_phone_count_for_the_same_option():
    d = parse(
        deck(
            quiz(),
            translations=welsh({"myth.options.myth": "Myth (cy)", "myth.options.fact": "Ffaith"}),
        )
    )
    english = d.steps[0]
    welsh_step, _ = translated_step(english, d.translations["cy"])
    welsh_answer = welsh_step.activity.validate_response(welsh_step, "myth")
    english_answer = english.activity.validate_response(english, "myth")
    results = english.activity.aggregate(english, [welsh_answer, english_answer])
    assert results == welsh_step.activity.aggregate(welsh_step, [welsh_answer, english_answer])
    assert results["counts"] == {"myth": 2, "fact": 0}


def test_missing_texts_lists_every_untranslated_key_in_deck_order():
    d = small(welsh({"title": "Dec prawf"}))
    assert missing_texts(d.source_texts(), d.translations["cy"]) == [
        key for key in d.source_texts() if key != "title"
    ]
    assert missing_texts(d.source_texts(), None) == list(d.source_texts())


@pytest.mark.parametrize("name", BUNDLED)
def test_every_phone_text_of_a_bundled_deck_has_a_key(name):
    d = parse_deck((DECKS / name).read_text())
    keys = d.source_texts()
    assert "safety.help" in keys
    assert "safety.when_to_get_help" in keys
    for step in d.steps:
        assert f"{step.id}.title" in keys
        for option in step.fields.get("options") or ():
            assert f"{step.id}.options.{option['id']}" in keys


@pytest.mark.parametrize("name", BUNDLED)
def test_a_bundled_deck_has_drafted_welsh_for_every_phone_text(name):
    """The keys are the export's own list (`source_texts`), so a text added to the deck
    without its Welsh fails here."""
    d = parse_deck((DECKS / name).read_text())
    welsh_deck = d.translations["cy"]
    assert welsh_deck.status == "drafted"
    assert missing_texts(d.source_texts(), welsh_deck) == []
    exported = yaml.safe_load(export_translation(d, "cy"))
    assert all(entry["translation"] for entry in exported["texts"])
    for step in d.steps:
        _, safety, note = step_in_language(d, step, "cy")
        assert note == {"language": "cy", "untranslated": [], "drafted": True}
        assert safety.help == welsh_deck.texts["safety.help"]
    _, _, on_phone = phone_step(d, d.step_by_id("safety"), "cy")
    assert on_phone["untranslated"] == []
    assert on_phone["drafted"]  # the safety slide says nobody fluent has checked it


@pytest.mark.parametrize("name", BUNDLED)
def test_the_bundled_welsh_keeps_each_text_s_markup_and_numbers(name):
    """Beyond the loader's own check: the same bold and italic marks, headings, list items and
    paragraphs, and every number of the English (999, 111, 10 minutes, 100 points) kept."""
    d = parse_deck((DECKS / name).read_text())
    texts = d.translations["cy"].texts
    for key, english in d.source_texts().items():
        assert markup_of(texts[key]) == markup_of(english), key
        assert set(NUMBER.findall(texts[key])) == set(NUMBER.findall(english)), key


def test_the_bundled_welsh_names_the_welsh_111_service():
    d = parse_deck((DECKS / "back-pain-1.yaml").read_text())
    texts = d.translations["cy"].texts
    for key in ("safety.help", "safety.when_to_get_help", "safety.plan_reminder", "safety.body"):
        assert "GIG 111 Cymru" in texts[key], key


def markup_of(text: str) -> dict[str, int]:
    lines = text.splitlines()
    return {
        "bold": text.count("**"),
        "italic": text.replace("**", "").count("*"),
        "headings": sum(line.startswith("#") for line in lines),
        "list items": sum(line.startswith("- ") for line in lines),
        "paragraphs": text.count("\n\n"),
    }


def test_an_exported_file_filled_in_and_imported_gives_the_deck_its_translation():
    d = small({})
    data = yaml.safe_load(export_translation(d, "cy"))
    assert data["language"] == "cy"
    assert [t["key"] for t in data["texts"]] == list(d.source_texts())
    for entry in data["texts"]:
        if entry["key"] == "colour.options.red":
            entry["translation"] = "Coch"
    imported = import_translation(d, yaml.safe_dump(data, allow_unicode=True), language="cy")
    assert dict(imported.translations["cy"].texts) == {"colour.options.red": "Coch"}
    again = yaml.safe_load(export_translation(imported, "cy"))
    assert {t["key"]: t["translation"] for t in again["texts"]}["colour.options.red"] == "Coch"
    assert parse_deck(dump_deck(imported)) == imported


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda data: data.update(language="ar"), "must be cy"),
        (lambda data: data["texts"].append({"key": "gone.title", "translation": "x"}), "no text"),
        (lambda data: data["texts"][0].update(source="Old title"), "has changed"),
        (lambda data: data["texts"][1].update(translation="Helo **bawb"), "no closing **"),
        (lambda data: data.update(status="fine"), "drafted"),
        (lambda data: data.update(texts="all of them"), "list of texts"),
    ],
)
def test_a_bad_translation_file_is_refused_and_the_deck_keeps_its_translation(change, problem):
    d = small(welsh({"colour.options.red": "Coch"}))
    data = yaml.safe_load(export_translation(d, "cy"))
    change(data)
    with pytest.raises(DeckError) as caught:
        import_translation(d, yaml.safe_dump(data, allow_unicode=True), language="cy")
    assert problem in caught.value.problem
    assert dict(d.translations["cy"].texts) == {"colour.options.red": "Coch"}


def test_a_file_that_is_not_yaml_is_refused():
    with pytest.raises(DeckError) as caught:
        import_translation(small({}), "texts: [unclosed", language="cy")
    assert "not valid YAML" in caught.value.problem


def test_a_phone_step_in_welsh_carries_the_welsh_safety_text_and_the_drafted_note():
    d = parse(
        deck(
            poll(),
            safety={"help": "Get help", "plan_reminder": "Call 999"},
            translations=welsh({"colour.title": "Lliw?", "safety.help": "Cael help"}),
        )
    )
    step, safety, note = step_in_language(d, d.steps[0], "cy")
    assert step.title == "Lliw?"
    assert safety.help == "Cael help"
    assert safety.plan_reminder == "Call 999"  # no Welsh yet: the deck's own words
    assert note == {
        "language": "cy",
        "untranslated": ["colour.options.red", "colour.options.blue", "safety.plan_reminder"],
        "drafted": True,
    }
    assert title_in_language(d, "cy") == "Test deck"


def test_a_phone_in_a_language_the_deck_lacks_gets_the_deck_words_and_says_so():
    d = parse(deck(poll(), safety={"help": "Get help"}, translations=welsh({"title": "Dec"})))
    step, safety, note = step_in_language(d, d.steps[0], "ar")
    assert step is d.steps[0]
    assert safety.help == "Get help"
    assert note["language"] is None
    assert note["untranslated"][-1] == "safety.help"
    assert not note["drafted"]
    assert title_in_language(d, "ar") == "Test deck"
    assert title_in_language(d, "cy") == "Dec"


FFT_WELSH = {
    "fft.question": "Yn gyffredinol, sut oedd eich profiad o'n gwasanaeth?",
    "fft.options.very-good": "Da iawn",
    "fft.options.good": "Da",
    "fft.options.neither": "Ddim yn dda nac yn wael",
    "fft.options.poor": "Gwael",
    "fft.options.very-poor": "Gwael iawn",
    "fft.options.dont-know": "Ddim yn gwybod",
}


def with_feedback(translations: dict):
    feedback = {"id": "feedback", "kind": "feedback", "title": "Your feedback"}
    return parse(deck(poll(), feedback, translations=translations))


def test_a_deck_with_feedback_has_the_fft_wording_to_translate_and_can_mark_it_official():
    d = with_feedback({"cy": {"fft_official": True, "texts": FFT_WELSH}})
    assert set(FFT_WELSH) <= set(d.source_texts())
    assert "fft.question" not in small({}).source_texts()
    assert d.translations["cy"].fft_official
    assert parse_deck(dump_deck(d)) == d  # the mark is written back out


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"fft_official": "yes", "texts": FFT_WELSH}, "must be true"),
        (
            {"fft_official": True, "texts": {**FFT_WELSH, "fft.options.poor": None}},
            "not empty",
        ),
        (
            {
                "fft_official": True,
                "texts": {k: v for k, v in FFT_WELSH.items() if k != "fft.options.poor"},
            },
            "missing: fft.options.poor",
        ),
    ],
)
def test_an_official_fft_wording_must_be_a_yes_or_no_and_whole(entry, problem):
    with pytest.raises(DeckError) as caught:
        with_feedback({"cy": entry})
    assert problem in caught.value.problem


def test_a_deck_without_feedback_cannot_have_an_official_fft_wording():
    with pytest.raises(DeckError) as caught:
        small({"cy": {"fft_official": True, "texts": {}}})
    assert caught.value.where.endswith("translations.cy.fft_official")
    assert "no feedback step" in caught.value.problem


def test_the_translator_file_carries_the_official_mark_there_and_back():
    d = with_feedback({})
    data = yaml.safe_load(export_translation(d, "cy"))
    assert data["fft_official"] is False
    assert "fft_official" not in yaml.safe_load(export_translation(small({}), "cy"))
    for entry in data["texts"]:
        entry["translation"] = FFT_WELSH.get(entry["key"], "")
    data["fft_official"] = True
    imported = import_translation(d, yaml.safe_dump(data, allow_unicode=True), language="cy")
    assert imported.translations["cy"].fft_official
    assert yaml.safe_load(export_translation(imported, "cy"))["fft_official"] is True
