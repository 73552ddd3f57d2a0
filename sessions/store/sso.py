"""Staff accounts made by single sign-on: the identity provider's person each belongs to."""

from __future__ import annotations

from typing import cast

from sessions.store.accounts import insert_user
from sessions.store.base import ROLES, Part, StoreError, new_id
from sessions.store.records import UserRecord
from sessions.words import N_


class StaffSso(Part):
    def user_of(self, issuer: str, subject: str) -> UserRecord | None:
        """The account linked to this person, disabled or not."""
        return cast(
            UserRecord | None,
            self._db.row(
                "SELECT users.* FROM staff_sso JOIN users ON users.id = staff_sso.user_id"
                " WHERE issuer = ? AND subject = ?",
                (issuer, subject),
            ),
        )

    def is_linked(self, user_id: str) -> bool:
        row = self._db.row("SELECT 1 AS linked FROM staff_sso WHERE user_id = ?", (user_id,))
        return row is not None

    def create(
        self, issuer: str, subject: str, username: str, role: str, password_hash: str
    ) -> str:
        """A new account for this person, with no usable password, linked in the same step."""
        if role not in ROLES:
            raise StoreError(
                "bad_request", N_("Role must be one of: %(roles)s."), roles=", ".join(ROLES)
            )
        user_id, now = new_id(), self._db.now()
        with self._db.write():
            if not insert_user(self._db, user_id, username, password_hash, role):
                raise StoreError(
                    "exists", N_("There is already a user called %(username)s."), username=username
                )
            linked = self._db.execute(
                "INSERT INTO staff_sso (issuer, subject, user_id, created_at, last_signin_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (issuer, subject, user_id, now, now),
            )
            if linked != 1:  # raised inside the write, so the new account goes too
                raise StoreError("exists", N_("This person already has an account."))
        return user_id

    def signed_in(self, user_id: str, role: str) -> None:
        """A sign-in through the provider: the role its groups give now, and when."""
        if role not in ROLES:
            raise StoreError(
                "bad_request", N_("Role must be one of: %(roles)s."), roles=", ".join(ROLES)
            )
        with self._db.write():
            self._db.update("users", {"id": user_id}, {"role": role})
            self._db.update("staff_sso", {"user_id": user_id}, {"last_signin_at": self._db.now()})
