"""Two-step sign-in of staff accounts: each account's sealed authenticator secret, the last
time step it used, and its recovery codes (hashes only)."""

from __future__ import annotations

from typing import TypedDict, cast

from sessions.store.base import Part


class MfaRecord(TypedDict):
    user_id: str
    secret: str  # sealed (sessions/mfa.py), never the secret itself
    created_at: str
    enabled_at: str | None  # None while being set up
    last_step: int


class StaffMfa(Part):
    def of(self, user_id: str) -> MfaRecord | None:
        return cast(
            MfaRecord | None, self._db.row("SELECT * FROM staff_mfa WHERE user_id = ?", (user_id,))
        )

    def is_on(self, user_id: str) -> bool:
        row = self.of(user_id)
        return row is not None and row["enabled_at"] is not None

    def begin(self, user_id: str, sealed: str) -> None:
        """A new secret, waiting for a code to confirm it. One that is already on stays."""
        self._db.execute(
            "INSERT INTO staff_mfa (user_id, secret, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret,"
            " created_at = excluded.created_at WHERE staff_mfa.enabled_at IS NULL",
            (user_id, sealed, self._db.now()),
        )

    def turn_on(self, user_id: str, step: int, code_hashes: list[str]) -> bool:
        """Confirm the waiting secret with the step of the code that proved it (so that code
        cannot sign in), and replace the recovery codes. False when nothing was waiting."""
        with self._db.write():
            confirmed = self._db.execute(
                "UPDATE staff_mfa SET enabled_at = ?, last_step = ?"
                " WHERE user_id = ? AND enabled_at IS NULL",
                (self._db.now(), step, user_id),
            )
            if confirmed != 1:
                return False
            self._replace_codes(user_id, code_hashes)
        return True

    def use_step(self, user_id: str, step: int) -> bool:
        """Take this time step for a sign-in: refused if it, or a later one, was used before."""
        taken = self._db.execute(
            "UPDATE staff_mfa SET last_step = ?"
            " WHERE user_id = ? AND enabled_at IS NOT NULL AND last_step < ?",
            (step, user_id, step),
        )
        return taken == 1

    def use_recovery_code(self, user_id: str, code_hash: str) -> str:
        """ "used" now, "already_used" before, or "unknown"."""
        with self._db.write():
            used = self._db.execute(
                "UPDATE staff_recovery_codes SET used_at = ?"
                " WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                (self._db.now(), user_id, code_hash),
            )
            if used == 1:
                return "used"
            known = self._db.row(
                "SELECT 1 AS known FROM staff_recovery_codes WHERE user_id = ? AND code_hash = ?",
                (user_id, code_hash),
            )
        return "already_used" if known else "unknown"

    def recovery_codes_left(self, user_id: str) -> int:
        return self._db.one(
            "SELECT count(*) AS n FROM staff_recovery_codes WHERE user_id = ? AND used_at IS NULL",
            (user_id,),
        )["n"]

    def replace_recovery_codes(self, user_id: str, code_hashes: list[str]) -> None:
        with self._db.write():
            self._replace_codes(user_id, code_hashes)

    def remove(self, user_id: str) -> bool:
        """Turn it off: the secret and the recovery codes go. Whether it was on."""
        with self._db.write():
            was_on = self._db.row(
                "SELECT 1 AS was_on FROM staff_mfa WHERE user_id = ? AND enabled_at IS NOT NULL",
                (user_id,),
            )
            self._db.delete_where("staff_mfa", "user_id = ?", (user_id,))
            self._db.delete_where("staff_recovery_codes", "user_id = ?", (user_id,))
        return was_on is not None

    def enrolled(self) -> set[str]:
        """The accounts that have it on, for the admins' list."""
        rows = self._db.rows("SELECT user_id FROM staff_mfa WHERE enabled_at IS NOT NULL")
        return {row["user_id"] for row in rows}

    def end_signins_without_it(self) -> int:
        """When every account comes to need it: those without it are signed out, and set it
        up at their next sign-in. Single sign-on accounts get theirs from their provider."""
        return self._db.execute(
            "UPDATE staff_signins SET ended_at = ? WHERE ended_at IS NULL AND user_id NOT IN"
            " (SELECT user_id FROM staff_mfa WHERE enabled_at IS NOT NULL"
            " UNION SELECT user_id FROM staff_sso)",
            (self._db.now(),),
        )

    def _replace_codes(self, user_id: str, code_hashes: list[str]) -> None:
        """Inside the caller's write, so the old codes never go without the new ones."""
        self._db.delete_where("staff_recovery_codes", "user_id = ?", (user_id,))
        for code_hash in code_hashes:
            self._db.insert("staff_recovery_codes", {"user_id": user_id, "code_hash": code_hash})
