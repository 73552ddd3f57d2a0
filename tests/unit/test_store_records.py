"""The typed records the store returns carry exactly the fields its queries give, so that the
types mypy checks callers against cannot drift from the schema."""

from __future__ import annotations

from sessions.store import AccountRecord, ParticipantRecord, SessionRecord, UserRecord


def fields(record: type) -> set[str]:
    return set(record.__annotations__)


def test_every_way_to_find_a_session_gives_a_whole_session_record(store, live_session):
    found = [
        live_session,
        store.sessions.get(live_session["id"]),
        store.sessions.live_by_code(live_session["code"]),
        store.sessions.by_screen_key(live_session["screen_key"]),
    ]
    assert all(set(row) == fields(SessionRecord) for row in found)


def test_every_way_to_find_a_participant_gives_a_participant_record(store, live_session):
    row, token = store.participants.add(live_session["id"], "Ann")
    key = store.participants.notebook_key(row["id"])
    found = [
        row,
        store.participants.get(row["id"]),
        store.participants.for_token(token),
        store.participants.for_notebook(key),
    ]
    assert all(set(p) == fields(ParticipantRecord) for p in found)


def test_staff_users_and_the_accounts_list_give_their_records(store, facilitator_id):
    token = store.accounts.create_api_token(facilitator_id)
    users = [
        store.accounts.user(facilitator_id),
        store.accounts.user_by_name(store.accounts.user(facilitator_id)["username"]),
        store.accounts.user_for_token(token),
    ]
    assert all(set(u) == fields(UserRecord) for u in users)
    listed = [*store.accounts.listing(), store.accounts.account(facilitator_id)]
    assert all(set(a) == fields(AccountRecord) for a in listed)
    assert "password_hash" not in fields(AccountRecord)
