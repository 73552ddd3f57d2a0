"""Courses: an ordered series of sessions (each a deck and a mode) under one owner, started one
by one, and their members: one person across the course's sessions, found again by the hash of
their notebook link, each session's participant row linked to them."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Any

from sessions.live import MODES
from sessions.store.base import Database, Part, StoreError, hash_token, new_id
from sessions.store.participants import Participants
from sessions.words import N_

MAX_TITLE = 120
MAX_SESSIONS = 20
MAX_NAME = 40


class Courses(Part):
    def __init__(self, db: Database, participants: Participants):
        super().__init__(db)
        self._participants = participants

    def create(self, title: str, owner_id: str, plan: Sequence[tuple[str, str]]) -> str:
        """A new course and its sessions in `plan` order, none started yet. Raises StoreError
        ('bad_request' or 'unknown_deck') and writes nothing when the title, a mode or a deck
        is wrong."""
        title = title.strip() if isinstance(title, str) else ""
        if not title:
            raise StoreError("bad_request", N_("A course needs a title."))
        if len(title) > MAX_TITLE:
            raise StoreError(
                "bad_request",
                N_("A course title has at most %(most)s characters."),
                most=MAX_TITLE,
            )
        if not plan:
            raise StoreError("bad_request", N_("A course needs at least one session."))
        if len(plan) > MAX_SESSIONS:
            raise StoreError(
                "bad_request", N_("A course has at most %(most)s sessions."), most=MAX_SESSIONS
            )
        for number, (deck_id, mode) in enumerate(plan, start=1):
            if mode not in MODES:
                raise StoreError(
                    "bad_request",
                    N_("Session %(number)s: the mode must be one of: %(modes)s."),
                    number=number,
                    modes=", ".join(MODES),
                )
            if self._db.row("SELECT 1 AS yes FROM decks WHERE id = ?", (deck_id,)) is None:
                raise StoreError(
                    "unknown_deck", N_("Session %(number)s: there is no such deck."), number=number
                )
        course_id = new_id()
        with self._db.write():
            self._db.insert(
                "courses",
                {
                    "id": course_id,
                    "title": title,
                    "owner_id": owner_id,
                    "created_at": self._db.now(),
                },
            )
            for position, (deck_id, mode) in enumerate(plan):
                self._db.insert(
                    "course_sessions",
                    {
                        "course_id": course_id,
                        "position": position,
                        "deck_id": deck_id,
                        "mode": mode,
                    },
                )
        return course_id

    def get(self, course_id: str) -> dict[str, Any] | None:
        return self._db.row(
            "SELECT id, title, owner_id, created_at FROM courses WHERE id = ?", (course_id,)
        )

    def of_owner(self, owner_id: str) -> list[dict[str, Any]]:
        """The courses this account runs, newest first."""
        return self._db.rows(
            "SELECT id, title, owner_id, created_at FROM courses WHERE owner_id = ?"
            " ORDER BY created_at DESC, rowid DESC",
            (owner_id,),
        )

    def sessions_of(self, course_id: str) -> list[dict[str, Any]]:
        """The course's sessions in order, each with its deck's title and, once started, its
        session's join code and status."""
        return self._db.rows(
            "SELECT c.course_id, c.position, c.deck_id, c.mode, c.session_id,"
            " d.title AS deck_title, s.code, s.status FROM course_sessions c"
            " LEFT JOIN decks d ON d.id = c.deck_id LEFT JOIN sessions s ON s.id = c.session_id"
            " WHERE c.course_id = ? ORDER BY c.position",
            (course_id,),
        )

    def start_session(self, course_id: str, position: int, session_id: str) -> None:
        """Record that the course's session at `position` runs as `session_id`. Raises
        StoreError('not_found') for no such session of the course, 'already_started' when it
        was started before."""
        with self._db.write():
            found = self._db.row(
                "SELECT session_id FROM course_sessions WHERE course_id = ? AND position = ?",
                (course_id, position),
            )
            if found is None:
                raise StoreError("not_found", N_("The course has no such session."))
            if found["session_id"] is not None:
                raise StoreError("already_started", N_("This session of the course has started."))
            self._db.update(
                "course_sessions",
                {"course_id": course_id, "position": position},
                {"session_id": session_id},
            )

    def place_of(self, session_id: str) -> dict[str, Any] | None:
        """Which course a session belongs to and where: course_id, position, title."""
        return self._db.row(
            "SELECT c.course_id, c.position, k.title FROM course_sessions c"
            " JOIN courses k ON k.id = c.course_id WHERE c.session_id = ?",
            (session_id,),
        )

    def add_member(self, course_id: str, name: str) -> tuple[dict[str, Any], str]:
        """A new member of the course and their notebook link key (only its hash is kept)."""
        member_id, key = new_id(), secrets.token_urlsafe(32)
        self._db.insert(
            "course_members",
            {
                "id": member_id,
                "course_id": course_id,
                "joined_at": self._db.now(),
                "key_hash": hash_token(key),
                "name": name[:MAX_NAME],
            },
        )
        member = self._db.row(_MEMBER + " WHERE id = ?", (member_id,))
        assert member is not None  # written just above
        return member, key

    def member(self, member_id: str) -> dict[str, Any] | None:
        return self._db.row(_MEMBER + " WHERE id = ?", (member_id,))

    def member_for_key(self, key: str) -> dict[str, Any] | None:
        """The member whose notebook link this is; None for a wrong or deleted one."""
        return self._db.row(_MEMBER + " WHERE key_hash = ?", (hash_token(key),))

    def new_key(self, member_id: str) -> str | None:
        """A new notebook link key for the member (the old one stops working); None when the
        member is gone."""
        key = secrets.token_urlsafe(32)
        changed = self._db.update(
            "course_members", {"id": member_id}, {"key_hash": hash_token(key)}
        )
        return key if changed == 1 else None

    def link(self, participant_id: str, member_id: str) -> None:
        """The participant is the member in one of the course's sessions."""
        self._db.update("participants", {"id": participant_id}, {"course_member_id": member_id})

    def members(self, course_id: str) -> list[dict[str, Any]]:
        """The course's members in the order they joined, with how many sessions each joined."""
        return self._db.rows(
            "SELECT m.id, m.course_id, m.joined_at, m.name,"
            " (SELECT count(*) FROM participants p WHERE p.course_member_id = m.id) AS sessions"
            " FROM course_members m WHERE m.course_id = ? ORDER BY m.joined_at, m.rowid",
            (course_id,),
        )

    def member_of(self, participant_id: str) -> dict[str, Any] | None:
        """The course member this participant is; None for a single-session participant."""
        return self._db.row(
            "SELECT m.id, m.course_id, m.joined_at, m.name FROM course_members m"
            " JOIN participants p ON p.course_member_id = m.id WHERE p.id = ?",
            (participant_id,),
        )

    def participant_in(self, member_id: str, session_id: str) -> str | None:
        """The member's participant id in this session, if they joined it."""
        row = self._db.row(
            "SELECT id FROM participants WHERE course_member_id = ? AND session_id = ?",
            (member_id, session_id),
        )
        return None if row is None else row["id"]

    def participations(self, member_id: str) -> list[dict[str, Any]]:
        """The member's participant in each session they joined, in course order, with when
        that session started and whether it is live."""
        return self._db.rows(
            "SELECT p.id AS participant_id, p.session_id, c.position, s.created_at AS started_at,"
            " s.status FROM participants p JOIN course_sessions c ON c.session_id = p.session_id"
            " JOIN sessions s ON s.id = p.session_id"
            " WHERE p.course_member_id = ? ORDER BY c.position",
            (member_id,),
        )

    def responses_of(self, member_id: str) -> list[dict[str, Any]]:
        """Every answer the member gave in the course's sessions, oldest first: session_id,
        position, step_id, value, answered_at."""
        rows = self._db.rows(
            "SELECT r.session_id, c.position, r.step_id, r.value, r.answered_at"
            " FROM responses r JOIN participants p ON p.id = r.participant_id"
            " JOIN course_sessions c ON c.session_id = r.session_id"
            " WHERE p.course_member_id = ? ORDER BY c.position, r.answered_at, r.rowid",
            (member_id,),
        )
        return [{**r, "value": json.loads(r["value"])} for r in rows]

    def answers_by_member(self, session_id: str, step_id: str) -> dict[str, Any]:
        """Each course member's answer to one step of one session, by member id; people who
        joined that session on its own join code are not members and are left out."""
        rows = self._db.rows(
            "SELECT p.course_member_id AS member_id, r.value FROM responses r"
            " JOIN participants p ON p.id = r.participant_id"
            " WHERE r.session_id = ? AND r.step_id = ? AND p.course_member_id IS NOT NULL"
            " ORDER BY r.answered_at, r.rowid",
            (session_id, step_id),
        )
        return {r["member_id"]: json.loads(r["value"]) for r in rows}

    def members_by_session(self, course_id: str) -> dict[int, set[str]]:
        """Which members joined each of the course's started sessions, by position."""
        found: dict[int, set[str]] = {}
        for row in self._db.rows(
            "SELECT c.position, p.course_member_id AS member_id FROM course_sessions c"
            " JOIN participants p ON p.session_id = c.session_id"
            " WHERE c.course_id = ? AND p.course_member_id IS NOT NULL",
            (course_id,),
        ):
            found.setdefault(row["position"], set()).add(row["member_id"])
        return found

    def keep_figures(self, course_id: str, figures: dict[str, Any]) -> bool:
        """Keep the course's figures once; False when they were kept already."""
        kept = self._db.execute(
            "INSERT INTO course_figures (course_id, figures_json, kept_at) VALUES (?, ?, ?)"
            " ON CONFLICT (course_id) DO NOTHING",
            (course_id, json.dumps(figures, sort_keys=True), self._db.now()),
        )
        return kept == 1

    def over_without_figures(self) -> list[str]:
        """Courses whose every session has finished and whose figures are not kept yet."""
        rows = self._db.rows(
            "SELECT k.id FROM courses k WHERE NOT EXISTS (SELECT 1 FROM course_figures f"
            " WHERE f.course_id = k.id) AND NOT EXISTS (SELECT 1 FROM course_sessions c"
            " LEFT JOIN sessions s ON s.id = c.session_id WHERE c.course_id = k.id"
            " AND (s.id IS NULL OR s.status != 'ended')) ORDER BY k.created_at"
        )
        return [r["id"] for r in rows]

    def kept_figures(self, course_id: str) -> dict[str, Any] | None:
        """The course's kept figures with when they were kept, or None."""
        row = self._db.row(
            "SELECT figures_json, kept_at FROM course_figures WHERE course_id = ?", (course_id,)
        )
        return (
            None if row is None else {**json.loads(row["figures_json"]), "kept_at": row["kept_at"]}
        )

    def delete_member(self, member_id: str) -> None:
        """The member deletes their data: each of their sessions' participant rows goes as a
        participant's does (aggregates kept for reports stay), then the member itself. Each
        session is its own transaction; a delete cut short leaves the member and the rest,
        so doing it again finishes it."""
        for row in self.participations(member_id):
            self._participants.delete(row["participant_id"])
        with self._db.write():
            self._db.update(
                "participants", {"course_member_id": member_id}, {"course_member_id": None}
            )
            self._db.delete_where("course_members", "id = ?", (member_id,))


_MEMBER = "SELECT id, course_id, joined_at, name FROM course_members"
