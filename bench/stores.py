"""The store under Talkback in a run: SQLite (the default) or PostgreSQL, on a fresh database of
the run's own, and the checks of what each run stored. The table comparing PostgreSQL's figures
with SQLite's is harness.engine_table; see docs/benchmarks.md, "PostgreSQL against SQLite"."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sessions.store.base import utc_now
from sessions.store.engines import open_database

STORES = ("sqlite", "postgresql")
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def stores_for(choice: str) -> list[str]:
    """The stores of `--store`: one of STORES, or both, SQLite first."""
    if choice == "both":
        return list(STORES)
    if choice not in STORES:
        raise ValueError(f"store must be sqlite, postgresql or both, not {choice!r}")
    return [choice]


@contextmanager
def fresh_database(server: str = PG_SERVER) -> Iterator[str]:
    """A new database on `server` for one run, dropped after it whatever happened (its
    connections too: a worker that did not stop must not keep it)."""
    import psycopg  # only runs on PostgreSQL need it

    name = f"talkback_bench_{secrets.token_hex(4)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def stored_answers(database: str, session_ids: list[str]) -> int:
    """How many answers the store holds for these sessions: one row per answer id a phone sent
    and the server acknowledged (`answer_ids`, keyed by participant and answer id). Read
    through the store's own database calls, so either engine's address will do."""
    if not session_ids:
        return 0
    marks = ", ".join("?" * len(session_ids))
    db = open_database(database, busy_timeout_ms=5000, clock=utc_now)
    try:
        row = db.one(
            "SELECT count(*) AS n FROM answer_ids a JOIN participants p"
            f" ON p.id = a.participant_id WHERE p.session_id IN ({marks})",
            tuple(session_ids),
        )
    finally:
        db.close()
    return int(row["n"])


def error_count(result: dict) -> int:
    """Every error the generator counted, of any kind (refused or unacknowledged answers,
    failed joins and commands); none is allowed."""
    return sum((result.get("errors") or {}).values())


def unstored(record: dict) -> str | None:
    """The flag of a run whose store does not hold each acknowledged answer exactly once."""
    result = record.get("result") or {}
    stored = record.get("stored_answers")
    if stored is None or "answers_acked" not in result:
        return None
    acked = result["answers_acked"]
    return None if stored == acked else f"stored≠acked({stored}/{acked})"


def stored_cell(record: dict[str, Any]) -> str:
    stored = record.get("stored_answers")
    return "–" if stored is None else str(stored)
