"""Approving decks in the store: an approval is of one version, audited with it; a later edit
is a draft again; a bundled deck's file brings its own approval, a copy or an import does not.
And a forced skip past a safety step is stored with the move that made it."""

from __future__ import annotations

import json

import pytest

from sessions import live
from sessions.deck import parse_deck
from sessions.store import StoreError
from tests.unit.conftest import SMALL_DECK
from tests.unit.test_deck_store import save

GOVERNED = SMALL_DECK.replace(
    "min_responses: 3\n",
    "min_responses: 3\ngovernance:\n  owner: A. Patel\n  owner_role: MSK lead\n"
    "  review_by: 2027-06-30\n  approved_by: Clinical safety officer\n"
    "  approved_on: 2026-11-30\n",
)


@pytest.fixture
def users(store, password_hash):
    made = {
        name: store.accounts.create_user(name, password_hash, role)
        for name, role in (("ann", "facilitator"), ("rita", "reviewer"))
    }
    return {name: store.accounts.user_by_name(name) for name in made}


def test_the_bundled_deck_comes_approved_by_its_file(store, back_pain_text):
    store.decks.save("back-pain-1", back_pain_text, bundled=True)
    latest = store.approvals.latest("back-pain-1")
    assert latest["approver_name"] == "Talkback clinical safety officer"
    assert latest["approved_at"] == "2026-11-30"
    assert store.approvals.is_approved("back-pain-1")
    entry = store.library.entry("back-pain-1")
    assert entry["approver_name"] == "Talkback clinical safety officer"
    assert json.loads(entry["governance"])["review_by"] == "2027-11-30"


def test_a_deck_file_without_an_approval_is_a_draft(store):
    store.decks.save("small", SMALL_DECK)
    assert not store.approvals.is_approved("small")
    assert store.approvals.latest("small")["approver_name"] is None


def test_a_copy_or_an_import_does_not_bring_an_approval_with_it(store, users):
    store.decks.save("governed", GOVERNED)
    assert store.approvals.is_approved("governed")
    copy_id = store.decks.duplicate("governed", owner_id=users["ann"]["id"])
    imported = store.decks.create(GOVERNED, owner_id=users["ann"]["id"], origin="imported")
    for deck_id in (copy_id, imported):
        assert not store.approvals.is_approved(deck_id)
        governance = parse_deck(store.decks.get(deck_id)["yaml"]).governance
        assert governance.approval is None
        assert governance.owner == "A. Patel"  # the owner and review date travel with it


def test_approving_records_who_and_when_with_an_audit_entry(store, users):
    deck_id = store.decks.create(SMALL_DECK, owner_id=users["ann"]["id"])
    at = store.approvals.approve(deck_id, 1, user=users["rita"])
    latest = store.approvals.latest(deck_id)
    assert (latest["approver_name"], latest["approved_at"], latest["approved_by"]) == (
        "rita",
        at,
        users["rita"]["id"],
    )
    entries, _ = store.audit.entries(action="deck.approve")
    assert entries[0]["target"] == f"deck {deck_id}"
    assert entries[0]["detail"] == "version 1"


def test_an_old_or_approved_version_is_refused_and_nothing_changes(store, users):
    deck_id = store.decks.create(SMALL_DECK, owner_id=users["ann"]["id"])
    save(store, deck_id, users["ann"]["id"], title="Second")
    save(store, deck_id, users["ann"]["id"], title="Third")  # same author, same minute: v1 grows
    number = store.approvals.latest(deck_id)["version"]
    with pytest.raises(StoreError) as caught:
        store.approvals.approve(deck_id, number + 1, user=users["rita"])
    assert caught.value.code == "conflict"
    store.approvals.approve(deck_id, number, user=users["rita"])
    with pytest.raises(StoreError):
        store.approvals.approve(deck_id, number, user=users["rita"])
    assert len(store.audit.entries(action="deck.approve")[0]) == 1


def test_an_edit_after_approval_is_a_new_version_and_a_draft(store, users):
    deck_id = store.decks.create(SMALL_DECK, owner_id=users["ann"]["id"])
    store.approvals.approve(deck_id, 1, user=users["rita"])
    saved = save(store, deck_id, users["ann"]["id"], title="Changed after approval")
    assert saved["version"] == 2  # within the window, yet the approved version stays as it was
    assert not store.approvals.is_approved(deck_id)
    assert store.decks.version(deck_id, 1)["approved_at"] is not None


def test_a_session_knows_the_approval_of_the_version_it_runs(store, users):
    deck_id = store.decks.create(SMALL_DECK, owner_id=users["ann"]["id"])
    store.approvals.approve(deck_id, 1, user=users["rita"])
    session = store.sessions.create(deck_id, users["ann"]["id"])
    save(store, deck_id, users["ann"]["id"], title="Later")
    assert store.approvals.of_text(deck_id, session["deck_yaml"])["approver_name"] == "rita"
    later = store.sessions.create(deck_id, users["ann"]["id"])
    assert store.approvals.of_text(deck_id, later["deck_yaml"]) is None


def test_an_approval_typed_into_a_draft_is_not_kept(store, users):
    deck_id = store.decks.create(SMALL_DECK, owner_id=users["ann"]["id"])
    row = store.decks.for_editing(deck_id)
    draft = {**row["draft"], "governance": {"approved_by": "Me", "approved_on": "2026-01-01"}}
    save(store, deck_id, users["ann"]["id"], data=draft)
    assert parse_deck(store.decks.get(deck_id)["yaml"]).governance.approval is None
    assert not store.approvals.is_approved(deck_id)


# Forced skips --------------------------------------------------------------------------------


def test_a_forced_skip_is_stored_with_the_move_and_audited(store, users):
    store.decks.save("small", SMALL_DECK)
    session = store.sessions.create("small", users["ann"]["id"])
    state = store.sessions.load_live(session["id"])
    deck = store.sessions.deck_of(session["id"])
    outcome = live.decide(state, deck, live.GoToStep(4, force=True))
    skipped = [e for e in outcome.events if isinstance(e, live.SafetySkipped)]
    assert store.sessions.save_live(
        session["id"], outcome.state, state.seq, skipped=skipped, by=users["ann"]["id"]
    )
    assert store.sessions.safety_skips(session["id"]) == [
        {
            "step_id": "safety",
            "step_title": "When to get help",
            "skipped_by_name": "ann",
            "skipped_at": "2025-03-01T10:00:00+00:00",
        }
    ]
    entries, _ = store.audit.entries(action="safety.skip")
    assert entries[0]["target"] == f"session {session['id']}"


def test_a_stale_move_records_no_skip(store, users):
    store.decks.save("small", SMALL_DECK)
    session = store.sessions.create("small", users["ann"]["id"])
    state = store.sessions.load_live(session["id"])
    deck = store.sessions.deck_of(session["id"])
    outcome = live.decide(state, deck, live.GoToStep(4, force=True))
    skipped = [e for e in outcome.events if isinstance(e, live.SafetySkipped)]
    assert not store.sessions.save_live(
        session["id"], outcome.state, state.seq + 5, skipped=skipped, by=users["ann"]["id"]
    )
    assert store.sessions.safety_skips(session["id"]) == []
    assert store.audit.entries(action="safety.skip")[0] == []
