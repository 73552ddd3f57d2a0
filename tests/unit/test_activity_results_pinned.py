"""What each kind makes of its answers pinned exactly: the facilitator's results, what the room
may see of them, and what a review keeps (free text with its answer id, removed text marked)."""

from __future__ import annotations

from sessions.activities import Moderation, Response
from sessions.activities.text import normalise_word


def test_feedback_results_count_each_answer_and_average_each_extra_question(room_deck):
    step = room_deck.step_by_id("feedback")
    responses = [
        Response({"fft": "good", "why": "Clear", "extra": {"helpful": 7, "pace": 4}}, "a1"),
        Response({"fft": "good", "why": "", "extra": {"helpful": 8}}, "a2"),
        Response({"fft": "very-poor", "why": "Cold room", "extra": {"helpful": 8}}, "a3"),
        Response({"fft": "dont-know", "why": ""}, "a4"),  # kept before the step had extras
    ]
    assert step.activity.results(step, responses) == {
        "total": 4,
        "counts": {
            "very-good": 0,
            "good": 2,
            "neither": 0,
            "poor": 0,
            "very-poor": 1,
            "dont-know": 1,
        },
        "positive": 50.0,
        "negative": 25.0,
        "extra": {"helpful": {"count": 3, "mean": 7.7}, "pace": {"count": 1, "mean": 4.0}},
        "comments": ["Clear", "Cold room"],
    }


def test_feedback_results_of_nobody_have_no_means_and_no_headline(room_deck):
    step = room_deck.step_by_id("feedback")
    results = step.activity.results(step, [])
    assert results["extra"] == {
        "helpful": {"count": 0, "mean": None},
        "pace": {"count": 0, "mean": None},
    }
    assert (results["total"], results["positive"], results["negative"]) == (0, None, None)


def test_the_room_sees_feedback_results_without_the_comments(room_deck):
    step = room_deck.step_by_id("feedback")
    results = {"total": 1, "counts": {"good": 1}, "comments": ["Ann was kind"], "extra": {}}
    assert step.activity.room_results(step, results) == {
        "total": 1,
        "counts": {"good": 1},
        "extra": {},
    }


def test_kept_feedback_keeps_each_comment_by_its_answer_id_and_the_removed_ones_marked(room_deck):
    step = room_deck.step_by_id("feedback")
    responses = [
        Response({"fft": "good", "why": "Clear"}, "a1"),
        Response({"fft": "good", "why": ""}, "a2"),  # no comment: nothing kept
        Response({"fft": "poor", "why": "Ann K. was rude"}, "a3"),
        Response({"fft": "poor", "why": ""}, "a4"),  # its comment removed and scrubbed before
    ]
    kept = step.activity.kept_results(step, responses, {"total": 4}, {"a3", "a4"})
    assert kept == {
        "total": 4,
        "comments": [
            {"id": "a1", "text": "Clear", "redacted": False},
            {"id": "a3", "text": "", "redacted": True},
            {"id": "a4", "text": "", "redacted": True},
        ],
    }


def test_the_free_text_of_feedback_is_its_comment(room_deck):
    activity = room_deck.step_by_id("feedback").activity
    assert activity.free_text(None, {"fft": "good", "why": "Numb legs"}) == ["Numb legs"]
    assert activity.free_text(None, {"fft": "good", "why": ""}) == []
    assert activity.free_text(None, {"fft": "good"}) == []


def test_the_room_sees_at_most_fifty_words_and_none_hidden(room_deck):
    step = room_deck.step_by_id("words")
    words = [{"text": "hidden", "count": 9, "hidden": True}] + [
        {"text": f"w{n:02}", "count": 1, "hidden": False} for n in range(51)
    ]
    shown = step.activity.room_results(step, {"total": 9, "words": words})
    assert shown["total"] == 9
    assert len(shown["words"]) == 50
    assert shown["words"][0] == {"text": "w00", "count": 1}
    assert shown["words"][-1] == {"text": "w49", "count": 1}


def test_word_cloud_results_count_each_person_once_for_a_word_and_mark_hidden_ones(room_deck):
    step = room_deck.step_by_id("words")
    responses = [Response(["Walk", "walk!"]), Response(["Rest"]), Response(["walk"])]
    results = step.activity.results(step, responses, Moderation(hidden=frozenset({"rest"})))
    assert results == {
        "total": 3,
        "words": [
            {"text": "walk", "count": 2, "hidden": False},
            {"text": "rest", "count": 1, "hidden": True},
        ],
    }


def test_open_answers_are_pending_until_approved_and_hidden_wins(room_deck):
    step = room_deck.step_by_id("ideas")
    moderation = Moderation(
        approved=frozenset({"a1", "a3"}), hidden=frozenset({"a3"}), starred=frozenset({"a1"})
    )
    responses = [Response("Walk", "a1"), Response("Heat", "a2"), Response("Ann K.", "a3")]
    assert step.activity.results(step, responses, moderation) == {
        "total": 3,
        "answers": [
            {"id": "a1", "text": "Walk", "status": "approved", "starred": True},
            {"id": "a2", "text": "Heat", "status": "pending", "starred": False},
            {"id": "a3", "text": "Ann K.", "status": "hidden", "starred": False},
        ],
    }


def test_the_room_sees_approved_open_answers_starred_first(room_deck):
    step = room_deck.step_by_id("ideas")
    results = {
        "total": 4,
        "answers": [
            {"id": "a1", "text": "Walk", "status": "approved", "starred": False},
            {"id": "a2", "text": "Heat", "status": "pending", "starred": True},
            {"id": "a3", "text": "Pace", "status": "approved", "starred": True},
            {"id": "a4", "text": "Swim", "status": "approved", "starred": False},
        ],
    }
    assert step.activity.room_results(step, results) == {
        "total": 4,
        "answers": [
            {"id": "a3", "text": "Pace", "starred": True},
            {"id": "a1", "text": "Walk", "starred": False},
            {"id": "a4", "text": "Swim", "starred": False},
        ],
    }


def test_reflection_results_count_only_who_wrote_something(room_deck):
    step = room_deck.step_by_id("notebook")
    responses = [Response({"remember": "Pace", "ask": ""}), Response({"remember": "", "ask": ""})]
    assert step.activity.results(step, responses) == {"count": 1}
    assert step.activity.free_text(step, {"remember": "Numb", "ask": ""}) == ["Numb"]


def test_discussion_notes_come_in_group_order_with_group_less_notes_last(room_deck):
    step = room_deck.step_by_id("talk")
    responses = [
        Response("Alone", "n0", name="Cy", group=None),
        Response("Second", "n2", name="Bo", group=2),
        Response("First", "n1", name="Ann", group=1),
    ]
    assert step.activity.results(step, responses) == {
        "total": 3,
        "notes": [
            {"group": 1, "name": "Ann", "text": "First"},
            {"group": 2, "name": "Bo", "text": "Second"},
            {"group": None, "name": "Cy", "text": "Alone"},
        ],
    }
    kept = step.activity.kept_results(step, responses, {"total": 3}, {"n2"})
    assert kept == {
        "total": 3,
        "notes": [
            {"id": "n1", "text": "First", "redacted": False, "group": 1},
            {"id": "n2", "text": "", "redacted": True, "group": 2},
            {"id": "n0", "text": "Alone", "redacted": False, "group": None},
        ],
    }


def test_a_discussion_group_gets_its_own_cards_and_someone_alone_gets_them_all(room_deck):
    step = room_deck.step_by_id("talk")  # three cards, two for each group
    activity = step.activity
    assert [c["id"] for c in activity.group_cards(step, 1)] == ["stopped", "better"]
    assert [c["id"] for c in activity.group_cards(step, 2)] == ["advice", "stopped"]
    assert [c["id"] for c in activity.group_cards(step, None)] == ["stopped", "better", "advice"]
    assert activity.group_size(step) == 3


def test_plan_results_count_started_finished_and_shared_plans(room_deck):
    step = room_deck.step_by_id("my-plan")
    responses = [
        Response({"goal": "Walk", "done": True, "share": True}, name="Ann"),
        Response({"goal": "Swim", "done": True}, name="Bo"),
        Response({"goal": "", "confidence": None, "done": False}, name="Cy"),  # not started
        Response({"done": True, "share": True}, name="Di"),  # ticked only: started
        Response({"confidence": 0}, name="Ed"),
    ]
    results = step.activity.results(step, responses)
    assert results == {
        "started": 4,
        "finished": 3,
        "shared": [
            {"name": "Ann", "plan": {"goal": "Walk", "done": True, "share": True}},
            {"name": "Di", "plan": {"done": True, "share": True}},
        ],
    }
    assert step.activity.kept_results(step, responses, results, set()) == {
        "started": 4,
        "finished": 3,
        "shared": 2,
    }
    assert step.activity.result_size(results) == 4


def test_the_free_text_of_a_plan_is_its_written_fields(room_deck):
    activity = room_deck.step_by_id("my-plan").activity
    plan = {
        "goal": "Walk",
        "matters": "",
        "confidence": 3,
        "done": True,
        "review_date": "2025-01-01",
    }
    assert activity.free_text(None, plan) == ["Walk"]


def test_a_scale_counts_only_whole_numbers_on_the_scale(small):
    step = small.step_by_id("confidence")  # 0 to 10
    results = step.activity.aggregate(step, [3, 11, -1, 2.5, True, 4])
    assert (results["count"], results["mean"]) == (2, 3.5)
    assert results["histogram"] == {str(n): int(n in (3, 4)) for n in range(11)}


def test_the_free_text_of_a_word_cloud_answer_is_each_of_its_words(room_deck):
    step = room_deck.step_by_id("words")
    assert step.activity.free_text(step, ["numb", "walking"]) == ["numb", "walking"]


def test_a_words_own_letters_are_kept_whatever_they_are():
    assert normalise_word("X-ray!") == "x-ray"
    assert normalise_word("  Walking,   slowly. ") == "walking, slowly"
