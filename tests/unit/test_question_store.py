"""Anonymous questions and votes in the store, on a real SQLite file: stored once, voted on once
per person, ordered by votes, and changed only in their status and answered flag."""

from __future__ import annotations

import pytest

from tests.unit.room_store_calls import store_error

# Anonymous questions --------------------------------------------------------------------------


def test_a_question_is_stored_pending_with_no_votes(store, sid, people):
    question_id, new = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    assert new is True
    assert store.room.questions(sid) == [
        {
            "id": question_id,
            "participant_id": people["Red Fox"],
            "text": "Is heat better?",
            "status": "pending",
            "answered": 0,
            "created_at": "2025-03-01T10:00:00+00:00",
            "votes": 0,
        }
    ]


def test_the_same_question_sent_again_with_the_same_client_id_is_stored_once(store, sid, people):
    first = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    again = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    assert again == (first[0], False)
    assert len(store.room.questions(sid)) == 1


def test_a_client_id_used_for_another_question_is_a_conflict(store, sid, people):
    question_id, _ = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    error = store_error(store.room.add_question, sid, people["Red Fox"], "c1", "Is ice better?")
    assert error.code == "conflict"
    assert [(q["id"], q["text"]) for q in store.room.questions(sid)] == [
        (question_id, "Is heat better?")
    ]


def test_client_ids_belong_to_their_participant(store, sid, people):
    first, _ = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    second, new = store.room.add_question(sid, people["Green Owl"], "c1", "Is heat better?")
    third, _ = store.room.add_question(sid, people["Red Fox"], "c2", "Is heat better?")
    assert new is True
    assert len({first, second, third}) == 3


def test_questions_are_listed_per_session(store, sid, other_sid, people):
    stranger = store.participants.add(other_sid, "Grey Seal")[0]["id"]
    store.room.add_question(other_sid, stranger, "c1", "Elsewhere?")
    assert store.room.questions(sid) == []


@pytest.fixture
def approved(store, sid, people) -> str:
    """Red Fox's question, approved so that others may vote for it."""
    question_id, _ = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    store.room.set_question(sid, question_id, status="approved")
    return question_id


def test_a_vote_is_counted_once_per_person(store, sid, people, approved):
    store.room.vote(sid, approved, people["Green Owl"])
    store.room.vote(sid, approved, people["Amber Bee"])
    assert store.room.questions(sid)[0]["votes"] == 2
    assert store.room.votes_of(people["Green Owl"]) == [approved]
    assert store.room.votes_of(people["Red Fox"]) == []


def test_voting_twice_is_refused_as_already_voted(store, sid, people, approved):
    store.room.vote(sid, approved, people["Green Owl"])
    assert store_error(store.room.vote, sid, approved, people["Green Owl"]).code == "already_voted"
    assert store.room.questions(sid)[0]["votes"] == 1


def test_voting_for_ones_own_question_is_refused(store, sid, people, approved):
    assert store_error(store.room.vote, sid, approved, people["Red Fox"]).code == "own_question"
    assert store.room.questions(sid)[0]["votes"] == 0


@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_voting_for_a_question_not_shown_is_refused_as_unknown(store, sid, people, status):
    question_id, _ = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    store.room.set_question(sid, question_id, status=status)
    error = store_error(store.room.vote, sid, question_id, people["Green Owl"])
    assert error.code == "unknown_question"
    assert store.room.votes_of(people["Green Owl"]) == []


def test_voting_for_no_such_question_or_another_sessions_is_refused(
    store, sid, other_sid, people, approved
):
    assert store_error(store.room.vote, sid, "nope", people["Green Owl"]).code == "unknown_question"
    assert (
        store_error(store.room.vote, other_sid, approved, people["Green Owl"]).code
        == "unknown_question"
    )


def test_questions_come_most_votes_first_then_oldest(store, sid, people):
    ids = []
    for i, name in enumerate(["Red Fox", "Green Owl", "Amber Bee"]):
        question_id, _ = store.room.add_question(sid, people[name], f"c{i}", f"Question {i}")
        store.room.set_question(sid, question_id, status="approved")
        ids.append(question_id)
    store.room.vote(sid, ids[2], people["Blue Heron"])
    store.room.vote(sid, ids[2], people["Red Fox"])
    store.room.vote(sid, ids[1], people["Blue Heron"])
    assert [q["id"] for q in store.room.questions(sid)] == [ids[2], ids[1], ids[0]]
    assert [q["votes"] for q in store.room.questions(sid)] == [2, 1, 0]


@pytest.mark.parametrize(
    ("changes", "status", "answered"),
    [
        ({"status": "approved"}, "approved", 0),
        ({"status": "hidden"}, "hidden", 0),
        ({"status": "pending"}, "pending", 0),
        ({"answered": 1}, "pending", 1),
        ({"status": "approved", "answered": 1}, "approved", 1),
    ],
)
def test_a_question_status_and_answered_flag_can_be_changed(
    store, sid, people, changes, status, answered
):
    question_id, _ = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    store.room.set_question(sid, question_id, **changes)
    (question,) = store.room.questions(sid)
    assert (question["status"], question["answered"]) == (status, answered)


@pytest.mark.parametrize(
    "changes",
    [{}, {"text": "Changed"}, {"participant_id": "someone"}, {"status": "approved", "votes": 9}],
    ids=repr,
)
def test_changing_anything_else_of_a_question_is_refused(store, sid, people, changes):
    question_id, _ = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    before = store.room.questions(sid)
    error = store_error(store.room.set_question, sid, question_id, **changes)
    assert error.code == "bad_request"
    assert store.room.questions(sid) == before


def test_changing_no_such_question_or_another_sessions_is_refused(store, sid, other_sid, people):
    question_id, _ = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    error = store_error(store.room.set_question, sid, "nope", status="approved")
    assert error.code == "unknown_question"
    error = store_error(store.room.set_question, other_sid, question_id, status="approved")
    assert error.code == "unknown_question"
    assert store.room.questions(sid)[0]["status"] == "pending"


@pytest.mark.parametrize(
    "changes",
    [{"status": "closed"}, {"status": None}, {"answered": 7}, {"answered": "yes"}],
    ids=repr,
)
def test_a_question_status_or_answered_value_out_of_range_is_refused(store, sid, people, changes):
    question_id, _ = store.room.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    before = store.room.questions(sid)
    error = store_error(store.room.set_question, sid, question_id, **changes)
    assert error.code == "bad_request"
    assert store.room.questions(sid) == before
