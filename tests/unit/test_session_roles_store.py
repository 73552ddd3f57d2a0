"""Who helps run a session, in the store: one role per person, changed by a new invitation,
removed once, each change audited with who made it."""

from __future__ import annotations


def _staff(store, password_hash, name, role="facilitator"):
    user_id = store.accounts.create_user(name, password_hash, role)
    return {"id": user_id, "username": name}


def test_an_invitation_is_kept_listed_and_audited(
    store, live_session, facilitator_id, password_hash
):
    sam = _staff(store, password_hash, "sam")
    lead = {"id": facilitator_id, "username": "physio"}
    sid = live_session["id"]
    store.session_roles.invite(sid, sam["id"], "moderator", by=lead, username="sam")
    assert store.session_roles.role_of(sid, sam["id"]) == "moderator"
    assert store.session_roles.role_of(sid, facilitator_id) is None
    assert store.session_roles.of_session(sid) == [
        {
            "user_id": sam["id"],
            "username": "sam",
            "role": "moderator",
            "invited_at": "2025-03-01T10:00:00+00:00",
        }
    ]
    [entry] = store.audit.entries(action="session.invite")[0]
    assert (entry["username"], entry["target"], entry["detail"]) == (
        "physio",
        f"session {sid}",
        "sam as moderator",
    )
    [helping] = store.session_roles.sessions_of(sam["id"])
    assert (helping["id"], helping["role"], helping["facilitator_name"]) == (
        sid,
        "moderator",
        "physio",
    )
    assert store.session_roles.sessions_of(facilitator_id) == []


def test_inviting_again_changes_the_role_and_removing_is_once(
    store, live_session, facilitator_id, password_hash
):
    sam = _staff(store, password_hash, "sam")
    lead = {"id": facilitator_id, "username": "physio"}
    sid = live_session["id"]
    store.session_roles.invite(sid, sam["id"], "moderator", by=lead, username="sam")
    store.session_roles.invite(sid, sam["id"], "co-facilitator", by=lead, username="sam")
    assert [r["role"] for r in store.session_roles.of_session(sid)] == ["co-facilitator"]
    assert store.session_roles.remove(sid, sam["id"], by=lead) is True
    assert store.session_roles.remove(sid, sam["id"], by=lead) is False
    assert store.session_roles.role_of(sid, sam["id"]) is None
    removals = store.audit.entries(action="session.remove_role")[0]
    assert [e["detail"] for e in removals] == ["sam as co-facilitator"]


def test_only_active_accounts_may_be_invited(store, facilitator_id, password_hash):
    sam = _staff(store, password_hash, "sam")
    _staff(store, password_hash, "rita", role="reviewer")
    store.accounts.set_disabled(sam["id"], True)
    assert [u["username"] for u in store.session_roles.staff_to_invite()] == ["physio", "rita"]


def test_removing_demo_data_removes_its_roles(store, live_session, facilitator_id, password_hash):
    sam = _staff(store, password_hash, "sam")
    sid = live_session["id"]
    store.demo.mark(sid)
    lead = {"id": facilitator_id, "username": "physio"}
    store.session_roles.invite(sid, sam["id"], "moderator", by=lead, username="sam")
    assert store.demo.remove_all() == 1
    assert store.session_roles.sessions_of(sam["id"]) == []
