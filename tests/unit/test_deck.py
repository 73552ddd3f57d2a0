"""Decks: the bundled deck loads, every broken deck is refused with a message that names the
source, the step and the field, and Markdown bodies come out as safe HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions.deck import DeckError, parse_deck
from sessions.markup import render_markdown

BUNDLED = sorted((Path(__file__).resolve().parents[2] / "sessions" / "decks").glob("*.yaml"))


def slide(step_id: str = "welcome", **fields) -> dict:
    return {"id": step_id, "kind": "slide", "title": "Welcome", **fields}


def poll(step_id: str = "colour", **fields) -> dict:
    options = [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Blue"}]
    return {"id": step_id, "kind": "poll", "title": "Colour?", "options": options, **fields}


def quiz(step_id: str = "myth", **fields) -> dict:
    step = {
        "id": step_id,
        "kind": "quiz",
        "title": "Bed rest is best.",
        "options": [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}],
        "correct": "myth",
        "explanation": "Staying active helps.",
    }
    return {**step, **fields}


def scale(step_id: str = "confidence", **fields) -> dict:
    return {"id": step_id, "kind": "scale", "title": "How confident?", **fields}


def deck(*steps: dict, **fields) -> str:
    """A deck's YAML text; `steps` defaults to one slide."""
    data = {"title": "Test deck", "steps": list(steps) or [slide()], **fields}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def parse(text: str):
    return parse_deck(text, source="t.yaml")


def options(n: int) -> list[dict]:
    return [{"id": f"o{i}", "label": f"Option {i}"} for i in range(n)]


# The bundled deck -----------------------------------------------------------------------------


def test_the_bundled_back_pain_deck_parses(back_pain):
    assert back_pain.title == "Making sense of back pain"
    assert back_pain.min_responses == 5
    assert len(back_pain.steps) == 24
    assert [s.id for s in back_pain.steps if s.kind not in ("slide", "quiz")] == [
        "confidence-before", "how-long", "pain-up", "pain-down", "talk-in-groups", "my-plan",
        "reflect", "confidence-after", "feedback",
    ]  # the order of the demo session in the clinical content
    assert back_pain.steps[0].id == "welcome"
    assert back_pain.steps[-1].id == "thank-you"


def test_the_bundled_deck_has_unique_step_ids(back_pain):
    ids = [s.id for s in back_pain.steps]
    assert len(set(ids)) == len(ids)


def test_the_bundled_deck_safety_step_is_locked_and_comes_before_the_first_activity(back_pain):
    safety = back_pain.step_by_id("safety")
    assert safety is not None
    assert safety.locked
    assert [s.id for s in back_pain.steps if s.locked] == ["safety"]
    first_activity = next(i for i, s in enumerate(back_pain.steps) if s.takes_responses)
    assert back_pain.index_of("safety") < first_activity


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_deck_parses_and_locks_a_safety_step_before_any_activity(path):
    bundled = parse_deck(path.read_text(encoding="utf-8"), source=path.name)
    locked = [i for i, s in enumerate(bundled.steps) if s.locked]
    activities = [i for i, s in enumerate(bundled.steps) if s.takes_responses]
    assert locked, f"{path.name} has no locked safety step"
    assert not activities or locked[0] < activities[0]


def test_the_bundled_deck_quizzes_all_have_an_explanation(back_pain):
    quizzes = [s for s in back_pain.steps if s.kind == "quiz"]
    assert quizzes
    assert all(s.fields["explanation"] for s in quizzes)


# What a good deck becomes ---------------------------------------------------------------------


def test_defaults_fill_in_what_the_author_left_out():
    parsed = parse(deck(slide(), poll(), scale()))
    welcome, colour, confidence = parsed.steps
    assert parsed.min_responses == 3
    assert parsed.description == ""
    assert welcome.locked is False
    assert welcome.fields["takeaway"] is False
    assert welcome.fields["image"] is None
    assert welcome.minutes is None
    assert colour.fields["multiple"] is False
    assert (confidence.fields["min"], confidence.fields["max"]) == (0, 10)


def test_text_fields_are_trimmed_and_numbers_in_them_read_as_text():
    parsed = parse(deck(slide(title="  Welcome  ", notes=" Say hello. "), title=2024))
    assert parsed.title == "2024"
    assert parsed.steps[0].title == "Welcome"
    assert parsed.steps[0].notes == "Say hello."


def test_a_quiz_correct_answer_is_kept_as_a_list_in_option_order():
    four = options(4)
    parsed = parse(deck(quiz(options=four, correct=["o3", "o1"]), quiz("single", correct="fact")))
    assert parsed.steps[0].fields["correct"] == ["o1", "o3"]
    assert parsed.steps[1].fields["correct"] == ["fact"]


def test_a_slide_image_keeps_its_file_name_and_alt_text():
    image = {"src": "spine_1.webp", "alt": "A drawing of the spine"}
    parsed = parse(deck(slide(image=image)))
    assert parsed.steps[0].fields["image"] == image


def test_the_deck_and_its_steps_cannot_be_changed_after_parsing(small):
    with pytest.raises(AttributeError):
        small.title = "Other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        small.steps[0].fields["takeaway"] = True  # type: ignore[index]


def test_the_largest_allowed_deck_parses():
    parsed = parse(deck(*[slide(f"s{i}") for i in range(200)], min_responses=50))
    assert len(parsed.steps) == 200
    assert parsed.min_responses == 50


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
        "t.yaml: steps[1].kind: must be one of: discuss, feedback, open, plan, poll, quiz, reflect,"
        " scale, slide, wordcloud",
    ),
    (
        "missing-kind",
        deck({"id": "welcome", "title": "Welcome"}),
        "t.yaml: steps[0].kind: must be one of: discuss, feedback, open, plan, poll, quiz, reflect,"
        " scale, slide, wordcloud",
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
        "t.yaml: steps[0].options[0]: each option needs an id and a label, and nothing else",
    ),
    (
        "option-a-string",
        deck(poll(options=["red", "blue"])),
        "t.yaml: steps[0].options[0]: each option needs an id and a label, and nothing else",
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


# Markdown -------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    """Every tag and attribute in a piece of HTML, as a browser would read them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


SAFE_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def assert_safe(html: str) -> None:
    for tag, attrs in _Tags(html).tags:
        assert tag in SAFE_TAGS, f"<{tag}> survived in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name}= survived in {html!r}"
            assert name in {"href", "title", "rel"}, f"{name}= survived in {html!r}"
            if name == "href":
                scheme = urlsplit(value or "").scheme.lower()
                assert scheme in {"", "http", "https", "mailto"}, f"{value!r} survived"


HOSTILE_BODIES = [
    "<script>alert(1)</script>",
    "Hello <script src=https://evil.example/x.js></script> there",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">hi</a>',
    "![x](https://evil.example/x.png)",
    '![x](x" onerror="alert(1))',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"></svg>',
    "<b>bold</b>",
    '[click](https://example.org "a" onmouseover="alert(1))',
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_a_hostile_body_is_rendered_without_scripts_handlers_or_bad_links(body):
    html = parse(deck(slide(body=body))).steps[0].body_html
    assert_safe(html)


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_raw_html_in_a_body_shows_as_plain_text(body):
    html = parse(deck(slide(body=body))).steps[0].body_html
    tags = {tag for tag, _ in _Tags(html).tags}
    assert not tags & {"script", "img", "iframe", "style", "svg", "b"}


def test_a_script_tag_never_survives():
    html = parse(deck(slide(body="Hi <script>alert(1)</script>"))).steps[0].body_html
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html


def test_markdown_formatting_and_safe_links_survive():
    body = (
        "## Pacing\n\n**Small** changes *add up*.\n\n- one\n- two\n\n"
        "> a quote\n\n[NHS](https://www.nhs.uk) or [email](mailto:team@example.org)"
    )
    html = parse(deck(slide(body=body))).steps[0].body_html
    tags = [tag for tag, _ in _Tags(html).tags]
    for tag in ("h2", "strong", "em", "ul", "li", "blockquote", "a"):
        assert tag in tags
    links = [attrs for tag, attrs in _Tags(html).tags if tag == "a"]
    assert [a["href"] for a in links] == ["https://www.nhs.uk", "mailto:team@example.org"]
    assert all(a["rel"] == "noopener noreferrer" for a in links)


def test_a_top_level_heading_shows_as_plain_text():
    html = parse(deck(slide(body="# Big heading"))).steps[0].body_html
    assert "<h1" not in html
    assert "Big heading" in html


def test_a_table_is_rendered():
    html = parse(deck(slide(body="| a | b |\n| - | - |\n| 1 | 2 |"))).steps[0].body_html
    assert {"table", "th", "td"} <= {tag for tag, _ in _Tags(html).tags}


def test_an_empty_body_renders_as_empty_html():
    assert parse(deck(slide())).steps[0].body_html == ""


_MARKUP_PIECES = st.sampled_from(
    [
        "<script>", "</script>", "<img src=x ", "onerror=", "onload=", "javascript:", "data:",
        "[a](", ")", "](", "![", "<a href=", '"', "'", ">", "<", "&#", "&#x6A;", "\n\n", "**",
        "<iframe", "<svg", "style=", "`", "    ", "# ", "- ", "| a |", "\t", "%0a", "x",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(_MARKUP_PIECES, st.text(max_size=5)), max_size=30).map("".join))
def test_any_body_renders_to_safe_html(body):
    assert_safe(render_markdown(body))


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<p><a href="javascript:alert(1)">x</a></p>',
        '<p><a href=" JAVASCRIPT:alert(1)">x</a></p>',
        '<p><img src="x" onerror="alert(1)"></p>',
        '<p onclick="alert(1)">x</p>',
        '<p><a href="data:text/html,x">x</a></p>',
    ],
)
def test_the_safety_check_itself_catches_unsafe_html(html):
    with pytest.raises(AssertionError):
        assert_safe(html)
