"""What the store keeps around a live room, on a real SQLite file: who is connected, discussion
groups, and a step's responses with names and groups for the few views allowed to show them."""

from __future__ import annotations

from tests.unit.room_store_calls import NAMES, answer

# Who is connected -----------------------------------------------------------------------------


def test_a_new_participant_is_not_connected(store, sid, people):
    assert store.room.connected(sid) == []


def test_connections_are_counted_per_participant(store, sid, people):
    heron, fox = people["Blue Heron"], people["Red Fox"]
    store.room.count_connection(heron, 1)
    store.room.count_connection(heron, 1)  # a second tab
    store.room.count_connection(fox, 1)
    assert store.room.connected(sid) == [heron, fox]
    store.room.count_connection(heron, -1)
    assert store.room.connected(sid) == [heron, fox]
    store.room.count_connection(heron, -1)
    assert store.room.connected(sid) == [fox]


def test_connections_never_go_below_zero(store, sid, people):
    owl = people["Green Owl"]
    store.room.count_connection(owl, -1)
    store.room.count_connection(owl, -1)
    store.room.count_connection(owl, 1)
    assert store.room.connected(sid) == [owl]


def test_connected_participants_come_in_the_order_they_joined(store, sid, people):
    for name in reversed(NAMES):
        store.room.count_connection(people[name], 1)
    assert store.room.connected(sid) == [people[name] for name in NAMES]


def test_connected_participants_are_of_this_session_only(store, sid, other_sid, people):
    stranger = store.participants.add(other_sid, "Grey Seal")[0]["id"]
    store.room.count_connection(stranger, 1)
    store.room.count_connection(people["Red Fox"], 1)
    assert store.room.connected(sid) == [people["Red Fox"]]
    assert store.room.connected(other_sid) == [stranger]


def test_reset_leaves_nobody_connected_in_any_session(store, sid, other_sid, people):
    stranger = store.participants.add(other_sid, "Grey Seal")[0]["id"]
    for participant_id in [*people.values(), stranger]:
        store.room.count_connection(participant_id, 2)
    store.room.reset_connections()
    assert store.room.connected(sid) == []
    assert store.room.connected(other_sid) == []
    store.room.count_connection(stranger, 1)
    assert store.room.connected(other_sid) == [stranger]


def test_counting_an_unknown_participant_changes_nothing(store, sid, people):
    store.room.count_connection("nobody", 1)
    assert store.room.connected(sid) == []


# Discussion groups ----------------------------------------------------------------------------


def member(people, name):
    return {"id": people[name], "name": name}


def test_a_step_without_groups_has_none(store, sid):
    assert store.room.groups(sid, "talk") == []


def test_groups_are_saved_and_read_back_in_order_members_by_name(store, sid, people):
    store.room.save_groups(
        sid,
        "talk",
        [[people["Red Fox"], people["Blue Heron"]], [people["Green Owl"], people["Amber Bee"]]],
    )
    assert store.room.groups(sid, "talk") == [
        [member(people, "Blue Heron"), member(people, "Red Fox")],
        [member(people, "Amber Bee"), member(people, "Green Owl")],
    ]


def test_saving_groups_again_replaces_the_old_ones(store, sid, people):
    store.room.save_groups(
        sid, "talk", [[people["Red Fox"], people["Blue Heron"]], [people["Green Owl"]]]
    )
    store.room.save_groups(sid, "talk", [[people["Amber Bee"], people["Green Owl"]]])
    assert store.room.groups(sid, "talk") == [
        [member(people, "Amber Bee"), member(people, "Green Owl")],
    ]
    store.room.save_groups(sid, "talk", [])
    assert store.room.groups(sid, "talk") == []


def test_groups_are_kept_per_step(store, sid, people):
    store.room.save_groups(sid, "talk", [[people["Red Fox"]]])
    store.room.save_groups(sid, "quiet-talk", [[people["Green Owl"]]])
    assert store.room.groups(sid, "talk") == [[member(people, "Red Fox")]]
    assert store.room.groups(sid, "quiet-talk") == [[member(people, "Green Owl")]]


def test_a_late_joiner_is_added_to_a_group(store, sid, people):
    store.room.save_groups(
        sid, "talk", [[people["Red Fox"], people["Blue Heron"]], [people["Green Owl"]]]
    )
    store.room.add_to_group(sid, "talk", people["Amber Bee"], 2)
    assert store.room.groups(sid, "talk")[1] == [
        member(people, "Amber Bee"),
        member(people, "Green Owl"),
    ]


def test_adding_someone_already_in_a_group_leaves_them_where_they_are(store, sid, people):
    store.room.save_groups(sid, "talk", [[people["Red Fox"]], [people["Green Owl"]]])
    store.room.add_to_group(sid, "talk", people["Red Fox"], 2)
    assert store.room.groups(sid, "talk") == [
        [member(people, "Red Fox")],
        [member(people, "Green Owl")],
    ]


# A step's responses, with names and groups ----------------------------------------------------


def test_responses_for_a_step_come_in_answer_order_with_names_ids_and_groups(clocked):
    store, session_id, people = clocked
    store.room.save_groups(
        session_id, "talk", [[people["Red Fox"]], [people["Green Owl"], people["Blue Heron"]]]
    )
    answer(store, session_id, people["Green Owl"], "talk", "Pacing", answer_id="n1")
    answer(store, session_id, people["Amber Bee"], "talk", "Heat", answer_id="n2")
    answer(store, session_id, people["Red Fox"], "talk", "Walking", answer_id="n3")
    responses = store.responses.for_step(session_id, "talk")
    assert [(r.value, r.answer_id, r.name, r.group) for r in responses] == [
        ("Pacing", "n1", "Green Owl", 2),
        ("Heat", "n2", "Amber Bee", None),
        ("Walking", "n3", "Red Fox", 1),
    ]


def test_responses_come_back_as_the_values_stored(store, sid, people):
    plan = {"matters": "Gardening", "confidence": 6, "share": True, "review_date": ""}
    answer(store, sid, people["Red Fox"], "my-plan", plan)
    (response,) = store.responses.for_step(sid, "my-plan")
    assert response.value == plan
    assert response.group is None


def test_responses_for_a_step_are_of_that_step_and_session_only(store, sid, other_sid, people):
    stranger = store.participants.add(other_sid, "Grey Seal")[0]["id"]
    answer(store, sid, people["Red Fox"], "ideas", "Here", answer_id="x1")
    answer(store, sid, people["Red Fox"], "words", ["here"], answer_id="x2")
    answer(store, other_sid, stranger, "ideas", "Elsewhere", answer_id="x3")
    assert [r.value for r in store.responses.for_step(sid, "ideas")] == ["Here"]
    assert [r.value for r in store.responses.for_step(other_sid, "ideas")] == ["Elsewhere"]


def test_groups_of_another_step_do_not_label_a_response(store, sid, people):
    store.room.save_groups(sid, "quiet-talk", [[people["Red Fox"]]])
    answer(store, sid, people["Red Fox"], "talk", "Note")
    assert store.responses.for_step(sid, "talk")[0].group is None


def test_a_new_answer_replaces_the_old_one_in_the_step_responses(store, sid, people):
    answer(store, sid, people["Red Fox"], "ideas", "First", answer_id="a1")
    answer(store, sid, people["Red Fox"], "ideas", "Second", answer_id="a2")
    assert [(r.value, r.answer_id) for r in store.responses.for_step(sid, "ideas")] == [
        ("Second", "a2")
    ]


def test_values_by_participant_are_keyed_by_participant(store, sid, people):
    answer(store, sid, people["Red Fox"], "before", 3, answer_id="b1")
    answer(store, sid, people["Green Owl"], "before", 7, answer_id="b2")
    answer(store, sid, people["Red Fox"], "after", 6, answer_id="f1")
    assert store.responses.values_by_participant(sid, "before") == {
        people["Red Fox"]: 3,
        people["Green Owl"]: 7,
    }
    assert store.responses.values_by_participant(sid, "after") == {people["Red Fox"]: 6}
    assert store.responses.values_by_participant(sid, "words") == {}
