"""Persistence on SQLite through sqlite-utils: this package is the only code that speaks SQL.
One Store, assembled from a part per concern."""

from sessions.store.accounts import AccountsStore
from sessions.store.base import (
    ROLES,
    Conflict,
    Recorded,
    StoreError,
    hash_token,
    new_id,
    utc_now,
)
from sessions.store.decks import DecksStore
from sessions.store.demo_data import DemoStore
from sessions.store.idle import IdleStore, IdleSweep
from sessions.store.live_sessions import SessionsStore
from sessions.store.responses import ResponsesStore
from sessions.store.review import ReviewStore
from sessions.store.room import RoomStore


class Store(
    DecksStore,
    AccountsStore,
    SessionsStore,
    ResponsesStore,
    RoomStore,
    ReviewStore,
    IdleStore,
    DemoStore,
):
    """Everything the adapters may ask of the database, in domain words."""


__all__ = [
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
