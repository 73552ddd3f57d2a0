"""The library of approved steps: every version of each, who saved it and why; a deck owner's
choice to keep an older version; and a deck brought up to a newer one, as a new deck version
audited in the same transaction. (The deck library of whole decks is library.py.)"""

from __future__ import annotations

import json
from typing import Any

from sessions.approved_steps import ApprovedStep
from sessions.store.base import Database, Part, StoreError
from sessions.store.decks import Decks
from sessions.words import N_

_LATEST = (
    "SELECT a.* FROM approved_steps a WHERE a.version ="
    " (SELECT max(version) FROM approved_steps b WHERE b.id = a.id)"
)


class ApprovedSteps(Part):
    def __init__(self, db: Database, decks: Decks):
        super().__init__(db)
        self._decks = decks

    def seed(self, entries: list[ApprovedStep]) -> None:
        """The library's first approved steps, each added only if the library has never had it."""
        now = self._db.now()
        with self._db.write():
            for entry in entries:
                self._db.execute(
                    "INSERT INTO approved_steps (id, version, title, description, steps_json,"
                    " note, saved_at) SELECT ?, 1, ?, ?, ?, 'From the bundled deck', ?"
                    " WHERE NOT EXISTS (SELECT 1 FROM approved_steps WHERE id = ?)",
                    (entry.id, entry.title, entry.description, _steps(entry), now, entry.id),
                )

    def latest(self) -> list[dict[str, Any]]:
        """The newest version of each approved step, by name."""
        return self._db.rows(f"{_LATEST} ORDER BY lower(a.title), a.id")

    def latest_versions(self) -> dict[str, int]:
        return {r["id"]: r["version"] for r in self._db.rows(_LATEST)}

    def get(self, entry_id: str, version: int | None = None) -> ApprovedStep | None:
        row = self._row(entry_id, version)
        return None if row is None else as_entry(row)

    def row(self, entry_id: str, version: int | None = None) -> dict[str, Any] | None:
        return self._row(entry_id, version)

    def history(self, entry_id: str) -> list[dict[str, Any]]:
        return self._db.rows(
            "SELECT version, title, note, saved_by_name, saved_at FROM approved_steps"
            " WHERE id = ? ORDER BY version DESC",
            (entry_id,),
        )

    def add_version(self, entry: ApprovedStep, *, after: int, note: str, user: dict) -> int:
        """Keep `entry` as the version after `after`, if that is still the newest; audited."""
        now = self._db.now()
        with self._db.write():
            newest = self._db.one(
                "SELECT max(version) AS newest FROM approved_steps WHERE id = ?", (entry.id,)
            )["newest"]
            if newest != after:
                raise StoreError(
                    "conflict",
                    N_(
                        "This approved step was changed by someone else since you opened it."
                        " Open it again to see the newest version."
                    ),
                )
            self._db.execute(
                "INSERT INTO approved_steps (id, version, title, description, steps_json, note,"
                " saved_by, saved_by_name, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    entry.id,
                    after + 1,
                    entry.title,
                    entry.description,
                    _steps(entry),
                    note,
                    user["id"],
                    user["username"],
                    now,
                ),
            )
            _audit(
                self._db,
                now,
                user,
                "library.step",
                f"approved step {entry.id}",
                f"version {after + 1}",
            )
        return after + 1

    def kept(self, deck_id: str) -> dict[str, int]:
        """The newest version of each approved step the deck's owner chose not to take."""
        return {
            r["step_id"]: r["version"]
            for r in self._db.rows(
                "SELECT step_id, max(version) AS version FROM approved_step_choices"
                " WHERE deck_id = ? GROUP BY step_id",
                (deck_id,),
            )
        }

    def keep_old(self, deck_id: str, entry_id: str, version: int, *, user: dict) -> None:
        now = self._db.now()
        with self._db.write():
            self._db.insert(
                "approved_step_choices",
                {
                    "deck_id": deck_id,
                    "step_id": entry_id,
                    "version": version,
                    "kept_by": user["id"],
                    "kept_at": now,
                },
                ignore=True,
            )
            detail = f"kept {entry_id} as it was, not version {version}"
            _audit(self._db, now, user, "deck.library_keep", f"deck {deck_id}", detail)

    def update_deck(
        self, deck_id: str, yaml_text: str, *, rev: int, entry: ApprovedStep, user: dict
    ) -> int:
        """The deck's copy of `entry` brought to its version, as the deck's newest version, if
        nobody saved the deck since `rev`; audited. Returns the deck's version number."""
        now = self._db.now()
        with self._db.write():
            current = self._db.row("SELECT draft_rev FROM decks WHERE id = ?", (deck_id,))
            if current is None or current["draft_rev"] != rev:
                raise StoreError(
                    "conflict",
                    N_("This deck was changed since you opened this page. Open it again."),
                )
            number = self._decks.replace_in(deck_id, yaml_text, origin="library", by=user["id"])
            detail = f"{entry.id} updated to version {entry.version}, as deck version {number}"
            _audit(self._db, now, user, "deck.library_update", f"deck {deck_id}", detail)
        return number

    def _row(self, entry_id: str, version: int | None) -> dict[str, Any] | None:
        if version is None:
            return self._db.row(f"{_LATEST} AND a.id = ?", (entry_id,))
        return self._db.row(
            "SELECT * FROM approved_steps WHERE id = ? AND version = ?", (entry_id, version)
        )


def as_entry(row: dict[str, Any]) -> ApprovedStep:
    return ApprovedStep(
        id=row["id"],
        version=row["version"],
        title=row["title"],
        description=row["description"],
        steps=tuple(json.loads(row["steps_json"])),
    )


def _steps(entry: ApprovedStep) -> str:
    return json.dumps([dict(s) for s in entry.steps])


def _audit(db: Database, now: str, user: dict, action: str, target: str, detail: str) -> None:
    db.execute(
        "INSERT INTO audit_log (at, user_id, username, action, target, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (now, user["id"], user["username"], action, target[:300], detail[:300]),
    )
