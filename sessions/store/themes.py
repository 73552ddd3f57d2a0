"""What themes are read from: the finished sessions of a scope (named ones, or a period's),
their kept results, the free-text items staff removed, and the answers of kinds whose text is
not kept with the results."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sessions.store.base import Part
from sessions.store.review import session_filters


def _marks(count: int) -> str:
    return ", ".join("?" * count)


class ThemeSources(Part):
    def finished(self, session_ids: Sequence[str]) -> list[dict[str, Any]]:
        """Those of `session_ids` that are finished sessions (never a trial run), with each
        one's small-number threshold, oldest first."""
        if not session_ids:
            return []
        return self._db.rows(
            "SELECT id, min_responses, demo FROM sessions"
            f" WHERE id IN ({_marks(len(session_ids))}) AND status = 'ended' AND trial = 0"
            " ORDER BY created_at, rowid",
            tuple(session_ids),
        )

    def in_period(
        self,
        *,
        facilitator_id: str | None = None,
        deck_id: str | None = None,
        start: str | None = None,
        end: str | None = None,
        include_demo: bool = False,
    ) -> list[str]:
        """The finished sessions a period's trends count (same filters: start included, end
        not; demo sessions only when asked for), oldest first."""
        where, params = session_filters(facilitator_id, deck_id, start, end, include_demo)
        rows = self._db.rows(
            "SELECT s.id FROM sessions s" + where + " ORDER BY s.created_at, s.rowid", params
        )
        return [r["id"] for r in rows]

    def kept_results(self, session_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Each session's kept results by step id."""
        found: dict[str, dict[str, Any]] = {sid: {} for sid in session_ids}
        if not session_ids:
            return found
        for row in self._db.rows(
            "SELECT session_id, step_id, results_json FROM step_results"
            f" WHERE session_id IN ({_marks(len(session_ids))})",
            tuple(session_ids),
        ):
            found[row["session_id"]][row["step_id"]] = json.loads(row["results_json"])
        return found

    def removed(self, session_ids: Sequence[str]) -> set[tuple[str, str, str]]:
        """(session, step, item) of every free-text item staff removed."""
        if not session_ids:
            return set()
        rows = self._db.rows(
            "SELECT session_id, step_id, item_id FROM redactions"
            f" WHERE session_id IN ({_marks(len(session_ids))})",
            tuple(session_ids),
        )
        return {(r["session_id"], r["step_id"], r["item_id"]) for r in rows}

    def answers(self, session_id: str, step_id: str) -> list[tuple[str, Any]]:
        """(answer id, value) of a step's stored answers, without whose they are."""
        rows = self._db.rows(
            "SELECT answer_id, value FROM responses WHERE session_id = ? AND step_id = ?"
            " ORDER BY answered_at, rowid",
            (session_id, step_id),
        )
        return [(r["answer_id"], json.loads(r["value"])) for r in rows]
