"""Courses in the store: a course's sessions in order, each started once; members found again
by their notebook link, linked to a participant in each session, and deleted with every row
they gave while the course's totals stay."""

from __future__ import annotations

import pytest

from sessions.store import StoreError


@pytest.fixture
def course_id(store, small_deck_id, facilitator_id) -> str:
    return store.courses.create(
        "Back pain group, Tuesdays",
        facilitator_id,
        plan=[(small_deck_id, "group"), (small_deck_id, "group"), (small_deck_id, "self-paced")],
    )


def count(store, table: str) -> int:
    return store.database.one(f"SELECT count(*) AS n FROM {table}")["n"]


def test_a_course_keeps_its_title_owner_and_sessions_in_order(store, course_id, facilitator_id):
    assert store.courses.get(course_id) == {
        "id": course_id,
        "title": "Back pain group, Tuesdays",
        "owner_id": facilitator_id,
        "created_at": "2025-03-01T10:00:00+00:00",
    }
    rows = store.courses.sessions_of(course_id)
    assert [(r["position"], r["mode"], r["session_id"]) for r in rows] == [
        (0, "group", None),
        (1, "group", None),
        (2, "self-paced", None),
    ]
    assert {r["deck_title"] for r in rows} == {"Small class"}
    assert [c["id"] for c in store.courses.of_owner(facilitator_id)] == [course_id]
    assert store.courses.get("nope") is None


@pytest.mark.parametrize(
    ("title", "plan", "code", "words"),
    [
        ("  ", [("small", "group")], "bad_request", "needs a title"),
        ("x" * 121, [("small", "group")], "bad_request", "at most 120"),
        ("Course", [], "bad_request", "at least one session"),
        ("Course", [("small", "group")] * 21, "bad_request", "at most 20 sessions"),
        ("Course", [("small", "group"), ("small", "party")], "bad_request", "Session 2: the mode"),
        ("Course", [("small", "group"), ("gone", "group")], "unknown_deck", "Session 2: there"),
    ],
)
def test_a_wrong_course_is_refused_and_nothing_is_written(
    store, small_deck_id, facilitator_id, title, plan, code, words
):
    with pytest.raises(StoreError) as refused:
        store.courses.create(title, facilitator_id, plan=plan)
    assert refused.value.code == code
    assert words in refused.value.message
    assert count(store, "courses") == 0
    assert count(store, "course_sessions") == 0


def test_each_session_of_a_course_starts_once(store, course_id, small_deck_id, facilitator_id):
    first = store.sessions.create(small_deck_id, facilitator_id)
    store.courses.start_session(course_id, 0, first["id"])
    assert store.courses.sessions_of(course_id)[0]["session_id"] == first["id"]
    assert store.courses.sessions_of(course_id)[0]["code"] == first["code"]
    assert store.courses.place_of(first["id"]) == {
        "course_id": course_id,
        "position": 0,
        "title": "Back pain group, Tuesdays",
    }
    again = store.sessions.create(small_deck_id, facilitator_id)
    with pytest.raises(StoreError) as started:
        store.courses.start_session(course_id, 0, again["id"])
    assert started.value.code == "already_started"
    with pytest.raises(StoreError) as missing:
        store.courses.start_session(course_id, 3, again["id"])
    assert missing.value.code == "not_found"
    assert store.courses.place_of(again["id"]) is None
    assert store.courses.sessions_of(course_id)[0]["session_id"] == first["id"]


def test_a_member_is_found_by_their_link_and_is_one_person_across_sessions(
    store, course_id, small_deck_id, facilitator_id
):
    sessions = [store.sessions.create(small_deck_id, facilitator_id) for _ in range(2)]
    for position, session in enumerate(sessions):
        store.courses.start_session(course_id, position, session["id"])
    member, key = store.courses.add_member(course_id, "Robin")
    assert store.courses.member_for_key(key) == member
    assert store.courses.member_for_key("wrong") is None
    assert key not in str(store.database.rows("SELECT * FROM course_members"))
    joined = []
    for session in sessions:
        participant, _ = store.participants.add(session["id"], "Robin")
        store.courses.link(participant["id"], member["id"])
        joined.append(participant["id"])
    assert [store.courses.member_of(p) for p in joined] == [member, member]
    assert store.courses.participant_in(member["id"], sessions[1]["id"]) == joined[1]
    loner, _ = store.participants.add(sessions[0]["id"], "Sam")
    assert store.courses.member_of(loner["id"]) is None
    [listed] = store.courses.members(course_id)
    assert (listed["id"], listed["name"], listed["sessions"]) == (member["id"], "Robin", 2)


def test_a_new_key_replaces_the_old_one(store, course_id):
    member, key = store.courses.add_member(course_id, "Robin")
    fresh = store.courses.new_key(member["id"])
    assert fresh is not None
    assert store.courses.member_for_key(key) is None
    assert store.courses.member_for_key(fresh) == member
    assert store.courses.new_key("gone") is None


def test_a_members_answers_come_from_every_session_they_joined_in_course_order(
    store, course_id, small_deck_id, facilitator_id
):
    sessions = [store.sessions.create(small_deck_id, facilitator_id) for _ in range(2)]
    for position, session in enumerate(sessions):
        store.courses.start_session(course_id, position, session["id"])
    member, _ = store.courses.add_member(course_id, "Robin")
    for position, session in enumerate(sessions):
        participant, _ = store.participants.add(session["id"], "Robin")
        store.courses.link(participant["id"], member["id"])
        store.responses.save_own(session["id"], participant["id"], "change", {"n": position})
    other, _ = store.participants.add(sessions[0]["id"], "Sam")
    store.responses.save_own(sessions[0]["id"], other["id"], "change", {"n": 9})
    assert [
        (r["position"], r["step_id"], r["value"]) for r in store.courses.responses_of(member["id"])
    ] == [(0, "change", {"n": 0}), (1, "change", {"n": 1})]


def test_deleting_a_member_removes_their_rows_and_link_but_not_the_course(
    store, course_id, small_deck_id, facilitator_id
):
    sessions = [store.sessions.create(small_deck_id, facilitator_id) for _ in range(2)]
    for position, session in enumerate(sessions):
        store.courses.start_session(course_id, position, session["id"])
    member, key = store.courses.add_member(course_id, "Robin")
    stayer, _ = store.courses.add_member(course_id, "Sam")
    for session in sessions:
        for who in (member, stayer):
            participant, _ = store.participants.add(session["id"], who["name"])
            store.courses.link(participant["id"], who["id"])
            store.responses.save_own(session["id"], participant["id"], "change", {"w": 1})
    store.courses.delete_member(member["id"])
    assert store.courses.member_for_key(key) is None
    assert [m["id"] for m in store.courses.members(course_id)] == [stayer["id"]]
    assert store.courses.responses_of(member["id"]) == []
    assert count(store, "participants") == 2
    assert count(store, "responses") == 2
    assert len(store.courses.sessions_of(course_id)) == 3
    store.courses.delete_member(member["id"])  # again: nothing left, nothing fails
