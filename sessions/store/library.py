"""The deck library: the decks a session can start from, and the library's search, each row
with who changed it, its latest version and that version's approval."""

from __future__ import annotations

from typing import Any

from sessions.store.base import Part

_LIBRARY = (
    "SELECT d.id, d.title, d.description, d.step_count, d.bundled, d.archived, d.updated_at,"
    " d.derived_from, d.draft_problems, d.governance, u.username AS updated_by_name,"
    " o.username AS owner_name, src.title AS derived_title,"
    " (SELECT max(version) FROM deck_versions v WHERE v.deck_id = d.id) AS version,"
    " (SELECT v.approved_at FROM deck_versions v WHERE v.deck_id = d.id"
    "  ORDER BY v.version DESC LIMIT 1) AS approved_at,"
    " (SELECT v.approver_name FROM deck_versions v WHERE v.deck_id = d.id"
    "  ORDER BY v.version DESC LIMIT 1) AS approver_name"
    " FROM decks d LEFT JOIN users u ON u.id = d.updated_by LEFT JOIN users o ON o.id = d.owner_id"
    " LEFT JOIN decks src ON src.id = d.derived_from"
)


class DeckLibrary(Part):
    def all(self) -> list[dict[str, Any]]:
        """The decks a session can be started with: archived decks are left out."""
        return self._db.rows(
            "SELECT d.id, d.title, d.description, d.step_count, d.bundled, d.updated_at,"
            " d.governance, v.approved_at, v.approver_name FROM decks d"
            " LEFT JOIN deck_versions v ON v.deck_id = d.id AND v.version ="
            " (SELECT max(version) FROM deck_versions WHERE deck_id = d.id)"
            " WHERE d.archived = 0 ORDER BY d.title"
        )

    def search(self, query: str = "", *, archived: bool = False) -> list[dict[str, Any]]:
        """Decks for the library, matching `query` in the title or description whatever its
        case; the archived ones instead when `archived`. Bundled decks first, then by title."""
        pattern = (
            "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        )
        return self._db.rows(
            f"{_LIBRARY} WHERE d.archived = ? AND (lower(d.title) LIKE lower(?) ESCAPE '\\'"
            " OR lower(d.description) LIKE lower(?) ESCAPE '\\')"
            " ORDER BY d.bundled DESC, lower(d.title), d.id",
            (int(archived), pattern, pattern),
        )

    def entry(self, deck_id: str) -> dict[str, Any] | None:
        return self._db.row(f"{_LIBRARY} WHERE d.id = ?", (deck_id,))
