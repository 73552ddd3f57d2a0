"""Measures across a course and the course report, without Flask: the pairing of the first
session's answers with the last's (someone who missed session 1 is not paired, someone who
deleted their data has nothing left to pair), the small-number rule, retention counts, and the
report on a real store, whose member figures are kept once the course is over."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sessions import reports, views
from sessions.course_measures import course_entry, measure_pairs
from sessions.deck import parse_deck
from sessions.measures import paired_change, under_threshold
from sessions.reports.course import course_report, retention
from tests.unit import deck_yaml
from tests.unit.test_reports_store import NOW, answer, end

# Pairing ---------------------------------------------------------------------------------------


def test_only_people_who_answered_both_sessions_are_paired():
    first = {"ann": 3, "bob": 5, "cat": 7}  # cat missed the last session
    last = {"ann": 6, "bob": 5, "dan": 9}  # dan missed the first session
    assert paired_change(first, last) == {
        "before_mean": 4.0,
        "after_mean": 5.5,
        "difference": 1.5,
        "before_count": 2,
        "after_count": 2,
        "paired": 2,
        "up": 1,
        "down": 0,
        "same": 1,
    }


def test_someone_who_deleted_their_data_is_not_paired_and_the_rest_are():
    first, last = {"ann": 3, "bob": 8}, {"ann": 6, "bob": 4}
    gone = paired_change({"ann": 3}, {"ann": 6})  # bob's rows were deleted
    assert paired_change(first, last)["paired"] == 2
    assert (gone["paired"], gone["up"], gone["down"], gone["before_mean"]) == (1, 1, 0, 3.0)


def test_nobody_answering_both_gives_no_means():
    found = paired_change({"ann": 3}, {"bob": 6})
    assert (found["paired"], found["before_mean"], found["difference"]) == (0, None, None)


def test_under_the_threshold_only_the_number_paired_is_shown():
    found = paired_change({"ann": 3, "bob": 4}, {"ann": 6, "bob": 4})
    assert under_threshold(found, 3) == {"paired": 2, "withheld": True}
    assert under_threshold(found, 2) == {**found, "withheld": False}


def deck_of(*steps):
    return parse_deck(deck_yaml.deck(*steps))


def test_a_course_measure_runs_from_the_first_ask_of_session_1_to_the_last_ask_of_the_last():
    first = deck_of(
        deck_yaml.scale("start", measure="confidence"),
        deck_yaml.scale("pain", measure="pain"),
        deck_yaml.scale("end", measure="confidence"),
    )
    last = deck_of(
        deck_yaml.scale("again", measure="confidence"),
        deck_yaml.scale("finally", measure="confidence"),
        deck_yaml.scale("sleep", measure="sleep"),
    )
    pairs = measure_pairs(first, last)
    assert [(name, a.id, b.id) for name, a, b in pairs] == [("confidence", "start", "finally")]
    name, a, b = pairs[0]
    entry = course_entry(name, a, b, {"x": 2, "y": 4, "z": 5}, {"x": 5, "y": 4}, threshold=2)
    assert entry["measure"] == "confidence"
    assert (entry["paired"], entry["up"], entry["same"], entry["withheld"]) == (2, 1, 1, False)
    assert entry["difference"] == 1.5


def test_the_measure_since_session_1_is_for_the_console_alone():
    step = deck_of(deck_yaml.scale("end", measure="confidence")).steps[0]
    results = {
        **step.activity.results(step, []),
        "count": 6,
        "course_change": {"paired": 6, "withheld": False},
    }
    console = views.results_for(
        views.FACILITATOR, step, results, seq=1, revealed=True, min_responses=3
    )
    room = views.results_for(views.SCREEN, step, results, seq=1, revealed=True, min_responses=3)
    assert console["course_change"] == {"paired": 6, "withheld": False}
    assert room is not None
    assert "course_change" not in room


# Retention -------------------------------------------------------------------------------------


def test_retention_counts_session_1_members_at_each_later_session():
    members = {0: {"a", "b", "c", "d"}, 1: {"a", "b", "e"}, 2: {"a", "e"}}
    assert retention([0, 1, 2], members) == [
        {"number": 1, "members": 4, "from_first": 4, "percent": 100.0},
        {"number": 2, "members": 3, "from_first": 2, "percent": 50.0},
        {"number": 3, "members": 2, "from_first": 1, "percent": 25.0},
    ]


def test_retention_of_a_session_nobody_came_to_is_zero_and_of_no_session_is_empty():
    assert retention([0, 1], {0: {"a"}})[1] == {
        "number": 2,
        "members": 0,
        "from_first": 0,
        "percent": 0.0,
    }
    assert retention([], {}) == []


# The report on a real store --------------------------------------------------------------------


@pytest.fixture
def course(store, facilitator_id, room_deck_text):
    """A three-session course of the room deck; each session started when asked for."""
    store.decks.save("room", room_deck_text)
    course_id = store.courses.create(
        "Back pain group", facilitator_id, plan=[("room", "group")] * 3
    )
    return course_id


def run_session(store, course_id, position, facilitator_id, people, *, before=None, after=None):
    """Start the course's session, each of `people` (member dicts) joins and answers the
    confidence scales and the FFT, then it ends."""
    session = store.sessions.create("room", facilitator_id)
    store.courses.start_session(course_id, position, session["id"])
    for who in people:
        participant, _ = store.participants.add(session["id"], who["name"])
        store.courses.link(participant["id"], who["id"])
        if before is not None:
            answer(store, session["id"], participant["id"], "before", before[who["name"]])
        if after is not None:
            answer(store, session["id"], participant["id"], "after", after[who["name"]])
        answer(store, session["id"], participant["id"], "feedback", {"fft": "good"})
    end(store, session["id"])
    return session["id"]


def test_the_course_report_counts_attendance_retention_measures_and_fft(
    store, course, facilitator_id
):
    people = {n: store.courses.add_member(course, n)[0] for n in "ABCDE"}
    first = {"A": 2, "B": 3, "C": 4, "D": 5}
    run_session(store, course, 0, facilitator_id, [people[n] for n in "ABCD"], before=first)
    run_session(store, course, 1, facilitator_id, [people[n] for n in "ABE"])
    last = {"A": 6, "B": 3, "C": 5, "E": 9}  # E missed session 1; D did not come back
    run_session(store, course, 2, facilitator_id, [people[n] for n in "ABCE"], after=last)
    found = course_report(store, course)
    assert [(s["number"], s["joined"], s["status"]) for s in found["sessions"]] == [
        (1, 4, "finished"),
        (2, 3, "finished"),
        (3, 4, "finished"),
    ]
    assert [(r["members"], r["from_first"]) for r in found["retention"]] == [(4, 4), (3, 2), (4, 3)]
    [measure] = found["measures"]
    assert (measure["measure"], measure["paired"], measure["withheld"]) == ("confidence", 3, False)
    assert (measure["before_mean"], measure["after_mean"], measure["difference"]) == (3.0, 4.7, 1.7)
    assert (measure["up"], measure["down"], measure["same"]) == (2, 0, 1)
    assert found["fft"]["total"] == 11
    assert found["fft"]["positive"] == 100.0
    assert found["kept_at"] is not None  # every session has finished: the figures are kept
    assert "A" not in str(found["retention"]) + str(found["measures"])


def test_deleting_data_after_the_course_leaves_its_kept_figures(store, course, facilitator_id):
    people = [store.courses.add_member(course, n)[0] for n in "ABC"]
    scores = {"A": 2, "B": 3, "C": 4}
    for position in range(3):
        run_session(store, course, position, facilitator_id, people, before=scores, after=scores)
    kept = course_report(store, course)
    store.courses.delete_member(people[0]["id"])
    again = course_report(store, course)
    assert again["retention"] == kept["retention"]
    assert again["measures"] == kept["measures"]
    assert [s["joined"] for s in again["sessions"]] == [3, 3, 3]


def test_someone_who_deletes_their_data_mid_course_leaves_its_figures_but_not_session_totals(
    store, course, facilitator_id
):
    people = [store.courses.add_member(course, n)[0] for n in "ABCD"]
    scores = {"A": 2, "B": 3, "C": 4, "D": 5}
    run_session(store, course, 0, facilitator_id, people, before=scores)
    reports.keep_aggregates(store, store.courses.sessions_of(course)[0]["session_id"])
    store.courses.delete_member(people[3]["id"])
    run_session(store, course, 1, facilitator_id, people[:3])
    run_session(store, course, 2, facilitator_id, people[:3], after=scores)
    found = course_report(store, course)
    assert found["sessions"][0]["joined"] == 4  # the session's totals were kept as it ended
    assert [r["from_first"] for r in found["retention"]] == [3, 3, 3]
    assert found["retention"][0]["members"] == 3
    assert found["measures"][0]["paired"] == 3


def test_a_measure_of_too_few_people_shows_only_how_many(store, course, facilitator_id):
    people = [store.courses.add_member(course, n)[0] for n in "AB"]  # the deck's threshold: 3
    scores = {"A": 2, "B": 3}
    for position in range(3):
        run_session(store, course, position, facilitator_id, people, before=scores, after=scores)
    assert course_report(store, course)["measures"] == [
        {
            "measure": "confidence",
            "first_title": "How confident, before?",
            "last_title": "How confident, after?",
            "paired": 2,
            "withheld": True,
        }
    ]


def test_a_course_still_running_is_not_kept_and_waits_for_its_last_session(
    store, course, facilitator_id
):
    people = [store.courses.add_member(course, n)[0] for n in "ABC"]
    run_session(store, course, 0, facilitator_id, people)
    found = course_report(store, course)
    assert (found["kept_at"], found["measures"], found["measures_waiting"]) == (None, [], True)
    assert [s["status"] for s in found["sessions"]] == ["finished", "not started", "not started"]
    assert store.courses.kept_figures(course) is None
    assert course_report(store, "no-such-course") is None


def test_retention_keeps_a_course_s_figures_before_deleting_its_rows(store, course, facilitator_id):
    people = [store.courses.add_member(course, n)[0] for n in "ABC"]
    run_session(store, course, 0, facilitator_id, people)
    reports.run_retention(store, now=NOW + timedelta(days=40), days=30)
    found = course_report(store, course)
    assert found["retention"] == [{"number": 1, "members": 3, "from_first": 3, "percent": 100.0}]
    assert found["kept_at"] is not None
    assert found["sessions"][0]["joined"] == 3


def test_housekeeping_keeps_the_figures_of_a_course_once_its_sessions_have_all_finished(
    store, course, facilitator_id
):
    people = [store.courses.add_member(course, n)[0] for n in "ABC"]
    scores = {"A": 2, "B": 3, "C": 4}
    run_session(store, course, 0, facilitator_id, people, before=scores)
    assert reports.keep_finished_courses(store) == 0  # two sessions to go
    for position in (1, 2):
        run_session(store, course, position, facilitator_id, people, after=scores)
    assert reports.keep_finished_courses(store) == 1
    assert reports.keep_finished_courses(store) == 0
    store.courses.delete_member(people[0]["id"])
    found = course_report(store, course)
    assert [r["from_first"] for r in found["retention"]] == [3, 3, 3]
    assert found["measures"][0]["paired"] == 3
