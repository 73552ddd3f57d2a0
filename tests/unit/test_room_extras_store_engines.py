"""The room's extras on SQLite and on PostgreSQL: reactions, questions for later, red-flag
alerts, paper forms, invited staff, step timings, idle sessions and the sources of themes,
each speaking only through the database's portable calls."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from sessions.live import SELF_PACED
from sessions.store import StoreError
from sessions.store.staff import AuditLog
from tests.store_engines import CLOCK, engine_store, pg_url  # noqa: F401  (fixtures)

# The minimal rows of parts ported elsewhere, made with the portable insert.


def add_user(db: Any, user_id: str, *, disabled: int = 0) -> dict[str, str]:
    db.insert(
        "users",
        {
            "id": user_id,
            "username": user_id,
            "password_hash": "x",
            "role": "facilitator",
            "disabled": disabled,
            "created_at": CLOCK,
        },
    )
    return {"id": user_id, "username": user_id}


def add_session(db: Any, session_id: str, owner: str, **values: Any) -> str:
    if db.row("SELECT id FROM decks WHERE id = 'deck'") is None:
        db.insert(
            "decks",
            {"id": "deck", "title": "Back pain", "yaml": "", "step_count": 1, "updated_at": CLOCK},
        )
    row = {
        "id": session_id,
        "deck_id": "deck",
        "title": f"Class {session_id}",
        "deck_yaml": "",
        "code": session_id.upper(),
        "screen_key": f"screen-{session_id}",
        "facilitator_id": owner,
        "min_responses": 3,
        "created_at": CLOCK,
    }
    db.insert("sessions", row | values)
    return session_id


def add_participant(db: Any, participant_id: str, session_id: str, joined_at: str = CLOCK) -> str:
    db.insert(
        "participants",
        {
            "id": participant_id,
            "session_id": session_id,
            "token_hash": f"token-{participant_id}",
            "name": f"Person {participant_id}",
            "joined_at": joined_at,
        },
    )
    return participant_id


def add_answer(db: Any, participant_id: str, session_id: str, step_id: str, value: Any) -> None:
    db.insert(
        "responses",
        {
            "participant_id": participant_id,
            "step_id": step_id,
            "session_id": session_id,
            "value": json.dumps(value),
            "answer_id": f"a-{participant_id}-{step_id}",
            "answered_at": CLOCK,
        },
    )


def add_alert(db: Any, alert_id: str, session_id: str, participant_id: str, at: str) -> None:
    db.insert(
        "alerts",
        {
            "id": alert_id,
            "session_id": session_id,
            "participant_id": participant_id,
            "name": "Person",
            "source": "step-1",
            "matched": "chest pain",
            "created_at": at,
        },
    )


@pytest.fixture
def store(engine_store) -> Any:  # noqa: F811
    add_user(engine_store.database, "ana")
    add_session(engine_store.database, "s1", "ana")
    return engine_store


def test_reactions_are_counted_per_step(store):
    for reaction in ("clap", "clap", "heart"):
        store.reactions.add("s1", "step-1", reaction)
    store.reactions.add("s1", "step-2", "clap")
    assert store.reactions.of_step("s1", "step-1") == {"clap": 2, "heart": 1}
    assert store.reactions.by_step("s1") == {
        "step-1": {"clap": 2, "heart": 1},
        "step-2": {"clap": 1},
    }
    assert store.reactions.of_step("s1", "step-3") == {}


def test_a_question_for_later_is_stored_once_and_answered(store):
    add_participant(store.database, "p1", "s1")
    question_id, new = store.later.add("s1", "p1", "client-1", "Can I run?")
    assert new is True
    assert store.later.add("s1", "p1", "client-1", "Can I run?") == (question_id, False)
    later = store.later.add("s1", "p1", "client-2", "And swim?")[0]
    assert store.later.reply("s1", question_id, "Yes, gently.", by="ana") == "p1"
    asked = store.later.of_session("s1")
    assert sorted(q["id"] for q in asked) == sorted([question_id, later])
    first = next(q for q in asked if q["id"] == question_id)
    assert (first["name"], first["text"], first["reply"]) == (
        "Person p1",
        "Can I run?",
        "Yes, gently.",
    )
    assert first["replied_at"] == CLOCK
    assert {q["text"] for q in store.later.of_participant("p1")} == {"Can I run?", "And swim?"}


def test_a_question_id_reused_for_other_text_or_an_unknown_question_is_refused(store):
    add_participant(store.database, "p1", "s1")
    question_id, _ = store.later.add("s1", "p1", "client-1", "Can I run?")
    with pytest.raises(StoreError) as reused:
        store.later.add("s1", "p1", "client-1", "Something else")
    assert reused.value.code == "conflict"
    with pytest.raises(StoreError) as unknown:
        store.later.reply("s2", question_id, "Not my session", by="ana")
    assert unknown.value.code == "unknown_question"
    [kept] = store.later.of_participant("p1")
    assert (kept["text"], kept["reply"]) == ("Can I run?", None)


def test_alerts_are_listed_followed_up_once_and_purged(store):
    db = store.database
    helper = add_user(db, "ben")
    add_user(db, "cal")
    add_session(db, "s2", "cal")
    add_participant(db, "p1", "s1")
    add_participant(db, "p2", "s2")
    add_answer(db, "p1", "s1", "step-1", "chest pain")
    add_answer(db, "p1", "s1", "step-2", "none")
    add_alert(db, "a-late", "s1", "p1", "2025-03-01T10:05:00+00:00")
    add_alert(db, "a-early", "s1", "p1", "2025-03-01T10:01:00+00:00")
    add_alert(db, "a-other", "s2", "p2", "2025-02-01T10:00:00+00:00")
    store.session_roles.invite(
        "s2", "ben", "moderator", by={"id": "cal", "username": "cal"}, username="ben"
    )

    assert [a["id"] for a in store.alerts.of_session("s1")] == ["a-early", "a-late"]
    assert [a["id"] for a in store.alerts.open()] == ["a-other", "a-early", "a-late"]
    assert [a["id"] for a in store.alerts.open(owner_id="ana")] == ["a-early", "a-late"]
    assert [a["id"] for a in store.alerts.open(owner_id=helper["id"])] == ["a-other"]
    assert store.alerts.written("a-early", ["step-1"]) == [json.dumps("chest pain")]
    assert store.alerts.written("a-early", []) == []

    store.alerts.follow_up("a-early", outcome="contacted", note="  Called them. ", user_id="ana")
    followed = store.alerts.get("a-early")
    assert (followed["outcome"], followed["note"], followed["followed_up_by"]) == (
        "contacted",
        "Called them.",
        "ana",
    )
    assert [a["id"] for a in store.alerts.open(owner_id="ana")] == ["a-late"]
    assert store.alerts.purge_before("2025-03-01T00:00:00+00:00") == 1
    assert [a["id"] for a in store.alerts.open()] == ["a-late"]


def test_a_bad_or_second_follow_up_is_refused_and_changes_nothing(store):
    add_participant(store.database, "p1", "s1")
    add_alert(store.database, "a1", "s1", "p1", CLOCK)
    with pytest.raises(StoreError) as bad:
        store.alerts.follow_up("a1", outcome="shrugged", note="", user_id="ana")
    assert bad.value.code == "bad_request"
    assert store.alerts.get("a1")["followed_up_at"] is None
    store.alerts.follow_up("a1", outcome="advised", note="", user_id="ana")
    with pytest.raises(StoreError) as again:
        store.alerts.follow_up("a1", outcome="not_needed", note="", user_id="ana")
    assert again.value.code == "conflict"
    assert store.alerts.get("a1")["outcome"] == "advised"
    with pytest.raises(StoreError) as unknown:
        store.alerts.follow_up("nope", outcome="advised", note="", user_id="ana")
    assert unknown.value.code == "unknown_alert"


def test_paper_forms_are_stored_as_paper_participants_with_their_answers(store):
    add_participant(store.database, "p1", "s1")
    add_answer(store.database, "p1", "s1", "step-1", 4)
    added = store.paper.add_forms("s1", [{"step-1": 3, "step-2": "ok"}, {"step-1": 5}])
    assert len(added) == 2
    assert store.paper.count("s1") == 2
    assert store.paper.answers_count("s1") == 3
    stored = store.database.rows(
        "SELECT value FROM responses WHERE participant_id = ? ORDER BY step_id", (added[0],)
    )
    assert [json.loads(r["value"]) for r in stored] == [3, "ok"]


def test_invited_staff_are_listed_changed_and_removed_with_an_audit(store):
    db = store.database
    ana = {"id": "ana", "username": "ana"}
    add_user(db, "ben")
    add_user(db, "dee", disabled=1)
    store.session_roles.invite("s1", "ben", "moderator", by=ana, username="ben")
    store.session_roles.invite("s1", "ben", "cofacilitator", by=ana, username="ben")
    assert store.session_roles.role_of("s1", "ben") == "cofacilitator"
    assert store.session_roles.role_of("s1", "ana") is None
    assert store.session_roles.seat("s1", "ben") == ("ana", "cofacilitator")
    assert store.session_roles.seat("s1", "ana") == ("ana", None)
    assert store.session_roles.seat("nope", "ben") is None
    assert [(r["username"], r["role"]) for r in store.session_roles.of_session("s1")] == [
        ("ben", "cofacilitator")
    ]
    [helping] = store.session_roles.sessions_of("ben")
    assert (helping["id"], helping["role"], helping["facilitator_name"]) == (
        "s1",
        "cofacilitator",
        "ana",
    )
    assert [u["username"] for u in store.session_roles.staff_to_invite()] == ["ana", "ben"]

    assert store.session_roles.remove("s1", "ben", by=ana) is True
    assert store.session_roles.remove("s1", "ben", by=ana) is False
    assert store.session_roles.role_of("s1", "ben") is None
    entries, total = AuditLog(db).entries()
    assert total == 3
    assert [(e["action"], e["detail"]) for e in entries] == [
        ("session.remove_role", "ben as cofacilitator"),
        ("session.invite", "ben as cofacilitator"),
        ("session.invite", "ben as moderator"),
    ]


def test_step_visits_open_and_close_as_the_room_moves(store):
    timings = store.timings
    timings.record("s1", "step-1")
    timings.record("s1", "step-1")  # no move: still the first visit
    timings.moved("s1", "step-2")
    timings.record("s1", "step-1")  # shown again: a second visit of it
    timings.record("s1", None)
    visits = timings.visits("s1")
    assert [v.step_id for v in visits] == ["step-1", "step-2", "step-1"]
    assert all(v.left is not None for v in visits)


def test_demo_visits_are_kept_as_given(store):
    store.timings.keep(
        "s1",
        [
            ("step-1", "2025-03-01T10:00:00+00:00", "2025-03-01T10:04:00+00:00"),
            ("step-2", "2025-03-01T10:04:00+00:00", "2025-03-01T10:10:00+00:00"),
        ],
    )
    first, second = store.timings.visits("s1")
    assert (first.step_id, second.step_id) == ("step-1", "step-2")
    assert second.left - first.reached == 600


def test_idle_sessions_are_ended_and_nearly_idle_ones_warned(store):
    db = store.database
    # "s1" was created at the clock's moment: just used.
    add_session(db, "old", "ana", created_at="2025-02-27T10:00:00+00:00")
    add_session(db, "near", "ana", created_at="2025-02-28T11:00:00+00:00")
    add_session(db, "joined", "ana", created_at="2025-02-27T10:00:00+00:00")
    add_participant(db, "p1", "joined", joined_at="2025-03-01T09:00:00+00:00")
    add_session(db, "paced", "ana", created_at="2025-01-01T10:00:00+00:00", mode=SELF_PACED)
    sweep = store.idle.sweep(idle_after=timedelta(hours=24), warn_before=timedelta(hours=2))
    assert sweep.ended == ["old"]
    assert sweep.warned == {"near": "2025-03-01T11:00:00+00:00"}
    status = {r["id"]: r["status"] for r in db.rows("SELECT id, status FROM sessions")}
    assert status == {
        "s1": "live",
        "old": "ended",
        "near": "live",
        "joined": "live",
        "paced": "live",
    }
    again = store.idle.sweep(idle_after=timedelta(hours=24), warn_before=timedelta(hours=2))
    assert again.ended == []


def test_an_idle_sweep_without_a_positive_wait_is_refused(store):
    add_session(store.database, "old", "ana", created_at="2025-01-01T10:00:00+00:00")
    with pytest.raises(ValueError, match="idle_after must be positive"):
        store.idle.sweep(idle_after=timedelta(0), warn_before=timedelta(hours=1))
    assert store.database.one("SELECT status FROM sessions WHERE id = 'old'")["status"] == "live"


def test_themes_read_finished_sessions_their_results_removals_and_answers(store):
    db = store.database
    add_session(db, "b", "ana", status="ended", created_at="2025-02-02T10:00:00+00:00")
    add_session(db, "a", "ana", status="ended", created_at="2025-02-01T10:00:00+00:00")
    add_session(db, "trial", "ana", status="ended", trial=1)
    add_session(db, "demo", "ana", status="ended", demo=1, created_at="2025-02-03T10:00:00+00:00")
    themes = store.themes
    assert [s["id"] for s in themes.finished(["b", "a", "trial", "s1"])] == ["a", "b"]
    assert themes.finished([]) == []
    assert themes.in_period(facilitator_id="ana") == ["a", "b"]
    assert themes.in_period(start="2025-02-02T00:00:00+00:00", include_demo=True) == ["b", "demo"]

    db.insert(
        "step_results",
        {"session_id": "a", "step_id": "step-1", "results_json": '{"n": 4}', "computed_at": CLOCK},
    )
    db.insert(
        "redactions",
        {
            "session_id": "a",
            "step_id": "step-1",
            "item_id": "item-2",
            "redacted_by": "ana",
            "redacted_at": CLOCK,
        },
    )
    assert themes.kept_results(["a", "b"]) == {"a": {"step-1": {"n": 4}}, "b": {}}
    assert themes.removed(["a", "b"]) == {("a", "step-1", "item-2")}
    assert themes.removed([]) == set()

    add_participant(db, "p1", "a")
    add_participant(db, "p2", "a")
    add_answer(db, "p2", "a", "step-1", {"text": "stiff"})
    add_answer(db, "p1", "a", "step-1", {"text": "sore"})
    assert themes.answers("a", "step-1") == [  # in the order they came, in the same second
        ("a-p2-step-1", {"text": "stiff"}),
        ("a-p1-step-1", {"text": "sore"}),
    ]
