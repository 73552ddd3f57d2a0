"""Each kind's deck fields pinned exactly: what a field left out becomes, the bounds a field is
kept within (both ends), and the whole message for each mistake, naming its field."""

from __future__ import annotations

import pytest

from sessions.activities import KINDS
from sessions.fields import DeckError


def options(n: int) -> list[dict]:
    return [{"id": f"o{i}", "label": f"Option {i}"} for i in range(n)]


def cards(n: int, text: str = "Talk") -> list[dict]:
    return [{"id": f"c{i}", "text": text} for i in range(n)]


def prompts(n: int) -> list[dict]:
    return [{"id": f"p{i}", "label": "Write"} for i in range(n)]


def question(**given) -> dict:
    return {"id": "helpful", "title": "How helpful?", **given}


# A feedback step's extra question as parsed: a rating from 0 to 10.
rating = {
    "id": "helpful",
    "title": "How helpful?",
    "min": 0,
    "max": 10,
    "min_label": "",
    "max_label": "",
}

PARSED = [
    # (kind, the kind's fields in a deck, as parsed)
    ("slide", {}, {"takeaway": False, "image": None}),
    (
        "slide",
        {"takeaway": True, "image": {"src": "a-b_1.jpeg", "alt": " A circle "}},
        {"takeaway": True, "image": {"src": "a-b_1.jpeg", "alt": "A circle"}},
    ),
    (
        "slide",
        {"image": {"src": "p.jpg", "alt": "P"}},
        {"takeaway": False, "image": {"src": "p.jpg", "alt": "P"}},
    ),
    (
        "slide",
        {"image": {"src": "p.webp", "alt": "P"}},
        {"takeaway": False, "image": {"src": "p.webp", "alt": "P"}},
    ),
    (
        "slide",
        {"image": {"src": "Photo_1.png", "alt": "P"}},
        {"takeaway": False, "image": {"src": "Photo_1.png", "alt": "P"}},
    ),
    (
        "poll",
        {"options": options(2)},
        {"options": options(2), "multiple": False, "vote_again": False},
    ),
    (
        "poll",
        {"options": options(12), "multiple": True, "vote_again": True},
        {"options": options(12), "multiple": True, "vote_again": True},
    ),
    (
        "quiz",
        {"options": options(3), "correct": ["o2", "o0"]},
        {"options": options(3), "correct": ["o0", "o2"], "explanation": "", "vote_again": False},
    ),
    (
        "quiz",
        {"options": options(2), "correct": "o1", "explanation": " Why ", "vote_again": True},
        {"options": options(2), "correct": ["o1"], "explanation": "Why", "vote_again": True},
    ),
    ("scale", {}, {"min": 0, "max": 10, "min_label": "", "max_label": "", "measure": None}),
    (
        "scale",
        {"min": -3, "max": -2, "min_label": " Low ", "max_label": "High", "measure": "pain-1"},
        {"min": -3, "max": -2, "min_label": "Low", "max_label": "High", "measure": "pain-1"},
    ),
    (
        "scale",
        {"min": 1, "max": 21},
        {"min": 1, "max": 21, "min_label": "", "max_label": "", "measure": None},
    ),
    (
        "discuss",
        {"cards": cards(1)},
        {"cards": cards(1), "group_size": 3, "cards_per_group": 1, "report_back": False},
    ),
    (
        "discuss",
        {"cards": cards(30), "group_size": 2, "cards_per_group": 3, "report_back": True},
        {"cards": cards(30), "group_size": 2, "cards_per_group": 3, "report_back": True},
    ),
    (
        "discuss",
        {"cards": cards(1, "x" * 400), "group_size": 6},
        {"cards": cards(1, "x" * 400), "group_size": 6, "cards_per_group": 1, "report_back": False},
    ),
    ("feedback", {}, {"extra": []}),
    (
        "feedback",
        {"extra": [question(min_label="No", max_label=" Yes ")]},
        {
            "extra": [
                {
                    "id": "helpful",
                    "title": "How helpful?",
                    "min": 0,
                    "max": 10,
                    "min_label": "No",
                    "max_label": "Yes",
                }
            ]
        },
    ),
    (
        "feedback",
        {"extra": [question(id=f"q{i}") for i in range(5)]},
        {"extra": [{**rating, "id": f"q{i}"} for i in range(5)]},
    ),
    ("wordcloud", {}, {"max_words": 3, "max_length": 30}),
    ("wordcloud", {"max_words": 1, "max_length": 5}, {"max_words": 1, "max_length": 5}),
    ("wordcloud", {"max_words": 10, "max_length": 60}, {"max_words": 10, "max_length": 60}),
    ("open", {}, {"max_length": 280}),
    ("open", {"max_length": 20}, {"max_length": 20}),
    ("open", {"max_length": 1000}, {"max_length": 1000}),
    ("reflect", {"prompts": prompts(1)}, {"prompts": prompts(1), "question_prompt": None}),
    (
        "reflect",
        {"prompts": prompts(5), "question_prompt": "p4"},
        {"prompts": prompts(5), "question_prompt": "p4"},
    ),
    ("plan", {}, {"contact": ""}),
    ("plan", {"contact": "x" * 300}, {"contact": "x" * 300}),
]


@pytest.mark.parametrize(("kind", "raw", "parsed"), PARSED)
def test_a_kinds_fields_are_parsed_with_their_defaults_and_within_their_bounds(kind, raw, parsed):
    assert KINDS[kind].parse_fields(raw, "s") == parsed


REFUSED = [
    # (kind, the kind's fields in a deck, the field named, the whole problem)
    ("slide", {"takeaway": "yes"}, "s.takeaway", "must be true or false"),
    ("slide", {"image": "a.png"}, "s.image", "needs src and alt, and nothing else"),
    (
        "slide",
        {"image": {"src": "a.png", "alt": "A", "title": "T"}},
        "s.image",
        "needs src and alt, and nothing else",
    ),
    ("slide", {"image": {"alt": "A"}}, "s.image.src", "is required"),
    (
        "slide",
        {"image": {"src": "a" * 197 + ".png", "alt": "A"}},
        "s.image.src",
        "is too long (at most 200 characters)",
    ),
    (
        "slide",
        {"image": {"src": "a.gif", "alt": "A"}},
        "s.image.src",
        "must be a PNG, JPEG or WebP file name from the deck",
    ),
    (
        "slide",
        {"image": {"src": "a.PNG", "alt": "A"}},
        "s.image.src",
        "must be a PNG, JPEG or WebP file name from the deck",
    ),
    (
        "slide",
        {"image": {"src": "_a.png", "alt": "A"}},
        "s.image.src",
        "must be a PNG, JPEG or WebP file name from the deck",
    ),
    (
        "slide",
        {"image": {"src": "a.png.txt", "alt": "A"}},
        "s.image.src",
        "must be a PNG, JPEG or WebP file name from the deck",
    ),
    ("slide", {"image": {"src": "a.png"}}, "s.image.alt", "is required"),
    (
        "slide",
        {"image": {"src": "a.png", "alt": "x" * 301}},
        "s.image.alt",
        "is too long (at most 300 characters)",
    ),
    ("poll", {"options": options(2), "multiple": "no"}, "s.multiple", "must be true or false"),
    ("poll", {"options": options(1)}, "s.options", "a poll needs at least two options"),
    ("poll", {"options": "o1, o2"}, "s.options", "a poll needs at least two options"),
    ("poll", {"options": options(13)}, "s.options", "a poll can have at most 12 options"),
    (
        "poll",
        {"options": [{"id": "a", "label": "x" * 121}, *options(1)]},
        "s.options[0].label",
        "is too long (at most 120 characters)",
    ),
    (
        "poll",
        {"options": [{"id": "a", "label": "A"}] * 2},
        "s.options[1].id",
        "'a' is used by an earlier option",
    ),
    (
        "poll",
        {"options": [{"id": "a", "text": "A"}] * 2},
        "s.options[0]",
        "each option needs an id and a label, may have an image, and nothing else",
    ),
    (
        "quiz",
        {"options": options(13), "correct": "o0"},
        "s.options",
        "a quiz can have at most 12 options",
    ),
    (
        "quiz",
        {"options": options(2)},
        "s.correct",
        "name the correct option's id (or a list of ids)",
    ),
    (
        "quiz",
        {"options": options(2), "correct": []},
        "s.correct",
        "name the correct option's id (or a list of ids)",
    ),
    (
        "quiz",
        {"options": options(2), "correct": ["o0", "o9"]},
        "s.correct",
        "'o9' is not one of the options",
    ),
    (
        "quiz",
        {"options": options(2), "correct": "o0", "explanation": "x" * 2001},
        "s.explanation",
        "is too long (at most 2000 characters)",
    ),
    ("scale", {"min": "0"}, "s.min", "must be a whole number"),
    ("scale", {"min": True}, "s.min", "must be a whole number"),
    ("scale", {"max": 2.5}, "s.max", "must be a whole number"),
    ("scale", {"min": 3, "max": 3}, "s.max", "must be between 1 and 20 more than min"),
    ("scale", {"min": 3, "max": 2}, "s.max", "must be between 1 and 20 more than min"),
    ("scale", {"min": 0, "max": 21}, "s.max", "must be between 1 and 20 more than min"),
    (
        "scale",
        {"measure": "Confidence"},
        "s.measure",
        "needs a short name of lowercase letters, hyphens",
    ),
    ("scale", {"measure": 5}, "s.measure", "needs a short name of lowercase letters, hyphens"),
    ("scale", {"min_label": "x" * 121}, "s.min_label", "is too long (at most 120 characters)"),
    ("scale", {"max_label": "x" * 121}, "s.max_label", "is too long (at most 120 characters)"),
    ("discuss", {"cards": []}, "s.cards", "needs 1 to 30 entries"),
    ("discuss", {"cards": cards(31)}, "s.cards", "needs 1 to 30 entries"),
    (
        "discuss",
        {"cards": cards(1, "x" * 401)},
        "s.cards[0].text",
        "is too long (at most 400 characters)",
    ),
    (
        "discuss",
        {"cards": cards(1), "group_size": 1},
        "s.group_size",
        "must be a whole number from 2 to 6",
    ),
    (
        "discuss",
        {"cards": cards(1), "group_size": 7},
        "s.group_size",
        "must be a whole number from 2 to 6",
    ),
    (
        "discuss",
        {"cards": cards(1), "cards_per_group": 0},
        "s.cards_per_group",
        "must be a whole number from 1 to 3",
    ),
    (
        "discuss",
        {"cards": cards(1), "cards_per_group": 4},
        "s.cards_per_group",
        "must be a whole number from 1 to 3",
    ),
    (
        "discuss",
        {"cards": cards(1), "report_back": "yes"},
        "s.report_back",
        "must be true or false",
    ),
    ("feedback", {"extra": {"id": "a"}}, "s.extra", "must be a list of up to 5 rating questions"),
    (
        "feedback",
        {"extra": [question(id=f"q{i}") for i in range(6)]},
        "s.extra",
        "must be a list of up to 5 rating questions",
    ),
    (
        "feedback",
        {"extra": ["How helpful?"]},
        "s.extra[0]",
        "each question needs an id and a title (0 to 10 rating)",
    ),
    (
        "feedback",
        {"extra": [question(max=5)]},
        "s.extra[0]",
        "each question needs an id and a title (0 to 10 rating)",
    ),
    (
        "feedback",
        {"extra": [question(id="fft")]},
        "s.extra[0].id",
        "needs a short id used by no other question",
    ),
    (
        "feedback",
        {"extra": [question(id="Help")]},
        "s.extra[0].id",
        "needs a short id used by no other question",
    ),
    (
        "feedback",
        {"extra": [{"title": "T"}]},
        "s.extra[0].id",
        "needs a short id used by no other question",
    ),
    (
        "feedback",
        {"extra": [question(), question()]},
        "s.extra[1].id",
        "needs a short id used by no other question",
    ),
    ("feedback", {"extra": [{"id": "a"}]}, "s.extra[0].title", "is required"),
    (
        "feedback",
        {"extra": [question(title="x" * 201)]},
        "s.extra[0].title",
        "is too long (at most 200 characters)",
    ),
    (
        "feedback",
        {"extra": [question(min_label="x" * 121)]},
        "s.extra[0].min_label",
        "is too long (at most 120 characters)",
    ),
    (
        "feedback",
        {"extra": [question(max_label="x" * 121)]},
        "s.extra[0].max_label",
        "is too long (at most 120 characters)",
    ),
    ("wordcloud", {"max_words": 0}, "s.max_words", "must be a whole number from 1 to 10"),
    ("wordcloud", {"max_words": 11}, "s.max_words", "must be a whole number from 1 to 10"),
    ("wordcloud", {"max_length": 4}, "s.max_length", "must be a whole number from 5 to 60"),
    ("wordcloud", {"max_length": 61}, "s.max_length", "must be a whole number from 5 to 60"),
    ("open", {"max_length": 19}, "s.max_length", "must be a whole number from 20 to 1000"),
    ("open", {"max_length": 1001}, "s.max_length", "must be a whole number from 20 to 1000"),
    ("reflect", {"prompts": []}, "s.prompts", "needs 1 to 5 entries"),
    ("reflect", {"prompts": prompts(6)}, "s.prompts", "needs 1 to 5 entries"),
    (
        "reflect",
        {"prompts": [{"id": "p", "label": "x" * 301}]},
        "s.prompts[0].label",
        "is too long (at most 300 characters)",
    ),
    (
        "reflect",
        {"prompts": prompts(2), "question_prompt": "p9"},
        "s.question_prompt",
        "must be the id of one of the prompts",
    ),
    ("plan", {"contact": "x" * 301}, "s.contact", "is too long (at most 300 characters)"),
]


@pytest.mark.parametrize(("kind", "raw", "where", "problem"), REFUSED)
def test_a_kinds_bad_field_is_refused_naming_the_field(kind, raw, where, problem):
    with pytest.raises(DeckError) as refused:
        KINDS[kind].parse_fields(raw, "s")
    assert (refused.value.where, refused.value.problem) == (where, problem)
