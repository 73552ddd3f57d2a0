"""What the store keeps around a live room, on a real SQLite file: moderation, who is connected,
discussion groups, anonymous questions and votes, red-flag alerts, and a step's responses with
names and groups for the few views allowed to show them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from sessions.activities import NO_MODERATION, SCREEN, Moderation
from sessions.store import Store, StoreError
from sessions.views import results_for

NAMES = ["Blue Heron", "Red Fox", "Green Owl", "Amber Bee"]


@pytest.fixture
def sid(room_session) -> str:
    return room_session["id"]


@pytest.fixture
def people(store, sid) -> dict[str, str]:
    """Four participants of the room session, by name (joined in the order of NAMES)."""
    return {name: store.add_participant(sid, name)[0]["id"] for name in NAMES}


@pytest.fixture
def other_sid(store, room_session, facilitator_id) -> str:
    """A second live session of the same deck."""
    return store.create_session("room", facilitator_id)["id"]


@pytest.fixture
def clocked(tmp_path, password_hash, room_deck_text):
    """A store whose clock moves on a second each time it is read, with a room session and
    four participants: for what is ordered by time."""
    ticks = itertools.count()
    start = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    store = Store(
        str(tmp_path / "clocked.db"),
        clock=lambda: (start + timedelta(seconds=next(ticks))).isoformat(timespec="seconds"),
    )
    user = store.create_user("physio", password_hash)
    store.save_deck("room", room_deck_text)
    session_id = store.create_session("room", user)["id"]
    ids = {name: store.add_participant(session_id, name)[0]["id"] for name in NAMES}
    yield store, session_id, ids
    store.close()


def answer(store, session_id, participant_id, step_id, value, answer_id="a1"):
    return store.record_response(
        session_id=session_id, participant_id=participant_id, step_id=step_id,
        answer_id=answer_id, value=value, check=lambda state: None,
    )


def store_error(call, *args, **kwargs) -> StoreError:
    with pytest.raises(StoreError) as caught:
        call(*args, **kwargs)
    return caught.value


# Moderation -----------------------------------------------------------------------------------


def test_a_step_with_no_decisions_has_no_moderation(store, sid):
    assert store.moderation(sid, "ideas") == NO_MODERATION


@pytest.mark.parametrize(
    ("actions", "approved", "hidden", "starred"),
    [
        (["approve"], True, False, False),
        (["hide"], False, True, False),
        (["pending"], False, False, False),
        (["star"], False, False, True),
        (["approve", "hide"], False, True, False),
        (["hide", "approve"], True, False, False),
        (["approve", "pending"], False, False, False),
        (["approve", "star"], True, False, True),
        (["star", "approve"], True, False, True),
        (["approve", "star", "hide"], False, True, True),
        (["approve", "star", "unstar"], True, False, False),
        (["unstar"], False, False, False),
        (["star", "star"], False, False, True),
    ],
)
def test_moderation_decisions_are_upserted_and_read_back(
    store, sid, actions, approved, hidden, starred
):
    for action in actions:
        store.moderate(sid, "ideas", "answer-1", action)
    moderation = store.moderation(sid, "ideas")
    assert ("answer-1" in moderation.approved) is approved
    assert ("answer-1" in moderation.hidden) is hidden
    assert ("answer-1" in moderation.starred) is starred
    assert len(list(store.db.query("SELECT * FROM moderation"))) == 1


def test_moderation_is_kept_per_session_step_and_item(store, sid, other_sid):
    store.moderate(sid, "ideas", "a1", "approve")
    store.moderate(sid, "ideas", "a2", "hide")
    store.moderate(sid, "words", "walking", "hide")
    store.moderate(other_sid, "ideas", "a3", "approve")
    assert store.moderation(sid, "ideas") == Moderation(
        approved=frozenset({"a1"}), hidden=frozenset({"a2"})
    )
    assert store.moderation(sid, "words") == Moderation(hidden=frozenset({"walking"}))
    assert store.moderation(other_sid, "ideas") == Moderation(approved=frozenset({"a3"}))


def test_a_moderated_item_is_kept_exactly_as_given(store, sid):
    store.moderate(sid, "words", "don't stop – café", "hide")
    assert store.moderation(sid, "words").hidden == frozenset({"don't stop – café"})


@pytest.mark.parametrize("action", ["delete", "APPROVE", "approved", "", "star; DROP TABLE"])
def test_moderating_with_an_unknown_action_is_refused_and_stores_nothing(store, sid, action):
    error = store_error(store.moderate, sid, "ideas", "a1", action)
    assert error.code == "bad_request"
    assert "approve, hide, pending, star, unstar" in error.message
    assert store.moderation(sid, "ideas") == NO_MODERATION


def test_stored_moderation_decides_what_the_room_sees_of_open_answers(store, sid, people):
    deck = store.deck_of(sid)
    step = deck.step_by_id("ideas")
    for i, name in enumerate(NAMES):
        answer(store, sid, people[name], "ideas", f"Answer from {name}", answer_id=f"id{i}")
    store.moderate(sid, "ideas", "id1", "approve")
    store.moderate(sid, "ideas", "id2", "approve")
    store.moderate(sid, "ideas", "id2", "star")
    store.moderate(sid, "ideas", "id3", "hide")
    facts = step.activity.results(step, store.responses_for_step(sid, "ideas"),
                                  store.moderation(sid, "ideas"))
    shown = results_for(SCREEN, step, facts, seq=1, revealed=True, min_responses=3)
    assert shown["answers"] == [
        {"id": "id2", "text": "Answer from Green Owl", "starred": True},
        {"id": "id1", "text": "Answer from Red Fox", "starred": False},
    ]


# Who is connected -----------------------------------------------------------------------------


def test_a_new_participant_is_not_connected(store, sid, people):
    assert store.connected_participants(sid) == []


def test_connections_are_counted_per_participant(store, sid, people):
    heron, fox = people["Blue Heron"], people["Red Fox"]
    store.count_connection(heron, 1)
    store.count_connection(heron, 1)  # a second tab
    store.count_connection(fox, 1)
    assert store.connected_participants(sid) == [heron, fox]
    store.count_connection(heron, -1)
    assert store.connected_participants(sid) == [heron, fox]
    store.count_connection(heron, -1)
    assert store.connected_participants(sid) == [fox]


def test_connections_never_go_below_zero(store, sid, people):
    owl = people["Green Owl"]
    store.count_connection(owl, -1)
    store.count_connection(owl, -1)
    store.count_connection(owl, 1)
    assert store.connected_participants(sid) == [owl]


def test_connected_participants_come_in_the_order_they_joined(store, sid, people):
    for name in reversed(NAMES):
        store.count_connection(people[name], 1)
    assert store.connected_participants(sid) == [people[name] for name in NAMES]


def test_connected_participants_are_of_this_session_only(store, sid, other_sid, people):
    stranger = store.add_participant(other_sid, "Grey Seal")[0]["id"]
    store.count_connection(stranger, 1)
    store.count_connection(people["Red Fox"], 1)
    assert store.connected_participants(sid) == [people["Red Fox"]]
    assert store.connected_participants(other_sid) == [stranger]


def test_reset_leaves_nobody_connected_in_any_session(store, sid, other_sid, people):
    stranger = store.add_participant(other_sid, "Grey Seal")[0]["id"]
    for participant_id in [*people.values(), stranger]:
        store.count_connection(participant_id, 2)
    store.reset_connections()
    assert store.connected_participants(sid) == []
    assert store.connected_participants(other_sid) == []
    store.count_connection(stranger, 1)
    assert store.connected_participants(other_sid) == [stranger]


def test_counting_an_unknown_participant_changes_nothing(store, sid, people):
    store.count_connection("nobody", 1)
    assert store.connected_participants(sid) == []


# Discussion groups ----------------------------------------------------------------------------


def member(people, name):
    return {"id": people[name], "name": name}


def test_a_step_without_groups_has_none(store, sid):
    assert store.groups(sid, "talk") == []


def test_groups_are_saved_and_read_back_in_order_members_by_name(store, sid, people):
    store.save_groups(sid, "talk", [[people["Red Fox"], people["Blue Heron"]],
                                    [people["Green Owl"], people["Amber Bee"]]])
    assert store.groups(sid, "talk") == [
        [member(people, "Blue Heron"), member(people, "Red Fox")],
        [member(people, "Amber Bee"), member(people, "Green Owl")],
    ]


def test_saving_groups_again_replaces_the_old_ones(store, sid, people):
    store.save_groups(sid, "talk", [[people["Red Fox"], people["Blue Heron"]],
                                    [people["Green Owl"]]])
    store.save_groups(sid, "talk", [[people["Amber Bee"], people["Green Owl"]]])
    assert store.groups(sid, "talk") == [
        [member(people, "Amber Bee"), member(people, "Green Owl")],
    ]
    store.save_groups(sid, "talk", [])
    assert store.groups(sid, "talk") == []


def test_groups_are_kept_per_step(store, sid, people):
    store.save_groups(sid, "talk", [[people["Red Fox"]]])
    store.save_groups(sid, "quiet-talk", [[people["Green Owl"]]])
    assert store.groups(sid, "talk") == [[member(people, "Red Fox")]]
    assert store.groups(sid, "quiet-talk") == [[member(people, "Green Owl")]]


def test_a_late_joiner_is_added_to_a_group(store, sid, people):
    store.save_groups(sid, "talk", [[people["Red Fox"], people["Blue Heron"]],
                                    [people["Green Owl"]]])
    store.add_to_group(sid, "talk", people["Amber Bee"], 2)
    assert store.groups(sid, "talk")[1] == [member(people, "Amber Bee"),
                                            member(people, "Green Owl")]


def test_adding_someone_already_in_a_group_leaves_them_where_they_are(store, sid, people):
    store.save_groups(sid, "talk", [[people["Red Fox"]], [people["Green Owl"]]])
    store.add_to_group(sid, "talk", people["Red Fox"], 2)
    assert store.groups(sid, "talk") == [[member(people, "Red Fox")],
                                         [member(people, "Green Owl")]]


# Anonymous questions --------------------------------------------------------------------------


def test_a_question_is_stored_pending_with_no_votes(store, sid, people):
    question_id, new = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    assert new is True
    assert store.questions(sid) == [{
        "id": question_id, "participant_id": people["Red Fox"], "text": "Is heat better?",
        "status": "pending", "answered": 0, "created_at": "2025-03-01T10:00:00+00:00",
        "votes": 0,
    }]


def test_the_same_question_sent_again_with_the_same_client_id_is_stored_once(store, sid, people):
    first = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    again = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    assert again == (first[0], False)
    assert len(store.questions(sid)) == 1


def test_a_client_id_used_for_another_question_is_a_conflict(store, sid, people):
    question_id, _ = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    error = store_error(store.add_question, sid, people["Red Fox"], "c1", "Is ice better?")
    assert error.code == "conflict"
    assert [(q["id"], q["text"]) for q in store.questions(sid)] == [
        (question_id, "Is heat better?")
    ]


def test_client_ids_belong_to_their_participant(store, sid, people):
    first, _ = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    second, new = store.add_question(sid, people["Green Owl"], "c1", "Is heat better?")
    third, _ = store.add_question(sid, people["Red Fox"], "c2", "Is heat better?")
    assert new is True
    assert len({first, second, third}) == 3


def test_questions_are_listed_per_session(store, sid, other_sid, people):
    stranger = store.add_participant(other_sid, "Grey Seal")[0]["id"]
    store.add_question(other_sid, stranger, "c1", "Elsewhere?")
    assert store.questions(sid) == []


@pytest.fixture
def approved(store, sid, people) -> str:
    """Red Fox's question, approved so that others may vote for it."""
    question_id, _ = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    store.set_question(sid, question_id, status="approved")
    return question_id


def test_a_vote_is_counted_once_per_person(store, sid, people, approved):
    store.vote(sid, approved, people["Green Owl"])
    store.vote(sid, approved, people["Amber Bee"])
    assert store.questions(sid)[0]["votes"] == 2
    assert store.votes_of(people["Green Owl"]) == [approved]
    assert store.votes_of(people["Red Fox"]) == []


def test_voting_twice_is_refused_as_already_voted(store, sid, people, approved):
    store.vote(sid, approved, people["Green Owl"])
    assert store_error(store.vote, sid, approved, people["Green Owl"]).code == "already_voted"
    assert store.questions(sid)[0]["votes"] == 1


def test_voting_for_ones_own_question_is_refused(store, sid, people, approved):
    assert store_error(store.vote, sid, approved, people["Red Fox"]).code == "own_question"
    assert store.questions(sid)[0]["votes"] == 0


@pytest.mark.parametrize("status", ["pending", "hidden"])
def test_voting_for_a_question_not_shown_is_refused_as_unknown(store, sid, people, status):
    question_id, _ = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    store.set_question(sid, question_id, status=status)
    error = store_error(store.vote, sid, question_id, people["Green Owl"])
    assert error.code == "unknown_question"
    assert store.votes_of(people["Green Owl"]) == []


def test_voting_for_no_such_question_or_another_sessions_is_refused(
    store, sid, other_sid, people, approved
):
    assert store_error(store.vote, sid, "nope", people["Green Owl"]).code == "unknown_question"
    assert store_error(store.vote, other_sid, approved,
                       people["Green Owl"]).code == "unknown_question"


def test_questions_come_most_votes_first_then_oldest(store, sid, people):
    ids = []
    for i, name in enumerate(["Red Fox", "Green Owl", "Amber Bee"]):
        question_id, _ = store.add_question(sid, people[name], f"c{i}", f"Question {i}")
        store.set_question(sid, question_id, status="approved")
        ids.append(question_id)
    store.vote(sid, ids[2], people["Blue Heron"])
    store.vote(sid, ids[2], people["Red Fox"])
    store.vote(sid, ids[1], people["Blue Heron"])
    assert [q["id"] for q in store.questions(sid)] == [ids[2], ids[1], ids[0]]
    assert [q["votes"] for q in store.questions(sid)] == [2, 1, 0]


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
    question_id, _ = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    store.set_question(sid, question_id, **changes)
    (question,) = store.questions(sid)
    assert (question["status"], question["answered"]) == (status, answered)


@pytest.mark.parametrize(
    "changes",
    [{}, {"text": "Changed"}, {"participant_id": "someone"}, {"status": "approved", "votes": 9}],
    ids=repr,
)
def test_changing_anything_else_of_a_question_is_refused(store, sid, people, changes):
    question_id, _ = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    before = store.questions(sid)
    error = store_error(store.set_question, sid, question_id, **changes)
    assert error.code == "bad_request"
    assert store.questions(sid) == before


def test_changing_no_such_question_or_another_sessions_is_refused(store, sid, other_sid,
                                                                  people):
    question_id, _ = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    error = store_error(store.set_question, sid, "nope", status="approved")
    assert error.code == "unknown_question"
    error = store_error(store.set_question, other_sid, question_id, status="approved")
    assert error.code == "unknown_question"
    assert store.questions(sid)[0]["status"] == "pending"


@pytest.mark.parametrize(
    "changes",
    [{"status": "closed"}, {"status": None}, {"answered": 7}, {"answered": "yes"}],
    ids=repr,
)
def test_a_question_status_or_answered_value_out_of_range_is_refused(
    store, sid, people, changes
):
    question_id, _ = store.add_question(sid, people["Red Fox"], "c1", "Is heat better?")
    before = store.questions(sid)
    error = store_error(store.set_question, sid, question_id, **changes)
    assert error.code == "bad_request"
    assert store.questions(sid) == before


# Red-flag alerts ------------------------------------------------------------------------------


def test_an_alert_is_stored_with_the_participants_name_and_unseen(store, sid, people):
    alert = store.add_alert(sid, people["Red Fox"], "open", "bladder, both legs")
    assert alert == {
        "id": alert["id"], "source": "open", "matched": "bladder, both legs",
        "created_at": "2025-03-01T10:00:00+00:00", "seen_at": None, "name": "Red Fox",
    }
    assert store.alerts(sid) == [alert]


def test_alerts_come_newest_first_and_per_session(clocked):
    store, session_id, people = clocked
    first = store.add_alert(session_id, people["Red Fox"], "open", "bladder")
    second = store.add_alert(session_id, people["Green Owl"], "plan", "numb bottom")
    assert [a["id"] for a in store.alerts(session_id)] == [second["id"], first["id"]]
    assert [a["name"] for a in store.alerts(session_id)] == ["Green Owl", "Red Fox"]
    assert store.alerts(session_id, alert_id=first["id"]) == [first]


def test_alerts_of_the_same_moment_still_come_newest_first(store, sid, people):
    ids = [store.add_alert(sid, people["Red Fox"], "open", f"flag {i}")["id"] for i in range(3)]
    assert [a["id"] for a in store.alerts(sid)] == ids[::-1]


def test_another_sessions_alerts_are_not_listed(store, sid, other_sid, people):
    stranger = store.add_participant(other_sid, "Grey Seal")[0]["id"]
    store.add_alert(other_sid, stranger, "question", "fever")
    assert store.alerts(sid) == []


def test_an_alert_is_marked_seen_once_and_keeps_the_first_time(clocked):
    store, session_id, people = clocked
    alert = store.add_alert(session_id, people["Red Fox"], "open", "bladder")
    store.mark_alert_seen(session_id, alert["id"])
    (seen,) = store.alerts(session_id)
    assert seen["seen_at"] is not None
    assert seen["seen_at"] > alert["created_at"]
    store.mark_alert_seen(session_id, alert["id"])
    assert store.alerts(session_id)[0]["seen_at"] == seen["seen_at"]


def test_marking_an_unknown_or_another_sessions_alert_is_refused(store, sid, other_sid, people):
    alert = store.add_alert(sid, people["Red Fox"], "open", "bladder")
    assert store_error(store.mark_alert_seen, sid, "nope").code == "unknown_alert"
    assert store_error(store.mark_alert_seen, other_sid, alert["id"]).code == "unknown_alert"
    assert store.alerts(sid)[0]["seen_at"] is None


# A step's responses, with names and groups ----------------------------------------------------


def test_responses_for_a_step_come_in_answer_order_with_names_ids_and_groups(clocked):
    store, session_id, people = clocked
    store.save_groups(session_id, "talk", [[people["Red Fox"]],
                                           [people["Green Owl"], people["Blue Heron"]]])
    answer(store, session_id, people["Green Owl"], "talk", "Pacing", answer_id="n1")
    answer(store, session_id, people["Amber Bee"], "talk", "Heat", answer_id="n2")
    answer(store, session_id, people["Red Fox"], "talk", "Walking", answer_id="n3")
    responses = store.responses_for_step(session_id, "talk")
    assert [(r.value, r.answer_id, r.name, r.group) for r in responses] == [
        ("Pacing", "n1", "Green Owl", 2),
        ("Heat", "n2", "Amber Bee", None),
        ("Walking", "n3", "Red Fox", 1),
    ]


def test_responses_come_back_as_the_values_stored(store, sid, people):
    plan = {"matters": "Gardening", "confidence": 6, "share": True, "review_date": ""}
    answer(store, sid, people["Red Fox"], "my-plan", plan)
    (response,) = store.responses_for_step(sid, "my-plan")
    assert response.value == plan
    assert response.group is None


def test_responses_for_a_step_are_of_that_step_and_session_only(store, sid, other_sid, people):
    stranger = store.add_participant(other_sid, "Grey Seal")[0]["id"]
    answer(store, sid, people["Red Fox"], "ideas", "Here", answer_id="x1")
    answer(store, sid, people["Red Fox"], "words", ["here"], answer_id="x2")
    answer(store, other_sid, stranger, "ideas", "Elsewhere", answer_id="x3")
    assert [r.value for r in store.responses_for_step(sid, "ideas")] == ["Here"]
    assert [r.value for r in store.responses_for_step(other_sid, "ideas")] == ["Elsewhere"]


def test_groups_of_another_step_do_not_label_a_response(store, sid, people):
    store.save_groups(sid, "quiet-talk", [[people["Red Fox"]]])
    answer(store, sid, people["Red Fox"], "talk", "Note")
    assert store.responses_for_step(sid, "talk")[0].group is None


def test_a_new_answer_replaces_the_old_one_in_the_step_responses(store, sid, people):
    answer(store, sid, people["Red Fox"], "ideas", "First", answer_id="a1")
    answer(store, sid, people["Red Fox"], "ideas", "Second", answer_id="a2")
    assert [(r.value, r.answer_id) for r in store.responses_for_step(sid, "ideas")] == [
        ("Second", "a2")
    ]


def test_values_by_participant_are_keyed_by_participant(store, sid, people):
    answer(store, sid, people["Red Fox"], "before", 3, answer_id="b1")
    answer(store, sid, people["Green Owl"], "before", 7, answer_id="b2")
    answer(store, sid, people["Red Fox"], "after", 6, answer_id="f1")
    assert store.values_by_participant(sid, "before") == {
        people["Red Fox"]: 3, people["Green Owl"]: 7,
    }
    assert store.values_by_participant(sid, "after") == {people["Red Fox"]: 6}
    assert store.values_by_participant(sid, "words") == {}
