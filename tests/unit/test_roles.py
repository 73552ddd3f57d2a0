"""Who may send which console event: the one table in sessions/roles.py, checked against every
event the console's namespace takes, so a new console event cannot go unplaced."""

from __future__ import annotations

import pytest

from sessions import commands as do
from sessions import live, roles
from tests.unit.markdown_tables import code_spans, tables
from tests.unit.test_protocol_docs import PROTOCOL, client_events

CONSOLE = client_events()["/facilitator"]
MODERATOR_MAY = {"question", "moderate", "alert_seen", "step_results", "snapshot"}


def test_every_console_event_is_placed_in_the_table_and_nothing_else():
    assert set(roles.CONSOLE_EVENTS) == CONSOLE
    assert {"next", "end", "moderate", "snapshot"} <= CONSOLE


@pytest.mark.parametrize("event", sorted(CONSOLE))
def test_the_facilitator_and_a_co_facilitator_may_send_every_console_event(event):
    roles.check_event(roles.FACILITATOR, event)
    roles.check_event(roles.CO_FACILITATOR, event)


@pytest.mark.parametrize("event", sorted(CONSOLE - MODERATOR_MAY))
def test_a_moderator_is_refused_what_moves_or_runs_the_room(event):
    with pytest.raises(live.Rejected) as refused:
        roles.check_event(roles.MODERATOR, event)
    assert refused.value.code == "not_allowed"
    assert "As this session's moderator you cannot" in refused.value.message
    assert roles.CONSOLE_EVENTS[event].does in refused.value.message


@pytest.mark.parametrize("event", sorted(MODERATOR_MAY))
def test_a_moderator_may_look_after_questions_answers_and_alerts(event):
    roles.check_event(roles.MODERATOR, event)


def test_a_moderators_next_says_what_it_cannot_do():
    with pytest.raises(live.Rejected, match="cannot move the room on. Ask the facilitator"):
        roles.check_event(roles.MODERATOR, "next")


def test_an_event_missing_from_the_table_is_refused_to_everyone():
    for role in (roles.FACILITATOR, roles.CO_FACILITATOR, roles.MODERATOR):
        with pytest.raises(live.Rejected, match="not a console command") as refused:
            roles.check_event(role, "launch")
        assert refused.value.code == "not_allowed"


def test_someone_with_no_role_any_more_is_refused_everything():
    with pytest.raises(live.Rejected, match="no longer help run") as refused:
        roles.check_event(None, "snapshot")
    assert refused.value.code == "not_allowed"


def test_the_owner_and_admins_run_a_session_and_others_only_as_invited():
    assert roles.role_of("facilitator", "u1", "u1", None) == roles.FACILITATOR
    assert roles.role_of("admin", "u2", "u1", None) == roles.FACILITATOR
    assert roles.role_of("admin", "u2", "u1", roles.MODERATOR) == roles.FACILITATOR
    assert roles.role_of("facilitator", "u2", "u1", roles.MODERATOR) == roles.MODERATOR
    assert roles.role_of("reviewer", "u2", "u1", roles.CO_FACILITATOR) == roles.CO_FACILITATOR
    assert roles.role_of("facilitator", "u2", "u1", None) is None
    assert roles.role_of("facilitator", "u2", "u1", "owner") is None


def test_only_the_facilitator_may_invite():
    assert roles.may_invite(roles.FACILITATOR)
    assert not roles.may_invite(roles.CO_FACILITATOR)
    assert not roles.may_invite(roles.MODERATOR)
    assert not roles.may_invite(None)


SESSION = {"facilitator_id": "u1", "status": "live"}
SAM = {"id": "u2", "username": "sam", "disabled": 0}


def test_an_invite_names_an_active_account_and_a_role():
    assert roles.check_invite("moderator", SAM, SESSION) == ("u2", "moderator")
    assert roles.check_invite("co-facilitator", SAM, SESSION) == ("u2", "co-facilitator")


@pytest.mark.parametrize(
    ("role", "invitee", "session", "code", "words"),
    [
        ("owner", SAM, SESSION, "bad_request", "Choose a role: co-facilitator or moderator"),
        (None, SAM, SESSION, "bad_request", "Choose a role"),
        ("facilitator", SAM, SESSION, "bad_request", "Choose a role"),
        ("moderator", None, SESSION, "not_found", "no active staff account"),
        ("moderator", {**SAM, "disabled": 1}, SESSION, "not_found", "no active staff"),
        ("moderator", {**SAM, "id": "u1"}, SESSION, "bad_request", "sam already runs"),
        ("moderator", SAM, {**SESSION, "status": "ended"}, "closed", "has ended"),
    ],
)
def test_a_bad_invite_says_why(role, invitee, session, code, words):
    with pytest.raises(live.Rejected, match=words) as refused:
        roles.check_invite(role, invitee, session)
    assert refused.value.code == code


def test_the_audit_keeps_the_role_and_ids_never_text_or_answers():
    moved = do.ChangeState(live.GoToStep(3, force=True), seen_seq=4)
    assert roles.audit_detail(roles.CO_FACILITATOR, moved) == "as co-facilitator; index 3"
    question = do.ActOnQuestion("q1", "approve")
    assert roles.audit_detail(roles.MODERATOR, question) == (
        "as moderator; action approve; question_id q1"
    )
    moderated = do.Moderate("s1", "my private words", "hide")
    detail = roles.audit_detail(roles.MODERATOR, moderated)
    assert detail == "as moderator; action hide; step_id s1"
    answered = do.AnswerFor(
        "p1", do.Answer(step_id="s2", value={"text": "my back"}, answer_id="a1")
    )
    assert roles.audit_detail(roles.FACILITATOR, answered) == "as facilitator; participant_id p1"
    assert roles.audit_detail(roles.FACILITATOR, do.ChangeState(live.NextStep())) == (
        "as facilitator"
    )


def test_the_protocol_page_lists_each_role_as_the_table_allows():
    table = next(
        t for t in tables(PROTOCOL.read_text(encoding="utf-8")) if t.header[0] == "console event"
    )
    documented = {}
    for events, runs, moderator in zip(
        table.column("console event"),
        table.column("facilitator, co-facilitator"),
        table.column("moderator"),
        strict=True,
    ):
        for event in code_spans(events):
            documented[event] = (runs.startswith("yes"), moderator.startswith("yes"))
    assert documented == {
        event: (roles.CO_FACILITATOR in allowed.roles, roles.MODERATOR in allowed.roles)
        for event, allowed in roles.CONSOLE_EVENTS.items()
    }
