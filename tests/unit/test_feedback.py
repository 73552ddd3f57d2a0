"""Feedback: the NHS Friends and Family Test word for word, its follow-up and extra ratings, the
headline percentages, and that comments never reach the room.

The `feedback` step of the room deck (tests/unit/conftest.py) has two extra questions,
`helpful` and `pace`."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import FACILITATOR, PARTICIPANT, SCREEN, InvalidResponse, Response
from sessions.activities.feedback import FFT_IDS, FFT_OPTIONS, FFT_QUESTION, percentages
from sessions.deck import DeckError, parse_deck
from sessions.views import results_for, step_view

ROOM = [SCREEN, PARTICIPANT]
EVERYONE = [FACILITATOR, SCREEN, PARTICIPANT]

# Verbatim, from /work/shared/content/back-pain.md (NHS England FFT guidance, April 2020).
VERBATIM_QUESTION = "Overall, how was your experience of our service?"
VERBATIM_LABELS = ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]


def validate(deck, value, step_id="feedback"):
    step = deck.step_by_id(step_id)
    return step.activity.validate_response(step, value)


def refusal(deck, value) -> str:
    with pytest.raises(InvalidResponse) as caught:
        validate(deck, value)
    return str(caught.value)


def results(deck, responses, step_id="feedback"):
    step = deck.step_by_id(step_id)
    return step.activity.results(step, responses)


def seen_by(audience, deck, facts, *, revealed=True, min_responses=3):
    return results_for(
        audience,
        deck.step_by_id("feedback"),
        facts,
        seq=9,
        revealed=revealed,
        min_responses=min_responses,
    )


def answers(*fft: str, why: str = "", **more) -> list[Response]:
    return [
        Response({"fft": f, "why": why, "extra": {}, **more}, answer_id=f"a{i}", name=f"Name{i}")
        for i, f in enumerate(fft)
    ]


# The wording ----------------------------------------------------------------------------------


def test_the_question_and_answers_are_the_fft_wording_exactly():
    assert FFT_QUESTION == VERBATIM_QUESTION
    assert [o["label"] for o in FFT_OPTIONS] == VERBATIM_LABELS
    assert len(set(FFT_IDS)) == 6


@pytest.mark.parametrize("audience", EVERYONE)
@pytest.mark.parametrize("revealed", [False, True])
def test_every_audience_sees_the_fft_word_for_word(room_deck, audience, revealed):
    step = room_deck.step_by_id("feedback")
    shown = step_view(step, room_deck.index_of("feedback"), audience, revealed=revealed)
    assert shown["question"] == VERBATIM_QUESTION
    assert [o["label"] for o in shown["options"]] == VERBATIM_LABELS
    assert shown["why_prompt"] == "Please tell us why you gave this answer."
    assert shown["why_note"] == "Please don't include names or personal details."
    assert shown["why_max_length"] == 1000
    assert [q["id"] for q in shown["extra"]] == ["helpful", "pace"]
    assert shown["extra"][0] == {
        "id": "helpful",
        "title": "How helpful was today?",
        "min": 0,
        "max": 10,
        "min_label": "Not at all",
        "max_label": "Very",
    }


def test_the_bundled_deck_asks_the_fft_word_for_word(back_pain):
    step = back_pain.step_by_id("feedback")
    shown = step_view(step, back_pain.index_of("feedback"), PARTICIPANT, revealed=False)
    assert shown["question"] == VERBATIM_QUESTION
    assert [o["label"] for o in shown["options"]] == VERBATIM_LABELS


def test_a_view_cannot_change_the_shared_wording(room_deck):
    step = room_deck.step_by_id("feedback")
    shown = step.activity.view_for(step, PARTICIPANT, revealed=False)
    shown["options"][0]["label"] = "Excellent"
    shown["extra"][0]["title"] = "Changed"
    again = step.activity.view_for(step, PARTICIPANT, revealed=False)
    assert again["options"][0]["label"] == "Very good"
    assert again["extra"][0]["title"] == "How helpful was today?"


@pytest.mark.parametrize("field", ["question", "options", "why_prompt"])
def test_a_deck_cannot_reword_the_fft(field):
    step = {"id": "fb", "kind": "feedback", "title": "Feedback", field: "Reworded"}
    with pytest.raises(DeckError) as caught:
        parse_one(step)
    assert caught.value.where == f"t.yaml: steps[0].{field}"
    assert caught.value.problem == "is not a field a feedback step can have"


# Valid answers --------------------------------------------------------------------------------


@pytest.mark.parametrize("fft", list(FFT_IDS))
def test_each_of_the_six_answers_is_accepted(room_deck, fft):
    assert validate(room_deck, {"fft": fft}) == {"fft": fft, "why": "", "extra": {}}


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        (
            {"fft": "good", "why": "  Kind staff  "},
            {"fft": "good", "why": "Kind staff", "extra": {}},
        ),
        ({"fft": "poor", "why": "x" * 1000}, {"fft": "poor", "why": "x" * 1000, "extra": {}}),
        ({"fft": "dont-know", "extra": {}}, {"fft": "dont-know", "why": "", "extra": {}}),
        (
            {"fft": "neither", "extra": {"helpful": 0}},
            {"fft": "neither", "why": "", "extra": {"helpful": 0}},
        ),
        (
            {"fft": "very-good", "why": "", "extra": {"helpful": 10, "pace": 5}},
            {"fft": "very-good", "why": "", "extra": {"helpful": 10, "pace": 5}},
        ),
    ],
)
def test_a_valid_answer_is_stored_with_why_and_extra(room_deck, value, stored):
    assert validate(room_deck, value) == stored


# Refused answers ------------------------------------------------------------------------------

SHAPE = "Send your answer to the question, and why if you like."
CHOOSE = "Choose one of the six answers."
RATING = "Choose a whole number from 0 to 10."
NOT_A_QUESTION = "That is not one of the questions."


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("good", SHAPE),
        (["good"], SHAPE),
        (None, SHAPE),
        ({"fft": "good", "name": "Ann"}, SHAPE),
        ({"fft": "good", "email": "a@b.c"}, SHAPE),
        ({}, CHOOSE),
        ({"fft": "excellent"}, CHOOSE),
        ({"fft": "Very good"}, CHOOSE),
        ({"fft": "extremely-likely"}, CHOOSE),
        ({"fft": None}, CHOOSE),
        ({"fft": 1}, CHOOSE),
        ({"fft": ["good"]}, CHOOSE),
        ({"why": "No answer given"}, CHOOSE),
        (
            {"fft": "good", "why": "x" * 1001},
            "Your answer is too long: please keep it to 1000 characters.",
        ),
        ({"fft": "good", "why": 5}, "Your answer must be text."),
        ({"fft": "good", "why": None}, "Your answer must be text."),
        ({"fft": "good", "extra": {"other": 5}}, NOT_A_QUESTION),
        ({"fft": "good", "extra": {"helpful": 5, "fft": 5}}, NOT_A_QUESTION),
        ({"fft": "good", "extra": [5]}, NOT_A_QUESTION),
        ({"fft": "good", "extra": None}, NOT_A_QUESTION),
        ({"fft": "good", "extra": {"helpful": -1}}, RATING),
        ({"fft": "good", "extra": {"helpful": 11}}, RATING),
        ({"fft": "good", "extra": {"helpful": 7.5}}, RATING),
        ({"fft": "good", "extra": {"helpful": "7"}}, RATING),
        ({"fft": "good", "extra": {"helpful": True}}, RATING),
        ({"fft": "good", "extra": {"pace": None}}, RATING),
    ],
    ids=repr,
)
def test_a_bad_feedback_answer_is_refused_in_plain_english(room_deck, value, message):
    assert refusal(room_deck, value) == message


def test_a_feedback_step_without_extra_questions_refuses_any_rating(back_pain):
    with pytest.raises(InvalidResponse, match="not one of the questions"):
        validate(back_pain, {"fft": "good", "extra": {"helpful": 5}})


# Results --------------------------------------------------------------------------------------


def test_results_count_every_answer_and_give_the_headline_of_all_answers(room_deck):
    responses = answers(
        "very-good",
        "very-good",
        "very-good",
        "good",
        "good",
        "neither",
        "poor",
        "very-poor",
        "dont-know",
        "dont-know",
    )
    facts = results(room_deck, responses)
    assert facts["total"] == 10
    assert facts["counts"] == {
        "very-good": 3,
        "good": 2,
        "neither": 1,
        "poor": 1,
        "very-poor": 1,
        "dont-know": 2,
    }
    assert (facts["positive"], facts["negative"]) == (50.0, 20.0)  # Don't know counts in 10


def test_results_list_every_answer_even_with_no_one_choosing_it(room_deck):
    facts = results(room_deck, answers("good"))
    assert facts["counts"] == {
        "very-good": 0,
        "good": 1,
        "neither": 0,
        "poor": 0,
        "very-poor": 0,
        "dont-know": 0,
    }


@pytest.mark.parametrize(
    ("fft", "positive", "negative"),
    [
        ([], None, None),
        (["dont-know"], 0.0, 0.0),
        (["good", "poor", "dont-know"], 33.3, 33.3),
        (["very-good", "good"], 100.0, 0.0),
        (["very-poor", "neither", "neither"], 0.0, 33.3),
        (["good", "good", "neither"], 66.7, 0.0),
    ],
)
def test_percent_positive_and_negative_round_to_one_place(room_deck, fft, positive, negative):
    facts = results(room_deck, answers(*fft))
    assert (facts["positive"], facts["negative"]) == (positive, negative)


@given(st.lists(st.sampled_from(FFT_IDS), max_size=40))
def test_the_headline_is_the_share_of_all_answers(fft):
    counts = {k: fft.count(k) for k in FFT_IDS}
    shown = percentages(counts, len(fft))
    if not fft:
        assert shown == {"positive": None, "negative": None}
        return
    good = fft.count("very-good") + fft.count("good")
    bad = fft.count("poor") + fft.count("very-poor")
    assert shown["positive"] == round(100 * good / len(fft), 1)
    assert shown["negative"] == round(100 * bad / len(fft), 1)
    assert shown["positive"] + shown["negative"] <= 100.05


def test_extra_questions_have_a_count_and_a_mean_of_those_who_answered(room_deck):
    responses = [
        Response({"fft": "good", "why": "", "extra": {"helpful": 7}}),
        Response({"fft": "good", "why": "", "extra": {"helpful": 8}}),
        Response({"fft": "poor", "why": "", "extra": {}}),
        Response({"fft": "poor", "why": "", "extra": {"helpful": 0}}),
    ]
    assert results(room_deck, responses)["extra"] == {
        "helpful": {"count": 3, "mean": 5.0},
        "pace": {"count": 0, "mean": None},
    }


def test_comments_are_the_non_empty_whys_without_names(room_deck):
    responses = [
        Response({"fft": "good", "why": "Kind staff", "extra": {}}, name="Ann"),
        Response({"fft": "poor", "why": "", "extra": {}}, name="Bob"),
        Response({"fft": "neither", "why": "Too short", "extra": {}}, name="Cat"),
    ]
    facts = results(room_deck, responses)
    assert facts["comments"] == ["Kind staff", "Too short"]
    shown = json.dumps(seen_by(FACILITATOR, room_deck, facts))
    assert "Kind staff" in shown
    for name in ("Ann", "Bob", "Cat"):
        assert name not in shown


@pytest.mark.parametrize("audience", ROOM)
def test_the_room_sees_the_counts_but_never_the_comments(room_deck, audience):
    facts = results(room_deck, answers("good", "poor", "dont-know", why="Secret comment"))
    shown = seen_by(audience, room_deck, facts)
    assert "comments" not in shown
    assert "Secret comment" not in json.dumps(shown)
    assert shown == {
        "seq": 9,
        "step_id": "feedback",
        "kind": "feedback",
        "withheld": False,
        "total": 3,
        "counts": facts["counts"],
        "positive": 33.3,
        "negative": 33.3,
        "extra": facts["extra"],
    }


@pytest.mark.parametrize("audience", ROOM)
def test_feedback_below_the_threshold_is_withheld_from_the_room(room_deck, audience):
    facts = results(room_deck, answers("good", "poor", why="Secret comment"))
    assert seen_by(audience, room_deck, facts) == {
        "seq": 9,
        "step_id": "feedback",
        "kind": "feedback",
        "withheld": True,
        "total": 2,
    }


@pytest.mark.parametrize("audience", ROOM)
def test_feedback_is_not_shown_to_the_room_before_reveal(room_deck, audience):
    facts = results(room_deck, answers("good", "poor", "good"))
    assert seen_by(audience, room_deck, facts, revealed=False) is None


def test_the_why_is_scanned_for_red_flags(room_deck):
    step = room_deck.step_by_id("feedback")
    assert step.activity.free_text(step, {"fft": "good", "why": "Numb bottom", "extra": {}}) == [
        "Numb bottom"
    ]
    assert step.activity.free_text(step, {"fft": "good", "why": "", "extra": {}}) == []


# Deck fields ----------------------------------------------------------------------------------


def parse_one(step: dict):
    text = yaml.safe_dump({"title": "T", "steps": [step]}, sort_keys=False)
    return parse_deck(text, source="t.yaml").steps[0]


def feedback(*extra) -> dict:
    return {"id": "fb", "kind": "feedback", "title": "Feedback", "extra": list(extra)}


def question(qid="helpful", **fields) -> dict:
    return {"id": qid, "title": "How helpful?", **fields}


def test_a_feedback_step_needs_no_extra_questions():
    assert parse_one({"id": "fb", "kind": "feedback", "title": "F"}).fields["extra"] == []


def test_extra_questions_are_rated_from_0_to_10():
    step = parse_one(feedback(question(min_label="No", max_label="Yes"), question("pace")))
    assert [(q["id"], q["min"], q["max"]) for q in step.fields["extra"]] == [
        ("helpful", 0, 10),
        ("pace", 0, 10),
    ]


BAD_FIELDS = [
    (
        "extra-not-a-list",
        {**feedback(), "extra": "helpful"},
        "steps[0].extra",
        "must be a list of up to 5 rating questions",
    ),
    (
        "six-extra",
        feedback(*[question(f"q{i}") for i in range(6)]),
        "steps[0].extra",
        "must be a list of up to 5 rating questions",
    ),
    (
        "extra-a-string",
        feedback("How helpful?"),
        "steps[0].extra[0]",
        "each question needs an id and a title (0 to 10 rating)",
    ),
    (
        "extra-with-own-range",
        feedback(question(max=5)),
        "steps[0].extra[0]",
        "each question needs an id and a title (0 to 10 rating)",
    ),
    (
        "extra-with-options",
        feedback(question(options=[])),
        "steps[0].extra[0]",
        "each question needs an id and a title (0 to 10 rating)",
    ),
    (
        "extra-without-id",
        feedback({"title": "How helpful?"}),
        "steps[0].extra[0].id",
        "needs a short id used by no other question",
    ),
    (
        "extra-id-a-number",
        feedback(question(7)),
        "steps[0].extra[0].id",
        "needs a short id used by no other question",
    ),
    (
        "extra-id-repeated",
        feedback(question("a"), question("a")),
        "steps[0].extra[1].id",
        "needs a short id used by no other question",
    ),
    (
        "extra-id-fft",
        feedback(question("fft")),
        "steps[0].extra[0].id",
        "needs a short id used by no other question",
    ),
    ("extra-without-title", feedback({"id": "helpful"}), "steps[0].extra[0].title", "is required"),
    (
        "extra-title-too-long",
        feedback(question(title="x" * 201)),
        "steps[0].extra[0].title",
        "is too long (at most 200 characters)",
    ),
    (
        "extra-label-too-long",
        feedback(question(min_label="x" * 121)),
        "steps[0].extra[0].min_label",
        "is too long (at most 120 characters)",
    ),
]


@pytest.mark.parametrize(
    ("step", "where", "problem"), [c[1:] for c in BAD_FIELDS], ids=[c[0] for c in BAD_FIELDS]
)
def test_a_bad_extra_question_is_refused_naming_step_and_field(step, where, problem):
    with pytest.raises(DeckError) as caught:
        parse_one(step)
    assert caught.value.where == f"t.yaml: {where}"
    assert caught.value.problem == problem


@pytest.mark.parametrize("qid", ["", "Bad Id!", "x" * 100])
def test_an_extra_question_id_must_be_a_short_id(qid):
    with pytest.raises(DeckError):
        parse_one(feedback(question(qid)))


# Fuzzing --------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-2, max_value=12)
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(FFT_IDS),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["fft", "why", "extra", "helpful", "pace"]) | st.text(max_size=5),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)


@given(json_values)
def test_any_json_value_is_either_stored_or_refused_cleanly(room_deck, value):
    refused = None
    try:
        stored = validate(room_deck, value)
    except InvalidResponse as error:
        refused = str(error)
    if refused is not None:
        assert refused  # a message for the participant
        return
    assert stored["fft"] in FFT_IDS
    assert validate(room_deck, stored) == stored
    results(room_deck, [Response(stored)])  # a stored answer always adds up


@given(
    fft=st.sampled_from(FFT_IDS),
    why=st.text(max_size=30),
    extra=st.dictionaries(st.sampled_from(["helpful", "pace"]), st.integers(-3, 13)),
)
def test_a_well_shaped_answer_is_refused_only_for_a_rating_out_of_range(room_deck, fft, why, extra):
    refused = None
    try:
        stored = validate(room_deck, {"fft": fft, "why": why, "extra": extra})
    except InvalidResponse as error:
        refused = str(error)
    if refused is not None:
        assert refused == RATING
        assert any(not 0 <= r <= 10 for r in extra.values())
        return
    assert stored == {"fft": fft, "why": stored["why"], "extra": extra}
