"""Pictures as options: a poll, quiz, ranking or points step's option may show a deck picture,
checked as a slide's picture is, offered at each kept size in every view, kept when the deck is
written back out and compared between versions."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from sessions import authoring
from sessions.activities import FACILITATOR, KINDS, PARTICIPANT, SCREEN
from sessions.deck import DeckError, deck_from_data, deck_to_data
from sessions.deck_diff import diff_decks
from sessions.views import step_view

LIFT = {"src": "lift-bent.webp", "alt": "Lifting a box with bent knees, close to the body"}
STOOP = {"src": "lift-stooped.webp", "alt": "Lifting a box with straight legs, reaching out"}
PICTURE_KINDS = {
    "poll": {},
    "quiz": {"correct": "bent"},
    "rank": {},
    "points": {"budget": 10},
}


def picture_step(kind: str, step_id: str = "lift") -> dict:
    return {
        "id": step_id,
        "kind": kind,
        "title": "Which of these is a safe way to lift?",
        "options": [
            {"id": "bent", "label": "Picture A", "image": dict(LIFT)},
            {"id": "stooped", "label": "Picture B", "image": dict(STOOP)},
            {"id": "unsure", "label": "Not sure"},
        ],
        **PICTURE_KINDS[kind],
    }


def deck_of(*steps: dict) -> dict:
    return {"title": "Lifting", "steps": list(steps)}


@pytest.mark.parametrize("kind", sorted(PICTURE_KINDS))
def test_an_option_keeps_its_picture_and_an_option_without_one_has_none(kind):
    parsed = KINDS[kind].parse_fields(picture_step(kind), "s")
    assert parsed["options"] == [
        {"id": "bent", "label": "Picture A", "image": LIFT},
        {"id": "stooped", "label": "Picture B", "image": STOOP},
        {"id": "unsure", "label": "Not sure"},
    ]


@pytest.mark.parametrize("kind", sorted(PICTURE_KINDS))
def test_an_option_picture_survives_writing_the_deck_back_out(kind):
    data = deck_of(picture_step(kind))
    written = deck_to_data(deck_from_data(data))
    assert written["steps"][0]["options"] == data["steps"][0]["options"]
    assert deck_from_data(written) == deck_from_data(data)


NOT_A_PICTURE = "must be a PNG, JPEG or WebP file name from the deck"
NOT_SRC_AND_ALT = "needs src and alt, and nothing else"
BAD_PICTURES = [
    # (the first option's image, the field named, the problem)
    ({"src": "lift.webp"}, "image.alt", "is required"),
    ({"src": "lift.webp", "alt": "  "}, "image.alt", "must not be empty"),
    ({"src": "lift.webp", "alt": "x" * 301}, "image.alt", "is too long (at most 300 characters)"),
    ({"alt": "A box"}, "image.src", "is required"),
    ({"src": "lift.gif", "alt": "A box"}, "image.src", NOT_A_PICTURE),
    ({"src": "../lift.png", "alt": "A box"}, "image.src", NOT_A_PICTURE),
    ("lift.webp", "image", NOT_SRC_AND_ALT),
    ({"src": "lift.webp", "alt": "A", "title": "T"}, "image", NOT_SRC_AND_ALT),
]  # fmt: skip


@pytest.mark.parametrize("kind", sorted(PICTURE_KINDS))
@pytest.mark.parametrize(("image", "field", "problem"), BAD_PICTURES)
def test_a_bad_option_picture_is_refused_naming_its_field(kind, image, field, problem):
    raw = picture_step(kind)
    raw["options"][1]["image"] = image
    with pytest.raises(DeckError) as refused:
        KINDS[kind].parse_fields(raw, "steps[3]")
    assert (refused.value.where, refused.value.problem) == (f"steps[3].options[1].{field}", problem)


def test_a_picture_is_checked_by_the_same_rules_on_a_slide_and_on_an_option():
    for image, field, problem in BAD_PICTURES:
        with pytest.raises(DeckError) as on_slide:
            KINDS["slide"].parse_fields({"image": image}, "s")
        assert (on_slide.value.where, on_slide.value.problem) == (f"s.{field}", problem)


def test_a_kind_whose_items_are_not_options_takes_no_picture():
    raw = {"cards": [{"id": "a", "text": "Talk", "image": dict(LIFT)}, {"id": "b", "text": "B"}]}
    with pytest.raises(DeckError) as refused:
        KINDS["discuss"].parse_fields(raw, "s")
    assert refused.value.where == "s.cards[0]"


def test_the_editor_reports_every_bad_option_picture_at_once_with_the_other_mistakes():
    poll = picture_step("poll", "poll")
    poll["options"][1]["image"] = {"src": "lift-stooped.webp"}
    rank = picture_step("rank", "rank")
    rank["options"][0]["image"] = {"src": "lift.gif", "alt": "A box"}
    rank["minutes"] = "soon"
    data = deck_of(picture_step("quiz", "quiz"), poll, {**rank})
    assert [str(e) for e in authoring.problems(data)] == [
        "steps[1].options[1].image.alt: is required",
        "steps[2].minutes: must be a number of minutes, above 0 and up to 240",
        "steps[2].options[0].image.src: must be a PNG, JPEG or WebP file name from the deck",
    ]
    with pytest.raises(DeckError):
        deck_from_data(data)


def test_every_bad_picture_of_one_steps_options_is_reported_at_once():
    poll = picture_step("poll")
    poll["options"][0]["label"] = "x" * 121
    poll["options"][0]["image"] = {"src": "lift.webp", "alt": ""}
    poll["options"][1]["image"] = {"src": "lift.bmp", "alt": "A box"}
    assert [str(e) for e in authoring.problems(deck_of(poll))] == [
        "steps[0].options[0].label: is too long (at most 120 characters)",
        "steps[0].options[0].image.alt: must not be empty",
        f"steps[0].options[1].image.src: {NOT_A_PICTURE}",
    ]
    # The preview asks about one step, and hears the same.
    assert [str(e) for e in authoring.step_problems_of(poll, "steps[0]")] == [
        str(e) for e in authoring.problems(deck_of(poll))
    ]


def test_every_option_picture_the_deck_does_not_have_is_reported_at_once():
    data = deck_of(picture_step("poll", "a"), picture_step("points", "b"))
    assert authoring.problems(data, images={LIFT["src"], STOOP["src"]}) == []
    assert [str(e) for e in authoring.problems(data, images={LIFT["src"]})] == [
        f"steps[{n}].options[1].image.src: there is no picture called lift-stooped.webp"
        " with this deck"
        for n in (0, 1)
    ]


def test_step_pictures_lists_a_slides_picture_and_each_options_in_order():
    slide = {"id": "s", "kind": "slide", "title": "S", "image": dict(LIFT)}
    assert authoring.step_pictures(slide) == [("image", LIFT)]
    assert authoring.step_pictures(picture_step("rank")) == [
        ("options[0].image", LIFT),
        ("options[1].image", STOOP),
    ]
    # A field the kind does not have names no picture: it is refused as a field instead.
    assert authoring.step_pictures({**picture_step("poll"), "image": dict(LIFT)})[0][0] == (
        "options[0].image"
    )
    assert authoring.step_pictures({**slide, "options": picture_step("poll")["options"]}) == [
        ("image", LIFT)
    ]
    # A kind with no picture of its own looks for none, even under a YAML key of null.
    assert authoring.step_pictures({None: dict(LIFT), "kind": "rank", "options": []}) == []
    assert authoring.step_pictures({"kind": "nonsense", "image": dict(LIFT)}) == []
    assert authoring.step_pictures("not a step") == []


@pytest.mark.parametrize("kind", sorted(PICTURE_KINDS))
@pytest.mark.parametrize("audience", [PARTICIPANT, SCREEN, FACILITATOR])
def test_every_view_offers_an_option_picture_at_each_kept_size(kind, audience):
    deck = deck_from_data(deck_of(picture_step(kind)))
    kept = {LIFT["src"]: [320, 640]}
    view = step_view(
        deck.steps[0],
        0,
        audience,
        revealed=True,
        media_url="/media/",
        image_widths=lambda name: kept.get(name, []),
    )
    bent, stooped, unsure = view["options"]
    assert bent == {
        "id": "bent",
        "label": "Picture A",
        "image": {
            "url": "/media/lift-bent.webp",
            "alt": LIFT["alt"],
            "srcset": "/media/lift-bent.webp?w=320 320w, /media/lift-bent.webp?w=640 640w",
        },
    }
    assert stooped["image"] == {"url": "/media/lift-stooped.webp", "alt": STOOP["alt"]}
    assert unsure == {"id": "unsure", "label": "Not sure"}
    # The deck's own step is untouched by the view.
    assert deck.steps[0].fields["options"][0]["image"] == LIFT


def test_a_changed_option_picture_is_a_changed_step_between_versions():
    before = deck_of(picture_step("poll"))
    after = copy.deepcopy(before)
    after["steps"][0]["options"][1]["image"] = {"src": "twist.webp", "alt": "Twisting to lift"}
    diff = diff_decks(deck_from_data(before), deck_from_data(after))
    (change,) = diff.steps
    (field,) = change.fields
    assert (change.status, field.name) == ("changed", "options")
    added = "".join(text for mark, text in field.pieces if mark == "added")
    removed = "".join(text for mark, text in field.pieces if mark == "removed")
    assert ("removed", "lift-stooped.webp") in field.pieces
    assert ("added", "twist.webp") in field.pieces
    assert "Twisting" in added
    assert "reaching out" in removed


def test_the_docs_example_of_pictures_as_options_loads_with_its_pictures():
    page = (Path(__file__).resolve().parents[2] / "docs" / "decks.md").read_text("utf-8")
    example = page.split("### Pictures as options", 1)[1].split("```yaml", 1)[1].split("```")[0]
    deck = deck_from_data({"title": "Lifting", "steps": yaml.safe_load(example)})
    options = deck.steps[0].fields["options"]
    assert [bool(o.get("image")) for o in options] == [True, True, False]
    assert all(o["image"]["alt"] for o in options[:2])


@pytest.mark.parametrize("kind", ["poll", "quiz"])
def test_on_paper_an_option_picture_is_given_by_its_description(kind):
    step = deck_from_data(deck_of(picture_step(kind))).steps[0]
    (question,) = step.activity.on_paper(step).questions
    assert question.choices == (
        ("bent", f"Picture A (picture: {LIFT['alt']})"),
        ("stooped", f"Picture B (picture: {STOOP['alt']})"),
        ("unsure", "Not sure"),
    )
