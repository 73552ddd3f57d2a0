"""Persistence on SQLite through sqlite-utils: this package is the only code that speaks SQL.
A Store is one Database shared by a part per concern (store.decks, store.responses, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sessions.store.accounts import Accounts
from sessions.store.base import (
    ROLES,
    Conflict,
    Database,
    Recorded,
    StoreError,
    hash_token,
    new_id,
    utc_now,
)
from sessions.store.decks import Decks
from sessions.store.demo_data import Demo
from sessions.store.idle import Idle, IdleSweep
from sessions.store.live_sessions import Sessions
from sessions.store.participants import Participants
from sessions.store.pictures import Pictures
from sessions.store.responses import Responses
from sessions.store.review import Review
from sessions.store.room import Room
from sessions.store.staff import AuditLog, Jobs, Settings

PARTS = (
    "decks",
    "pictures",
    "sessions",
    "participants",
    "responses",
    "room",
    "review",
    "accounts",
    "settings",
    "audit",
    "jobs",
    "idle",
    "demo",
)


class Store:
    """Everything the adapters may ask of the database, in domain words, one part per concern."""

    def __init__(
        self, path: str, *, busy_timeout_ms: int = 2000, clock: Callable[[], str] = utc_now
    ):
        self.database = Database(path, busy_timeout_ms=busy_timeout_ms, clock=clock)
        self.db = self.database.sqlite  # the raw sqlite-utils handle, for migrations and tests
        db = self.database
        self.pictures = Pictures(db)
        self.decks = Decks(db, self.pictures)
        self.sessions = Sessions(db, self.decks)
        self.participants = Participants(db)
        self.responses = Responses(db)
        self.room = Room(db)
        self.review = Review(db, self.sessions, self.room)
        self.accounts = Accounts(db)
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

    def __getattr__(self, name: str) -> Any:
        # Temporary: the flat method names, until every caller asks the part.
        if name in _FLAT:
            part, method = _FLAT[name]
            return getattr(getattr(self, part), method)
        raise AttributeError(name)


_FLAT = {
    "decks": ("decks", "all"),
    "deck_library": ("decks", "library"),
    "library_entry": ("decks", "library_entry"),
    "create_deck": ("decks", "create"),
    "duplicate_deck": ("decks", "duplicate"),
    "set_archived": ("decks", "set_archived"),
    "deck_for_editing": ("decks", "for_editing"),
    "save_draft": ("decks", "save_draft"),
    "restore_version": ("decks", "restore_version"),
    "deck_versions": ("decks", "versions"),
    "deck_version": ("decks", "version"),
    "add_image": ("decks", "add_image"),
    "save_deck": ("decks", "save"),
    "deck_row": ("decks", "get"),
    "image_names": ("pictures", "existing"),
    "image": ("pictures", "get"),
    "image_widths": ("pictures", "widths"),
    "deck_images": ("pictures", "of_deck"),
    "image_file": ("pictures", "file"),
    "create_session": ("sessions", "create"),
    "session": ("sessions", "get"),
    "live_session_by_code": ("sessions", "live_by_code"),
    "session_by_screen_key": ("sessions", "by_screen_key"),
    "sessions_of": ("sessions", "of_facilitator"),
    "deck_of": ("sessions", "deck_of"),
    "load_live": ("sessions", "load_live"),
    "save_live": ("sessions", "save_live"),
    "close_due_sessions": ("sessions", "close_due"),
    "mark_trial": ("sessions", "mark_trial"),
    "add_participant": ("participants", "add"),
    "participant": ("participants", "get"),
    "participant_for_token": ("participants", "for_token"),
    "participant_for_notebook": ("participants", "for_notebook"),
    "notebook_key": ("participants", "notebook_key"),
    "move_participant": ("participants", "move"),
    "progress": ("participants", "progress"),
    "delete_participant": ("participants", "delete"),
    "participant_count": ("participants", "count"),
    "record_response": ("responses", "record"),
    "earlier_answer": ("responses", "earlier"),
    "record_answer": ("responses", "record_answer"),
    "response_values": ("responses", "values"),
    "responses_of": ("responses", "of_participant"),
    "save_own_response": ("responses", "save_own"),
    "responses_for_step": ("responses", "for_step"),
    "values_by_participant": ("responses", "values_by_participant"),
    "moderation": ("room", "moderation"),
    "moderate": ("room", "moderate"),
    "reset_connections": ("room", "reset_connections"),
    "heartbeat": ("room", "heartbeat"),
    "count_connection": ("room", "count_connection"),
    "connected_participants": ("room", "connected"),
    "groups": ("room", "groups"),
    "save_groups": ("room", "save_groups"),
    "add_to_group": ("room", "add_to_group"),
    "add_question": ("room", "add_question"),
    "questions": ("room", "questions"),
    "vote": ("room", "vote"),
    "votes_of": ("room", "votes_of"),
    "set_question": ("room", "set_question"),
    "add_alert": ("room", "add_alert"),
    "alerted_phrases": ("room", "alerted_phrases"),
    "alerts": ("room", "alerts"),
    "mark_alert_seen": ("room", "mark_alert_seen"),
    "record_attendance": ("review", "record_attendance"),
    "set_attendance": ("review", "set_attendance"),
    "attendance": ("review", "attendance"),
    "answered_steps": ("review", "answered_steps"),
    "finished_without_summary": ("review", "finished_without_summary"),
    "save_aggregates": ("review", "save_aggregates"),
    "summary": ("review", "summary"),
    "step_results": ("review", "step_results"),
    "finished_sessions": ("review", "finished_sessions"),
    "review_choices": ("review", "choices"),
    "period_aggregates": ("review", "period_aggregates"),
    "redact": ("review", "redact"),
    "redactions": ("review", "redactions"),
    "sessions_ended_before": ("review", "sessions_ended_before"),
    "purge_session": ("review", "purge"),
    "backdate_session": ("review", "backdate"),
    "create_user": ("accounts", "create_user"),
    "set_password": ("accounts", "set_password"),
    "user_by_name": ("accounts", "user_by_name"),
    "user": ("accounts", "user"),
    "set_disabled": ("accounts", "set_disabled"),
    "start_signin": ("accounts", "start_signin"),
    "user_for_signin": ("accounts", "user_for_signin"),
    "end_signins_of": ("accounts", "end_signins_of"),
    "create_api_token": ("accounts", "create_api_token"),
    "user_for_token": ("accounts", "user_for_token"),
    "revoke_api_token": ("accounts", "revoke_api_token"),
    "revoke_api_tokens_of": ("accounts", "revoke_api_tokens_of"),
    "accounts": ("accounts", "listing"),
    "account": ("accounts", "account"),
    "setting": ("settings", "get"),
    "set_setting": ("settings", "set"),
    "clear_setting": ("settings", "clear"),
    "audit": ("audit", "record"),
    "audit_entries": ("audit", "entries"),
    "audit_actions": ("audit", "actions"),
    "claim_job": ("jobs", "claim"),
    "finish_job": ("jobs", "finish"),
    "job": ("jobs", "get"),
    "sweep_idle_sessions": ("idle", "sweep"),
    "mark_demo": ("demo", "mark"),
    "demo_session_count": ("demo", "count"),
    "remove_demo_sessions": ("demo", "remove_all"),
}


__all__ = [
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
