"""What each built-in kind says of itself, where code outside once kept lists of kind names:
the lists are gone, so the kinds must say the same."""

from __future__ import annotations

from sessions.activities import KINDS, Response
from sessions.deck import parse_deck
from sessions.measures import before_step, measure_of


def kinds_where(test) -> set[str]:
    return {kind for kind, activity in KINDS.items() if test(activity)}


def test_the_moderated_kinds_are_open_questions_and_word_clouds():
    assert kinds_where(lambda a: a.moderated) == {"open", "wordcloud"}


def test_the_notebook_keeps_reflections_the_plan_and_its_review_and_only_the_plan_is_edited():
    assert kinds_where(lambda a: a.in_notebook) == {"plan", "plan_review", "reflect"}
    assert kinds_where(lambda a: a.edited_in_notebook) == {"plan"}


def test_a_one_to_one_console_sees_names_only_on_the_room_s_own_kinds():
    by_name = {"poll", "quiz", "scale", "numeric", "rank", "points", "wordcloud", "open"}
    assert kinds_where(lambda a: a.answers_by_name) == by_name


def test_only_a_discussion_splits_the_room_into_groups():
    assert kinds_where(lambda a: a.makes_groups) == {"discuss"}


def test_each_kind_with_free_text_staff_may_remove_names_its_list():
    keys = {kind: a.kept_text_key for kind, a in KINDS.items() if a.kept_text_key}
    assert keys == {"feedback": "comments", "discuss": "notes", "open": "answers"}


def test_only_feedback_is_anonymous_and_counts_towards_the_fft(room_deck):
    assert kinds_where(lambda a: a.anonymous) == {"feedback"}
    feedback = room_deck.step_by_id("feedback")
    results = feedback.activity.results(
        feedback, [Response({"fft": "good", "why": "", "extra": {}}, "f1")]
    )
    assert feedback.activity.fft_counts(feedback, results)["good"] == 1
    for step in room_deck.steps:
        if step.kind != "feedback" and step.takes_responses:
            assert step.activity.fft_counts(step, {}) == {}


def test_a_measure_pairs_the_first_and_second_scale_of_one_name(room_deck):
    assert [measure_of(s) for s in room_deck.steps if measure_of(s)] == ["confidence", "confidence"]
    assert before_step(room_deck, room_deck.step_by_id("after")).id == "before"
    assert before_step(room_deck, room_deck.step_by_id("before")) is None
    assert before_step(room_deck, room_deck.step_by_id("feedback")) is None


def test_a_scale_without_a_measure_takes_part_in_none():
    deck = parse_deck(
        "title: t\nsteps:\n  - {id: a, kind: scale, title: A}\n  - {id: b, kind: scale, title: B}\n"
    )
    assert [measure_of(s) for s in deck.steps] == [None, None]
    assert before_step(deck, deck.steps[1]) is None


def test_the_plan_is_read_from_a_plain_form_in_its_own_types():
    plan = KINDS["plan"]
    answer = plan.answer_from_form(
        {"goal": "Walk", "goal_rating": " 4 ", "confidence": "lots", "share": "yes", "done": ""}
    )
    assert answer["goal"] == "Walk"
    # Not a whole number: passed on as given, for validate_response to refuse in words.
    assert (answer["goal_rating"], answer["confidence"]) == (4, "lots")
    assert plan.answer_from_form({"goal_rating": "  "})["goal_rating"] is None
    assert (answer["share"], answer["done"]) == (True, False)
    assert answer["matters"] == ""


def test_only_the_plan_review_looks_back_and_the_plan_and_its_review_make_plans():
    assert kinds_where(lambda a: a.looks_back) == {"plan_review"}
    deck = parse_deck(
        "title: t\nsteps:\n  - {id: p, kind: plan, title: P}\n"
        "  - {id: r, kind: plan_review, title: R}\n  - {id: s, kind: scale, title: S}\n"
    )
    made = {
        s.id: s.activity.kept_forward(s, v)
        for s, v in zip(deck.steps, [{"goal": "Walk"}, {"plan": {"goal": "Swim"}}, 4], strict=True)
    }
    assert made == {"p": {"goal": "Walk"}, "r": {"goal": "Swim"}, "s": None}
