"""Staff invited to help run a session (a co-facilitator or a moderator), each invitation and
removal audited in the same transaction, with who made it."""

from __future__ import annotations

from typing import Any

from sessions.store.base import Part

_AUDIT = (
    "INSERT INTO audit_log (at, user_id, username, action, target, detail)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


class SessionRoles(Part):
    def invite(
        self, session_id: str, user_id: str, role: str, *, by: dict[str, Any], username: str
    ) -> None:
        """Invite `user_id` in `role`; inviting them again changes their role."""
        now = self._db.now()
        with self._db.write():
            self._db.execute(
                "INSERT INTO session_roles (session_id, user_id, role, invited_by, invited_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id, user_id) DO UPDATE SET"
                " role = excluded.role, invited_by = excluded.invited_by,"
                " invited_at = excluded.invited_at",
                (session_id, user_id, role, by["id"], now),
            )
            self._db.execute(
                _AUDIT,
                (
                    now,
                    by["id"],
                    by["username"],
                    "session.invite",
                    f"session {session_id}",
                    f"{username} as {role}",
                ),
            )

    def remove(self, session_id: str, user_id: str, *, by: dict[str, Any]) -> bool:
        """Whether they were there to remove; audited only then."""
        now = self._db.now()
        with self._db.write():
            found = self._db.row(
                "SELECT r.role, u.username FROM session_roles r JOIN users u ON u.id = r.user_id"
                " WHERE r.session_id = ? AND r.user_id = ?",
                (session_id, user_id),
            )
            if found is None:
                return False
            self._db.delete_where(
                "session_roles", "session_id = ? AND user_id = ?", (session_id, user_id)
            )
            self._db.execute(
                _AUDIT,
                (
                    now,
                    by["id"],
                    by["username"],
                    "session.remove_role",
                    f"session {session_id}",
                    f"{found['username']} as {found['role']}",
                ),
            )
        return True

    def role_of(self, session_id: str, user_id: str) -> str | None:
        row = self._db.row(
            "SELECT role FROM session_roles WHERE session_id = ? AND user_id = ?",
            (session_id, user_id),
        )
        return None if row is None else row["role"]

    def seat(self, session_id: str, user_id: str) -> tuple[str, str | None] | None:
        """The session's facilitator and the role `user_id` was invited in (None if not), in
        one read, for the check every console event passes; None when there is no session."""
        row = self._db.row(
            "SELECT s.facilitator_id, r.role FROM sessions s LEFT JOIN session_roles r"
            " ON r.session_id = s.id AND r.user_id = ? WHERE s.id = ?",
            (user_id, session_id),
        )
        return None if row is None else (row["facilitator_id"], row["role"])

    def of_session(self, session_id: str) -> list[dict[str, Any]]:
        """Who helps run the session, by username."""
        return self._db.rows(
            "SELECT r.user_id, u.username, r.role, r.invited_at FROM session_roles r"
            " JOIN users u ON u.id = r.user_id WHERE r.session_id = ? ORDER BY u.username",
            (session_id,),
        )

    def sessions_of(self, user_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """The sessions this account was invited to help run, newest first, with its role."""
        return self._db.rows(
            "SELECT s.id, s.title, s.code, s.status, s.created_at, s.mode, r.role,"
            " (SELECT username FROM users WHERE id = s.facilitator_id) AS facilitator_name"
            " FROM session_roles r JOIN sessions s ON s.id = r.session_id"
            " WHERE r.user_id = ? ORDER BY s.created_at DESC, s.rowid DESC LIMIT ?",
            (user_id, limit),
        )

    def staff_to_invite(self) -> list[dict[str, Any]]:
        """Active staff accounts, by username: those who may be invited."""
        return self._db.rows(
            # disabled is an integer on both engines, which PostgreSQL will not negate.
            "SELECT id, username, role FROM users WHERE disabled = 0 ORDER BY username"
        )
