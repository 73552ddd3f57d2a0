"""The report sections and export tables of the free-text kinds and of feedback pinned exactly:
the FFT over a session's feedback steps, its comments and extra questions, approved open
answers, and discussion notes, each marked under its own step."""

from __future__ import annotations

from sessions.activities.feedback import FFT_IDS
from sessions.deck import parse_deck

TWO_FEEDBACK_STEPS = """\
title: Two rounds of feedback
steps:
  - id: midway
    kind: feedback
    title: Halfway
    extra:
      - {id: pace, title: "Was the pace right?"}
  - id: end
    kind: feedback
    title: At the end
    extra:
      - {id: helpful, title: "How helpful was today?"}
      - {id: again, title: "Would you come again?"}
"""


def marked(item, step_id):
    """A report's mark: the item's id and text, and the step it was kept under."""
    return {"id": item["id"], "text": item["text"], "kept_under": step_id}


def counts(**given: int) -> dict[str, int]:
    return {answer: given.get(answer.replace("-", "_"), 0) for answer in FFT_IDS}


def comment(item_id: str, text: str) -> dict:
    return {"id": item_id, "text": text, "redacted": False}


def test_the_fft_section_adds_up_every_feedback_step_of_the_session():
    deck = parse_deck(TWO_FEEDBACK_STEPS)
    midway, end = deck.steps
    steps = [
        (
            1,
            midway,
            {
                "counts": counts(very_good=1, poor=1),
                "comments": [comment("c1", "Too fast")],
                "extra": {"pace": {"count": 2, "mean": 4.5}},
            },
        ),
        (
            2,
            end,
            {
                "counts": counts(very_good=1, good=1, very_poor=1, neither=1),
                "comments": [comment("c2", "Clear"), comment("c3", "Warm room")],
                "extra": {"helpful": {"count": 3, "mean": 8.0}},  # nobody rated "again"
            },
        ),
    ]
    assert midway.activity.report_sections(steps, marked) == {
        "fft": {
            "total": 6,
            "rows": [
                {"id": "very-good", "label": "Very good", "count": 2, "percent": 33.3},
                {"id": "good", "label": "Good", "count": 1, "percent": 16.7},
                {"id": "neither", "label": "Neither good nor poor", "count": 1, "percent": 16.7},
                {"id": "poor", "label": "Poor", "count": 1, "percent": 16.7},
                {"id": "very-poor", "label": "Very poor", "count": 1, "percent": 16.7},
                {"id": "dont-know", "label": "Don't know", "count": 0, "percent": 0.0},
            ],
            "positive": 50.0,
            "negative": 33.3,
            "comments": [
                {"id": "c1", "text": "Too fast", "kept_under": "midway", "step_id": "midway"},
                {"id": "c2", "text": "Clear", "kept_under": "end", "step_id": "end"},
                {"id": "c3", "text": "Warm room", "kept_under": "end", "step_id": "end"},
            ],
            "extra": [
                {"title": "Was the pace right?", "count": 2, "mean": 4.5},
                {"title": "How helpful was today?", "count": 3, "mean": 8.0},
            ],
        }
    }


def test_a_session_without_feedback_has_an_fft_section_of_nobody(room_deck):
    activity = room_deck.step_by_id("feedback").activity
    fft = activity.report_sections([], marked)["fft"]
    assert fft["total"] == 0
    assert [(r["count"], r["percent"]) for r in fft["rows"]] == [(0, None)] * 6
    assert (fft["positive"], fft["negative"], fft["comments"], fft["extra"]) == (None, None, [], [])


def test_the_fft_tables_give_each_answer_and_each_comment_as_the_export_shows_it(room_deck):
    activity = room_deck.step_by_id("feedback").activity
    fft = {
        "rows": [
            {"id": "very-good", "label": "Very good", "count": 2, "percent": 66.7},
            {"id": "poor", "label": "Poor", "count": 1, "percent": 33.3},
        ],
        "comments": [
            {"id": "c1", "text": "Clear", "redacted": False},
            {"id": "c2", "text": "", "redacted": True},
        ],
    }
    assert activity.export_tables({"fft": fft}) == [
        (
            "FFT",
            ("Answer", "Count", "% of responses"),
            [("Very good", 2, 66.7), ("Poor", 1, 33.3)],
        ),
        ("FFT comments", ("Comment",), [("Clear",), ("[removed by staff]",)]),
    ]


def answer(item_id: str, text: str, status: str, *, starred: bool = False) -> dict:
    return {"id": item_id, "text": text, "status": status, "starred": starred}


def test_the_open_answers_section_keeps_approved_answers_starred_first(room_deck):
    step = room_deck.step_by_id("ideas")
    kept = {
        "answers": [
            answer("a1", "Walking", "approved"),
            answer("a2", "Ann K. said", "hidden", starred=True),
            answer("a3", "Heat", "approved", starred=True),
            answer("a4", "Not yet read", "pending"),
            answer("a5", "Pacing", "approved"),
        ]
    }
    section = step.activity.report_sections([(2, step, kept)], marked)
    assert section == {
        "open_answers": [
            {
                "id": item_id,
                "text": text,
                "kept_under": "ideas",
                "step_id": "ideas",
                "step_title": "What helps?",
                "starred": starred,
            }
            for item_id, text, starred in [
                ("a3", "Heat", True),
                ("a1", "Walking", False),
                ("a5", "Pacing", False),
            ]
        ]
    }


def test_the_open_answers_table_gives_each_answers_step_and_shown_text(room_deck):
    activity = room_deck.step_by_id("ideas").activity
    report = {
        "open_answers": [
            {"step_title": "What helps?", "text": "Heat", "redacted": False},
            {"step_title": "What helps?", "text": "", "redacted": True},
        ]
    }
    assert activity.export_tables(report) == [
        (
            "Open answers",
            ("Step", "Answer"),
            [("What helps?", "Heat"), ("What helps?", "[removed by staff]")],
        )
    ]


def test_the_discussion_notes_section_keeps_each_note_with_its_step_and_group(room_deck):
    talk, pairs = room_deck.step_by_id("talk"), room_deck.step_by_id("quiet-talk")
    steps = [
        (4, talk, {"notes": [{"id": "n1", "text": "Walk more", "group": 2}]}),
        (5, pairs, {"notes": [{"id": "n2", "text": "Rest less", "group": None}]}),
    ]
    assert talk.activity.report_sections(steps, marked) == {
        "notes": [
            {
                "id": "n1",
                "text": "Walk more",
                "kept_under": "talk",
                "step_id": "talk",
                "step_title": "Talk in threes",
                "group": 2,
            },
            {
                "id": "n2",
                "text": "Rest less",
                "kept_under": "quiet-talk",
                "step_id": "quiet-talk",
                "step_title": "Talk in pairs",
                "group": None,
            },
        ]
    }


def test_the_discussion_notes_table_gives_each_notes_step_group_and_shown_text(room_deck):
    activity = room_deck.step_by_id("talk").activity
    report = {
        "notes": [
            {"step_title": "Talk in threes", "group": 1, "text": "Walk more", "redacted": False},
            {"step_title": "Talk in threes", "group": 2, "text": "", "redacted": True},
        ]
    }
    assert activity.export_tables(report) == [
        (
            "Discussion notes",
            ("Step", "Group", "Note"),
            [("Talk in threes", 1, "Walk more"), ("Talk in threes", 2, "[removed by staff]")],
        )
    ]
