"""The course rules without a store: which session a course link joins, which starts next,
the staff form's rows, and the course notebook's order."""

from __future__ import annotations

from sessions.courses import course_notebook, current_session, next_to_start, plan_from_form


def row(position, session_id=None, status=None):
    return {"position": position, "session_id": session_id, "status": status}


def test_a_course_link_joins_the_latest_started_session_still_live():
    assert current_session([row(0), row(1)]) is None
    assert current_session([row(0, "a", "ended"), row(1)]) is None
    assert current_session([row(0, "a", "live"), row(1)])["session_id"] == "a"
    both = [row(0, "a", "live"), row(1, "b", "live"), row(2)]
    assert current_session(both)["session_id"] == "b"


def test_the_next_session_to_start_is_the_first_not_started():
    assert next_to_start([row(0, "a", "ended"), row(1), row(2)]) == 1
    assert next_to_start([row(0, "a", "live")]) is None


def test_form_rows_without_a_deck_are_dropped_and_a_missing_mode_is_group():
    plan = plan_from_form(["back-pain-1", "", " back-pain-2 "], ["group", "self-paced", ""])
    assert plan == [("back-pain-1", "group"), ("back-pain-2", "group")]
    assert plan_from_form(["a", "b"], ["one-to-one"]) == [("a", "one-to-one"), ("b", "group")]


def test_the_course_notebook_is_newest_first_with_the_newest_safety_wording():
    first = {"title": "One", "safety_title": "Help 1", "safety_html": "<p>1</p>"}
    second = {"title": "Two", "safety_title": "Help 2", "safety_html": "<p>2</p>"}
    book = course_notebook(
        "Tuesdays",
        [
            ({"position": 0, "started_at": "2025-03-01T10:00:00+00:00"}, first),
            ({"position": 1, "started_at": "2025-03-08T10:00:00+00:00"}, second),
        ],
    )
    assert [(s["number"], s["started_on"], s["book"]["title"]) for s in book["sessions"]] == [
        (2, "2025-03-08", "Two"),
        (1, "2025-03-01", "One"),
    ]
    assert (book["title"], book["safety_title"], book["safety_html"]) == (
        "Tuesdays",
        "Help 2",
        "<p>2</p>",
    )
    assert course_notebook("Empty", [])["sessions"] == []
