"""Writing decks in the browser: every problem at once in the loader's own words, decks written
back out unchanged, YAML that cannot blow up, the locked steps a copy keeps, and when a save
starts a new version."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sessions import authoring
from sessions.deck import (
    DeckError,
    deck_from_data,
    deck_to_data,
    dump_deck,
    parse_deck,
)
from tests.unit.conftest import SMALL_DECK
from tests.unit.test_broken_decks import BAD_DECKS

ROOT = Path(__file__).resolve().parents[2]
BACK_PAIN = (ROOT / "sessions" / "decks" / "back-pain-1.yaml").read_text(encoding="utf-8")
DOCS_EXAMPLE = (
    (ROOT / "docs" / "decks.md")
    .read_text(encoding="utf-8")
    .split("## A full example", 1)[1]
    .split("```yaml", 1)[1]
    .split("```", 1)[0]
)


def data_of(text: str) -> dict:
    return yaml.safe_load(text)


def wheres(found) -> list[str]:
    return [e.where for e in found]


# Every problem, in the loader's words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"), [(t, m) for _, t, m in BAD_DECKS], ids=[c for c, _, _ in BAD_DECKS]
)
def test_each_mistake_the_loader_refuses_is_reported_with_the_loaders_words(text, message):
    try:
        found = authoring.problems(authoring.load_yaml(text))
    except DeckError as exc:  # not even YAML: the loader's words for that too
        found = [exc]
    assert message in [f"t.yaml: {e}" for e in found]


@pytest.mark.parametrize(
    "text", [BACK_PAIN, SMALL_DECK, DOCS_EXAMPLE], ids=["back-pain", "small", "docs"]
)
def test_a_deck_the_loader_accepts_has_no_problems(text):
    assert authoring.problems(data_of(text)) == []


def test_every_mistake_in_every_step_is_reported_at_once_in_deck_order():
    data = {
        "title": "",
        "colour": "blue",
        "steps": [
            {
                "id": "Bad Id",
                "kind": "quiz",
                "title": "",
                "multple": True,
                "options": [{"id": "a", "label": "A"}],
                "correct": "z",
            },
            {"id": "s", "kind": "scale", "title": "t", "max": 50, "minutes": -1},
            {"id": "s", "kind": "slide", "title": "Again"},
            {"kind": "video"},
        ],
    }
    assert wheres(authoring.problems(data)) == [
        "deck.colour",
        "title",
        "steps[0].multple",
        "steps[0].id",
        "steps[0].title",
        "steps[0].options",
        "steps[1].minutes",
        "steps[1].max",
        "steps[2].id",
        "steps[3].kind",
    ]


def test_a_deck_that_is_not_a_mapping_has_one_problem():
    assert [str(e) for e in authoring.problems(["a", "list"])] == [
        "deck: a deck needs a title and a list of steps"
    ]


@pytest.mark.parametrize("steps", [None, [], "three", [{"id": "a"}] * 201])
def test_a_deck_without_a_usable_list_of_steps_says_so(steps):
    found = authoring.problems({"title": "T", "steps": steps})
    assert wheres(found) == ["steps"]


def test_measures_across_steps_are_checked_once_each_step_is_right():
    data = {
        "title": "T",
        "steps": [
            {"id": "a", "kind": "scale", "title": "Before", "measure": "confidence"},
            {"id": "b", "kind": "scale", "title": "After", "measure": "confidence", "max": 5},
        ],
    }
    assert [str(e) for e in authoring.problems(data)] == [
        "steps[1].measure: needs the same min and max as its first step"
    ]


def test_a_picture_the_deck_does_not_have_is_a_problem_only_when_pictures_are_checked():
    data = {
        "title": "T",
        "steps": [
            {
                "id": "a",
                "kind": "slide",
                "title": "Spine",
                "image": {"src": "spine.webp", "alt": "A"},
            },
        ],
    }
    assert authoring.problems(data) == []
    assert authoring.problems(data, images={"spine.webp"}) == []
    assert [str(e) for e in authoring.problems(data, images=set())] == [
        "steps[0].image.src: there is no picture called spine.webp with this deck"
    ]


def test_check_returns_the_deck_or_raises_its_first_problem():
    assert authoring.check(data_of(SMALL_DECK)) == parse_deck(SMALL_DECK)
    with pytest.raises(DeckError, match="title"):
        authoring.check({"steps": [{"id": "a", "kind": "slide", "title": "x"}]})


STEP_KEYS = [
    "id",
    "title",
    "body",
    "notes",
    "minutes",
    "locked",
    "options",
    "correct",
    "min",
    "max",
    "measure",
    "takeaway",
    "multiple",
    "explanation",
    "cards",
    "prompts",
    "extra",
]
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-30, 300),
    st.floats(allow_nan=False, width=32),
    st.text(max_size=8),
    st.just("x" * 260),
    st.just([]),
    st.just({}),
    st.just("Bad Id"),
    st.just([{"id": "a", "label": "A"}]),
    st.just(["myth"]),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.integers(0, 23),
    st.sampled_from(STEP_KEYS),
    ODD_VALUES,
    st.booleans(),
)
def test_problems_are_empty_exactly_when_the_loader_accepts_and_include_its_message(
    index, key, value, drop
):
    data = deck_to_data(parse_deck(BACK_PAIN))
    step = data["steps"][index]
    if drop:
        step.pop(key, None)
    else:
        step[key] = value
    found = authoring.problems(data)
    try:
        deck_from_data(data)
        loader = None
    except DeckError as exc:
        loader = (exc.where, exc.problem)
    if loader is None:
        assert found == []
    else:
        assert loader in [(e.where, e.problem) for e in found]


# Writing decks back out ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", [BACK_PAIN, SMALL_DECK, DOCS_EXAMPLE], ids=["back-pain", "small", "docs"]
)
def test_a_dumped_deck_parses_back_to_an_equal_deck(text):
    deck = parse_deck(text)
    dumped = dump_deck(deck)
    assert parse_deck(dumped) == deck
    assert dump_deck(parse_deck(dumped)) == dumped  # and writing it again changes nothing


def test_a_dumped_deck_leaves_defaults_out_and_writes_bodies_as_blocks():
    dumped = dump_deck(parse_deck(BACK_PAIN))
    assert "takeaway: false" not in dumped
    assert "image: null" not in dumped
    assert "body: |" in dumped
    assert "correct: myth" in dumped


def test_feedback_questions_are_written_without_their_fixed_range():
    deck = parse_deck(DOCS_EXAMPLE)
    feedback = next(s for s in deck_to_data(deck)["steps"] if s["kind"] == "feedback")
    assert feedback["extra"] == [
        {
            "id": "pace",
            "title": "Was the pace right for you?",
            "min_label": "Too slow",
            "max_label": "Too fast",
        }
    ]


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=200, deadline=None)
@given(title=TEXT.filter(lambda t: t.strip()), body=TEXT, notes=TEXT, label=TEXT.filter(str.strip))
@example(title="a", body="pasted\u2028from Word\r\nand more", notes="\x85", label="0\x850")
def test_any_text_survives_being_written_out_and_read_back(title, body, notes, label):
    data = {
        "title": title[:200],
        "steps": [
            {"id": "a", "kind": "slide", "title": title[:200], "body": body, "notes": notes},
            {
                "id": "b",
                "kind": "poll",
                "title": label[:120],
                "options": [{"id": "x", "label": label[:120]}, {"id": "y", "label": "Y"}],
            },
        ],
    }
    deck = deck_from_data(data)
    assert parse_deck(dump_deck(deck)) == deck


# YAML that cannot blow up -------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_a_billion_laughs_document_is_refused_before_it_expands():
    with pytest.raises(DeckError) as caught:
        authoring.load_yaml(BILLION_LAUGHS)
    assert str(caught.value) == "line 1: decks cannot use YAML anchors or aliases (& or *)"


def test_a_file_over_the_size_limit_is_refused_unread():
    with pytest.raises(DeckError, match=r"^file: is too large \(at most 256 KB\)$"):
        authoring.load_yaml("title: x\n" + "#" * authoring.MAX_YAML_BYTES)


def test_nesting_deeper_than_any_deck_is_refused():
    with pytest.raises(DeckError, match="nested too deeply"):
        authoring.load_yaml("[" * 5000 + "]" * 5000)


@pytest.mark.parametrize("text", ["title: x\nsteps: [\n", "title: [a\n  b: c\n", "a: b: c"])
def test_text_that_is_not_yaml_names_its_line_as_the_loader_does(text):
    with pytest.raises(DeckError) as loader:
        parse_deck(text, source="t.yaml")
    with pytest.raises(DeckError) as caught:
        authoring.load_yaml(text)
    assert f"t.yaml: {caught.value}" == str(loader.value)
    assert caught.value.problem == "this is not valid YAML"


def test_an_ordinary_deck_loads():
    assert authoring.load_yaml(BACK_PAIN) == yaml.safe_load(BACK_PAIN)


# Locked steps -------------------------------------------------------------------------------------


@pytest.fixture
def copied():
    """The back-pain deck's data, and what a copy of it must keep."""
    source = parse_deck(BACK_PAIN)
    return deck_to_data(source), authoring.kept_by_copy(source, [])


def test_a_copy_of_the_back_pain_deck_must_keep_its_safety_slide(copied):
    data, kept = copied
    assert [k["id"] for k in kept] == ["safety"]
    assert authoring.problems(data, kept=kept) == []


def test_removing_a_kept_locked_step_is_a_problem(copied):
    data, kept = copied
    data["steps"] = [s for s in data["steps"] if s["id"] != "safety"]
    assert [str(e) for e in authoring.problems(data, kept=kept)] == [
        "steps: the locked step 'When to get help' cannot be removed: put it back"
    ]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"title": "Get help"}, "title"),
        ({"body": "Most back pain is not serious."}, "body"),
        ({"body": None}, "body"),
        ({"locked": False}, "locked"),
        ({"locked": None}, "locked"),
    ],
)
def test_a_kept_locked_step_keeps_its_title_wording_and_lock(copied, change, where):
    data, kept = copied
    safety = next(s for s in data["steps"] if s["id"] == "safety")
    for key, value in change.items():
        if value is None:
            safety.pop(key)
        else:
            safety[key] = value
    index = data["steps"].index(safety)
    assert f"steps[{index}].{where}" in wheres(authoring.problems(data, kept=kept))


def test_a_kept_locked_step_may_move_and_change_its_notes_and_minutes(copied):
    data, kept = copied
    safety = next(s for s in data["steps"] if s["id"] == "safety")
    data["steps"].remove(safety)
    data["steps"].insert(0, {**safety, "notes": "Read it aloud.", "minutes": 3})
    assert authoring.problems(data, kept=kept) == []


def test_surrounding_spaces_do_not_count_as_a_change_to_approved_wording(copied):
    data, kept = copied
    safety = next(s for s in data["steps"] if s["id"] == "safety")
    safety["body"] = f"\n  {safety['body']}\n\n"
    assert authoring.problems(data, kept=kept) == []


def test_a_copy_of_a_copy_keeps_the_original_locked_steps_too(copied):
    data, kept = copied
    data["steps"][0]["locked"] = True  # the copy locks a step of its own
    second = authoring.kept_by_copy(deck_from_data(data), kept)
    assert [k["id"] for k in second] == ["safety", "welcome"]
    assert authoring.kept_by_copy(deck_from_data(data), second) == second


def test_a_deck_with_nothing_to_keep_may_drop_its_own_locked_step():
    data = data_of(SMALL_DECK)
    data["steps"] = [s for s in data["steps"] if s["id"] != "safety"]
    assert authoring.problems(data) == []


# Versions -----------------------------------------------------------------------------------------

SAME = {"origin": "edit", "saved_by": "ann", "age_seconds": 60, "author": "ann", "used": False}


@pytest.mark.parametrize(
    ("change", "extends"),
    [
        ({}, True),
        ({"saved_by": "bob"}, False),
        ({"age_seconds": authoring.VERSION_WINDOW_SECONDS}, False),
        ({"age_seconds": -5}, False),
        ({"used": True}, False),
        ({"approved": True}, False),
        ({"approved": False}, True),
        ({"origin": "created"}, False),
        ({"origin": "copied"}, False),
        ({"origin": "imported"}, False),
        ({"origin": "restored"}, False),
        ({"origin": "file"}, False),
    ],
)
def test_a_save_extends_the_latest_version_only_when_nothing_is_lost_by_it(change, extends):
    assert authoring.extends_version(**{**SAME, **change}) is extends


def test_a_new_deck_starts_as_a_valid_deck_and_a_copy_is_titled_as_one():
    assert deck_from_data(authoring.starter_deck("  ")).title == "Untitled deck"
    assert authoring.copy_title("x" * 200) == ("Copy of " + "x" * 200)[:200]


def test_problems_never_change_the_data_they_check(copied):
    data, kept = copied
    before = copy.deepcopy(data)
    authoring.problems(data, kept=kept, images=set())
    assert data == before


def test_the_authoring_rules_do_no_io_and_never_reach_the_store():
    from tests.unit.test_layers import IO, imports_of, module_file, pure_closure, tops

    for module in sorted(pure_closure("authoring")):
        assert not tops(imports_of(module_file(module))) & IO, module
    assert not pure_closure("authoring") & {"store", "migrations", "reports"}
