"""Red-flag alerts as clinical records: the follow-up a clinician records, the open ones each
member of staff must see, and their own retention period, apart from the answers'."""

from __future__ import annotations

from typing import Any

from sessions.store.base import Part, StoreError
from sessions.words import N_

# What the clinician did, in the words the follow-up form shows.
OUTCOMES = {
    "contacted": "Contacted the person",
    "advised": "Advised them to call 111 or their GP",
    "not_needed": "No action needed",
}
NOTE_MAX = 1000

_COLUMNS = (
    "a.id, a.session_id, a.participant_id, a.name, a.source, a.matched, a.created_at,"
    " a.seen_at, a.outcome, a.note, a.followed_up_at, u.username AS followed_up_by,"
    " s.title AS session_title, s.facilitator_id AS owner_id"
)
_FROM = (
    " FROM alerts a JOIN sessions s ON s.id = a.session_id"
    " LEFT JOIN users u ON u.id = a.followed_up_by"
)


class Alerts(Part):
    def get(self, alert_id: str) -> dict[str, Any]:
        row = self._db.row(f"SELECT {_COLUMNS}{_FROM} WHERE a.id = ?", (alert_id,))
        if row is None:
            raise StoreError("unknown_alert", N_("There is no such alert."))
        return row

    def of_session(self, session_id: str) -> list[dict[str, Any]]:
        """A session's alerts, oldest first, as the report lists them."""
        return self._db.rows(
            f"SELECT {_COLUMNS}{_FROM} WHERE a.session_id = ? ORDER BY a.created_at, a.rowid",
            (session_id,),
        )

    def open(self, *, owner_id: str | None = None) -> list[dict[str, Any]]:
        """Alerts not yet followed up, oldest first: of the sessions `owner_id` runs or was
        invited to help run (a moderator follows alerts up too), or all."""
        where, params = _scope(owner_id)
        return self._db.rows(
            f"SELECT {_COLUMNS}{_FROM} WHERE a.followed_up_at IS NULL{where}"
            " ORDER BY a.created_at, a.rowid",
            params,
        )

    def follow_up(self, alert_id: str, *, outcome: str, note: str, user_id: str) -> None:
        """Record what was done; a follow-up once recorded is not overwritten."""
        if outcome not in OUTCOMES:
            raise StoreError("bad_request", N_("Choose what was done."))
        note = note.strip()
        if len(note) > NOTE_MAX:
            raise StoreError(
                "bad_request", N_("The note must be at most %(most)s characters."), most=NOTE_MAX
            )
        changed = self._db.execute(
            "UPDATE alerts SET outcome = ?, note = ?, followed_up_by = ?, followed_up_at = ?"
            " WHERE id = ? AND followed_up_at IS NULL",
            (outcome, note, user_id, self._db.now(), alert_id),
        )
        if changed != 1:
            self.get(alert_id)
            raise StoreError("conflict", N_("This alert has already been followed up."))

    def written(self, alert_id: str, step_ids: list[str]) -> list[str]:
        """The stored answers (raw JSON) of the alert's participant to the given steps; empty
        once retention or the participant removed them."""
        alert = self.get(alert_id)
        if alert["participant_id"] is None or not step_ids:
            return []
        marks = ", ".join("?" for _ in step_ids)
        rows = self._db.rows(
            f"SELECT value FROM responses WHERE participant_id = ? AND step_id IN ({marks})",
            (alert["participant_id"], *step_ids),
        )
        return [row["value"] for row in rows]

    def purge_before(self, cutoff: str) -> int:
        """Delete alerts raised before `cutoff` (the clinical-safety retention period)."""
        return self._db.delete_where("alerts", "created_at < ?", (cutoff,))


def _scope(owner_id: str | None) -> tuple[str, tuple]:
    """The sessions of `owner_id`, or all, chosen here: PostgreSQL cannot type the parameter
    of a `? IS NULL` in SQL."""
    if owner_id is None:
        return "", ()
    return (
        " AND (s.facilitator_id = ? OR s.id IN"
        " (SELECT session_id FROM session_roles WHERE user_id = ?))",
        (owner_id, owner_id),
    )
