"""Approving a deck: an approval is of one version, by a named person at a time, recorded in
the same transaction as its audit entry. A later edit makes a new version, which is a draft
until someone approves it. (A bundled deck's file carries its own approval: decks.py.)"""

from __future__ import annotations

from typing import Any

from sessions.store.base import Database, Part, StoreError
from sessions.store.decks import Decks
from sessions.words import N_


class DeckApprovals(Part):
    def __init__(self, db: Database, decks: Decks):
        super().__init__(db)
        self._decks = decks

    def latest(self, deck_id: str) -> dict[str, Any]:
        """The deck's newest version, with `approved_at` and `approver_name` (None: a draft)."""
        return self._decks.latest_version(deck_id)

    def is_approved(self, deck_id: str) -> bool:
        return self.latest(deck_id)["approved_at"] is not None

    def of_text(self, deck_id: str, yaml_text: str) -> dict[str, Any] | None:
        """The approval of the version whose text a session runs, or None if it had none."""
        return self._db.row(
            "SELECT v.version, v.approver_name, v.approved_at FROM deck_versions v"
            " WHERE v.deck_id = ? AND v.yaml = ? AND v.approved_at IS NOT NULL"
            " ORDER BY v.version DESC LIMIT 1",
            (deck_id, yaml_text),
        )

    def approve(self, deck_id: str, version: int, *, user: dict[str, Any]) -> str:
        """Approve `version` if it is still the newest and not yet approved; when."""
        now = self._db.now()
        with self._db.write():
            changed = self._db.execute(
                "UPDATE deck_versions SET approved_by = ?, approver_name = ?, approved_at = ?"
                " WHERE deck_id = ? AND version = ? AND approved_at IS NULL AND version ="
                " (SELECT max(version) FROM deck_versions WHERE deck_id = ?)",
                (user["id"], user["username"], now, deck_id, version, deck_id),
            )
            if changed != 1:
                raise StoreError(
                    "conflict",
                    N_(
                        "Version %(version)s is no longer the one to approve: the deck changed"
                        " or someone approved it. Look at the latest version again."
                    ),
                    version=version,
                )
            self._db.execute(
                "INSERT INTO audit_log (at, user_id, username, action, target, detail)"
                " VALUES (?, ?, ?, 'deck.approve', ?, ?)",
                (now, user["id"], user["username"], f"deck {deck_id}"[:300], f"version {version}"),
            )
        return now
