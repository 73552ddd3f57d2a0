"""The plan review: each person's own latest plan (from an earlier session of their course, or
earlier in this session), how it went, the changed plan becoming their latest; the console
sees only counts. Someone who missed the first session is told kindly there is none; someone
who deleted their data mid-course loses their rows while the kept totals stay."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sessions.activities import KINDS, EarlierAnswer, InvalidResponse, Response
from sessions.deck import parse_deck
from sessions.looking_back import earlier_answers, looking_back
from sessions.reports.freeze import keep_aggregates

WEEK_1 = """\
title: Week one
steps:
  - {id: hello, kind: slide, title: Hello}
  - {id: my-plan, kind: plan, title: My plan}
"""
WEEK_2 = """\
title: Week two
steps:
  - {id: how-did-it-go, kind: plan_review, title: "How did your plan go?"}
  - {id: my-plan, kind: plan, title: My plan}
"""
REVIEW = KINDS["plan_review"]


@pytest.fixture
def weeks(store, facilitator_id):
    store.decks.save("week-1", WEEK_1)
    store.decks.save("week-2", WEEK_2)
    course = store.courses.create(
        "Tuesdays", facilitator_id, plan=[("week-1", "group"), ("week-2", "group")]
    )
    sessions = []
    for position, deck_id in enumerate(("week-1", "week-2")):
        session = store.sessions.create(deck_id, facilitator_id)
        store.courses.start_session(course, position, session["id"])
        sessions.append(session["id"])
    return course, sessions


def join(store, course, session_id, member=None, name="Robin"):
    if member is None:
        member, _ = store.courses.add_member(course, name)
    participant, _ = store.participants.add(session_id, member["name"])
    store.courses.link(participant["id"], member["id"])
    return member, participant["id"]


def review_step():
    return parse_deck(WEEK_2).step_by_id("how-did-it-go")


# Answers ------------------------------------------------------------------------------------


def test_a_review_keeps_how_it_went_the_answers_and_the_changed_plan():
    step = review_step()
    value = REVIEW.validate_response(
        step,
        {
            "went": "partly",
            "in_the_way": " Rain ",
            "next": "Walk indoors",
            "plan": {"goal": "Walk"},
        },
    )
    assert value == {
        "went": "partly",
        "in_the_way": "Rain",
        "next": "Walk indoors",
        "plan": {"goal": "Walk"},
    }
    assert REVIEW.validate_response(step, {}) == {
        "went": None,
        "in_the_way": "",
        "next": "",
        "plan": {},
    }


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("did", "sent as its fields"),
        ({"went": "maybe"}, "did it, partly, or not yet"),
        ({"mood": "good"}, "no field called mood"),
        ({"in_the_way": 3}, "Each answer"),
        ({"in_the_way": "x" * 301}, "Each answer"),
        ({"plan": {"wish": "x"}}, "no field called wish"),
        ({"plan": {"confidence": 11}}, "0 to 10"),
    ],
)
def test_a_wrong_review_is_refused_in_plain_words(value, words):
    with pytest.raises(InvalidResponse) as refused:
        REVIEW.validate_response(review_step(), value)
    assert words in str(refused.value)


def test_the_console_sees_only_counts_and_the_room_nothing():
    step = review_step()
    answers = [
        {"went": "did", "plan": {}},
        {"went": "did", "plan": {"goal": "Swim"}},
        {"went": "not_yet", "plan": {}},
        {"went": None, "plan": {"goal": "Walk"}},
    ]
    results = REVIEW.results(step, [Response(v, f"a{i}", "Robin") for i, v in enumerate(answers)])
    assert results == {"reviewed": 3, "did": 2, "partly": 0, "not_yet": 1, "changed": 2}
    assert "Robin" not in str(results)
    assert "Swim" not in str(results)
    assert REVIEW.private
    assert not REVIEW.answers_by_name
    assert REVIEW.result_size(results) == 3
    assert [r["count"] for r in REVIEW.report_entry(step, results)["rows"]] == [3, 2, 0, 1, 2]


def test_the_texts_are_scanned_for_red_flags_with_the_plan_s():
    value = {"went": "did", "in_the_way": "Numb legs", "next": "", "plan": {"goal": "Walk"}}
    assert REVIEW.free_text(review_step(), value) == ["Numb legs", "Walk"]


# Looking back -------------------------------------------------------------------------------


def earlier(step, value, order, this_session=False):
    return EarlierAnswer(step=step, value=value, order=order, this_session=this_session)


def test_the_latest_plan_is_shown_and_the_review_itself_is_not_before_itself():
    plan_step = parse_deck(WEEK_1).step_by_id("my-plan")
    step = review_step()
    found = [
        earlier(plan_step, {"goal": "Walk"}, (0, "2025-03-01T10:00:00+00:00")),
        earlier(plan_step, {"goal": ""}, (0, "2025-03-01T11:00:00+00:00")),  # empty: no plan
        earlier(step, {"went": "did", "plan": {"goal": "Swim"}}, (1, "2025-03-08T10:00:00"), True),
    ]
    assert REVIEW.looked_back(step, found) == {
        "plan": {"goal": "Walk"},
        "made_on": "2025-03-01",
        "earlier_session": True,
    }
    later_review = parse_deck(WEEK_2.replace("how-did-it-go", "again")).step_by_id("again")
    assert REVIEW.looked_back(later_review, found)["plan"] == {"goal": "Swim"}
    assert REVIEW.looked_back(step, []) is None


def test_a_plan_made_in_session_one_is_there_in_session_two(store, weeks):
    course, (first, second) = weeks
    member, in_first = join(store, course, first)
    store.responses.save_own(first, in_first, "my-plan", {"step_what": "Walk 10 minutes"})
    _, in_second = join(store, course, second, member)
    deck = store.sessions.deck_of(second)
    shown = looking_back(store, second, in_second, deck)["how-did-it-go"]
    assert shown["plan"] == {"step_what": "Walk 10 minutes"}
    assert shown["earlier_session"] is True
    # Another member's plan is never shown to them.
    other, other_in_first = join(store, course, first, name="Sam")
    store.responses.save_own(first, other_in_first, "my-plan", {"step_what": "Swim"})
    assert looking_back(store, second, in_second, deck)["how-did-it-go"]["plan"] == {
        "step_what": "Walk 10 minutes"
    }


def test_someone_who_missed_the_first_session_has_no_plan_to_review(store, weeks):
    course, (first, second) = weeks
    _, in_second = join(store, course, second)
    shown = looking_back(store, second, in_second, store.sessions.deck_of(second))
    assert shown == {"how-did-it-go": None}


def test_the_changed_plan_is_the_latest_plan_from_then_on(store, weeks):
    course, (first, second) = weeks
    member, in_first = join(store, course, first)
    store.responses.save_own(first, in_first, "my-plan", {"step_what": "Walk"})
    _, in_second = join(store, course, second, member)
    store.responses.save_own(
        second, in_second, "how-did-it-go", {"went": "partly", "plan": {"step_what": "Walk less"}}
    )
    answers = earlier_answers(store, second, in_second)
    latest = max(
        (a for a in answers if a.step.activity.kept_forward(a.step, a.value)), key=lambda a: a.order
    )
    assert latest.step.activity.kept_forward(latest.step, latest.value) == {
        "step_what": "Walk less"
    }


def test_outside_a_course_the_review_looks_at_this_session_alone(store, facilitator_id, weeks):
    single = store.sessions.create("week-2", facilitator_id)["id"]
    participant, _ = store.participants.add(single, "Robin")
    deck = store.sessions.deck_of(single)
    assert looking_back(store, single, participant["id"], deck) == {"how-did-it-go": None}
    store.responses.save_own(single, participant["id"], "my-plan", {"goal": "Garden"})
    shown = looking_back(store, single, participant["id"], deck)["how-did-it-go"]
    assert shown["plan"] == {"goal": "Garden"}
    assert shown["earlier_session"] is False


def test_a_deck_without_a_review_reads_nothing(store, weeks):
    course, (first, _second) = weeks
    _, in_first = join(store, course, first)
    assert looking_back(store, first, in_first, store.sessions.deck_of(first)) == {}


def test_deleting_mid_course_removes_their_rows_and_the_kept_totals_stay(store, weeks):
    course, (first, second) = weeks
    robin, robin_first = join(store, course, first)
    sam, sam_first = join(store, course, first, name="Sam")
    for who in (robin_first, sam_first):
        store.responses.save_own(first, who, "my-plan", {"goal": "Walk", "done": True})
    state = store.sessions.load_live(first)
    store.sessions.save_live(first, replace(state, seq=state.seq + 1, ended=True), state.seq)
    keep_aggregates(store, first)
    kept = store.review.step_results(first)["my-plan"]
    _, robin_second = join(store, course, second, robin)
    store.responses.save_own(second, robin_second, "how-did-it-go", {"went": "did", "plan": {}})
    store.courses.delete_member(robin["id"])
    assert [m["id"] for m in store.courses.members(course)] == [sam["id"]]
    assert store.participants.get(robin_first) is None
    assert store.participants.get(robin_second) is None
    assert store.responses.of_participant(robin_first) == {}
    assert store.review.step_results(first)["my-plan"] == kept
    assert kept["started"] == 2
    _, sam_second = join(store, course, second, sam)
    assert looking_back(store, second, sam_second, store.sessions.deck_of(second))["how-did-it-go"][
        "plan"
    ] == {"goal": "Walk", "done": True}
