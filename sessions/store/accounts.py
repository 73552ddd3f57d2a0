"""Staff accounts: users, their sign-ins and API tokens, and the list admins see."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import cast

from sessions.store.base import ROLES, Database, Part, StoreError, hash_token, new_id
from sessions.store.records import AccountRecord, UserRecord
from sessions.words import N_


class Accounts(Part):
    # Accounts -------------------------------------------------------------------------------

    def create_user(self, username: str, password_hash: str, role: str = "facilitator") -> str:
        if role not in ROLES:
            raise StoreError(
                "bad_request", N_("Role must be one of: %(roles)s."), roles=", ".join(ROLES)
            )
        user_id = new_id()
        if not insert_user(self._db, user_id, username, password_hash, role):
            raise StoreError(
                "exists", N_("There is already a user called %(username)s."), username=username
            )
        return user_id

    def set_password(self, user_id: str, password_hash: str) -> None:
        """A new password also ends every sign-in of the account: whoever held an old cookie
        must sign in with the new password."""
        with self._db.write():
            self._db.update("users", {"id": user_id}, {"password_hash": password_hash})
            self._end_signins(user_id)

    def user_by_name(self, username: str) -> UserRecord | None:
        return cast(
            UserRecord | None,
            self._db.row(
                # Names are unique whatever their case, and found whatever the case typed.
                "SELECT * FROM users WHERE lower(username) = lower(?)",
                (username,),
            ),
        )

    def user(self, user_id: str) -> UserRecord | None:
        return cast(
            UserRecord | None,
            self._db.row("SELECT * FROM users WHERE id = ? AND disabled = 0", (user_id,)),
        )

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        """Disabling ends every sign-in too, so enabling again does not bring old cookies back."""
        with self._db.write():
            self._db.update("users", {"id": user_id}, {"disabled": int(disabled)})
            if disabled:
                self._end_signins(user_id)

    # Sign-ins: one row per browser sign-in; the cookie carries its token ---------------------

    def start_signin(self, user_id: str, *, lasts: timedelta) -> str:
        """A new sign-in lasting `lasts` from now, however the site is used meanwhile; only
        the token's hash is kept. Rows that can no longer be used are cleared on the way."""
        token = secrets.token_urlsafe(32)
        now = self._db.now()
        expires_at = (datetime.fromisoformat(now) + lasts).isoformat(timespec="seconds")
        with self._db.write():
            self._db.delete_where(
                "staff_signins", "expires_at <= ? OR ended_at IS NOT NULL", (now,)
            )
            self._db.insert(
                "staff_signins",
                {
                    "token_hash": hash_token(token),
                    "user_id": user_id,
                    "created_at": now,
                    "expires_at": expires_at,
                },
            )
        return token

    def user_for_signin(self, token: str) -> UserRecord | None:
        """The active account of a sign-in that has not ended or expired."""
        return cast(
            UserRecord | None,
            self._db.row(
                "SELECT users.* FROM staff_signins JOIN users ON users.id = staff_signins.user_id"
                " WHERE token_hash = ? AND ended_at IS NULL AND expires_at > ?"
                " AND users.disabled = 0",
                (hash_token(token), self._db.now()),
            ),
        )

    def end_signins_of(self, user_id: str) -> int:
        """Sign the account out everywhere; returns how many sign-ins were ended."""
        return self._end_signins(user_id)

    def _end_signins(self, user_id: str) -> int:
        return self._db.execute(
            "UPDATE staff_signins SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL",
            (self._db.now(), user_id),
        )

    def create_api_token(
        self, user_id: str, *, expires_at: str | None = None, max_active: int | None = None
    ) -> str:
        """A new bearer token; only its hash is kept. With `max_active`, an account that already
        has that many tokens in use (neither revoked nor expired) gets none."""
        token = secrets.token_urlsafe(32)
        with self._db.write():
            if max_active is not None:
                active = self._db.one(
                    "SELECT count(*) AS n FROM api_tokens WHERE user_id = ?"
                    " AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
                    (user_id, self._db.now()),
                )["n"]
                if active >= max_active:
                    raise StoreError(
                        "too_many_tokens",
                        N_(
                            "This account already has %(count)s API tokens in use, the most it"
                            " may have. Revoke them (run.py revoke-tokens) or wait for one to"
                            " expire."
                        ),
                        count=max_active,
                    )
            self._db.insert(
                "api_tokens",
                {
                    "token_hash": hash_token(token),
                    "user_id": user_id,
                    "created_at": self._db.now(),
                    "expires_at": expires_at,
                },
            )
        return token

    def user_for_token(self, token: str) -> UserRecord | None:
        return cast(
            UserRecord | None,
            self._db.row(
                "SELECT users.* FROM api_tokens JOIN users ON users.id = api_tokens.user_id"
                " WHERE token_hash = ? AND revoked_at IS NULL AND users.disabled = 0"
                " AND (expires_at IS NULL OR expires_at > ?)",
                (hash_token(token), self._db.now()),
            ),
        )

    def revoke_api_token(self, token: str) -> bool:
        revoked = self._db.execute(
            "UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
            (self._db.now(), hash_token(token)),
        )
        return revoked == 1

    def revoke_api_tokens_of(self, user_id: str) -> int:
        return self._db.execute(
            "UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
            (self._db.now(), user_id),
        )

    # Accounts, as admins see them (disabled ones too) ----------------------------------------

    def listing(self) -> list[AccountRecord]:
        return cast(
            list[AccountRecord],
            self._db.rows(
                "SELECT id, username, role, disabled, created_at FROM users ORDER BY username"
            ),
        )

    def account(self, user_id: str) -> AccountRecord | None:
        return cast(
            AccountRecord | None,
            self._db.row(
                "SELECT id, username, role, disabled, created_at FROM users WHERE id = ?",
                (user_id,),
            ),
        )


def insert_user(db: Database, user_id: str, username: str, password_hash: str, role: str) -> bool:
    """A new users row; False, writing nothing, when the name is taken (in any case). The
    conflict is left to the unique index, so two accounts racing for one name get one."""
    added = db.execute(
        "INSERT INTO users (id, username, password_hash, role, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (user_id, username, password_hash, role, db.now()),
    )
    return added == 1
