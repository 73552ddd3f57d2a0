"""The rows behind a deck's versions, written inside the caller's transaction (a write() of
`db`, the store's database on either engine): the newest version, a new version, and the
deck row made to match it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sessions.deck import Deck
from sessions.governance import governance_to_data
from sessions.store.base import Database, StoreError
from sessions.words import N_


def latest_version_in(db: Database, deck_id: str) -> dict[str, Any]:
    found = db.row(
        "SELECT * FROM deck_versions WHERE deck_id = ? ORDER BY version DESC LIMIT 1",
        (deck_id,),
    )
    if found is None:
        raise StoreError("not_found", N_("This deck has no versions."))
    return found


def add_version(
    db: Database,
    deck_id: str,
    number: int,
    yaml_text: str,
    deck: Deck,
    *,
    origin: str,
    by: str | None,
    now: str,
    restored_from: int | None = None,
) -> None:
    db.execute(
        "INSERT INTO deck_versions (deck_id, version, yaml, title, step_count, origin,"
        " restored_from, saved_by, started_at, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            deck_id,
            number,
            yaml_text,
            deck.title,
            len(deck.steps),
            origin,
            restored_from,
            by,
            now,
            now,
        ),
    )


def make_current(db: Database, deck_id: str, yaml_text: str, deck: Deck, by: str, now: str) -> None:
    db.execute(
        "UPDATE decks SET yaml = ?, title = ?, description = ?, step_count = ?,"
        " updated_by = ?, updated_at = ?, governance = ? WHERE id = ?",
        (
            yaml_text,
            deck.title,
            deck.description,
            len(deck.steps),
            by,
            now,
            governance_json(deck),
            deck_id,
        ),
    )


def governance_json(deck: Deck) -> str:
    return json.dumps(governance_to_data(deck.governance))


def seconds_between(earlier: str, later: str) -> float:
    try:
        return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
    except (TypeError, ValueError):
        return float("inf")
