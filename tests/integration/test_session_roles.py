"""Roles on a session: the facilitator invites a co-facilitator (full control) or a moderator
(questions, open answers, alerts) from the console; each console event is checked against the
sender's role, refused ones change nothing, and every action is audited with who did it."""

from __future__ import annotations

import re

import pytest

from sessions import roles
from tests.conftest import Person, csrf_token, scalar

# A payload for each console event that the rules accept or refuse on their own merits: what
# matters here is only whether the role lets it through.
PAYLOADS = {
    "next": None,
    "back": None,
    "goto": {"index": 1},
    "open": None,
    "close": None,
    "reveal": None,
    "hide": None,
    "vote_again": None,
    "blank": {"on": True},
    "timer": {"action": "start"},
    "end": None,
    "regroup": None,
    "add_person": {"name": "JB"},
    "answer_for": {"participant_id": "nobody", "step_id": "pain-now", "id": "a1", "value": 3},
    "reply_later": {"question_id": "nope", "text": "Keep moving gently."},
    "question": {"question_id": "nope", "action": "approve"},
    "moderate": {"step_id": "nope", "item": "i1", "action": "approve"},
    "alert_seen": {"alert_id": "nope"},
    "step_results": {"step_id": "nope"},
    "snapshot": None,
    "room_language": {"languages": ["cy", "en"]},
}
MODERATOR_REFUSED = sorted(e for e, a in roles.CONSOLE_EVENTS.items() if "moderator" not in a.roles)


def test_every_console_event_has_a_payload_here():
    assert set(PAYLOADS) == set(roles.CONSOLE_EVENTS)


def console_page(http, session_id):
    return http.get(f"/console/{session_id}")


def invite(http, session_id, username, role):
    token = csrf_token(http.get("/").get_data(as_text=True))
    return http.post(
        f"/console/{session_id}/people-running",
        data={"username": username, "role": role, "csrf_token": token},
    )


@pytest.fixture
def helper(app, console, sign_in, store):
    """Another physio, invited by the facilitator in `role`, with their own console open."""

    def helper(role, username="sam"):
        http = sign_in(username)
        response = invite(console.http, console.session["id"], username, role)
        assert response.status_code == 303, response.get_data(as_text=True)
        person = Person(app, http, "/facilitator").connect({"session_id": console.session["id"]})
        assert person.connected
        person.user = store.accounts.user_by_name(username)
        return person

    return helper


def room_state(store, session_id):
    """What any console event could change."""
    row = store.database.row(
        "SELECT seq, step_index, open, revealed, status, blanked, timer_status, voted_again"
        " FROM sessions WHERE id = ?",
        (session_id,),
    )
    counts = [
        scalar(store, f"SELECT count(*) FROM {table}")
        for table in ("participants", "responses", "moderation", "discussion_groups")
    ]
    consoles = scalar(store, "SELECT count(*) FROM audit_log WHERE action LIKE 'console.%'")
    return row, counts, consoles


def send(person, event):
    payload = PAYLOADS[event]
    if payload is None:
        return person.sock.emit(event, namespace="/facilitator", callback=True)
    return person.sock.emit(event, payload, namespace="/facilitator", callback=True)


@pytest.mark.parametrize("event", MODERATOR_REFUSED)
def test_a_moderator_is_refused_what_runs_the_room_and_nothing_changes(
    console, helper, store, event
):
    moderator = helper("moderator")
    assert console.emit("next")["ok"]
    before = room_state(store, console.session["id"])
    ack = send(moderator, event)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "not_allowed"
    assert ack["error"]["message"].startswith("As this session's moderator you cannot ")
    assert room_state(store, console.session["id"]) == before


def test_a_moderators_next_is_refused_with_a_clear_error_even_with_a_bad_payload(console, helper):
    moderator = helper("moderator")
    ack = moderator.emit("next")
    assert ack["error"] == {
        "code": "not_allowed",
        "message": "As this session's moderator you cannot move the room on. "
        "Ask the facilitator to do it.",
    }
    # Refused by role before the payload is read: the error is the role's, not the shape's.
    assert moderator.emit("goto", {"index": "x"})["error"]["code"] == "not_allowed"


ALLOWED = [
    (role, event)
    for event, allowed in sorted(roles.CONSOLE_EVENTS.items())
    for role in ("co-facilitator", "moderator")
    if role in allowed.roles
]


@pytest.mark.parametrize(("role", "event"), ALLOWED)
def test_no_event_a_role_may_send_is_refused_for_its_role(console, helper, role, event):
    person = helper(role)
    assert console.emit("next")["ok"]
    ack = send(person, event)
    assert ack["ok"] or ack["error"]["code"] != "not_allowed", ack


def test_a_moderator_looks_after_questions_and_alerts_and_is_audited_by_name(
    console, helper, join, store, realtime
):
    moderator = helper("moderator")
    phone = join(console.session, name="Pat")
    question_id = phone.emit("ask", id="q1", text="Is swimming OK?")["question_id"]
    assert moderator.emit("question", question_id=question_id, action="approve")["ok"]
    assert store.room.questions(console.session["id"])[0]["status"] == "approved"
    entries, _ = store.audit.entries(action="console.question")
    assert [(e["username"], e["target"]) for e in entries] == [
        ("sam", f"session {console.session['id']}")
    ]
    assert entries[0]["detail"] == f"as moderator; action approve; question_id {question_id}"
    # A read is not an action: nothing audited.
    assert moderator.emit("snapshot")["ok"]
    assert store.audit.entries(action="console.snapshot")[1] == 0


def test_a_co_facilitator_runs_the_room_and_the_audit_says_it_was_them(console, helper, store):
    co = helper("co-facilitator", username="alex")
    assert co.emit("next")["ok"]
    assert store.sessions.load_live(console.session["id"]).step_index == 0
    assert console.emit("next")["ok"]
    moves = store.audit.entries(action="console.next")[0]
    assert [(e["username"], e["detail"]) for e in moves] == [
        ("physio", "as facilitator"),
        ("alex", "as co-facilitator"),
    ]
    assert co.emit("end")["ok"]
    assert store.audit.entries(action="console.end")[0][0]["username"] == "alex"


def test_a_command_that_changes_nothing_is_not_audited(console, store):
    assert console.emit("back")["ok"] is False  # in the lobby: refused, nothing to audit
    assert console.emit("blank", on=False)["ok"]  # already showing: no change
    assert store.audit.entries(action="console.blank")[1] == 0


def test_removed_helpers_lose_the_console_at_once_and_a_new_role_holds_at_once(
    console, helper, store, app
):
    moderator = helper("moderator")
    session_id = console.session["id"]
    page = console_page(console.http, session_id).get_data(as_text=True)
    sam = store.accounts.user_by_name("sam")
    assert "sam: moderator" in page
    token = csrf_token(page)
    response = console.http.post(
        f"/console/{session_id}/people-running/{sam['id']}/remove", data={"csrf_token": token}
    )
    assert response.status_code == 303
    ack = moderator.emit("question", question_id="q", action="approve")
    assert ack["error"]["code"] == "not_allowed"
    assert "no longer help run" in ack["error"]["message"]
    namespace = app.extensions["socketio"].server.namespace_handlers["/facilitator"]
    assert namespace.drop_invalid() == 1
    assert console_page(moderator.http, session_id).status_code == 404

    again = helper("moderator")
    assert again.emit("next")["error"]["code"] == "not_allowed"
    assert invite(console.http, session_id, "sam", "co-facilitator").status_code == 303
    assert again.emit("next")["ok"]  # the same connection, now with full control
    assert [e["action"] for e in store.audit.entries()[0]][:4] == [
        "console.next",
        "session.invite",
        "session.invite",
        "session.remove_role",
    ]


def test_the_invited_persons_home_page_lists_the_session(console, helper):
    moderator = helper("moderator")
    home = moderator.http.get("/").get_data(as_text=True)
    assert "Classes you help run" in home
    assert f"You are moderating {console.session['title']}" in home
    assert f"/console/{console.session['id']}" in home
    co = helper("co-facilitator", username="alex")
    assert f"You are co-facilitating {console.session['title']}" in co.http.get("/").get_data(
        as_text=True
    )


def test_the_console_page_shows_each_role_what_it_may_do(console, helper, sign_in):
    session_id = console.session["id"]
    own = console_page(console.http, session_id).get_data(as_text=True)
    assert "There are no other active staff accounts to invite." in own
    sign_in("kim")
    own = console_page(console.http, session_id).get_data(as_text=True)
    assert 'data-role="facilitator"' in own
    assert "People running this class" in own
    assert 'name="username"' in own
    moderator = helper("moderator")
    page = console_page(moderator.http, session_id).get_data(as_text=True)
    assert 'data-role="moderator"' in page
    assert "You are moderating this class" in page
    assert 'name="username"' not in page
    assert "Remove" not in page
    own = console_page(console.http, session_id).get_data(as_text=True)
    assert "sam: moderator" in own
    assert "Remove<span" in own
    assert '<option value="kim">kim</option>' in own
    assert '<option value="sam">' not in own


def test_only_the_facilitator_or_an_admin_may_invite_or_remove(console, helper, sign_in, store):
    session_id = console.session["id"]
    co = helper("co-facilitator", username="alex")
    moderator = helper("moderator")
    outsider = sign_in("kim")
    before = store.session_roles.of_session(session_id)
    sam = store.accounts.user_by_name("sam")
    for http in (co.http, moderator.http, outsider):
        token = csrf_token(http.get("/").get_data(as_text=True))
        form = {"username": "kim", "role": "co-facilitator", "csrf_token": token}
        assert http.post(f"/console/{session_id}/people-running", data=form).status_code == 404
        removal = f"/console/{session_id}/people-running/{sam['id']}/remove"
        assert http.post(removal, data={"csrf_token": token}).status_code == 404
    assert store.session_roles.of_session(session_id) == before
    admin = sign_in("boss", role="admin")
    assert invite(admin, session_id, "kim", "moderator").status_code == 303
    assert store.session_roles.role_of(session_id, store.accounts.user_by_name("kim")["id"]) == (
        "moderator"
    )
    assert store.audit.entries(action="session.invite")[0][0]["username"] == "boss"


@pytest.mark.parametrize(
    ("username", "role", "says"),
    [
        ("nobody", "moderator", "There is no active staff account with that username"),
        ("sam", "owner", "Choose a role: co-facilitator or moderator"),
        ("sam", "", "Choose a role"),
        ("physio", "moderator", "physio already runs this session"),
        ("", "moderator", "There is no active staff account"),
    ],
)
def test_a_bad_invite_says_why_and_changes_nothing(console, sign_in, store, username, role, says):
    sign_in("sam")
    session_id = console.session["id"]
    response = invite(console.http, session_id, username, role)
    assert response.status_code == 303
    page = console.http.get(response.location).get_data(as_text=True)
    assert f"Nobody was invited: {says}" in re.sub(r"\s+", " ", page).replace("&#39;", "'")
    assert store.session_roles.of_session(session_id) == []
    assert store.audit.entries(action="session.invite")[1] == 0


def test_a_disabled_account_and_an_ended_session_take_no_invites(console, sign_in, store):
    sign_in("sam")
    session_id = console.session["id"]
    store.accounts.set_disabled(store.accounts.user_by_name("sam")["id"], True)
    invite(console.http, session_id, "sam", "moderator")
    assert store.session_roles.of_session(session_id) == []
    store.accounts.set_disabled(store.accounts.user_by_name("sam")["id"], False)
    assert console.emit("end")["ok"]
    response = invite(console.http, session_id, "sam", "moderator")
    page = console.http.get(response.location).get_data(as_text=True)
    assert "has ended, so nobody more can help run it" in page
    assert store.session_roles.of_session(session_id) == []


def test_staff_who_were_not_invited_cannot_open_the_console(console, sign_in, app):
    outsider = sign_in("kim")
    assert console_page(outsider, console.session["id"]).status_code == 404
    person = Person(app, outsider, "/facilitator").connect({"session_id": console.session["id"]})
    assert not person.connected


def test_a_moderator_follows_up_the_sessions_alerts_until_removed(console, helper, join, store):
    moderator = helper("moderator")
    deck = store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of("reflect"), force=True)["ok"]
    ann = join(console.session, name="Ann")
    text = "Since Tuesday I have had numbness around my bottom"
    assert ann.emit("answer", step_id="reflect", value={"remember": text}, id="r1")["ok"]
    (alert,) = store.alerts.of_session(console.session["id"])
    assert moderator.emit("alert_seen", alert_id=alert["id"])["ok"]
    assert store.audit.entries(action="console.alert_seen")[0][0]["username"] == "sam"

    assert "Red-flag alerts to follow up (1)" in moderator.http.get("/").get_data(as_text=True)
    one = moderator.http.get(f"/review/alerts/{alert['id']}")
    assert one.status_code == 200
    other = helper("moderator", username="kim")
    sam = store.accounts.user_by_name("sam")
    token = csrf_token(console_page(console.http, console.session["id"]).get_data(as_text=True))
    console.http.post(
        f"/console/{console.session['id']}/people-running/{sam['id']}/remove",
        data={"csrf_token": token},
    )
    assert moderator.http.get(f"/review/alerts/{alert['id']}").status_code == 404
    assert alert["id"] not in moderator.http.get("/review/alerts/").get_data(as_text=True)
    done = other.http.post(
        f"/review/alerts/{alert['id']}/follow-up",
        data={
            "outcome": "advised",
            "note": "",
            "csrf_token": csrf_token(other.http.get("/").get_data(as_text=True)),
        },
    )
    assert done.status_code == 302
    assert store.alerts.get(alert["id"])["followed_up_by"] == "kim"
