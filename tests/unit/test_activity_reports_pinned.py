"""Each kind's part of a session's report pinned exactly: the rows of a step's chart and table,
the people they are made of, and the kind's own sections (quiz scores, FFT, open answers,
discussion notes), as the review pages and the export read them."""

from __future__ import annotations

import pytest

from sessions.activities.feedback import FFT_IDS


def marked(item, step_id):
    """A report's mark: the item's id and text, and the step it was kept under."""
    return {"id": item["id"], "text": item["text"], "kept_under": step_id}


def test_a_poll_entry_counts_each_option_in_the_decks_order_with_none_correct(small):
    step = small.step_by_id("colour")
    results = {"total": 3, "counts": {"green": 1, "red": 2}}  # no one chose blue
    assert step.activity.report_entry(step, results) == {
        "size": 3,
        "rows": [
            {"label": "Red", "count": 2, "percent": 66.7, "correct": False},
            {"label": "Green", "count": 1, "percent": 33.3, "correct": False},
            {"label": "Blue", "count": 0, "percent": 0.0, "correct": False},
        ],
    }


def test_a_poll_nobody_answered_has_rows_without_percentages(small):
    step = small.step_by_id("colour")
    entry = step.activity.report_entry(step, {"total": 0, "counts": {}})
    assert [(r["count"], r["percent"]) for r in entry["rows"]] == [(0, None)] * 3
    assert entry["size"] == 0


def test_a_quiz_entry_marks_the_correct_options_and_the_share_right(small):
    step = small.step_by_id("pick-two")
    results = {"total": 4, "counts": {"a": 1, "b": 3, "c": 0, "d": 3}, "correct_count": 1}
    assert step.activity.report_entry(step, results) == {
        "size": 4,
        "rows": [
            {"label": "Walking", "count": 1, "percent": 25.0, "correct": False},
            {"label": "Heat", "count": 3, "percent": 75.0, "correct": True},
            {"label": "Bed rest", "count": 0, "percent": 0.0, "correct": False},
            {"label": "Pacing", "count": 3, "percent": 75.0, "correct": True},
        ],
        "percent_correct": 25.0,
    }


def test_a_quiz_nobody_answered_has_no_share_right(small):
    step = small.step_by_id("myth")
    entry = step.activity.report_entry(step, {"total": 0, "counts": {}, "correct_count": 0})
    assert entry["percent_correct"] is None


def test_a_scale_entry_lists_its_values_from_lowest_to_highest(small):
    step = small.step_by_id("change")
    # Kept out of order, and ordered as text "-1" < "-5" < "10": the entry orders numbers.
    histogram = {"5": 1, "-1": 2, "0": 0, "-5": 1}
    results = {"count": 4, "mean": 0.5, "histogram": histogram}
    assert step.activity.report_entry(step, results) == {
        "size": 4,
        "mean": 0.5,
        "rows": [
            {"label": "-5", "count": 1, "percent": 25.0},
            {"label": "-1", "count": 2, "percent": 50.0},
            {"label": "0", "count": 0, "percent": 0.0},
            {"label": "5", "count": 1, "percent": 25.0},
        ],
    }


def test_a_scale_nobody_answered_has_rows_without_percentages(small):
    step = small.step_by_id("confidence")
    results = {"count": 0, "mean": None, "histogram": {"9": 0, "10": 0}}
    assert step.activity.report_entry(step, results)["rows"] == [
        {"label": "9", "count": 0, "percent": None},
        {"label": "10", "count": 0, "percent": None},
    ]


def test_a_word_cloud_entry_leaves_out_hidden_words_and_keeps_the_first_twenty(room_deck):
    step = room_deck.step_by_id("words")
    words = [{"text": "hidden", "count": 9, "hidden": True}] + [
        {"text": f"w{n:02}", "count": 1, "hidden": False} for n in range(21)
    ]
    entry = step.activity.report_entry(step, {"total": 4, "words": words})
    assert entry["size"] == 4
    assert len(entry["rows"]) == 20
    assert entry["rows"][0] == {"label": "w00", "count": 1, "percent": 25.0}
    assert entry["rows"][-1]["label"] == "w19"


def test_a_word_cloud_nobody_answered_has_no_rows(room_deck):
    step = room_deck.step_by_id("words")
    assert step.activity.report_entry(step, {"total": 0, "words": []}) == {"size": 0, "rows": []}


def fft_counts(**given: int) -> dict[str, int]:
    return {answer: given.get(answer.replace("-", "_"), 0) for answer in FFT_IDS}


def test_a_feedback_entry_counts_each_fft_answer_in_the_questions_order(room_deck):
    step = room_deck.step_by_id("feedback")
    results = {"total": 4, "counts": fft_counts(very_good=2, good=1, dont_know=1)}
    assert step.activity.report_entry(step, results) == {
        "size": 4,
        "rows": [
            {"label": "Very good", "count": 2, "percent": 50.0},
            {"label": "Good", "count": 1, "percent": 25.0},
            {"label": "Neither good nor poor", "count": 0, "percent": 0.0},
            {"label": "Poor", "count": 0, "percent": 0.0},
            {"label": "Very poor", "count": 0, "percent": 0.0},
            {"label": "Don't know", "count": 1, "percent": 25.0},
        ],
    }


def test_a_plan_entry_counts_who_started_finished_and_shared(room_deck):
    step = room_deck.step_by_id("my-plan")
    results = {"started": 5, "finished": 3, "shared": 1}
    assert step.activity.report_entry(step, results) == {
        "size": 5,
        "rows": [
            {"label": "Started a plan", "count": 5, "percent": None},
            {"label": "Finished it", "count": 3, "percent": None},
            {"label": "Shared it with the physio", "count": 1, "percent": None},
        ],
    }


@pytest.mark.parametrize(
    ("step_id", "results", "size"),
    [
        ("talk", {"total": 3, "count": 7, "notes": []}, 3),  # people before anything else
        ("notebook", {"count": 2}, 2),
        ("notebook", {}, 0),
        ("welcome", {}, 0),
    ],
)
def test_a_kind_without_rows_reports_how_many_people_its_results_are_of(
    small, room_deck, step_id, results, size
):
    step = room_deck.step_by_id(step_id) or small.step_by_id(step_id)
    assert step.activity.report_entry(step, results) == {"size": size}


def test_the_quiz_section_scores_each_quiz_by_its_number(small):
    myth, pick_two = small.step_by_id("myth"), small.step_by_id("pick-two")
    steps = [
        (5, myth, {"total": 4, "correct_count": 3}),
        (6, pick_two, {"total": 0, "correct_count": 0}),
    ]
    section = myth.activity.report_sections(steps, marked)
    assert section == {
        "quiz": [
            {
                "number": 5,
                "step_id": "myth",
                "title": "Bed rest is best.",
                "total": 4,
                "correct": 3,
                "percent_correct": 75.0,
            },
            {
                "number": 6,
                "step_id": "pick-two",
                "title": "Which two help?",
                "total": 0,
                "correct": 0,
                "percent_correct": None,
            },
        ],
        "quiz_second_votes": [],  # neither was voted on twice
    }
    assert myth.activity.export_tables(section) == [
        (
            "Quiz",
            ("Step", "Question", "Answered", "Correct", "% correct"),
            [(5, "Bed rest is best.", 4, 3, 75.0), (6, "Which two help?", 0, 0, None)],
        ),
        ("Quiz second votes", SECOND_VOTES, []),
    ]


def test_a_session_without_quizzes_has_an_empty_quiz_section(small):
    activity = small.step_by_id("myth").activity
    assert activity.report_sections([], marked) == {"quiz": [], "quiz_second_votes": []}
    assert activity.export_tables({"quiz": [], "quiz_second_votes": []}) == [
        ("Quiz", ("Step", "Question", "Answered", "Correct", "% correct"), []),
        ("Quiz second votes", SECOND_VOTES, []),
    ]


SECOND_VOTES = (
    "Step",
    "Question",
    "Answer",
    "First vote",
    "Second vote",
    "Voted both times",
    "Moved to correct",
)


def test_both_votes_are_reported_and_exported_side_by_side_option_by_option(small):
    myth, colour = small.step_by_id("myth"), small.step_by_id("colour")
    second = {"total": 3, "counts": {"myth": 3, "fact": 0}, "both": 2, "moved_to_correct": 1}
    quiz = (5, myth, {"total": 4, "correct_count": 1, "counts": {"myth": 1, "fact": 3}})
    section = myth.activity.report_sections(
        [(*quiz[:2], {**quiz[2], "second_vote": second})], marked
    )
    assert section["quiz_second_votes"] == [
        {
            "number": 5,
            "step_id": "myth",
            "title": "Bed rest is best.",
            "total": 4,
            "second_total": 3,
            "both": 2,
            "moved_to_correct": 1,
            "options": [
                {"label": "Myth", "first": 1, "second": 3},
                {"label": "Fact", "first": 3, "second": 0},
            ],
        }
    ]
    assert myth.activity.export_tables(section)[1] == (
        "Quiz second votes",
        SECOND_VOTES,
        [
            (5, "Bed rest is best.", "Myth", 1, 3, 2, 1),
            (5, "Bed rest is best.", "Fact", 3, 0, 2, 1),
        ],
    )
    poll_second = {"total": 1, "counts": {"red": 0, "green": 1, "blue": 0}, "both": 1}
    poll = (3, colour, {"total": 1, "counts": {"red": 1}, "second_vote": poll_second})
    sections = colour.activity.report_sections([poll, (4, colour, {"total": 0})], marked)
    [(name, header, rows)] = colour.activity.export_tables(sections)
    assert (name, header) == ("Poll second votes", SECOND_VOTES)
    assert rows == [
        (3, "Favourite colour?", "Red", 1, 0, 1, ""),
        (3, "Favourite colour?", "Green", 0, 1, 1, ""),
        (3, "Favourite colour?", "Blue", 0, 0, 1, ""),
    ]
    entry = colour.activity.report_entry(colour, poll[2])["second_vote"]
    assert (entry["size"], entry["both"], entry["moved_to_correct"]) == (1, 1, None)
    assert [r["count"] for r in entry["rows"]] == [0, 1, 0]


def test_the_before_and_after_table_has_a_row_for_each_measure(room_deck):
    activity = room_deck.step_by_id("before").activity
    measure = {
        "measure": "confidence",
        "before_mean": 4.5,
        "after_mean": 6.0,
        "difference": 1.5,
        "before_count": 4,
        "after_count": 3,
        "paired": 3,
        "up": 2,
        "down": 0,
        "same": 1,
    }
    [(name, header, rows)] = activity.export_tables({"measures": [measure]})
    assert name == "Before and after"
    assert header[0] == "Measure"
    assert rows == [("confidence", 4.5, 6.0, 1.5, 4, 3, 3, 2, 0, 1)]


def test_an_option_missing_from_the_second_votes_counts_is_none_chosen(small):
    colour = small.step_by_id("colour")
    second = {"total": 1, "counts": {"green": 1}, "both": 1}  # red and blue not chosen
    results = {"total": 1, "counts": {"red": 1}, "second_vote": second}
    [votes] = colour.activity.report_sections([(3, colour, results)], marked)["poll_second_votes"]
    assert [(o["first"], o["second"]) for o in votes["options"]] == [(1, 0), (0, 1), (0, 0)]


def test_a_quiz_entrys_second_vote_says_how_many_moved_to_the_right_answer(small):
    myth = small.step_by_id("myth")
    second = {"total": 3, "counts": {"myth": 3, "fact": 0}, "correct_count": 3}
    second.update(both=2, moved_to_correct=1)
    results = {"total": 4, "counts": {"myth": 1, "fact": 3}, "correct_count": 1}
    entry = myth.activity.report_entry(myth, {**results, "second_vote": second})["second_vote"]
    assert (entry["size"], entry["both"], entry["moved_to_correct"]) == (3, 2, 1)
    assert [r["count"] for r in entry["rows"]] == [3, 0]
