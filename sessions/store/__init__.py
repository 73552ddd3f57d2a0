"""Persistence on SQLite (the default) or PostgreSQL: this package is the only code that
speaks SQL. A Store is one database shared by a part per concern (store.decks,
store.responses, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.store.accounts import Accounts
from sessions.store.alerts import Alerts
from sessions.store.approvals import DeckApprovals
from sessions.store.approved_steps import ApprovedSteps
from sessions.store.base import (
    ROLES,
    Conflict,
    Recorded,
    StoreError,
    hash_token,
    new_id,
    utc_now,
)
from sessions.store.courses import Courses
from sessions.store.decks import Decks
from sessions.store.demo_data import Demo
from sessions.store.engines import open_database
from sessions.store.group_commit import GroupCommit
from sessions.store.idle import Idle, IdleSweep
from sessions.store.later import LaterQuestions
from sessions.store.library import DeckLibrary
from sessions.store.live_sessions import Sessions
from sessions.store.mfa import StaffMfa
from sessions.store.paper import Paper
from sessions.store.participants import Participants
from sessions.store.pictures import Pictures
from sessions.store.reactions import Reactions
from sessions.store.records import AccountRecord, ParticipantRecord, SessionRecord, UserRecord
from sessions.store.responses import Responses
from sessions.store.review import Review
from sessions.store.room import Room
from sessions.store.session_roles import SessionRoles
from sessions.store.sso import StaffSso
from sessions.store.staff import AuditLog, Jobs, Settings
from sessions.store.themes import ThemeSources
from sessions.store.timings import StepTimings

PARTS = (
    "decks",
    "library",
    "approvals",
    "approved_steps",
    "pictures",
    "sessions",
    "participants",
    "courses",
    "responses",
    "paper",
    "room",
    "reactions",
    "later",
    "alerts",
    "session_roles",
    "review",
    "themes",
    "timings",
    "accounts",
    "mfa",
    "sso",
    "settings",
    "audit",
    "jobs",
    "idle",
    "demo",
)


class Store:
    """Everything the adapters may ask of the database, in domain words, one part per concern."""

    def __init__(
        self,
        path: str,
        *,
        busy_timeout_ms: int = 2000,
        clock: Callable[[], str] = utc_now,
        answer_wait_ms: float = 2,
        answer_batch: int = 64,
        pool_size: int = 8,
    ):
        database = open_database(
            path, busy_timeout_ms=busy_timeout_ms, clock=clock, pool_size=pool_size
        )
        self._build(database, answer_wait_ms=answer_wait_ms, answer_batch=answer_batch)

    @classmethod
    def on(cls, database: Any, *, answer_wait_ms: float = 2, answer_batch: int = 64) -> Store:
        """A store over a database already open, on either engine (a test's, with its clock)."""
        store = cls.__new__(cls)
        store._build(database, answer_wait_ms=answer_wait_ms, answer_batch=answer_batch)
        return store

    def _build(self, database: Any, *, answer_wait_ms: float, answer_batch: int) -> None:
        self.database = database
        # The raw sqlite-utils handle, for migrations and tests; PostgreSQL has none.
        self.db = getattr(database, "sqlite", None)
        db = database
        self.pictures = Pictures(db)
        self.decks = Decks(db, self.pictures)
        self.library = DeckLibrary(db)
        self.approvals = DeckApprovals(db, self.decks)
        self.approved_steps = ApprovedSteps(db, self.decks)
        self.sessions = Sessions(db, self.decks)
        self.participants = Participants(db)
        self.courses = Courses(db, self.participants)
        answers = GroupCommit(db, wait_ms=answer_wait_ms, max_batch=answer_batch)
        self.responses = Responses(db, answers)
        self.paper = Paper(db)
        self.room = Room(db)
        self.reactions = Reactions(db)
        self.later = LaterQuestions(db)
        self.alerts = Alerts(db)
        self.session_roles = SessionRoles(db)
        self.review = Review(db, self.sessions)
        self.themes = ThemeSources(db)
        self.timings = StepTimings(db)
        self.accounts = Accounts(db)
        self.mfa = StaffMfa(db)
        self.sso = StaffSso(db)
        self.settings = Settings(db)
        self.audit = AuditLog(db)
        self.jobs = Jobs(db)
        self.idle = Idle(db)
        self.demo = Demo(db, self.sessions)

    def close(self) -> None:
        self.database.close()

    def checkpoint(self) -> None:
        """Copy the write-ahead log back into the database file, so the log stays small."""
        self.database.checkpoint()


__all__ = [
    "AccountRecord",
    "ParticipantRecord",
    "SessionRecord",
    "UserRecord",
    "PARTS",
    "ROLES",
    "Conflict",
    "IdleSweep",
    "Recorded",
    "Store",
    "StoreError",
    "hash_token",
    "new_id",
    "utc_now",
]
