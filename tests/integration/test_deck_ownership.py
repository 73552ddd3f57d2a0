"""Decks with owners: approving one version (who may, and a change making it a draft again),
starting only approved decks (an admin setting), the locked-safety-step rule, review dates in
the library and on the console, and a forced skip past a safety step in the report."""

from __future__ import annotations

import re

import pytest

from sessions.deck import deck_from_data, dump_deck
from tests.conftest import DECK_ID, csrf_token, scalar

SLIDES = [
    {"id": "welcome", "kind": "slide", "title": "Welcome"},
    {"id": "agree", "kind": "slide", "title": "Our agreement"},
    {"id": "pacing", "kind": "slide", "title": "Pacing"},
    {"id": "help", "kind": "slide", "title": "When to get help", "locked": True},
]


def deck_yaml(*, review_by="2099-01-01", steps=SLIDES) -> str:
    return dump_deck(
        deck_from_data(
            {
                "title": "Pacing and flare-ups",
                "governance": {
                    "owner": "A. Patel",
                    "owner_role": "MSK lead",
                    "review_by": review_by,
                },
                "steps": steps,
            }
        )
    )


def count(store, table) -> int:
    return scalar(store, f"SELECT count(*) FROM {table}")  # noqa: S608


def post(http, url, data=None, page="/"):
    token = csrf_token(http.get(page).get_data(as_text=True))
    return http.post(url, data={"csrf_token": token, **(data or {})})


@pytest.fixture
def deck(console, store):
    return store.sessions.deck_of(console.session["id"])


@pytest.fixture
def physio_deck(store, sign_in):
    """A deck the physio wrote in the editor (version 1, saved by them): a draft."""
    sign_in("physio")
    physio = store.accounts.user_by_name("physio")
    return store.decks.create(deck_yaml(), owner_id=physio["id"])


@pytest.fixture
def physio(sign_in):
    return sign_in("physio")


@pytest.fixture
def reviewer(sign_in):
    return sign_in("rita", role="reviewer")


def approve(http, deck_id, version=1):
    return post(http, f"/decks/{deck_id}/approve", {"version": str(version)}, "/decks")


# Starting --------------------------------------------------------------------------------------


def test_a_draft_is_refused_on_the_start_form_and_nothing_starts(physio, physio_deck, store):
    before = count(store, "sessions")
    response = post(physio, "/sessions", {"deck_id": physio_deck, "mode": "group"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The session did not start" in html
    assert 'id="start-deck"' in html
    assert "is a draft: this version has not been approved" in html
    assert count(store, "sessions") == before


def test_the_api_refuses_a_draft_too(app, physio, physio_deck, store):
    http = app.test_client()
    token = http.post(
        "/api/tokens", json={"username": "physio", "password": "correct horse battery"}
    ).get_json()["token"]
    response = http.post(
        "/api/sessions", json={"deck_id": physio_deck}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "not_approved"
    assert count(store, "sessions") == 0
    ok = http.post(
        "/api/sessions", json={"deck_id": DECK_ID}, headers={"Authorization": f"Bearer {token}"}
    )
    assert ok.status_code == 201  # the bundled deck comes approved


def test_a_draft_can_still_be_tried_from_the_editor(physio, physio_deck, store):
    response = post(physio, f"/decks/{physio_deck}/try", page="/decks")
    assert response.status_code == 302
    assert "/try/" in response.location


def test_an_admin_can_let_drafts_start(sign_in, physio, physio_deck, store):
    admin = sign_in("ada", role="admin")
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert "Only approved decks can be started" in page
    assert re.search(r'id="approved-only"[^>]* checked', page)
    assert post(admin, "/admin/deck-rules", {}, "/admin/settings").status_code == 302
    assert store.settings.get("decks_approved_only") == "0"
    assert store.audit.entries(action="settings")[0][0]["detail"] == "off"
    response = post(physio, "/sessions", {"deck_id": physio_deck, "mode": "group"})
    assert response.status_code == 302


def test_only_an_admin_changes_the_rules(physio, store):
    response = post(physio, "/admin/deck-rules", {"approved_only": "1"})
    assert response.status_code == 403
    assert store.settings.get("decks_approved_only") is None


# Approving -------------------------------------------------------------------------------------


def test_a_reviewer_approves_and_the_deck_starts(physio, reviewer, physio_deck, store):
    page = reviewer.get(f"/decks/{physio_deck}/versions").get_data(as_text=True)
    assert "Approve version 1" in page
    response = approve(reviewer, physio_deck)
    assert response.status_code == 302
    assert store.approvals.latest(physio_deck)["approver_name"] == "rita"
    page = physio.get(f"/decks/{physio_deck}/versions").get_data(as_text=True)
    assert "was approved by rita" in page
    assert post(physio, "/sessions", {"deck_id": physio_deck}).status_code == 302


def test_a_facilitator_cannot_approve(physio, physio_deck, store):
    response = approve(physio, physio_deck)
    assert response.status_code == 403
    assert "Only a reviewer or an admin" in response.get_data(as_text=True)
    assert not store.approvals.is_approved(physio_deck)
    assert store.audit.entries(action="deck.approve")[0] == []


def test_nobody_approves_the_version_they_saved(sign_in, store):
    admin = sign_in("ada", role="admin")
    deck_id = store.decks.create(deck_yaml(), owner_id=store.accounts.user_by_name("ada")["id"])
    page = admin.get(f"/decks/{deck_id}/versions").get_data(as_text=True)
    assert "Approve version" not in page
    assert "someone else must approve it" in page
    response = approve(admin, deck_id)
    assert response.status_code == 403
    assert not store.approvals.is_approved(deck_id)


@pytest.mark.parametrize("version", ["2", "0", "", "one", "-1"])
def test_approving_anything_but_the_latest_version_changes_nothing(
    reviewer, physio_deck, store, version
):
    response = post(reviewer, f"/decks/{physio_deck}/approve", {"version": version}, "/decks")
    assert response.status_code == 409
    assert "Approve the latest version" in response.get_data(as_text=True)
    assert not store.approvals.is_approved(physio_deck)


def test_the_bundled_deck_is_not_approved_again_here(reviewer, store):
    refused = approve(reviewer, DECK_ID)
    assert refused.status_code == 403
    assert "approved by its own file" in refused.get_data(as_text=True)
    assert approve(reviewer, "no-such-deck").status_code == 404
    assert store.approvals.latest(DECK_ID)["approver_name"] == "Talkback clinical safety officer"


def test_an_edit_after_approval_is_a_draft_that_cannot_start(physio, reviewer, editor, store):
    deck_id = editor.new_deck("Sleep and pain")
    approve(reviewer, deck_id)
    draft = editor.draft(deck_id)["draft"]
    assert editor.save(deck_id, {**draft, "title": "Sleep, pain and pacing"}).status_code == 200
    assert not store.approvals.is_approved(deck_id)
    assert post(physio, "/sessions", {"deck_id": deck_id}).status_code == 400
    library = physio.get("/decks").get_data(as_text=True)
    card = library.split("Sleep, pain and pacing", 1)[1].split("</li>", 1)[0]
    assert "Draft: not approved" in card


def test_with_the_safety_rule_a_deck_without_a_safety_step_is_not_approved_or_started(
    sign_in, physio, reviewer, store
):
    late = [*SLIDES[:3], {"id": "more", "kind": "slide", "title": "More"}, SLIDES[3]]
    physio_id = store.accounts.user_by_name("physio")["id"]
    deck_id = store.decks.create(deck_yaml(steps=late), owner_id=physio_id)
    approve(reviewer, deck_id)  # approved while the rule was off
    store.settings.set("decks_safety_first", "1")
    response = post(physio, "/sessions", {"deck_id": deck_id})
    assert response.status_code == 400
    assert "locked safety step within its first 3 steps" in response.get_data(as_text=True)
    other = store.decks.create(deck_yaml(steps=late), owner_id=physio_id)
    refused = approve(reviewer, other)
    assert refused.status_code == 400
    assert "Locked safety step" in refused.get_data(as_text=True)
    assert not store.approvals.is_approved(other)
    assert post(physio, "/sessions", {"deck_id": DECK_ID}).status_code == 302  # its step is 3rd


# Owners and review dates -----------------------------------------------------------------------


def test_the_library_and_start_form_show_the_owner_and_an_overdue_review(physio, reviewer, store):
    physio_id = store.accounts.user_by_name("physio")["id"]
    deck_id = store.decks.create(deck_yaml(review_by="2020-01-31"), owner_id=physio_id)
    approve(reviewer, deck_id)
    for page in ("/decks", "/"):
        html = physio.get(page).get_data(as_text=True)
        card = html.split("Pacing and flare-ups", 1)[1].split("</li>", 1)[0]
        assert "Review overdue" in card
        assert "A. Patel (MSK lead)" in card
        assert "approved by rita" in card
    bundled = physio.get("/").get_data(as_text=True).split("Making sense of back pain", 1)[1]
    assert "Review overdue" not in bundled.split("</li>", 1)[0]


def test_a_deck_past_review_still_starts_and_the_console_warns(physio, reviewer, store):
    physio_id = store.accounts.user_by_name("physio")["id"]
    deck_id = store.decks.create(deck_yaml(review_by="2020-01-31"), owner_id=physio_id)
    approve(reviewer, deck_id)
    response = post(physio, "/sessions", {"deck_id": deck_id})
    assert response.status_code == 302
    console = physio.get(response.location).get_data(as_text=True)
    assert 'id="review-warning"' in console
    assert "was due for clinical review on 2020-01-31" in console
    assert "Tell its clinical owner, A. Patel." in console
    assert "approved by rita" in console


def test_the_console_of_a_deck_in_date_gives_no_warning(physio, store):
    response = post(physio, "/sessions", {"deck_id": DECK_ID})
    console = physio.get(response.location).get_data(as_text=True)
    assert 'id="review-warning"' not in console
    assert "Talkback clinical content lead" in console
    assert "approved by Talkback clinical safety officer" in console


# A forced skip past a safety step --------------------------------------------------------------


def test_a_skip_is_refused_unless_forced_then_recorded_and_in_the_report(console, store, deck):
    session_id = console.session["id"]
    target = deck.index_of("how-long")
    refused = console.emit("goto", index=target)
    assert refused["error"]["code"] == "safety_unseen"
    assert store.sessions.safety_skips(session_id) == []
    assert console.emit("goto", index=target, force=True)["ok"]
    skips = store.sessions.safety_skips(session_id)
    assert [(s["step_title"], s["skipped_by_name"]) for s in skips] == [
        ("When to get help", "physio")
    ]
    audit = store.audit.entries(action="safety.skip")[0]
    assert audit[0]["target"] == f"session {session_id}"
    assert console.emit("end")["ok"]
    report = console.http.get(f"/review/sessions/{session_id}").get_data(as_text=True)
    section = report.split('id="safety-skips"', 1)[1].split("</section>", 1)[0]
    assert "When to get help" in section
    assert "physio" in section
    export = console.http.get(f"/review/sessions/{session_id}/report.csv")
    assert export.status_code == 200
    assert "Safety steps skipped" in export.get_data(as_text=True)


@pytest.mark.parametrize("force", ["yes", 1, None, [True]])
def test_a_bad_force_is_refused_and_records_nothing(console, store, deck, force):
    ack = console.emit("goto", index=deck.index_of("how-long"), force=force)
    assert ack["error"]["code"] == "bad_request"
    assert store.sessions.safety_skips(console.session["id"]) == []
    assert store.sessions.load_live(console.session["id"]).step_index == -1


def test_a_report_without_skips_says_so(console):
    assert console.emit("end")["ok"]
    report = console.http.get(f"/review/sessions/{console.session['id']}").get_data(as_text=True)
    assert "No skip past a locked safety step was recorded." in report
