"""The pictures decks carry: kept once, at the widths phones and screens need, and served
by name (a kept picture never changes under its name)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sessions.store.base import Database, Part, StoreError
from sessions.words import N_


@dataclass(frozen=True)
class NewImage:
    """A picture ready to keep: checked and re-encoded (sessions.images.prepare)."""

    name: str
    width: int
    height: int
    files: Mapping[int, bytes]
    mime: str = "image/webp"


class Pictures(Part):
    def __init__(self, db: Database):
        super().__init__(db)
        self._widths: dict[str, list[int]] = {}  # kept pictures never change

    def insert_in(self, image: NewImage, *, deck_id: str, by: str | None) -> None:
        """Keep the picture for the deck, inside the caller's write(). A name already kept is
        refused: a kept picture never changes under its name."""
        kept = self._db.execute(
            "INSERT INTO images (name, width, height, uploaded_by, uploaded_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
            (image.name, image.width, image.height, by, self._db.now()),
        )
        if kept != 1:
            raise StoreError(
                "conflict", N_("A picture called %(name)s is already kept."), name=image.name
            )
        for size, data in image.files.items():
            self._db.insert(
                "image_files", {"name": image.name, "width": size, "mime": image.mime, "data": data}
            )
        self._db.insert("deck_images", {"deck_id": deck_id, "name": image.name}, ignore=True)

    def existing(self, names: Sequence[str]) -> set[str]:
        """Which of these names are pictures already kept (by any deck)."""
        found: set[str] = set()
        for start in range(0, len(names), 500):
            chunk = list(names[start : start + 500])
            marks = ", ".join("?" * len(chunk))
            found |= {
                r["name"]
                for r in self._db.rows(
                    f"SELECT name FROM images WHERE name IN ({marks})", tuple(chunk)
                )
            }
        return found

    def get(self, name: str) -> dict[str, Any] | None:
        row = self._db.row("SELECT name, width, height FROM images WHERE name = ?", (name,))
        if row is not None:
            row["widths"] = self.widths(name)
        return row

    def widths(self, name: str) -> list[int]:
        """The widths a kept picture is stored at (none for a bundled file). A kept picture
        never changes under its name, so once found they are remembered."""
        if name not in self._widths:
            widths = [
                r["width"]
                for r in self._db.rows(
                    "SELECT width FROM image_files WHERE name = ? ORDER BY width", (name,)
                )
            ]
            if not widths:
                return []
            self._widths[name] = widths
        return self._widths[name]

    def of_deck(self, deck_id: str) -> list[dict[str, Any]]:
        images = []
        for row in self._db.rows(
            "SELECT i.name FROM deck_images d JOIN images i ON i.name = d.name"
            " WHERE d.deck_id = ? ORDER BY i.uploaded_at, i.name",
            (deck_id,),
        ):
            images.append(cast(dict[str, Any], self.get(row["name"])))  # joined on images
        return images

    def file(self, name: str, width: int | None = None) -> dict[str, Any] | None:
        """The smallest stored size at least `width` wide (the largest there is, if none is),
        or the middle size when no width is asked for."""
        sizes = self._db.rows(
            "SELECT width FROM image_files WHERE name = ? ORDER BY width", (name,)
        )
        if not sizes:
            return None
        widths = [r["width"] for r in sizes]
        if width is None:
            chosen = widths[len(widths) // 2] if len(widths) > 2 else widths[-1]
        else:
            chosen = next((w for w in widths if w >= width), widths[-1])
        return self._db.row(
            "SELECT name, width, mime, data FROM image_files WHERE name = ? AND width = ?",
            (name, chosen),
        )
