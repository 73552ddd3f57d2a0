"""Staff accounts, two-step sign-in, single sign-on, staff review and courses, on SQLite and on
PostgreSQL: these parts speak only through the database's portable calls. Decks, sessions,
participants and answers come from parts not yet moved, so their rows are inserted as they are
stored."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from sessions.live import LiveState
from sessions.store import StoreError
from tests.store_engines import CLOCK, engine_store, pg_url  # noqa: F401  (fixtures)

DECK = """\
title: Short class
min_responses: 1
steps:
  - id: welcome
    kind: slide
    title: Welcome
  - id: colour
    kind: poll
    title: Favourite colour?
    options:
      - {id: red, label: Red}
      - {id: blue, label: Blue}
"""

SUMMARY = {
    "joined": 3,
    "reached_end": 2,
    "fft_total": 2,
    "fft_positive": 0.5,
    "fft_negative": 0.5,
    "attendance": {"welcome": 3},
    "questions": [{"id": "q1", "text": "Is it safe?"}],
}


@pytest.fixture
def store(engine_store):  # noqa: F811
    return engine_store


@pytest.fixture
def physio(store) -> str:
    return store.accounts.create_user("physio", "hash")


# Rows of parts not yet moved ------------------------------------------------------------------


def add_deck(store, deck_id: str = "short") -> str:
    store.database.insert(
        "decks",
        {"id": deck_id, "title": "Short class", "yaml": DECK, "step_count": 2, "updated_at": CLOCK},
    )
    return deck_id


def add_session(
    store,
    session_id: str,
    facilitator_id: str,
    *,
    title: str = "Short class",
    created_at: str = CLOCK,
    status: str = "ended",
    demo: int = 0,
) -> str:
    store.database.insert(
        "sessions",
        {
            "id": session_id,
            "deck_id": "short",
            "title": title,
            "deck_yaml": DECK,
            "code": f"code-{session_id}",
            "screen_key": f"screen-{session_id}",
            "facilitator_id": facilitator_id,
            "status": status,
            "min_responses": 1,
            "created_at": created_at,
            "ended_at": created_at if status == "ended" else None,
            "demo": demo,
        },
    )
    return session_id


def add_participant(
    store, participant_id: str, session_id: str, *, notebook: bool = False, connected: bool = False
) -> str:
    store.database.insert(
        "participants",
        {
            "id": participant_id,
            "session_id": session_id,
            "token_hash": f"token-{participant_id}",
            "name": f"name-{participant_id}",
            "joined_at": CLOCK,
            "notebook_key_hash": f"notebook-{participant_id}" if notebook else None,
        },
    )
    if connected:
        store.database.insert(
            "connections", {"participant_id": participant_id, "worker": "w1", "count": 1}
        )
    return participant_id


def add_answer(store, participant_id: str, session_id: str, step_id: str, value) -> None:
    answer_id = f"answer-{participant_id}-{step_id}"
    stored = json.dumps(value, sort_keys=True)
    store.database.insert(
        "responses",
        {
            "participant_id": participant_id,
            "step_id": step_id,
            "session_id": session_id,
            "value": stored,
            "answer_id": answer_id,
            "answered_at": CLOCK,
        },
    )
    store.database.insert(
        "answer_ids",
        {
            "participant_id": participant_id,
            "answer_id": answer_id,
            "step_id": step_id,
            "value": stored,
        },
    )


def count(store, table: str) -> int:
    return store.database.one(f"SELECT count(*) AS n FROM {table}")["n"]


# Accounts -------------------------------------------------------------------------------------


def test_an_account_is_found_by_its_name_in_any_case_and_a_taken_name_is_refused(store, physio):
    assert store.accounts.user_by_name("PHYSIO")["id"] == physio
    assert store.accounts.user(physio)["role"] == "facilitator"
    with pytest.raises(StoreError) as taken:
        store.accounts.create_user("Physio", "other", "admin")
    assert taken.value.code == "exists"
    with pytest.raises(StoreError) as wrong_role:
        store.accounts.create_user("chief", "hash", "owner")
    assert wrong_role.value.code == "bad_request"
    admin = store.accounts.create_user("admin", "hash", "admin")
    assert [(a["username"], a["role"]) for a in store.accounts.listing()] == [
        ("admin", "admin"),
        ("physio", "facilitator"),
    ]
    assert store.accounts.account(admin) == {
        "id": admin,
        "username": "admin",
        "role": "admin",
        "disabled": 0,
        "created_at": CLOCK,
    }
    assert store.accounts.account("nobody") is None


def test_a_new_password_or_disabling_ends_every_signin(store, physio):
    token = store.accounts.start_signin(physio, lasts=timedelta(hours=8))
    assert store.accounts.user_for_signin(token)["id"] == physio
    store.accounts.set_password(physio, "new hash")
    assert store.accounts.user_for_signin(token) is None
    assert store.accounts.user(physio)["password_hash"] == "new hash"

    again = store.accounts.start_signin(physio, lasts=timedelta(hours=8))
    store.accounts.set_disabled(physio, True)
    assert store.accounts.user_for_signin(again) is None
    assert store.accounts.user(physio) is None
    assert store.accounts.account(physio)["disabled"] == 1
    store.accounts.set_disabled(physio, False)
    assert store.accounts.user(physio)["id"] == physio
    assert store.accounts.user_for_signin(again) is None

    store.accounts.start_signin(physio, lasts=timedelta(hours=8))
    store.accounts.start_signin(physio, lasts=timedelta(hours=8))
    assert store.accounts.end_signins_of(physio) == 2
    assert store.accounts.end_signins_of(physio) == 0
    # Ended sign-ins are cleared when the next one starts.
    store.accounts.start_signin(physio, lasts=timedelta(hours=8))
    assert count(store, "staff_signins") == 1


def test_api_tokens_are_capped_expire_and_are_revoked(store, physio):
    token = store.accounts.create_api_token(physio, max_active=2)
    assert store.accounts.user_for_token(token)["id"] == physio
    expired = store.accounts.create_api_token(physio, expires_at="2025-03-01T09:00:00+00:00")
    assert store.accounts.user_for_token(expired) is None
    store.accounts.create_api_token(physio, max_active=2)
    with pytest.raises(StoreError) as capped:
        store.accounts.create_api_token(physio, max_active=2)
    assert capped.value.code == "too_many_tokens"
    assert count(store, "api_tokens") == 3

    assert store.accounts.revoke_api_token(token) is True
    assert store.accounts.revoke_api_token(token) is False
    assert store.accounts.user_for_token(token) is None
    assert store.accounts.revoke_api_tokens_of(physio) == 2


# Two-step sign-in -----------------------------------------------------------------------------


def test_two_step_signin_is_set_up_used_once_per_step_and_removed(store, physio):
    assert store.mfa.turn_on(physio, 5, ["c1"]) is False  # nothing waiting
    store.mfa.begin(physio, "sealed-1")
    assert store.mfa.of(physio)["enabled_at"] is None
    assert store.mfa.is_on(physio) is False
    assert store.mfa.turn_on(physio, 5, ["c1", "c2"]) is True
    store.mfa.begin(physio, "sealed-2")  # one that is on stays
    assert store.mfa.of(physio)["secret"] == "sealed-1"
    assert store.mfa.is_on(physio) is True
    assert store.mfa.enrolled() == {physio}

    assert store.mfa.use_step(physio, 5) is False
    assert store.mfa.use_step(physio, 6) is True
    assert store.mfa.use_step(physio, 6) is False

    assert store.mfa.use_recovery_code(physio, "c1") == "used"
    assert store.mfa.use_recovery_code(physio, "c1") == "already_used"
    assert store.mfa.use_recovery_code(physio, "nope") == "unknown"
    assert store.mfa.recovery_codes_left(physio) == 1
    store.mfa.replace_recovery_codes(physio, ["d1", "d2", "d3"])
    assert store.mfa.recovery_codes_left(physio) == 3

    assert store.mfa.remove(physio) is True
    assert store.mfa.remove(physio) is False
    assert store.mfa.of(physio) is None
    assert store.mfa.recovery_codes_left(physio) == 0


def test_accounts_without_two_step_signin_are_signed_out_when_it_is_required(store, physio):
    other = store.accounts.create_user("other", "hash")
    linked = store.sso.create("https://idp", "sub-1", "linked", "facilitator", "!")
    store.mfa.begin(physio, "sealed")
    store.mfa.turn_on(physio, 1, [])
    kept = store.accounts.start_signin(physio, lasts=timedelta(hours=1))
    ended = store.accounts.start_signin(other, lasts=timedelta(hours=1))
    by_provider = store.accounts.start_signin(linked, lasts=timedelta(hours=1))
    assert store.mfa.end_signins_without_it() == 1
    assert store.accounts.user_for_signin(ended) is None
    assert store.accounts.user_for_signin(kept)["id"] == physio
    assert store.accounts.user_for_signin(by_provider)["id"] == linked


# Single sign-on -------------------------------------------------------------------------------


def test_single_signon_links_one_account_per_person_and_sets_its_role(store, physio):
    user_id = store.sso.create("https://idp", "sub-1", "ann", "reviewer", "!")
    assert store.sso.user_of("https://idp", "sub-1")["username"] == "ann"
    assert store.sso.user_of("https://idp", "sub-2") is None
    assert store.sso.is_linked(user_id) is True
    assert store.sso.is_linked(physio) is False

    store.sso.signed_in(user_id, "admin")
    assert store.accounts.user(user_id)["role"] == "admin"
    link = store.database.row("SELECT last_signin_at FROM staff_sso WHERE user_id = ?", (user_id,))
    assert link == {"last_signin_at": CLOCK}


def test_single_signon_refuses_a_wrong_role_a_taken_name_and_a_person_linked_before(store, physio):
    store.sso.create("https://idp", "sub-1", "ann", "reviewer", "!")
    for issuer, subject, username, role, code in (
        ("https://idp", "sub-2", "bob", "owner", "bad_request"),
        ("https://idp", "sub-2", "PHYSIO", "reviewer", "exists"),
        ("https://idp", "sub-1", "ann2", "reviewer", "exists"),
    ):
        with pytest.raises(StoreError) as refused:
            store.sso.create(issuer, subject, username, role, "!")
        assert refused.value.code == code
    assert store.accounts.user_by_name("ann2") is None  # the account went with the link
    assert count(store, "users") == 2
    with pytest.raises(StoreError) as wrong_role:
        store.sso.signed_in(physio, "owner")
    assert wrong_role.value.code == "bad_request"
    assert store.accounts.user(physio)["role"] == "facilitator"


# Staff review: attendance ---------------------------------------------------------------------


def test_attendance_keeps_the_most_present_at_each_step(store, physio):
    add_deck(store)
    session = add_session(store, "s1", physio, status="live")
    add_participant(store, "p1", session, connected=True)
    add_participant(store, "p2", session)
    store.review.set_attendance(session, "colour", 1, 5)
    store.review.set_attendance(session, "colour", 1, 2)  # fewer later: the most stays
    store.review.record_attendance(session, LiveState(step_index=0))  # those present: one
    store.review.record_attendance(session, LiveState(step_index=7))  # no such step: ignored
    store.review.record_attendance(session, LiveState(step_index=1, ended=True))
    assert store.review.attendance(session) == {"welcome": 1, "colour": 5}

    add_answer(store, "p1", session, "colour", "red")
    add_answer(store, "p2", session, "colour", "blue")
    add_answer(store, "p2", session, "welcome", "seen")
    assert store.review.answered_steps(session) == {"p1": {"colour"}, "p2": {"colour", "welcome"}}


# Staff review: aggregates and listings --------------------------------------------------------


def finished(store, physio) -> list[str]:
    """Three finished sessions: an older one, a demo, and a newer one, all summarised."""
    add_deck(store)
    sessions = [
        add_session(store, "old", physio, created_at="2025-01-10T10:00:00+00:00"),
        add_session(store, "demo", physio, created_at="2025-02-10T10:00:00+00:00", demo=1),
        add_session(store, "new", physio, title="Newer", created_at="2025-02-20T10:00:00+00:00"),
    ]
    for session_id, positive in zip(sessions, (0.9, None, 0.1), strict=True):
        summary = {**SUMMARY, "fft_positive": positive}
        assert store.review.save_aggregates(session_id, {"colour": {"red": 1}}, summary) is True
    return sessions


def test_aggregates_are_kept_once_and_replaced_only_when_asked(store, physio):
    add_deck(store)
    session = add_session(store, "s1", physio)
    add_session(store, "live", physio, status="live")
    assert store.review.finished_without_summary() == [session]
    assert store.review.summary(session) is None
    assert store.review.save_aggregates(session, {"colour": {"red": 2}}, SUMMARY) is True
    assert store.review.save_aggregates(session, {"colour": {"red": 9}}, SUMMARY) is False
    assert store.review.step_results(session) == {"colour": {"red": 2}}
    summary = store.review.summary(session)
    assert (summary["joined"], summary["on_paper"], summary["fft_positive"]) == (3, 0, 0.5)
    assert summary["attendance"] == {"welcome": 3}
    assert store.review.finished_without_summary() == []

    again = {**SUMMARY, "joined": 4, "on_paper": 1}
    assert store.review.save_aggregates(session, {"colour": {"red": 3}}, again, again=True)
    assert store.review.summary(session)["joined"] == 4
    assert store.review.step_results(session) == {"colour": {"red": 3}}
    assert store.review.purged(session) is False


def test_finished_sessions_are_filtered_sorted_and_paged(store, physio):
    old, demo, new = finished(store, physio)
    rows, total = store.review.finished_sessions()
    assert total == 3
    assert [r["id"] for r in rows] == [new, demo, old]
    assert rows[0]["facilitator"] == "physio"
    # Empty values sort first going up and last going down, on both engines.
    rows, _ = store.review.finished_sessions(sort="positive", descending=False)
    assert [r["id"] for r in rows] == [demo, new, old]
    rows, _ = store.review.finished_sessions(sort="positive")
    assert [r["id"] for r in rows] == [old, new, demo]
    rows, total = store.review.finished_sessions(include_demo=False, limit=1, offset=1)
    assert ([r["id"] for r in rows], total) == ([old], 2)
    rows, total = store.review.finished_sessions(start="2025-02-01", end="2025-02-15")
    assert ([r["id"] for r in rows], total) == ([demo], 1)
    with pytest.raises(StoreError) as refused:
        store.review.finished_sessions(sort="colour")
    assert refused.value.code == "bad_request"

    choices = store.review.choices()
    assert choices["decks"] == [{"id": "short", "title": "Short class"}]
    assert choices["facilitators"] == [{"id": physio, "username": "physio"}]


def test_period_aggregates_leave_demo_sessions_out_unless_asked(store, physio):
    old, demo, new = finished(store, physio)
    period = store.review.period_aggregates()
    assert [s["id"] for s in period] == [old, new]
    assert period[0]["results"] == {"colour": {"red": 1}}
    assert period[0]["joined"] == 3
    with_demo = store.review.period_aggregates(include_demo=True, start="2025-02-01")
    assert [s["id"] for s in with_demo] == [demo, new]


# Staff review: redaction, retention, demo data ------------------------------------------------


def test_a_redacted_answer_and_question_are_gone_and_noted(store, physio):
    add_deck(store)
    session = add_session(store, "s1", physio)
    add_participant(store, "p1", session)
    add_answer(store, "p1", session, "colour", {"text": "my name is Ann"})
    store.database.insert(
        "questions",
        {
            "id": "q1",
            "session_id": session,
            "participant_id": "p1",
            "answer_id": "qa1",
            "text": "Is it safe?",
            "created_at": CLOCK,
        },
    )
    store.review.save_aggregates(session, {"colour": {"texts": ["my name is Ann"]}}, SUMMARY)
    store.review.redact(
        session,
        "colour",
        "answer-p1-colour",
        user_id=physio,
        kept={"texts": []},
        scrub=lambda value: {**value, "text": ""},
    )
    store.review.redact(session, "", "q1", user_id=physio, kept=[], scrub=None)
    assert store.review.step_results(session) == {"colour": {"texts": []}}
    assert store.review.summary(session)["questions"] == []
    answer = store.database.one("SELECT value FROM responses WHERE participant_id = 'p1'")
    assert json.loads(answer["value"]) == {"text": ""}
    kept = store.database.one("SELECT value FROM answer_ids WHERE participant_id = 'p1'")
    assert json.loads(kept["value"]) == {"text": ""}
    assert store.database.one("SELECT text FROM questions WHERE id = 'q1'") == {"text": ""}
    assert store.review.redactions(session) == [  # in the order they were made
        {
            "step_id": "colour",
            "item_id": "answer-p1-colour",
            "redacted_at": CLOCK,
            "username": "physio",
        },
        {"step_id": "", "item_id": "q1", "redacted_at": CLOCK, "username": "physio"},
    ]


def test_purging_keeps_only_aggregates_and_kept_notebooks(store, physio):
    add_deck(store)
    session = add_session(store, "s1", physio, created_at="2025-01-10T10:00:00+00:00")
    add_session(store, "recent", physio)
    add_participant(store, "kept", session, notebook=True)
    add_participant(store, "gone", session)
    for participant in ("kept", "gone"):
        add_answer(store, participant, session, "colour", "red")
        add_answer(store, participant, session, "welcome", "seen")
    with pytest.raises(StoreError) as not_ready:
        store.review.purge(session, notebook_steps=["colour"], purged_at=CLOCK)
    assert not_ready.value.code == "not_ready"
    assert count(store, "responses") == 4

    store.review.save_aggregates(session, {}, SUMMARY)
    assert store.review.sessions_ended_before("2025-02-01") == [session]
    counts = store.review.purge(session, notebook_steps=["colour"], purged_at=CLOCK)
    assert (counts["responses"], counts["participants"], counts["answer_ids"]) == (3, 1, 4)
    assert store.database.rows("SELECT participant_id, step_id FROM responses") == [
        {"participant_id": "kept", "step_id": "colour"}
    ]
    assert store.database.rows("SELECT id, name FROM participants") == [{"id": "kept", "name": ""}]
    assert store.review.purged(session) is True
    assert store.review.sessions_ended_before("2025-02-01") == []


def test_a_demo_session_is_moved_into_the_past(store, physio):
    add_deck(store)
    session = add_session(store, "s1", physio)
    add_participant(store, "p1", session)
    add_answer(store, "p1", session, "colour", "red")
    store.review.set_attendance(session, "colour", 1, 1)
    start, end = "2024-11-05T10:00:00+00:00", "2024-11-05T11:00:00+00:00"
    store.review.backdate(session, start, end)
    assert store.database.one("SELECT created_at, ended_at FROM sessions") == {
        "created_at": start,
        "ended_at": end,
    }
    assert store.database.one("SELECT joined_at FROM participants") == {"joined_at": start}
    assert store.database.one("SELECT answered_at FROM responses") == {"answered_at": start}
    assert store.database.one("SELECT recorded_at FROM step_attendance") == {"recorded_at": start}


# Courses --------------------------------------------------------------------------------------


@pytest.fixture
def course(store, physio) -> str:
    add_deck(store)
    return store.courses.create(
        "Back pain group", physio, [("short", "group"), ("short", "self-paced")]
    )


def test_a_course_keeps_its_sessions_in_order_and_starts_each_once(store, physio, course):
    assert store.courses.get(course) == {
        "id": course,
        "title": "Back pain group",
        "owner_id": physio,
        "created_at": CLOCK,
    }
    later = store.courses.create("Later", physio, [("short", "group")])
    # Made in the same second: newest first still, by the order they were made.
    assert [c["id"] for c in store.courses.of_owner(physio)] == [later, course]

    session = add_session(store, "s1", physio, status="live")
    store.courses.start_session(course, 0, session)
    for position, code in ((0, "already_started"), (5, "not_found")):
        with pytest.raises(StoreError) as refused:
            store.courses.start_session(course, position, "other")
        assert refused.value.code == code
    rows = store.courses.sessions_of(course)
    assert [(r["position"], r["mode"], r["session_id"], r["status"]) for r in rows] == [
        (0, "group", session, "live"),
        (1, "self-paced", None, None),
    ]
    assert rows[0]["deck_title"] == "Short class"
    assert store.courses.place_of(session) == {
        "course_id": course,
        "position": 0,
        "title": "Back pain group",
    }
    assert store.courses.place_of("other") is None


def test_a_wrong_course_is_refused_and_nothing_is_written(store, physio):
    add_deck(store)
    with pytest.raises(StoreError) as refused:
        store.courses.create("Course", physio, [("short", "group"), ("gone", "group")])
    assert refused.value.code == "unknown_deck"
    with pytest.raises(StoreError) as untitled:
        store.courses.create("  ", physio, [("short", "group")])
    assert untitled.value.code == "bad_request"
    assert (count(store, "courses"), count(store, "course_sessions")) == (0, 0)


def test_a_member_is_found_by_their_key_and_linked_in_each_session(store, physio, course):
    ann, key = store.courses.add_member(course, "Ann" * 20)
    assert ann["name"] == ("Ann" * 20)[:40]
    bob, _ = store.courses.add_member(course, "Bob")
    assert store.courses.member_for_key(key) == ann
    assert store.courses.member(bob["id"]) == bob
    new_key = store.courses.new_key(ann["id"])
    assert new_key is not None
    assert store.courses.member_for_key(key) is None
    assert store.courses.member_for_key(new_key) == ann
    assert store.courses.new_key("gone") is None

    first, second = add_session(store, "s1", physio), add_session(store, "s2", physio)
    store.courses.start_session(course, 0, first)
    store.courses.start_session(course, 1, second)
    for participant, session, member in (
        ("a1", first, ann),
        ("a2", second, ann),
        ("b1", first, bob),
    ):
        add_participant(store, participant, session)
        store.courses.link(participant, member["id"])
    add_participant(store, "walk-in", first)
    add_answer(store, "a1", first, "colour", "red")
    add_answer(store, "a2", second, "colour", "blue")
    add_answer(store, "b1", first, "colour", "blue")
    add_answer(store, "walk-in", first, "colour", "red")

    members = [(m["id"], m["sessions"]) for m in store.courses.members(course)]
    assert members == [(ann["id"], 2), (bob["id"], 1)]  # in the order they joined, same second
    assert store.courses.member_of("a1") == store.courses.member(ann["id"])
    assert store.courses.member_of("walk-in") is None
    assert store.courses.participant_in(ann["id"], second) == "a2"
    assert store.courses.participant_in(bob["id"], second) is None
    assert [
        (p["participant_id"], p["position"]) for p in store.courses.participations(ann["id"])
    ] == [
        ("a1", 0),
        ("a2", 1),
    ]
    assert [(r["position"], r["value"]) for r in store.courses.responses_of(ann["id"])] == [
        (0, "red"),
        (1, "blue"),
    ]
    assert store.courses.answers_by_member(first, "colour") == {ann["id"]: "red", bob["id"]: "blue"}
    assert store.courses.members_by_session(course) == {0: {ann["id"], bob["id"]}, 1: {ann["id"]}}

    store.courses.delete_member(ann["id"])
    assert store.courses.member(ann["id"]) is None
    assert store.database.rows("SELECT id FROM participants ORDER BY id") == [
        {"id": "b1"},
        {"id": "walk-in"},
    ]
    assert count(store, "responses") == 2


def test_a_finished_course_keeps_its_figures_once(store, physio, course):
    assert store.courses.over_without_figures() == []  # no session started yet
    store.courses.start_session(course, 0, add_session(store, "s1", physio))
    store.courses.start_session(course, 1, add_session(store, "s2", physio, status="live"))
    assert store.courses.over_without_figures() == []
    store.database.update("sessions", {"id": "s2"}, {"status": "ended"})
    assert store.courses.over_without_figures() == [course]
    assert store.courses.kept_figures(course) is None
    assert store.courses.keep_figures(course, {"members": 2}) is True
    assert store.courses.keep_figures(course, {"members": 9}) is False
    assert store.courses.kept_figures(course) == {"members": 2, "kept_at": CLOCK}
    assert store.courses.over_without_figures() == []
