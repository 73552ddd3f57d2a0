"""Sessions, participants, answers (with their group commit) and the live room, on SQLite and
on PostgreSQL: the parts a live session runs on, speaking only through the portable calls.
Reads in arrival order (answers, people, questions, alerts) use SQLite's rowid, which the
arrival-ordered tables have on PostgreSQL too (sessions/store/pg_schema.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from sessions.live import SELF_PACED, LiveState, SafetySkipped
from sessions.store import Conflict, Store, StoreError
from sessions.store.group_commit import GroupCommit
from sessions.store.responses import Responses
from tests.store_engines import CLOCK, engine_store, pg_url  # noqa: F401  (fixtures)
from tests.unit.conftest import SMALL_DECK
from tests.unit.test_group_commit import together

COLOUR = 2  # the small deck's poll


@pytest.fixture
def store(engine_store) -> Store:  # noqa: F811
    """The whole store, once on each engine."""
    return engine_store


# Rows of parts not ported yet, put in with the portable insert ---------------------------------


def add_facilitator(store: Store, user_id: str = "physio") -> str:
    store.database.insert(
        "users",
        {
            "id": user_id,
            "username": user_id,
            "password_hash": "-",
            "role": "facilitator",
            "created_at": CLOCK,
        },
    )
    return user_id


def add_deck(store: Store, deck_id: str = "small") -> str:
    store.database.insert(
        "decks",
        {
            "id": deck_id,
            "title": "Small class",
            "yaml": SMALL_DECK,
            "step_count": 9,
            "updated_at": CLOCK,
        },
    )
    return deck_id


def start(store: Store, **options: Any) -> dict[str, Any]:
    """A live session of the small deck, with its facilitator and deck."""
    facilitator = store.database.row("SELECT id FROM users WHERE id = 'physio'")
    deck = store.database.row("SELECT id FROM decks WHERE id = 'small'")
    return dict(
        store.sessions.create(
            deck["id"] if deck else add_deck(store),
            facilitator["id"] if facilitator else add_facilitator(store),
            **options,
        )
    )


def on_the_poll(store: Store, session_id: str, **changes: Any) -> LiveState:
    """Move the room to the colour poll, open; the state stored."""
    state = replace(LiveState(seq=1, step_index=COLOUR, open=True), **changes)
    current = store.sessions.load_live(session_id)
    assert store.sessions.save_live(session_id, state, expected_seq=current.seq)
    return state


def people(store: Store, session_id: str, count: int) -> list[str]:
    return [store.participants.add(session_id, f"Person {n}")[0]["id"] for n in range(count)]


def count(store: Store, table: str) -> int:
    return store.database.one(f"SELECT count(*) AS n FROM {table}")["n"]


# Sessions ------------------------------------------------------------------------------------


def test_a_session_is_found_by_id_code_and_screen_key(store):
    session = start(store)
    sid = session["id"]
    assert store.sessions.get(sid)["title"] == "Small class"
    assert store.sessions.live_by_code(session["code"])["id"] == sid
    assert store.sessions.by_screen_key(session["screen_key"])["id"] == sid
    assert store.sessions.deck_of(sid).title == "Small class"
    store.sessions.forget_decks()
    assert store.sessions.deck_of(sid).steps[COLOUR].id == "colour"
    people(store, sid, 2)
    row, head_count = store.sessions.with_head_count(sid)
    assert (row["id"], head_count) == (sid, 2)
    assert store.sessions.load_live(sid) == LiveState()


def test_a_facilitators_sessions_are_listed_newest_first(store):
    first, second = start(store), start(store)
    people(store, second["id"], 1)
    listed = store.sessions.of_facilitator("physio")
    assert [(s["id"], s["participant_count"]) for s in listed] == [
        (second["id"], 1),
        (first["id"], 0),
    ]


def test_a_join_code_taken_by_a_live_session_is_drawn_again(store, monkeypatch):
    draws = iter([123456, 123456, 654321])
    monkeypatch.setattr("sessions.store.live_sessions.secrets.randbelow", lambda _: next(draws))
    first, second = start(store), start(store)
    assert (first["code"], second["code"]) == ("123456", "654321")
    assert count(store, "sessions") == 2


def test_a_session_is_refused_for_what_does_not_exist_and_nothing_is_stored(store):
    add_facilitator(store)
    add_deck(store)
    refusals = [
        (lambda: store.sessions.create("no-deck", "physio"), "unknown_deck"),
        (lambda: store.sessions.create("small", "nobody"), "bad_request"),
        (lambda: store.sessions.create("small", "physio", mode="loud"), "bad_request"),
        (lambda: store.sessions.create("small", "physio", leaderboard=True), "bad_request"),
    ]
    for call, code in refusals:
        with pytest.raises(StoreError) as refused:
            call()
        assert refused.value.code == code
    assert count(store, "sessions") == 0
    with pytest.raises(StoreError, match="no such session"):
        store.sessions.load_live("nope")


def test_the_live_state_is_saved_only_over_the_state_it_was_read_from(store):
    sid = start(store)["id"]
    moved = LiveState(seq=1, step_index=COLOUR, open=True, shown_locked=frozenset({"safety"}))
    skipped = [SafetySkipped("safety", "When to get help")]
    assert store.sessions.save_live(sid, moved, expected_seq=0, skipped=skipped, by="physio")
    assert store.sessions.save_live(sid, replace(moved, seq=2), expected_seq=0) is False
    assert store.sessions.load_live(sid) == moved
    assert store.sessions.safety_skips(sid) == [
        {
            "step_id": "safety",
            "step_title": "When to get help",
            "skipped_by_name": "physio",
            "skipped_at": CLOCK,
        }
    ]
    assert store.database.one("SELECT action FROM audit_log")["action"] == "safety.skip"


def test_self_paced_sessions_past_their_closing_time_are_ended_once(store):
    due = start(store, mode=SELF_PACED, closes_at="2025-03-01T09:00:00+00:00")["id"]
    later = start(store, mode=SELF_PACED, closes_at="2025-03-02T09:00:00+00:00")["id"]
    assert store.sessions.close_due() == [due]
    assert store.sessions.close_due() == []
    assert store.sessions.load_live(due).ended
    assert not store.sessions.load_live(later).ended


def test_a_trial_and_the_room_languages_are_kept(store):
    sid = start(store)["id"]
    store.sessions.mark_trial(sid)
    store.sessions.set_room_languages(sid, "en,cy")
    session = store.sessions.get(sid)
    assert (session["trial"], session["room_languages"]) == (1, "en,cy")


# Participants --------------------------------------------------------------------------------


def test_a_participant_signs_in_by_token_helper_rejoin_and_notebook(store):
    sid = start(store)["id"]
    person, token = store.participants.add(sid, "Red Fox")
    pid = person["id"]
    assert store.participants.get(pid)["name"] == "Red Fox"
    assert store.participants.for_token(token)["id"] == pid
    assert store.participants.is_helper_token(token) is False
    helper = store.participants.add_helper(pid)
    assert store.participants.for_token(helper)["id"] == pid
    assert store.participants.is_helper_token(helper) is True
    store.participants.set_helper_digest(pid, "help-1")
    store.participants.set_helper_digest(pid, "help-2")  # kept once
    assert store.participants.for_helper_code("help-1")["status"] == "live"
    assert store.participants.for_helper_code("help-2") is None
    store.participants.set_rejoin_digest(pid, "rejoin")
    assert store.participants.for_rejoin("rejoin")["id"] == pid
    fresh = store.participants.new_token(pid)
    assert store.participants.for_token(token) is None
    assert store.participants.for_token(fresh)["id"] == pid
    key = store.participants.notebook_key(pid)
    assert store.participants.for_notebook(key)["id"] == pid


def test_a_participant_who_is_gone_gets_no_token_helper_or_notebook(store):
    start(store)
    assert store.participants.add_helper("gone") is None
    assert store.participants.new_token("gone") is None
    assert store.participants.notebook_key("gone") is None
    assert count(store, "helper_tokens") == 0


def test_self_paced_progress_counts_and_ids(store):
    sid = start(store, mode=SELF_PACED)["id"]
    first, second, third = people(store, sid, 3)
    store.participants.move(first, 2)
    store.participants.move(second, 2)
    store.participants.move(third, 4)
    assert store.participants.progress(sid) == {2: 2, 4: 1}
    assert sorted(store.participants.ids(sid)) == sorted([first, second, third])
    assert store.participants.count(sid) == 3


def test_people_without_phones_are_listed_in_the_order_added(store):
    sid = start(store)["id"]
    people(store, sid, 1)
    added = [store.participants.add(sid, name, no_phone=True)[0]["id"] for name in ("B", "A")]
    assert [p["id"] for p in store.participants.without_phones(sid)] == added


def test_deleting_a_participant_takes_what_they_gave_and_keeps_the_alert(store):
    sid = start(store)["id"]
    on_the_poll(store, sid)
    pid, other = people(store, sid, 2)
    store.responses.save_own(sid, pid, "colour", "red")
    store.participants.add_helper(pid)
    question, _ = store.room.add_question(sid, pid, "q1", "Is it safe?")
    store.room.set_question(sid, question, status="approved")
    store.room.vote(sid, question, other)
    store.room.save_groups(sid, "colour", [[pid, other]])
    alert = store.room.add_alert(sid, pid, "open", "numb")
    store.participants.delete(pid)
    assert store.participants.get(pid) is None
    for table in ("responses", "questions", "question_votes", "helper_tokens"):
        assert count(store, table) == 0
    assert count(store, "discussion_groups") == 1
    kept = store.database.one(
        "SELECT name, participant_id FROM alerts WHERE id = ?", (alert["id"],)
    )
    assert kept == {"name": "", "participant_id": None}


# Answers -------------------------------------------------------------------------------------


def test_an_answer_is_stored_once_and_another_under_its_id_is_a_conflict(store):
    sid = start(store)["id"]
    seen = on_the_poll(store, sid)
    (pid,) = people(store, sid, 1)
    checked: list[LiveState] = []
    first = store.responses.record(
        session_id=sid,
        participant_id=pid,
        step_id="colour",
        answer_id="a1",
        value="red",
        check=checked.append,
    )
    again = store.responses.record(
        session_id=sid,
        participant_id=pid,
        step_id="colour",
        answer_id="a1",
        value="red",
        check=checked.append,
    )
    assert (first.duplicate, again.duplicate, checked) == (False, True, [seen])
    with pytest.raises(Conflict):
        store.responses.record(
            session_id=sid,
            participant_id=pid,
            step_id="colour",
            answer_id="a1",
            value="blue",
            check=checked.append,
        )
    with pytest.raises(StoreError, match="no such session"):
        store.responses.record(
            session_id="nope",
            participant_id=pid,
            step_id="colour",
            answer_id="a2",
            value="red",
            check=checked.append,
        )
    assert store.responses.earlier(pid, "a1").value == "red"
    assert store.responses.earlier(pid, "a2") is None
    assert store.responses.values(sid, "colour") == ["red"]
    assert count(store, "answer_ids") == 1


def test_answers_are_read_by_step_person_and_participant(store):
    sid = start(store)["id"]
    seen = on_the_poll(store, sid)
    pid, other = people(store, sid, 2)
    for person, value in ((pid, "red"), (other, "blue")):
        store.responses.record_answer(
            session_id=sid,
            participant_id=person,
            step_id="colour",
            answer_id="a1",
            value=value,
            seen=seen,
        )
    store.responses.save_own(sid, pid, "change", {"plan": "walk"})
    assert store.responses.values_by_participant(sid, "colour") == {pid: "red", other: "blue"}
    assert store.responses.of_participant(pid) == {"colour": "red", "change": {"plan": "walk"}}
    assert sorted(store.responses.by_person(sid)) == sorted(
        [
            ("Person 0", {"colour": "red", "change": {"plan": "walk"}}),
            ("Person 1", {"colour": "blue"}),
        ]
    )


def test_an_answer_racing_a_change_of_state_is_not_stored(store):
    sid = start(store)["id"]
    seen = on_the_poll(store, sid)
    (pid,) = people(store, sid, 1)
    closed = replace(seen, seq=2, open=False)
    assert store.sessions.save_live(sid, closed, expected_seq=seen.seq)
    outcome = store.responses.record_answer(
        session_id=sid,
        participant_id=pid,
        step_id="colour",
        answer_id="a1",
        value="red",
        seen=seen,
    )
    assert outcome is None
    assert count(store, "answer_ids") == 0


def test_a_step_cannot_close_under_an_answer_that_read_it_open(store):
    """The answer's read of the room holds the session row (SQLite: its one writer at a time;
    PostgreSQL: FOR SHARE), so a close waits for it and the answer is stored before it."""
    sid = start(store)["id"]
    seen = on_the_poll(store, sid)
    (pid,) = people(store, sid, 1)
    answer_read, released = threading.Event(), []

    def answer() -> Any:
        with store.database.write():
            outcome = store.responses.record_answer(
                session_id=sid,
                participant_id=pid,
                step_id="colour",
                answer_id="a1",
                value="red",
                seen=seen,
            )
            answer_read.set()
            time.sleep(0.3)
            released.append(time.monotonic())
        return outcome

    def close() -> Any:
        answer_read.wait(5)
        saved = store.sessions.save_live(sid, replace(seen, seq=2, open=False), expected_seq=1)
        return saved, time.monotonic()

    answered, (closed, closed_at) = together(answer, close)
    assert answered is not None
    assert not answered.duplicate
    assert closed
    assert closed_at >= released[0]
    assert count(store, "answer_ids") == 1


def test_a_second_vote_is_kept_apart_from_the_first(store):
    sid = start(store)["id"]
    seen = on_the_poll(store, sid)
    (pid,) = people(store, sid, 1)
    answer = {"session_id": sid, "participant_id": pid, "step_id": "colour"}
    store.responses.record_answer(**answer, answer_id="a1", value="red", seen=seen)
    again = on_the_poll(store, sid, seq=2, voted_again=frozenset({"colour"}))
    store.responses.record_answer(**answer, answer_id="a2", value="blue", seen=again)
    assert store.responses.values(sid, "colour") == ["red"]
    assert store.responses.second_votes(sid, "colour") == {pid: "blue"}
    assert store.responses.second_votes_of(pid) == {"colour": "blue"}


def test_a_steps_answers_are_read_in_the_order_they_came(store):
    sid = start(store)["id"]
    on_the_poll(store, sid)
    later, earlier = people(store, sid, 2)
    store.responses.save_own(sid, earlier, "colour", "red")
    store.responses.save_own(sid, later, "colour", "blue")
    assert [r.value for r in store.responses.for_step(sid, "colour")] == ["red", "blue"]
    assert [r["value"] for r in store.responses.timed_of_participant(earlier)] == ["red"]


def test_a_steps_second_votes_are_read_in_the_order_they_came(store):
    sid = start(store)["id"]
    seen = on_the_poll(store, sid, voted_again=frozenset({"colour"}))
    pid, other = people(store, sid, 2)
    for person, value in ((other, "green"), (pid, "red")):
        store.responses.record_answer(
            session_id=sid,
            participant_id=person,
            step_id="colour",
            answer_id="a1",
            value=value,
            seen=seen,
        )
    assert store.responses.named_second_votes(sid, "colour") == [
        ("Person 1", "green"),
        ("Person 0", "red"),
    ]


# Group commit --------------------------------------------------------------------------------


def test_a_burst_of_answers_from_many_threads_is_all_stored_once_each(store):
    """Each person sends their answer twice at once (a phone retrying): every call hears
    back, one of each pair as the duplicate, and each answer is stored exactly once."""
    sid = start(store)["id"]
    seen = on_the_poll(store, sid)
    room = people(store, sid, 12)
    responses = Responses(store.database, GroupCommit(store.database, wait_ms=20, max_batch=8))

    def send(person: str) -> Callable[[], Any]:
        return lambda: responses.record_answer(
            session_id=sid,
            participant_id=person,
            step_id="colour",
            answer_id=f"a-{person}",
            value="red",
            seen=seen,
        )

    outcomes = together(*[send(person) for person in room for _ in range(2)])
    assert [type(o).__name__ for o in outcomes] == ["Recorded"] * 24
    assert sorted(o.duplicate for o in outcomes) == [False] * 12 + [True] * 12
    assert store.responses.values_by_participant(sid, "colour") == {p: "red" for p in room}
    assert count(store, "answer_ids") == 12


def test_a_write_whose_statement_fails_in_a_batch_fails_alone(store):
    """On PostgreSQL a failed statement is rolled back to its savepoint, so the batch's
    transaction goes on and the other answers are stored."""
    sid = start(store)["id"]
    seen = on_the_poll(store, sid)
    first, second = people(store, sid, 2)
    batch = GroupCommit(store.database, wait_ms=5000, max_batch=3)
    responses = Responses(store.database, batch)

    def answer(person: str) -> Callable[[], Any]:
        return lambda: responses.record_answer(
            session_id=sid,
            participant_id=person,
            step_id="colour",
            answer_id="a1",
            value="red",
            seen=seen,
        )

    def breaks_a_rule() -> None:
        store.database.execute("UPDATE participants SET name = 'changed' WHERE id = ?", (first,))
        store.database.execute("INSERT INTO answer_ids (participant_id) VALUES ('x')")

    stored_first, refused, stored_second = together(
        answer(first), lambda: batch.run(breaks_a_rule), answer(second)
    )
    assert isinstance(refused, Exception)
    assert (stored_first.duplicate, stored_second.duplicate) == (False, False)
    assert store.responses.values_by_participant(sid, "colour") == {first: "red", second: "red"}
    assert store.participants.get(first)["name"] == "Person 0"


def test_the_database_tells_whether_its_transaction_can_commit(store):
    database = store.database
    assert database.transaction_alive() is False
    with database.write():
        assert database.transaction_alive() is True
        with database.write():
            assert database.transaction_alive() is True
    assert database.transaction_alive() is False


def test_a_grouped_write_inside_a_transaction_joins_it(store):
    batch = GroupCommit(store.database, wait_ms=5000, max_batch=64)
    with store.database.write():
        batch.run(lambda: add_facilitator(store))
        assert store.database.transaction_alive()
    assert store.database.row("SELECT id FROM users")["id"] == "physio"


# The room ------------------------------------------------------------------------------------


def test_moderation_is_kept_per_item_and_a_bad_action_is_refused(store):
    sid = start(store)["id"]
    for item, action in (("a", "approve"), ("b", "hide"), ("a", "star"), ("c", "star")):
        store.room.moderate(sid, "change", item, action)
    store.room.moderate(sid, "change", "c", "unstar")
    moderation = store.room.moderation(sid, "change")
    assert (moderation.approved, moderation.hidden, moderation.starred) == (
        {"a"},
        {"b"},
        {"a"},
    )
    with pytest.raises(StoreError, match="action must be one of"):
        store.room.moderate(sid, "change", "a", "shout")
    assert count(store, "moderation") == 3


def test_connections_are_counted_per_worker_and_never_below_none(store):
    sid = start(store)["id"]
    pid, other = people(store, sid, 2)
    store.room.reset_connections()
    store.room.count_connection(pid, 1)
    store.room.count_connection(pid, 1)
    store.room.count_connection(other, 1)
    store.room.count_connection(other, -3)
    assert store.room.devices(pid) == 2
    assert store.room.devices(other) == 0
    store.room.count_connection("gone", 1)  # nobody to count
    assert count(store, "connections") == 1
    assert store.room.heartbeat(stale_after=60) == 0
    store.room.reset_connections()
    assert store.room.devices(pid) == 0


def test_a_stale_workers_connections_are_forgotten(store):
    sid = start(store)["id"]
    (pid,) = people(store, sid, 1)
    store.database.insert("workers", {"id": "old", "started_at": "x", "seen_at": "2025-01-01"})
    store.database.insert("connections", {"participant_id": pid, "worker": "old", "count": 1})
    assert store.room.heartbeat(stale_after=60) == 1
    assert store.room.devices(pid) == 0


def test_the_connected_are_listed_in_the_order_they_joined(store):
    sid = start(store)["id"]
    room = people(store, sid, 3)
    for person in (room[2], room[0]):
        store.room.count_connection(person, 1)
    assert store.room.connected(sid) == [room[0], room[2]]


def test_discussion_groups_are_saved_and_joined(store):
    sid = start(store)["id"]
    a, b, c = people(store, sid, 3)
    store.room.save_groups(sid, "change", [[b, a]])
    store.room.save_groups(sid, "change", [[a], [b]])  # replaces the first
    store.room.add_to_group(sid, "change", c, 2)
    store.room.add_to_group(sid, "change", c, 1)  # already placed: stays in 2
    assert store.room.groups(sid, "change") == [
        [{"id": a, "name": "Person 0"}],
        [{"id": b, "name": "Person 1"}, {"id": c, "name": "Person 2"}],
    ]


def test_a_question_is_stored_once_voted_for_once_and_changed(store):
    sid = start(store)["id"]
    asker, voter = people(store, sid, 2)
    question, new = store.room.add_question(sid, asker, "q1", "Is it safe?")
    assert (store.room.add_question(sid, asker, "q1", "Is it safe?"), new) == (
        (question, False),
        True,
    )
    with pytest.raises(StoreError, match="another question"):
        store.room.add_question(sid, asker, "q1", "Something else")
    refusals = [
        (lambda: store.room.vote(sid, question, voter), "unknown_question"),  # not shown yet
        (lambda: store.room.set_question(sid, question, status="shouted"), "bad_request"),
        (lambda: store.room.set_question(sid, "nope", answered=1), "unknown_question"),
    ]
    for call, code in refusals:
        with pytest.raises(StoreError) as refused:
            call()
        assert refused.value.code == code
    store.room.set_question(sid, question, status="approved", answered=1)
    store.room.vote(sid, question, voter)
    for again, code in ((voter, "already_voted"), (asker, "own_question")):
        with pytest.raises(StoreError) as refused:
            store.room.vote(sid, question, again)
        assert refused.value.code == code
    assert store.room.votes_of(voter) == [question]
    assert count(store, "question_votes") == 1
    stored = store.database.one("SELECT status, answered FROM questions")
    assert stored == {"status": "approved", "answered": 1}


def test_questions_are_listed_most_voted_first(store):
    sid = start(store)["id"]
    asker, voter = people(store, sid, 2)
    quiet, _ = store.room.add_question(sid, asker, "q1", "First?")
    liked, _ = store.room.add_question(sid, asker, "q2", "Second?")
    store.room.set_question(sid, liked, status="approved")
    store.room.vote(sid, liked, voter)
    assert [(q["id"], q["votes"]) for q in store.room.questions(sid)] == [(liked, 1), (quiet, 0)]


def test_a_red_flag_alert_is_kept_and_seen_once(store):
    sid = start(store)["id"]
    (pid,) = people(store, sid, 1)
    alert = store.room.add_alert(sid, pid, "open", "bladder, both legs")
    assert (alert["name"], alert["matched"], alert["seen_at"]) == (
        "Person 0",
        "bladder, both legs",
        None,
    )
    assert store.room.alerted_phrases(sid, pid, "open") == {"bladder", "both legs"}
    store.room.mark_alert_seen(sid, alert["id"])
    assert store.database.one("SELECT seen_at FROM alerts")["seen_at"] == CLOCK
    with pytest.raises(StoreError) as refused:
        store.room.mark_alert_seen(sid, "nope")
    assert refused.value.code == "unknown_alert"
    with pytest.raises(StoreError) as refused:
        store.room.add_alert(sid, "gone", "open", "fever")
    assert refused.value.code == "not_found"
    assert count(store, "alerts") == 1


def test_alerts_are_listed_newest_first(store):
    sid = start(store)["id"]
    (pid,) = people(store, sid, 1)
    first = store.room.add_alert(sid, pid, "open", "fever")["id"]
    second = store.room.add_alert(sid, pid, "plan", "numb")["id"]
    assert [a["id"] for a in store.room.alerts(sid)] == [second, first]
