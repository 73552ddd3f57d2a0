"""Ending sessions nobody uses, so that a join code does not stay valid for ever: the
facilitator is warned first, and any use of the session keeps it open."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sessions.live import SELF_PACED
from sessions.store.base import Part


def _last_used(greatest: str) -> str:
    """A session's last use: a change made from the console, a participant joining, an
    answer. `greatest` is the database's scalar larger-of-several function."""
    return (
        f"SELECT s.id, s.seq, {greatest}(coalesce(s.active_at, s.created_at),"
        " coalesce((SELECT max(p.joined_at) FROM participants p WHERE p.session_id = s.id), ''),"
        " coalesce((SELECT max(r.answered_at) FROM responses r WHERE r.session_id = s.id), ''))"
        " AS last_used FROM sessions s WHERE s.status = 'live' AND s.mode != ?"
    )


@dataclass(frozen=True)
class IdleSweep:
    """What one sweep did: sessions about to end (id -> when), and those it ended."""

    warned: dict[str, str] = field(default_factory=dict)
    ended: list[str] = field(default_factory=list)


class Idle(Part):
    def sweep(self, *, idle_after: timedelta, warn_before: timedelta) -> IdleSweep:
        """End every live session unused for `idle_after`; list those that will end within
        `warn_before`. Self-paced sessions are left alone: they close on their own date. Read
        and ended in one write transaction, so a session used meanwhile is not ended, and with
        several workers each session is ended, and reported, once."""
        if idle_after <= timedelta(0) or warn_before < timedelta(0):
            raise ValueError("idle_after must be positive and warn_before not negative")
        now_text = self._db.now()
        now = datetime.fromisoformat(now_text)
        warned: dict[str, str] = {}
        ended: list[str] = []
        with self._db.write():
            for row in self._db.rows(_last_used(self._db.greatest), (SELF_PACED,)):
                ends_at = datetime.fromisoformat(row["last_used"]) + idle_after
                if ends_at <= now:
                    # Only a session still as it was read is ended: PostgreSQL lets another
                    # worker's sweep or a use of the session run beside this one.
                    if self._end_unchanged(row["id"], row["seq"], now_text):
                        ended.append(row["id"])
                elif ends_at - warn_before <= now:
                    warned[row["id"]] = ends_at.isoformat(timespec="seconds")
        return IdleSweep(warned=warned, ended=ended)

    def _end_unchanged(self, session_id: str, seq: int, now_text: str) -> bool:
        changed = self._db.execute(
            "UPDATE sessions SET status = 'ended', ended_at = ?, seq = seq + 1"
            " WHERE id = ? AND status = 'live' AND seq = ?",
            (now_text, session_id, seq),
        )
        return changed == 1
