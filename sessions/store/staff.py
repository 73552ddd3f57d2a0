"""What staff work keeps beside the sessions: settings, the audit log, and leases that let one
process of several run a daily job."""

from __future__ import annotations

from typing import Any

from sessions.store.base import Part, StoreError
from sessions.words import N_


class Settings(Part):
    """Settings admins change at run time, each kept under a key."""

    def get(self, key: str) -> str | None:
        row = self._db.row("SELECT value FROM settings WHERE key = ?", (key,))
        return None if row is None else row["value"]

    def set(self, key: str, value: str, *, user_id: str | None = None) -> None:
        self._db.execute(
            "INSERT INTO settings (key, value, updated_by, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (key, value, user_id, self._db.now()),
        )

    def clear(self, key: str) -> None:
        self._db.delete_where("settings", "key = ?", (key,))


class AuditLog(Part):
    """Who did what to which report."""

    def record(
        self, user: dict[str, Any] | None, action: str, target: str, detail: str = ""
    ) -> None:
        """Note who did what to which report. `detail` must never hold removed text."""
        self._db.execute(
            "INSERT INTO audit_log (at, user_id, username, action, target, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                self._db.now(),
                user["id"] if user else None,
                user["username"] if user else "(system)",
                action,
                target[:300],
                detail[:300],
            ),
        )

    def entries(
        self, *, action: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """Newest first, and how many there are in all."""
        where, params = ("WHERE action = ?", (action,)) if action else ("", ())
        total = self._db.one(f"SELECT count(*) AS n FROM audit_log {where}", params)["n"]
        rows = self._db.rows(
            f"SELECT at, username, action, target, detail FROM audit_log {where}"
            " ORDER BY id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return rows, total

    def actions(self) -> list[str]:
        return [
            r["action"]
            for r in self._db.rows("SELECT DISTINCT action FROM audit_log ORDER BY action")
        ]


class Jobs(Part):
    """Leases on daily jobs, so that one process of several runs each."""

    def claim(self, name: str, day: str, holder: str) -> bool:
        """Take the job for `day` (YYYY-MM-DD) unless some process has already taken it. The
        statement is the lease: several workers racing here get one winner."""
        if not name or not day:
            raise StoreError("bad_request", N_("A job needs a name and a day."))
        # One statement, so it is atomic on either engine: the row changes only for a later day.
        taken = self._db.execute(
            "INSERT INTO job_runs (name, day, holder, started_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET day = excluded.day, holder = excluded.holder,"
            " started_at = excluded.started_at, finished_at = NULL, outcome = ''"
            " WHERE job_runs.day < excluded.day",
            (name, day, holder, self._db.now()),
        )
        return taken == 1

    def finish(self, name: str, outcome: str) -> None:
        self._db.update(
            "job_runs", {"name": name}, {"finished_at": self._db.now(), "outcome": outcome[:300]}
        )

    def get(self, name: str) -> dict[str, Any] | None:
        return self._db.row("SELECT * FROM job_runs WHERE name = ?", (name,))
