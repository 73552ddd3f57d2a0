"""The store on a real SQLite file: schema and durability settings, accounts and tokens, decks
and their snapshots, the live state's version check, and answers stored exactly once."""

from __future__ import annotations

import hashlib
import re
import sqlite3

import pytest

from sessions.deck import DeckError
from sessions.live import (
    CloseResponses,
    EndSession,
    GoToStep,
    LiveState,
    NextStep,
    Rejected,
    check_answer,
    decide,
)
from sessions.migrations import migrations
from sessions.store import Conflict, Recorded, Store, StoreError


def rows(store: Store, table: str) -> list[dict]:
    return store.database.rows(f"SELECT * FROM {table}")


def dump(store: Store) -> str:
    """Everything in the database file, as SQL text."""
    return "\n".join(store.db.conn.iterdump())


# Schema and settings --------------------------------------------------------------------------


def applied(store: Store) -> list[dict]:
    return [m for m in rows(store, "_sqlite_migrations") if m["migration_set"] == "talkback"]


@pytest.mark.sqlite_only  # reads SQLite's own migration records
def test_opening_a_new_file_applies_every_migration_once(store):
    names = [m["name"] for m in applied(store)]
    assert names[0] == "m001_initial"
    assert len(set(names)) == len(names)
    assert migrations.pending(store.db) == []
    assert {"users", "api_tokens", "decks", "sessions", "participants", "responses"} <= set(
        store.db.table_names()
    )


@pytest.mark.sqlite_only  # reads SQLite's own migration records
def test_opening_the_same_file_again_applies_nothing_and_keeps_the_data(
    database_setting, password_hash
):
    first = Store(database_setting)
    first.accounts.create_user("physio", password_hash)
    before = applied(first)
    first.close()
    second = Store(database_setting)
    try:
        assert applied(second) == before  # same rows, same applied_at: nothing ran again
        assert second.accounts.user_by_name("physio") is not None
    finally:
        second.close()


@pytest.mark.sqlite_only  # reads SQLite's pragmas
def test_the_store_writes_ahead_and_syncs_fully(store, db_path):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    other = sqlite3.connect(db_path)
    try:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # kept in the file
    finally:
        other.close()


# Accounts and API tokens ----------------------------------------------------------------------


def test_a_user_is_found_by_name_whatever_the_case(store, password_hash):
    user_id = store.accounts.create_user("Physio", password_hash, role="reviewer")
    found = store.accounts.user_by_name("pHYSIO")
    assert found["id"] == user_id
    assert found["username"] == "Physio"
    assert found["role"] == "reviewer"
    assert store.accounts.user(user_id)["id"] == user_id


def test_a_second_user_with_the_same_name_in_another_case_is_refused(store, password_hash):
    store.accounts.create_user("physio", password_hash)
    with pytest.raises(StoreError) as caught:
        store.accounts.create_user("PHYSIO", password_hash)
    assert caught.value.code == "exists"
    assert len(rows(store, "users")) == 1


def test_an_unknown_role_is_refused(store, password_hash):
    with pytest.raises(StoreError) as caught:
        store.accounts.create_user("physio", password_hash, role="superuser")
    assert caught.value.code == "bad_request"
    assert rows(store, "users") == []


def test_an_unknown_user_is_none(store):
    assert store.accounts.user_by_name("nobody") is None
    assert store.accounts.user("nope") is None


def test_an_api_token_finds_its_user_until_revoked(store, facilitator_id):
    token = store.accounts.create_api_token(facilitator_id)
    assert store.accounts.user_for_token(token)["id"] == facilitator_id
    assert store.accounts.revoke_api_token(token) is True
    assert store.accounts.user_for_token(token) is None
    assert store.accounts.revoke_api_token(token) is False


def test_an_unknown_api_token_finds_nobody(store, facilitator_id):
    store.accounts.create_api_token(facilitator_id)
    assert store.accounts.user_for_token("not-a-token") is None
    assert store.accounts.revoke_api_token("not-a-token") is False


def test_revoking_one_api_token_leaves_the_others(store, facilitator_id):
    first, second = (
        store.accounts.create_api_token(facilitator_id),
        store.accounts.create_api_token(facilitator_id),
    )
    assert first != second
    store.accounts.revoke_api_token(first)
    assert store.accounts.user_for_token(second)["id"] == facilitator_id


@pytest.mark.sqlite_only  # searches the SQLite file's dump
def test_api_tokens_are_stored_hashed(store, facilitator_id):
    token = store.accounts.create_api_token(facilitator_id)
    [row] = rows(store, "api_tokens")
    assert token not in row.values()
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in dump(store)


def test_an_api_token_survives_reopening_the_store(store, database_setting, facilitator_id):
    token = store.accounts.create_api_token(facilitator_id)
    store.close()
    reopened = Store(database_setting)
    try:
        assert reopened.accounts.user_for_token(token)["id"] == facilitator_id
    finally:
        reopened.close()


def test_a_disabled_user_is_not_found_by_id_or_token(store, facilitator_id):
    token = store.accounts.create_api_token(facilitator_id)
    store.database.execute("UPDATE users SET disabled = 1 WHERE id = ?", (facilitator_id,))
    assert store.accounts.user(facilitator_id) is None
    assert store.accounts.user_for_token(token) is None


# Decks and sessions ---------------------------------------------------------------------------

EDITED_DECK = """\
title: Small class, edited
steps:
  - {id: welcome, kind: slide, title: Hello again}
"""


def test_a_saved_deck_is_listed(store, small_deck_id, back_pain_text):
    store.decks.save("back-pain-1", back_pain_text, bundled=True)
    listed = {d["id"]: d for d in store.library.all()}
    assert listed["small"]["title"] == "Small class"
    assert listed["small"]["step_count"] == 9
    assert listed["back-pain-1"]["step_count"] == 24
    assert listed["back-pain-1"]["bundled"] == 1


def test_a_broken_deck_is_not_saved(store):
    with pytest.raises(DeckError, match="^broken: "):
        store.decks.save("broken", "title: Broken\nsteps: []\n")
    assert store.library.all() == []


def test_a_new_session_starts_in_the_lobby_with_a_six_digit_code(store, live_session):
    assert re.fullmatch(r"\d{6}", live_session["code"])
    assert live_session["status"] == "live"
    assert live_session["min_responses"] == 3
    assert live_session["title"] == "Small class"
    assert store.sessions.load_live(live_session["id"]) == LiveState()
    assert store.sessions.live_by_code(live_session["code"])["id"] == live_session["id"]
    assert store.sessions.by_screen_key(live_session["screen_key"])["id"] == live_session["id"]


def test_a_session_takes_min_responses_from_its_deck(store, facilitator_id, back_pain_text):
    store.decks.save("back-pain-1", back_pain_text)
    assert store.sessions.create("back-pain-1", facilitator_id)["min_responses"] == 5


def test_a_session_for_an_unknown_deck_is_refused(store, facilitator_id):
    with pytest.raises(StoreError) as caught:
        store.sessions.create("nope", facilitator_id)
    assert caught.value.code == "unknown_deck"
    assert rows(store, "sessions") == []


def test_a_session_keeps_its_own_copy_of_the_deck(
    store, database_setting, live_session, facilitator_id
):
    store.decks.save("small", EDITED_DECK)
    assert store.decks.get("small")["title"] == "Small class, edited"
    assert store.sessions.deck_of(live_session["id"]).title == "Small class"
    assert len(store.sessions.deck_of(live_session["id"]).steps) == 9
    later = store.sessions.create("small", facilitator_id)
    assert store.sessions.deck_of(later["id"]).title == "Small class, edited"
    store.close()
    reopened = Store(database_setting)  # no parsed deck cached: read from the session's row
    try:
        assert reopened.sessions.deck_of(live_session["id"]).title == "Small class"
        assert len(reopened.sessions.deck_of(live_session["id"]).steps) == 9
    finally:
        reopened.close()


def test_a_session_for_an_unknown_facilitator_is_not_reported_as_busy(store, small_deck_id):
    with pytest.raises(StoreError) as caught:
        store.sessions.create(small_deck_id, "no-such-user")
    assert caught.value.code != "busy"


def test_the_deck_of_an_unknown_session_is_not_found(store):
    with pytest.raises(StoreError) as caught:
        store.sessions.deck_of("nope")
    assert caught.value.code == "not_found"


def draws(monkeypatch, *numbers: int) -> None:
    """Make the store's join-code draws come out as `numbers`, then keep repeating the last."""
    queue = list(numbers)
    monkeypatch.setattr(
        "sessions.store.live_sessions.secrets.randbelow",
        lambda _: queue.pop(0) if len(queue) > 1 else queue[0],
    )


def test_a_join_code_is_padded_to_six_digits(store, small_deck_id, facilitator_id, monkeypatch):
    draws(monkeypatch, 42)
    assert store.sessions.create(small_deck_id, facilitator_id)["code"] == "000042"


def test_a_join_code_taken_by_a_live_session_is_drawn_again(
    store, small_deck_id, facilitator_id, monkeypatch
):
    draws(monkeypatch, 482913, 482913, 482913, 777777)
    first = store.sessions.create(small_deck_id, facilitator_id)
    second = store.sessions.create(small_deck_id, facilitator_id)
    assert (first["code"], second["code"]) == ("482913", "777777")


def test_the_code_of_an_ended_session_can_be_used_again(
    store, small_deck_id, facilitator_id, monkeypatch
):
    draws(monkeypatch, 482913)
    first = store.sessions.create(small_deck_id, facilitator_id)
    small = store.sessions.deck_of(first["id"])
    assert store.sessions.save_live(first["id"], decide(LiveState(), small, EndSession()).state, 0)
    assert store.sessions.live_by_code("482913") is None
    second = store.sessions.create(small_deck_id, facilitator_id)
    assert second["code"] == "482913"
    assert store.sessions.live_by_code("482913")["id"] == second["id"]


def test_when_no_free_code_can_be_found_the_store_says_busy(
    store, small_deck_id, facilitator_id, monkeypatch
):
    draws(monkeypatch, 482913)
    store.sessions.create(small_deck_id, facilitator_id)
    with pytest.raises(StoreError) as caught:
        store.sessions.create(small_deck_id, facilitator_id)
    assert caught.value.code == "busy"
    assert len(rows(store, "sessions")) == 1


def test_join_codes_of_live_sessions_are_unique(store, small_deck_id, facilitator_id):
    codes = [store.sessions.create(small_deck_id, facilitator_id)["code"] for _ in range(40)]
    assert all(re.fullmatch(r"\d{6}", code) for code in codes)
    assert len(set(codes)) == len(codes)


# The live state -------------------------------------------------------------------------------


def test_a_saved_state_is_loaded_back_unchanged(store, live_session):
    session_id = live_session["id"]
    state = LiveState(
        seq=4, step_index=2, open=True, revealed=True, shown_locked=frozenset({"safety"})
    )
    assert store.sessions.save_live(session_id, state, expected_seq=0) is True
    assert store.sessions.load_live(session_id) == state


def test_saving_with_a_stale_seq_changes_nothing(store, live_session):
    session_id = live_session["id"]
    deck = store.sessions.deck_of(session_id)
    first = decide(LiveState(), deck, NextStep()).state
    assert store.sessions.save_live(session_id, first, expected_seq=0)
    racing = decide(LiveState(), deck, GoToStep(1)).state  # decided on the old state
    assert store.sessions.save_live(session_id, racing, expected_seq=0) is False
    assert store.sessions.load_live(session_id) == first


def test_an_ended_state_ends_the_session_row(store, live_session):
    session_id = live_session["id"]
    ended = decide(LiveState(), store.sessions.deck_of(session_id), EndSession()).state
    assert store.sessions.save_live(session_id, ended, expected_seq=0)
    row = store.sessions.get(session_id)
    assert row["status"] == "ended"
    assert row["ended_at"] == "2025-03-01T10:00:00+00:00"
    assert store.sessions.load_live(session_id).ended


def test_loading_an_unknown_session_is_not_found(store):
    with pytest.raises(StoreError) as caught:
        store.sessions.load_live("nope")
    assert caught.value.code == "not_found"


# Participants ---------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # searches the SQLite file's dump
def test_a_participant_token_finds_the_participant_and_is_stored_hashed(store, live_session):
    participant, token = store.participants.add(live_session["id"], "Blue Heron")
    assert participant["name"] == "Blue Heron"
    assert participant["session_id"] == live_session["id"]
    assert store.participants.for_token(token)["id"] == participant["id"]
    assert store.participants.for_token("not-a-token") is None
    [row] = rows(store, "participants")
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in dump(store)


def test_the_participant_count_counts_this_session_only(
    store, live_session, small_deck_id, facilitator_id
):
    other = store.sessions.create(small_deck_id, facilitator_id)
    store.participants.add(live_session["id"], "Blue Heron")
    store.participants.add(live_session["id"], "Red Fox")
    store.participants.add(other["id"], "Green Owl")
    assert store.participants.count(live_session["id"]) == 2
    assert store.participants.count(other["id"]) == 1


# Responses ------------------------------------------------------------------------------------


@pytest.fixture
def room(store, live_session):
    """The small deck on its colour poll (index 2), open, with one participant."""
    session_id = live_session["id"]
    deck = store.sessions.deck_of(session_id)
    state = decide(LiveState(), deck, GoToStep(2, force=True)).state
    assert state.open
    assert store.sessions.save_live(session_id, state, expected_seq=0)
    participant, _ = store.participants.add(session_id, "Blue Heron")
    return {"session_id": session_id, "deck": deck, "participant_id": participant["id"]}


def answer(
    store, room, value, *, answer_id="a1", step_id="colour", participant_id=None, check=None
):
    deck = room["deck"]
    return store.responses.record(
        session_id=room["session_id"],
        participant_id=participant_id or room["participant_id"],
        step_id=step_id,
        answer_id=answer_id,
        value=value,
        check=check or (lambda state: check_answer(state, deck, step_id)),
    )


def test_an_answer_is_stored(store, room):
    recorded = answer(store, room, "red")
    assert recorded == Recorded(duplicate=False, state=store.sessions.load_live(room["session_id"]))
    assert store.responses.values(room["session_id"], "colour") == ["red"]
    assert store.responses.of_participant(room["participant_id"]) == {"colour": "red"}


def test_an_answer_with_the_same_id_is_stored_once(store, room):
    assert answer(store, room, "red").duplicate is False
    assert answer(store, room, "red").duplicate is True
    assert len(rows(store, "responses")) == 1
    assert len(rows(store, "answer_ids")) == 1
    assert store.responses.values(room["session_id"], "colour") == ["red"]


def test_a_repeated_answer_is_acknowledged_even_after_the_step_closed(store, room):
    answer(store, room, "red")
    state = store.sessions.load_live(room["session_id"])
    closed = decide(state, room["deck"], CloseResponses()).state
    assert store.sessions.save_live(room["session_id"], closed, expected_seq=state.seq)
    assert answer(store, room, "red").duplicate is True
    with pytest.raises(Rejected, match="closed"):
        answer(store, room, "blue", answer_id="a2")


@pytest.mark.parametrize(
    ("value", "step_id"), [("blue", "colour"), ("red", "foods")], ids=["other-value", "other-step"]
)
def test_the_same_answer_id_with_a_different_answer_is_a_conflict(store, room, value, step_id):
    answer(store, room, "red")
    before = (rows(store, "responses"), rows(store, "answer_ids"))
    with pytest.raises(Conflict) as caught:
        answer(store, room, value, step_id=step_id, check=lambda state: None)
    assert caught.value.code == "conflict"
    assert (rows(store, "responses"), rows(store, "answer_ids")) == before


def test_a_new_answer_to_the_same_step_replaces_the_old_one(store, room):
    answer(store, room, "red", answer_id="a1")
    answer(store, room, "blue", answer_id="a2")
    [row] = rows(store, "responses")
    assert row["answer_id"] == "a2"
    assert store.responses.values(room["session_id"], "colour") == ["blue"]
    assert store.responses.of_participant(room["participant_id"]) == {"colour": "blue"}


def test_a_refused_answer_stores_nothing(store, room):
    def refuse(state):
        raise Rejected("closed", "Answers for this question are closed.")

    with pytest.raises(Rejected):
        answer(store, room, "red", check=refuse)
    assert rows(store, "responses") == []
    assert rows(store, "answer_ids") == []
    assert answer(store, room, "red").duplicate is False  # the same id may be sent again


def test_the_rule_check_sees_the_state_read_inside_the_write(store, room):
    seen = []
    answer(store, room, "red", check=seen.append)
    assert seen == [store.sessions.load_live(room["session_id"])]


def test_an_answer_to_a_step_that_is_not_current_is_refused_by_the_domain_rule(store, room):
    with pytest.raises(Rejected) as caught:
        answer(store, room, ["apple"], step_id="foods")
    assert caught.value.code == "not_current"
    assert rows(store, "responses") == []


def test_answers_are_read_back_per_session_step_and_participant(
    store, room, small_deck_id, facilitator_id
):
    other_person, _ = store.participants.add(room["session_id"], "Red Fox")
    answer(store, room, "red")
    answer(store, room, "green", participant_id=other_person["id"])
    other_session = store.sessions.create(small_deck_id, facilitator_id)
    stranger, _ = store.participants.add(other_session["id"], "Green Owl")
    store.responses.record(
        session_id=other_session["id"],
        participant_id=stranger["id"],
        step_id="colour",
        answer_id="a1",
        value="blue",
        check=lambda state: None,
    )
    assert sorted(store.responses.values(room["session_id"], "colour")) == ["green", "red"]
    assert store.responses.values(room["session_id"], "foods") == []
    assert store.responses.values(other_session["id"], "colour") == ["blue"]
    assert store.responses.of_participant(other_person["id"]) == {"colour": "green"}
    assert store.responses.of_participant("nobody") == {}


def test_a_multiple_choice_answer_comes_back_as_the_same_list(store, room):
    answer(store, room, ["apple", "cheese"], step_id="foods", check=lambda state: None)
    assert store.responses.values(room["session_id"], "foods") == [["apple", "cheese"]]
    assert store.responses.of_participant(room["participant_id"]) == {"foods": ["apple", "cheese"]}


def test_answers_from_two_participants_with_the_same_id_are_both_stored(store, room):
    other_person, _ = store.participants.add(room["session_id"], "Red Fox")
    answer(store, room, "red", answer_id="same")
    recorded = answer(store, room, "blue", answer_id="same", participant_id=other_person["id"])
    assert recorded.duplicate is False
    assert sorted(store.responses.values(room["session_id"], "colour")) == ["blue", "red"]


def test_an_account_at_its_token_limit_gets_no_more_until_one_goes(store, facilitator_id):
    first = store.accounts.create_api_token(facilitator_id, max_active=2)
    store.accounts.create_api_token(
        facilitator_id, expires_at="2000-01-01T00:00:00+00:00"
    )  # expired
    store.accounts.create_api_token(facilitator_id, max_active=2)
    with pytest.raises(StoreError) as refused:
        store.accounts.create_api_token(facilitator_id, max_active=2)
    assert refused.value.code == "too_many_tokens"
    assert store.accounts.user_for_token(first)["id"] == facilitator_id
    store.accounts.revoke_api_token(first)
    assert store.accounts.user_for_token(
        store.accounts.create_api_token(facilitator_id, max_active=2)
    )
