"""The rows most code passes around, as typed records: what the store's parts return for a
session, a participant and a staff user, so that mypy catches a misspelt field."""

from __future__ import annotations

from typing import TypedDict


class SessionRecord(TypedDict):
    id: str
    deck_id: str
    title: str
    deck_yaml: str
    code: str
    screen_key: str
    facilitator_id: str
    status: str  # "live" or "ended"
    min_responses: int
    seq: int
    step_index: int
    open: int
    revealed: int
    shown_locked: str  # a JSON list of step ids
    created_at: str
    ended_at: str | None
    timer_status: str
    timer_ends_at: float | None
    timer_remaining: float | None
    mode: str
    closes_at: str | None
    trial: int
    blanked: int
    active_at: str | None
    demo: int
    scoring: int
    leaderboard: int
    voted_again: str  # a JSON list of the step ids whose second vote was opened
    room_languages: str  # the screen's language codes joined by commas, the first first


class ParticipantRecord(TypedDict):
    id: str
    session_id: str
    name: str
    joined_at: str
    position: int
    no_phone: int  # 1 for someone without a phone, whom staff added and answer for


class UserRecord(TypedDict):
    """A staff user, as sign-in and permission checks read them."""

    id: str
    username: str
    password_hash: str
    role: str
    disabled: int
    created_at: str


class AccountRecord(TypedDict):
    """A staff user as admins list them: no password hash."""

    id: str
    username: str
    role: str
    disabled: int
    created_at: str
