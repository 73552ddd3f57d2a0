"""Who may approve a deck, and the service's rules on starting one: the check every real start
makes (the home page's form and the API; a trial from the editor is never checked), and what
the library, start form and console say about a deck's owner, approval and review date. The
rules are in sessions.governance; the Versions page, where approval is given, is
deck_versions.py."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import g

from facilitator.identity import store
from server.words import say
from sessions import governance
from sessions.deck import parse_deck
from sessions.governance import DeckRules, Governance, Refusal
from sessions.words import Words


def deck_rules() -> DeckRules:
    return DeckRules.from_settings(store().settings.get)


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def start_refusal(deck_id: str) -> Refusal | None:
    """Why a real session of this deck may not start now, or None (an unknown deck is left to
    the store, which names it)."""
    row = store().decks.get(deck_id)
    if row is None:
        return None
    deck = parse_deck(row["yaml"], source=deck_id)
    approved = store().approvals.is_approved(deck_id)
    return governance.start_refusal(deck, approved=approved, rules=deck_rules())


def governance_of(row: dict[str, Any]) -> Governance:
    """A library or deck row's governance, from the copy the store keeps beside the YAML."""
    data = json.loads(row.get("governance") or "{}")
    return governance.parse_governance(data) if data else governance.NONE


def described(row: dict[str, Any]) -> dict[str, Any]:
    """A library or deck-list row with what the pages show of who answers for it."""
    found = governance_of(row)
    return {
        **row,
        "owner": found.owner,
        "owner_role": found.owner_role,
        "review_by": found.review_by,
        "review_overdue": governance.review_overdue(found, today()),
        "approved": row.get("approved_at") is not None,
    }


def for_console(session_row: dict[str, Any]) -> dict[str, Any]:
    """What the console says of the deck it runs: its owner, the approval of this very
    version (None: a draft, as in a trial) and whether its review is overdue."""
    deck = store().sessions.deck_of(session_row["id"])
    found = deck.governance
    return {
        "owner": found.owner,
        "owner_role": found.owner_role,
        "review_by": found.review_by,
        "review_warning": _said(governance.review_warning(deck.title, found, today())),
        "approval": store().approvals.of_text(session_row["deck_id"], session_row["deck_yaml"]),
    }


def versions_context(deck_id: str, row: dict[str, Any]) -> dict[str, Any]:
    """The approval part of the Versions page: the latest version and whether this person
    may approve it (and, if not, why)."""
    latest = store().approvals.latest(deck_id)
    refusal = approval_refusal(deck_id, latest)
    return {
        "latest": latest,
        "can_approve": not row["bundled"] and refusal is None,
        "approval_refusal": None if row["bundled"] else _said(refusal and refusal.words),
        "owner": governance_of(row),
        "today": today(),
    }


def approval_refusal(deck_id: str, latest: dict[str, Any]) -> Refusal | None:
    return governance.approval_refusal(
        parse_deck(latest["yaml"], source=deck_id),
        role=g.user["role"],
        user_id=g.user["id"],
        saved_by=latest["saved_by"],
        already_approved=latest["approved_at"] is not None,
        rules=deck_rules(),
    )


def _said(message: Words | None) -> str | None:
    """A governance message in the reader's language, for a page to show; None stays None."""
    return None if message is None else say(message)
