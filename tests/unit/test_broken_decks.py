"""Broken decks: every broken deck is refused with a message that names the source, the step
and the field."""

from __future__ import annotations

import pytest

from sessions.deck import DeckError, parse_deck
from tests.unit.deck_yaml import deck, options, parse, poll, quiz, scale, slide

# Broken decks ---------------------------------------------------------------------------------

BAD_DECKS = [
    # (case, yaml text, the whole message)
    (
        "quiz-with-one-option",
        deck(slide(), quiz(options=options(1), correct="o0")),
        "t.yaml: steps[1].options: a quiz needs at least two options",
    ),
    (
        "poll-with-one-option",
        deck(poll(options=options(1))),
        "t.yaml: steps[0].options: a poll needs at least two options",
    ),
    (
        "poll-without-options",
        deck(poll(options=None)),
        "t.yaml: steps[0].options: a poll needs at least two options",
    ),
    (
        "poll-with-thirteen-options",
        deck(poll(options=options(13))),
        "t.yaml: steps[0].options: a poll can have at most 12 options",
    ),
    (
        "unknown-kind",
        deck(slide(), {"id": "film", "kind": "video", "title": "Watch"}),
        "t.yaml: steps[1].kind: must be one of: discuss, feedback, numeric, open, plan,"
        " plan_review, points, poll, quiz, rank, reflect, scale, slide, wordcloud",
    ),
    (
        "missing-kind",
        deck({"id": "welcome", "title": "Welcome"}),
        "t.yaml: steps[0].kind: must be one of: discuss, feedback, numeric, open, plan,"
        " plan_review, points, poll, quiz, rank, reflect, scale, slide, wordcloud",
    ),
    (
        "duplicate-step-ids",
        deck(slide(), poll(), slide()),
        "t.yaml: steps[2].id: 'welcome' is used by an earlier step",
    ),
    (
        "duplicate-option-ids",
        deck(poll(options=[{"id": "yes", "label": "Yes"}, {"id": "yes", "label": "Yeah"}])),
        "t.yaml: steps[0].options[1].id: 'yes' is used by an earlier option",
    ),
    (
        "quiz-correct-not-an-option",
        deck(slide(), quiz(correct="maybe")),
        "t.yaml: steps[1].correct: 'maybe' is not one of the options",
    ),
    (
        "quiz-correct-list-with-a-stranger",
        deck(quiz(correct=["myth", "maybe"])),
        "t.yaml: steps[0].correct: 'maybe' is not one of the options",
    ),
    (
        "quiz-without-correct",
        deck(quiz(correct=None)),
        "t.yaml: steps[0].correct: name the correct option's id (or a list of ids)",
    ),
    (
        "quiz-with-empty-correct",
        deck(quiz(correct=[])),
        "t.yaml: steps[0].correct: name the correct option's id (or a list of ids)",
    ),
    (
        "scale-max-equal-to-min",
        deck(scale(min=5, max=5)),
        "t.yaml: steps[0].max: must be between 1 and 20 more than min",
    ),
    (
        "scale-max-below-min",
        deck(scale(min=10, max=0)),
        "t.yaml: steps[0].max: must be between 1 and 20 more than min",
    ),
    (
        "scale-too-wide",
        deck(scale(min=0, max=21)),
        "t.yaml: steps[0].max: must be between 1 and 20 more than min",
    ),
    (
        "scale-min-not-whole",
        deck(scale(min=0.5)),
        "t.yaml: steps[0].min: must be a whole number",
    ),
    (
        "scale-max-as-text",
        deck(scale(max="ten")),
        "t.yaml: steps[0].max: must be a whole number",
    ),
    ("missing-title", deck(title=None), "t.yaml: title: is required"),
    ("blank-title", deck(title="   "), "t.yaml: title: must not be empty"),
    (
        "title-too-long",
        deck(title="x" * 201),
        "t.yaml: title: is too long (at most 200 characters)",
    ),
    ("title-a-list", deck(title=["a", "b"]), "t.yaml: title: must be text"),
    (
        "step-without-title",
        deck({"id": "a", "kind": "slide"}),
        "t.yaml: steps[0].title: is required",
    ),
    (
        "unknown-step-field",
        deck(poll(multple=True)),
        "t.yaml: steps[0].multple: is not a field a poll step can have",
    ),
    (
        "field-of-another-kind",
        deck(slide(), poll(takeaway=True)),
        "t.yaml: steps[1].takeaway: is not a field a poll step can have",
    ),
    (
        "quiz-with-multiple",
        deck(quiz(multiple=True)),
        "t.yaml: steps[0].multiple: is not a field a quiz step can have",
    ),
    ("steps-a-mapping", deck(steps={"a": 1}), "t.yaml: steps: a deck needs at least one step"),
    ("steps-empty", deck(steps=[]), "t.yaml: steps: a deck needs at least one step"),
    ("steps-missing", "title: Test deck\n", "t.yaml: steps: a deck needs at least one step"),
    (
        "too-many-steps",
        deck(*[slide(f"s{i}") for i in range(201)]),
        "t.yaml: steps: a deck can have at most 200 steps",
    ),
    (
        "step-not-a-mapping",
        deck(slide(), "just words"),
        "t.yaml: steps[1]: each step needs fields such as id, kind and title",
    ),
    (
        "min-responses-zero",
        deck(min_responses=0),
        "t.yaml: min_responses: must be a whole number from 1 to 50",
    ),
    (
        "min-responses-51",
        deck(min_responses=51),
        "t.yaml: min_responses: must be a whole number from 1 to 50",
    ),
    (
        "min-responses-text",
        deck(min_responses="3"),
        "t.yaml: min_responses: must be a whole number from 1 to 50",
    ),
    (
        "min-responses-boolean",
        deck(min_responses=True),
        "t.yaml: min_responses: must be a whole number from 1 to 50",
    ),
    (
        "min-responses-fraction",
        deck(min_responses=2.5),
        "t.yaml: min_responses: must be a whole number from 1 to 50",
    ),
    (
        "image-without-alt",
        deck(slide(image={"src": "spine.png"})),
        "t.yaml: steps[0].image.alt: is required",
    ),
    (
        "image-with-blank-alt",
        deck(slide(image={"src": "spine.png", "alt": "  "})),
        "t.yaml: steps[0].image.alt: must not be empty",
    ),
    (
        "image-a-web-address",
        deck(slide(image={"src": "https://example.org/spine.png", "alt": "Spine"})),
        "t.yaml: steps[0].image.src: must be a PNG, JPEG or WebP file name from the deck",
    ),
    (
        "image-climbing-out-of-the-deck",
        deck(slide(image={"src": "../secret.png", "alt": "Spine"})),
        "t.yaml: steps[0].image.src: must be a PNG, JPEG or WebP file name from the deck",
    ),
    (
        "image-an-svg",
        deck(slide(image={"src": "spine.svg", "alt": "Spine"})),
        "t.yaml: steps[0].image.src: must be a PNG, JPEG or WebP file name from the deck",
    ),
    (
        "image-with-extra-field",
        deck(slide(image={"src": "spine.png", "alt": "Spine", "width": 3})),
        "t.yaml: steps[0].image: needs src and alt, and nothing else",
    ),
    (
        "image-a-string",
        deck(slide(image="spine.png")),
        "t.yaml: steps[0].image: needs src and alt, and nothing else",
    ),
    (
        "step-id-with-capitals",
        deck(slide("Welcome")),
        "t.yaml: steps[0].id: needs a short id of lowercase letters, digits and hyphens"
        " (at most 40)",
    ),
    (
        "step-id-too-long",
        deck(slide("a" * 41)),
        "t.yaml: steps[0].id: needs a short id of lowercase letters, digits and hyphens"
        " (at most 40)",
    ),
    (
        "step-id-starting-with-a-hyphen",
        deck(slide("-welcome")),
        "t.yaml: steps[0].id: needs a short id of lowercase letters, digits and hyphens"
        " (at most 40)",
    ),
    (
        "step-id-a-number",
        deck(slide(7)),
        "t.yaml: steps[0].id: needs a short id of lowercase letters, digits and hyphens"
        " (at most 40)",
    ),
    (
        "option-with-a-bad-id",
        deck(poll(options=[{"id": "Red!", "label": "Red"}, {"id": "blue", "label": "Blue"}])),
        "t.yaml: steps[0].options[0].id: needs a short id of lowercase letters, digits and hyphens",
    ),
    (
        "option-without-a-label",
        deck(poll(options=[{"id": "red"}, {"id": "blue", "label": "Blue"}])),
        "t.yaml: steps[0].options[0].label: is required",
    ),
    (
        "option-label-too-long",
        deck(poll(options=[{"id": "red", "label": "r" * 121}, {"id": "blue", "label": "B"}])),
        "t.yaml: steps[0].options[0].label: is too long (at most 120 characters)",
    ),
    (
        "option-with-an-extra-field",
        deck(
            poll(
                options=[{"id": "red", "label": "Red", "correct": True}, {"id": "b", "label": "B"}]
            )
        ),
        "t.yaml: steps[0].options[0]: each option needs an id and a label, may have an image,"
        " and nothing else",
    ),
    (
        "option-a-string",
        deck(poll(options=["red", "blue"])),
        "t.yaml: steps[0].options[0]: each option needs an id and a label, may have an image,"
        " and nothing else",
    ),
    ("locked-as-text", deck(slide(locked="yes")), "t.yaml: steps[0].locked: must be true or false"),
    (
        "multiple-as-text",
        deck(poll(multiple="yes")),
        "t.yaml: steps[0].multiple: must be true or false",
    ),
    (
        "takeaway-as-number",
        deck(slide(takeaway=1)),
        "t.yaml: steps[0].takeaway: must be true or false",
    ),
    (
        "notes-too-long",
        deck(slide(notes="n" * 5001)),
        "t.yaml: steps[0].notes: is too long (at most 5000 characters)",
    ),
    (
        "body-too-long",
        deck(slide(body="b" * 5001)),
        "t.yaml: steps[0].body: is too long (at most 5000 characters)",
    ),
    (
        "explanation-too-long",
        deck(quiz(explanation="e" * 2001)),
        "t.yaml: steps[0].explanation: is too long (at most 2000 characters)",
    ),
    (
        "description-too-long",
        deck(description="d" * 5001),
        "t.yaml: description: is too long (at most 5000 characters)",
    ),
    (
        "not-a-mapping",
        "- welcome\n- thanks\n",
        "t.yaml: deck: a deck needs a title and a list of steps",
    ),
    ("empty-file", "", "t.yaml: deck: a deck needs a title and a list of steps"),
    ("bad-yaml", "title: Test\nsteps: [\n  - id: a\n", "t.yaml: line 3: this is not valid YAML"),
    (
        "tab-indented-yaml",
        "title: Test\nsteps:\n\t- id: a\n",
        "t.yaml: line 3: this is not valid YAML",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in BAD_DECKS], ids=[c[0] for c in BAD_DECKS]
)
def test_a_broken_deck_is_refused_with_a_message_naming_source_step_and_field(text, message):
    with pytest.raises(DeckError) as caught:
        parse(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "minutes", [0, -1, 241, "five", True, float("nan"), float("inf")], ids=repr
)
def test_a_step_with_impossible_minutes_is_refused(minutes):
    with pytest.raises(DeckError) as caught:
        parse(deck(slide(minutes=minutes)))
    assert str(caught.value).startswith("t.yaml: steps[0].minutes: must be a number of minutes")


@pytest.mark.parametrize("minutes", [0.5, 1, 1.25, 240])
def test_a_step_may_last_any_positive_number_of_minutes_up_to_240(minutes):
    assert parse(deck(slide(minutes=minutes))).steps[0].minutes == minutes


def test_the_minutes_message_states_the_rule_it_enforces():
    with pytest.raises(DeckError) as caught:
        parse(deck(slide(minutes=0)))
    assert "from 1 to 240" not in caught.value.problem


def test_the_message_names_the_file_it_came_from():
    with pytest.raises(DeckError) as caught:
        parse_deck(deck(quiz(correct="maybe")), source="back-pain-1.yaml")
    assert str(caught.value).startswith("back-pain-1.yaml: steps[0].correct: ")
    assert caught.value.problem == "'maybe' is not one of the options"


def test_the_first_mistake_is_the_one_reported():
    text = deck(slide(), poll(options=options(1)), scale(min=3, max=3))
    with pytest.raises(DeckError, match=r"steps\[1\]\.options"):
        parse(text)


def test_a_deck_error_is_a_value_error_with_where_and_problem_apart():
    with pytest.raises(ValueError, match="is not one of the options") as caught:
        parse(deck(quiz(correct="maybe")))
    assert isinstance(caught.value, DeckError)
    assert caught.value.where == "t.yaml: steps[0].correct"


@pytest.mark.parametrize("kind", [["slide"], {"slide": 1}], ids=["list", "mapping"])
def test_a_kind_that_is_not_text_is_refused_as_a_deck_error(kind):
    with pytest.raises(DeckError, match=r"steps\[0\]\.kind"):
        parse(deck({"id": "a", "kind": kind, "title": "A"}))


def test_a_step_id_ending_in_a_newline_is_refused():
    with pytest.raises(DeckError, match=r"steps\[0\]\.id"):
        parse(deck(slide("welcome\n")))


def test_an_option_id_ending_in_a_newline_is_refused():
    bad = [{"id": "red\n", "label": "Red"}, {"id": "blue", "label": "Blue"}]
    with pytest.raises(DeckError, match=r"steps\[0\]\.options\[0\]\.id"):
        parse(deck(poll(options=bad)))


def test_an_unknown_deck_field_is_not_blamed_on_a_step_kind():
    with pytest.raises(DeckError) as caught:
        parse(deck(colour="blue"))
    assert caught.value.where == "t.yaml: deck.colour"
    assert "step" not in caught.value.problem
