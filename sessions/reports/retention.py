"""Retention: N days after a session ends, its participant-level rows (answers, free text,
plans not kept by their owner, display names) are deleted; the aggregates kept for review stay,
so reports read the same. Red-flag alerts are clinical records with a retention period of their
own (default 8 years from when they were raised). The clock comes in as an argument."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sessions.fields import whole_number
from sessions.reports.course import keep_before_purge
from sessions.reports.freeze import keep_aggregates, keep_all
from sessions.words import N_, Words

if TYPE_CHECKING:
    from sessions.store import Store

SETTING = "retention_days"
JOB = "retention"
MIN_DAYS, MAX_DAYS = 1, 3650
ALERT_DAYS = 2922


@dataclass
class Outcome:
    days: int
    cutoff: str
    purged: list[str] = field(default_factory=list)
    kept_aggregates: int = 0
    alert_days: int = ALERT_DAYS
    alerts_deleted: int = 0

    def words(self) -> Words:
        """What was kept and deleted, for the admin who ran it (translated where it is shown)."""
        return Words(
            N_(
                "Kept aggregates of %(kept)s session(s); deleted the participant-level rows of"
                " %(purged)s session(s) that ended before %(cutoff)s (%(days)s days); deleted"
                " %(alerts)s red-flag alert(s) older than %(alert_days)s days."
            ),
            {
                "kept": self.kept_aggregates,
                "purged": len(self.purged),
                "cutoff": self.cutoff,
                "days": self.days,
                "alerts": self.alerts_deleted,
                "alert_days": self.alert_days,
            },
        )

    def describe(self) -> str:
        """The outcome in English, as the job's record and the command line keep it."""
        return self.words().english()


def retention_days(store: Store, default: int) -> int:
    """The admin's setting if there is one, otherwise the configured default."""
    days = whole_number(store.settings.get(SETTING) or "")
    return days if days is not None else int(default)


def run_retention(
    store: Store, *, now: datetime, days: int, alert_days: int = ALERT_DAYS
) -> Outcome:
    """Keep every finished session's aggregates, then delete the participant-level rows of
    those that ended more than `days` before `now`, and alerts raised more than `alert_days`
    before it."""
    if int(alert_days) < 1:
        raise ValueError("The alert retention period must be at least 1 day.")
    cutoff = (now - timedelta(days=days)).isoformat(timespec="seconds")
    outcome = Outcome(
        days=days, cutoff=cutoff, kept_aggregates=keep_all(store), alert_days=int(alert_days)
    )
    alert_cutoff = (now - timedelta(days=int(alert_days))).isoformat(timespec="seconds")
    outcome.alerts_deleted = store.alerts.purge_before(alert_cutoff)
    for session_id in store.review.sessions_ended_before(cutoff):
        keep_aggregates(store, session_id)
        keep_before_purge(store, session_id)  # a course's figures need its members' rows
        deck = store.sessions.deck_of(session_id)
        store.review.purge(
            session_id,
            notebook_steps=[s.id for s in deck.steps if s.activity.in_notebook],
            purged_at=now.isoformat(timespec="seconds"),
        )
        outcome.purged.append(session_id)
    return outcome


def run_daily(
    store: Store,
    *,
    now: datetime,
    default_days: int,
    holder: str,
    alert_days: int = ALERT_DAYS,
) -> Outcome | None:
    """Run retention unless another process already has today; None when it had."""
    if not store.jobs.claim(JOB, now.date().isoformat(), holder):
        return None
    days = retention_days(store, default_days)
    outcome = run_retention(store, now=now, days=days, alert_days=alert_days)
    store.jobs.finish(JOB, outcome.describe())
    return outcome
