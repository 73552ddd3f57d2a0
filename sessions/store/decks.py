"""Decks as people write them: the stored rows, the library, drafts, versions (every save
kept, with who and when), and copies that keep their locked steps. The pictures a deck
carries are in pictures.py."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, cast

from sessions import authoring
from sessions.deck import Deck, deck_to_data, dump_deck, parse_deck
from sessions.governance import FILE_ONLY
from sessions.store import deck_version_rows as version_rows
from sessions.store.base import Database, Part, StoreError, new_id
from sessions.store.pictures import NewImage, Pictures
from sessions.words import N_


class Decks(Part):
    def __init__(self, db: Database, pictures: Pictures):
        super().__init__(db)
        self._pictures = pictures

    # Stored decks ---------------------------------------------------------------------------

    def save(self, deck_id: str, yaml_text: str, *, bundled: bool = False) -> Deck:
        deck = parse_deck(yaml_text, source=deck_id)
        with self._db.write():
            self._db.execute(
                "INSERT INTO decks (id, title, description, yaml, step_count, bundled, updated_at,"
                " governance) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " title = excluded.title, description = excluded.description,"
                " yaml = excluded.yaml, step_count = excluded.step_count,"
                " bundled = excluded.bundled, updated_at = excluded.updated_at,"
                " governance = excluded.governance"
                " WHERE decks.yaml != excluded.yaml OR decks.bundled != excluded.bundled",
                (
                    deck_id,
                    deck.title,
                    deck.description,
                    yaml_text,
                    len(deck.steps),
                    int(bundled),
                    self._db.now(),
                    version_rows.governance_json(deck),
                ),
            )
        self._catch_up_with_file(deck_id)
        return deck

    def get(self, deck_id: str) -> dict[str, Any] | None:
        return self._db.row("SELECT * FROM decks WHERE id = ?", (deck_id,))

    # Creating decks -------------------------------------------------------------------------

    def create(
        self,
        yaml_text: str,
        *,
        owner_id: str,
        origin: str = "created",
        derived_from: str | None = None,
        kept: Sequence[Mapping[str, Any]] = (),
        images: Sequence[str] = (),
        new_images: Sequence[NewImage] = (),
    ) -> str:
        """A new deck (a random id) whose version 1 is `yaml_text`, checked by the loader.
        `origin` says how it came about: created, copied or imported. `images` are pictures
        already stored that it may use; `new_images` are stored with it, in one transaction."""
        deck = parse_deck(yaml_text, source="deck")
        if deck.governance.approval is not None:  # approval is given here, not brought in
            deck = replace(deck, governance=deck.governance.without_approval())
            yaml_text = dump_deck(deck)
        deck_id, now = new_id(), self._db.now()
        with self._db.write():
            self._db.execute(
                "INSERT INTO decks (id, title, description, yaml, step_count, bundled, updated_at,"
                " owner_id, derived_from, kept_steps, updated_by, governance)"
                " VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
                (
                    deck_id,
                    deck.title,
                    deck.description,
                    yaml_text,
                    len(deck.steps),
                    now,
                    owner_id,
                    derived_from,
                    json.dumps(list(kept)),
                    owner_id,
                    version_rows.governance_json(deck),
                ),
            )
            version_rows.add_version(
                self._db, deck_id, 1, yaml_text, deck, origin=origin, by=owner_id, now=now
            )
            for image in new_images:
                self._pictures.insert_in(image, deck_id=deck_id, by=owner_id)
            for name in images:
                self._db.insert("deck_images", {"deck_id": deck_id, "name": name}, ignore=True)
        return deck_id

    def duplicate(self, deck_id: str, *, owner_id: str) -> str:
        """A copy to tailor, titled "Copy of …". It keeps the locked steps of the original
        (and those the original had to keep), and may use the original's pictures."""
        row = self._deck_or_error(deck_id)
        source = parse_deck(row["yaml"], source=deck_id)
        data = yaml_data_with_title(row["yaml"], authoring.copy_title(source.title))
        kept = authoring.kept_by_copy(source, json.loads(row["kept_steps"]))
        images = [
            r["name"]
            for r in self._db.rows("SELECT name FROM deck_images WHERE deck_id = ?", (deck_id,))
        ]
        return self.create(
            data,
            owner_id=owner_id,
            origin="copied",
            derived_from=deck_id,
            kept=kept,
            images=images,
        )

    def set_archived(self, deck_id: str, archived: bool, *, by: str) -> None:
        row = self._deck_or_error(deck_id)
        if row["bundled"]:
            raise StoreError("read_only", N_("A deck that comes with Talkback cannot be archived."))
        self._db.update(
            "decks",
            {"id": deck_id},
            {"archived": int(archived), "updated_by": by, "updated_at": self._db.now()},
        )

    # Drafts and versions --------------------------------------------------------------------

    def for_editing(self, deck_id: str) -> dict[str, Any]:
        """The deck row with its draft (the latest version's data when there is no draft) and
        the locked steps it must keep."""
        row = self._deck_or_error(deck_id)
        draft = json.loads(row["draft_json"]) if row["draft_json"] else None
        if draft is None:
            draft = deck_to_data(parse_deck(row["yaml"], source=deck_id))
            for key in FILE_ONLY:
                draft.get("governance", {}).pop(key, None)
        return {
            **row,
            "draft": draft,
            "kept": json.loads(row["kept_steps"]),
            "version": self._latest_version(deck_id)["version"],
        }

    def save_draft(
        self,
        deck_id: str,
        draft: Any,
        *,
        rev: int,
        author_id: str,
        yaml_text: str | None,
        problem_count: int,
    ) -> dict[str, Any]:
        """Keep the editor's draft, whatever state it is in, if nobody saved since `rev`.
        When it is a valid deck (`yaml_text`), it becomes the deck's latest version: a new one,
        or the latest extended (authoring.extends_version). Sessions keep their own copy."""
        row = self._deck_or_error(deck_id)
        if row["bundled"]:
            raise StoreError(
                "read_only",
                "This deck comes with Talkback and cannot be changed. Duplicate it "
                "to make your own copy.",
            )
        deck = parse_deck(yaml_text, source=deck_id) if yaml_text is not None else None
        if deck is not None and deck.governance.approval is not None:
            deck = replace(deck, governance=deck.governance.without_approval())
            yaml_text = dump_deck(deck)  # approval is given on the Versions page, not typed
        self._catch_up_with_file(deck_id)
        now = self._db.now()
        with self._db.write():
            changed = self._db.execute(
                "UPDATE decks SET draft_json = ?, draft_rev = draft_rev + 1, draft_problems = ?,"
                " updated_by = ?, updated_at = ? WHERE id = ? AND draft_rev = ?",
                (json.dumps(draft), problem_count, author_id, now, deck_id, rev),
            )
            if changed != 1:
                raise StoreError(
                    "conflict",
                    "This deck was changed somewhere else (another tab or person) "
                    "since you opened it.",
                )
            version = version_rows.latest_version_in(self._db, deck_id)
            if deck is not None and yaml_text is not None and yaml_text != row["yaml"]:
                version = self._store_version(deck_id, yaml_text, deck, author_id, now)
        return {"rev": rev + 1, "version": version["version"], "saved_at": now}

    def _store_version(
        self, deck_id: str, yaml_text: str, deck: Deck, author_id: str, now: str
    ) -> dict[str, Any]:
        """Inside save_draft's transaction: the latest version extended, or a new one."""
        latest = version_rows.latest_version_in(self._db, deck_id)
        used = (
            self._db.row(
                "SELECT 1 AS used FROM sessions WHERE deck_id = ? AND deck_yaml = ? LIMIT 1",
                (deck_id, latest["yaml"]),
            )
            is not None
        )
        extend = authoring.extends_version(
            approved=latest["approved_at"] is not None,
            origin=latest["origin"],
            saved_by=latest["saved_by"],
            age_seconds=version_rows.seconds_between(latest["started_at"], now),
            author=author_id,
            used=used,
        )
        if extend:
            self._db.execute(
                "UPDATE deck_versions SET yaml = ?, title = ?, step_count = ?, saved_at = ?"
                " WHERE deck_id = ? AND version = ?",
                (yaml_text, deck.title, len(deck.steps), now, deck_id, latest["version"]),
            )
            number = latest["version"]
        else:
            number = latest["version"] + 1
            version_rows.add_version(
                self._db, deck_id, number, yaml_text, deck, origin="edit", by=author_id, now=now
            )
        version_rows.make_current(self._db, deck_id, yaml_text, deck, author_id, now)
        return {"version": number}

    def restore_version(self, deck_id: str, version: int, *, author_id: str) -> int:
        """Make an earlier version the latest again, as a new version; nothing is lost. The
        draft is replaced by it. Returns the new version's number."""
        row = self._deck_or_error(deck_id)
        if row["bundled"]:
            raise StoreError(
                "read_only", N_("This deck comes with Talkback and cannot be changed.")
            )
        old = self.version(deck_id, version)
        if old is None:
            raise StoreError("not_found", N_("There is no such version of this deck."))
        deck = parse_deck(old["yaml"], source=deck_id)
        found = authoring.problems(deck_to_data(deck), kept=json.loads(row["kept_steps"]))
        if found:
            raise StoreError("bad_request", f"Version {version} cannot be restored: {found[0]}")
        self._catch_up_with_file(deck_id)
        now = self._db.now()
        with self._db.write():
            number = version_rows.latest_version_in(self._db, deck_id)["version"] + 1
            version_rows.add_version(
                self._db,
                deck_id,
                number,
                old["yaml"],
                deck,
                origin="restored",
                by=author_id,
                now=now,
                restored_from=version,
            )
            version_rows.make_current(self._db, deck_id, old["yaml"], deck, author_id, now)
            self._drop_draft(deck_id)
        return number

    def replace_in(self, deck_id: str, yaml_text: str, *, origin: str, by: str) -> int:
        """`yaml_text` (already checked) becomes the deck's newest version, and the draft is
        replaced by it, in the caller's write() when there is one (a savepoint of it).
        Returns the version's number."""
        deck = parse_deck(yaml_text, source=deck_id)
        if deck.governance.approval is not None:  # approval is given on the Versions page
            deck = replace(deck, governance=deck.governance.without_approval())
            yaml_text = dump_deck(deck)
        with self._db.write():
            latest = version_rows.latest_version_in(self._db, deck_id)
            number, now = latest["version"] + 1, self._db.now()
            version_rows.add_version(
                self._db, deck_id, number, yaml_text, deck, origin=origin, by=by, now=now
            )
            version_rows.make_current(self._db, deck_id, yaml_text, deck, by, now)
            self._drop_draft(deck_id)
        return number

    def _drop_draft(self, deck_id: str) -> None:
        """The draft gives way to the version just made current; open editors see a new rev."""
        self._db.execute(
            "UPDATE decks SET draft_json = NULL, draft_rev = draft_rev + 1, draft_problems = 0"
            " WHERE id = ?",
            (deck_id,),
        )

    def versions(self, deck_id: str) -> list[dict[str, Any]]:
        """Newest first, with who saved each and how many sessions ran it."""
        self._deck_or_error(deck_id)
        self._catch_up_with_file(deck_id)
        return self._db.rows(
            "SELECT v.version, v.title, v.step_count, v.origin, v.restored_from, v.saved_at,"
            " v.approver_name, v.approved_at, u.username AS saved_by_name,"
            " (SELECT count(*) FROM sessions s WHERE s.deck_id = v.deck_id"
            "  AND s.deck_yaml = v.yaml) AS sessions"
            " FROM deck_versions v LEFT JOIN users u ON u.id = v.saved_by"
            " WHERE v.deck_id = ? ORDER BY v.version DESC",
            (deck_id,),
        )

    def version(self, deck_id: str, version: int) -> dict[str, Any] | None:
        return self._db.row(
            "SELECT * FROM deck_versions WHERE deck_id = ? AND version = ?", (deck_id, version)
        )

    # Pictures (kept in pictures.py) ---------------------------------------------------------

    def add_image(self, image: NewImage, *, deck_id: str, by: str | None) -> None:
        """Keep a picture (already checked and re-encoded) at each width, for this deck."""
        self._deck_or_error(deck_id)
        with self._db.write():
            self._pictures.insert_in(image, deck_id=deck_id, by=by)

    # Helpers --------------------------------------------------------------------------------

    def _deck_or_error(self, deck_id: str) -> dict[str, Any]:
        row = self._db.row("SELECT * FROM decks WHERE id = ?", (deck_id,))
        if row is None:
            raise StoreError("not_found", N_("There is no such deck."))
        return row

    def latest_version(self, deck_id: str) -> dict[str, Any]:
        """The newest version, with its approval; a deck's file is caught up with first."""
        self._deck_or_error(deck_id)
        return self._latest_version(deck_id)

    def _latest_version(self, deck_id: str) -> dict[str, Any]:
        self._catch_up_with_file(deck_id)
        row = self._db.row(
            "SELECT * FROM deck_versions WHERE deck_id = ? ORDER BY version DESC LIMIT 1",
            (deck_id,),
        )
        return cast(dict[str, Any], row)  # every deck has at least its first version

    def _catch_up_with_file(self, deck_id: str) -> None:
        """A deck saved from a file (save_deck: the bundled decks at start-up) gets a version
        when its text is not the latest version's."""
        row = self._db.row(
            "SELECT d.yaml, d.updated_at, d.updated_by, (SELECT v.yaml FROM deck_versions v"
            " WHERE v.deck_id = d.id ORDER BY v.version DESC LIMIT 1) AS latest,"
            " (SELECT max(version) FROM deck_versions v WHERE v.deck_id = d.id) AS number"
            " FROM decks d WHERE d.id = ?",
            (deck_id,),
        )
        if row is None or row["latest"] == row["yaml"]:
            return
        deck = parse_deck(row["yaml"], source=deck_id)
        approver, approved_on = deck.governance.approval or (None, None)
        # Two requests may catch up at once: the second's version is already there.
        self._db.execute(
            "INSERT INTO deck_versions (deck_id, version, yaml, title, step_count,"
            " origin, saved_by, started_at, saved_at, approver_name, approved_at)"
            " VALUES (?, ?, ?, ?, ?, 'file', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (
                deck_id,
                (row["number"] or 0) + 1,
                row["yaml"],
                deck.title,
                len(deck.steps),
                row["updated_by"],
                row["updated_at"],
                row["updated_at"],
                approver,
                approved_on,
            ),
        )


def yaml_data_with_title(yaml_text: str, title: str) -> str:
    """The same deck under another title, written out the way the editor writes decks."""
    return dump_deck(replace(parse_deck(yaml_text), title=title))
