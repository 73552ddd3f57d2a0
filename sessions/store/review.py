"""Staff review: attendance as the room moves, the aggregates kept for finished sessions (they
outlive the participant-level rows that retention deletes), redactions, and the listings that
reports and trends are read from."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from sessions.live import LiveState
from sessions.store.base import Database, Part, StoreError
from sessions.store.live_sessions import Sessions
from sessions.store.room import PRESENT
from sessions.words import N_

SORTS = {
    "date": "s.created_at",
    "deck": "s.title",
    "facilitator": "u.username",
    "joined": "m.joined",
    "reached": "m.reached_end",
    "positive": "m.fft_positive",
    "negative": "m.fft_negative",
}


class Review(Part):
    def __init__(self, db: Database, sessions: Sessions):
        super().__init__(db)
        self._sessions = sessions

    # Attendance -----------------------------------------------------------------------------

    def record_attendance(self, session_id: str, state: LiveState) -> None:
        """Note how many participants are present as the room is shown a step (connected, or
        without a phone; the most seen, if the room comes back to it). Best effort: a busy
        database loses one count, never the facilitator's command, which is already stored."""
        if state.ended or state.step_index < 0:
            return
        try:
            step = self._sessions.deck_of(session_id).steps[state.step_index]
            self.set_attendance(session_id, step.id, state.step_index, None)
        except (StoreError, IndexError):
            pass

    def set_attendance(
        self, session_id: str, step_id: str, index: int, connected: int | None
    ) -> None:
        """`connected` None: those present now, counted in the statement that stores it."""
        count, counted = ("?", (connected,)) if connected is not None else (PRESENT, (session_id,))
        self._db.execute(
            "INSERT INTO step_attendance (session_id, step_id, step_index, connected,"
            f" recorded_at) VALUES (?, ?, ?, ({count}), ?) ON CONFLICT (session_id, step_id)"
            f" DO UPDATE SET connected = {self._db.greatest}(step_attendance.connected,"
            " excluded.connected)",
            (session_id, step_id, index, *counted, self._db.now()),
        )

    def attendance(self, session_id: str) -> dict[str, int]:
        rows = self._db.rows(
            "SELECT step_id, connected FROM step_attendance WHERE session_id = ?"
            " ORDER BY step_index",
            (session_id,),
        )
        return {r["step_id"]: r["connected"] for r in rows}

    def answered_steps(self, session_id: str) -> dict[str, set[str]]:
        """Each participant's answered steps: attendance where none was recorded."""
        found: dict[str, set[str]] = {}
        for row in self._db.rows(
            "SELECT participant_id, step_id FROM responses WHERE session_id = ?", (session_id,)
        ):
            found.setdefault(row["participant_id"], set()).add(row["step_id"])
        return found

    # Aggregates of finished sessions --------------------------------------------------------

    def finished_without_summary(self) -> list[str]:
        rows = self._db.rows(
            "SELECT s.id FROM sessions s LEFT JOIN session_summaries m ON m.session_id = s.id"
            " WHERE s.status = 'ended' AND m.session_id IS NULL ORDER BY s.created_at"
        )
        return [r["id"] for r in rows]

    def save_aggregates(
        self,
        session_id: str,
        results: dict[str, dict],
        summary: dict[str, Any],
        *,
        again: bool = False,
    ) -> bool:
        """Keep a finished session's aggregates once; False when another process got there
        first (both computed the same thing from the same stored rows). `again` replaces the
        kept ones, in the same transaction, after paper answers were added to the rows; never
        once retention deleted the rows they were made from."""
        now = self._db.now()
        with self._db.write():
            if again:
                self._db.execute(
                    "DELETE FROM session_summaries WHERE session_id = ? AND purged_at IS NULL",
                    (session_id,),
                )
            kept = self._db.execute(
                "INSERT INTO session_summaries (session_id, joined, on_paper, reached_end,"
                " fft_total, fft_positive, fft_negative, attendance_json, questions_json,"
                " computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (session_id) DO NOTHING",
                (
                    session_id,
                    summary["joined"],
                    summary.get("on_paper", 0),
                    summary["reached_end"],
                    summary["fft_total"],
                    summary["fft_positive"],
                    summary["fft_negative"],
                    json.dumps(summary["attendance"]),
                    json.dumps(summary["questions"]),
                    now,
                ),
            )
            if kept != 1:
                return False
            for step_id, step_results in results.items():
                self._db.execute(
                    "INSERT INTO step_results (session_id, step_id, results_json, computed_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (session_id, step_id) DO UPDATE SET"
                    " results_json = excluded.results_json, computed_at = excluded.computed_at",
                    (session_id, step_id, json.dumps(step_results, sort_keys=True), now),
                )
        return True

    def purged(self, session_id: str) -> bool:
        """Whether retention deleted the session's participant-level rows."""
        row = self._db.row(
            "SELECT purged_at FROM session_summaries WHERE session_id = ?", (session_id,)
        )
        return row is not None and row["purged_at"] is not None

    def summary(self, session_id: str) -> dict[str, Any] | None:
        row = self._db.row("SELECT * FROM session_summaries WHERE session_id = ?", (session_id,))
        if row is None:
            return None
        row["attendance"] = json.loads(row.pop("attendance_json"))
        row["questions"] = json.loads(row.pop("questions_json"))
        return row

    def step_results(self, session_id: str) -> dict[str, dict[str, Any]]:
        rows = self._db.rows(
            "SELECT step_id, results_json FROM step_results WHERE session_id = ?", (session_id,)
        )
        return {r["step_id"]: json.loads(r["results_json"]) for r in rows}

    # Listings -------------------------------------------------------------------------------

    def finished_sessions(
        self,
        *,
        facilitator_id: str | None = None,
        deck_id: str | None = None,
        start: str | None = None,
        end: str | None = None,
        sort: str = "date",
        descending: bool = True,
        limit: int = 20,
        offset: int = 0,
        include_demo: bool = True,
    ) -> tuple[list[dict[str, Any]], int]:
        """Finished sessions with their kept aggregates, filtered, sorted and paged; and how
        many match in all. `start` and `end` bound the start time (end exclusive). Demo
        sessions are listed (marked `demo`) unless `include_demo` is false."""
        if sort not in SORTS:
            raise StoreError(
                "bad_request", N_("sort must be one of: %(sorts)s"), sorts=", ".join(SORTS)
            )
        where, params = session_filters(facilitator_id, deck_id, start, end, include_demo)
        base = (
            " FROM sessions s JOIN session_summaries m ON m.session_id = s.id"
            " LEFT JOIN users u ON u.id = s.facilitator_id" + where
        )
        total = self._db.one("SELECT count(*) AS n" + base, params)["n"]
        # SQLite's order of empty values, which PostgreSQL reverses: first up, last down.
        direction = "DESC NULLS LAST" if descending else "ASC NULLS FIRST"
        rows = self._db.rows(
            "SELECT s.id, s.title, s.deck_id, s.created_at, s.ended_at, s.facilitator_id, s.demo,"
            " coalesce(u.username, '') AS facilitator, m.joined, m.reached_end, m.fft_total,"
            " m.fft_positive, m.fft_negative, m.purged_at"
            + base
            + f" ORDER BY {SORTS[sort]} {direction}, s.created_at DESC, s.rowid DESC"
            " LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return rows, total

    def choices(self, facilitator_id: str | None = None) -> dict[str, list[dict]]:
        """The decks and facilitators that finished sessions exist for, for the filters."""
        where, params = session_filters(facilitator_id, None, None, None, True)
        decks = self._db.rows(
            "SELECT s.deck_id AS id, max(s.title) AS title FROM sessions s"
            + where
            + " GROUP BY s.deck_id ORDER BY title",
            params,
        )
        facilitators = self._db.rows(
            "SELECT DISTINCT u.id, u.username FROM sessions s JOIN users u"
            " ON u.id = s.facilitator_id" + where + " ORDER BY u.username",
            params,
        )
        return {"decks": decks, "facilitators": facilitators}

    def period_aggregates(
        self,
        *,
        facilitator_id: str | None = None,
        deck_id: str | None = None,
        start: str | None = None,
        end: str | None = None,
        include_demo: bool = False,
    ) -> list[dict[str, Any]]:
        """Every finished, summarised session in a period, oldest first, with its kept
        results by step id. Demo sessions only when `include_demo`: their answers are made
        up, and must not reach a return."""
        where, params = session_filters(facilitator_id, deck_id, start, end, include_demo)
        sessions = self._db.rows(
            "SELECT s.id, s.title, s.deck_id, s.created_at, s.ended_at, s.demo, m.joined,"
            " m.reached_end"
            " FROM sessions s JOIN session_summaries m ON m.session_id = s.id"
            + where
            + " ORDER BY s.created_at, s.rowid",
            params,
        )
        results: dict[str, dict[str, Any]] = {s["id"]: {} for s in sessions}
        for row in self._db.rows(
            "SELECT r.session_id, r.step_id, r.results_json FROM step_results r"
            " JOIN sessions s ON s.id = r.session_id" + where,
            params,
        ):
            results[row["session_id"]][row["step_id"]] = json.loads(row["results_json"])
        return [{**s, "results": results[s["id"]]} for s in sessions]

    # Redaction ------------------------------------------------------------------------------

    def redact(
        self,
        session_id: str,
        step_id: str,
        item_id: str,
        *,
        user_id: str,
        kept: dict[str, Any] | list[Any],
        scrub: Callable[[Any], Any] | None,
    ) -> None:
        """Remove one free-text item for good, in one transaction: the kept aggregate is
        replaced by `kept` (the questions list when `step_id` is empty, otherwise the step's
        results), the stored answer goes through `scrub`, and who and when is noted. The
        removed text is kept nowhere."""
        now = self._db.now()
        with self._db.write():
            if step_id:
                self._db.execute(
                    "UPDATE step_results SET results_json = ? WHERE session_id = ? AND step_id = ?",
                    (json.dumps(kept, sort_keys=True), session_id, step_id),
                )
                rows = self._db.rows(
                    "SELECT participant_id, value FROM responses WHERE session_id = ?"
                    " AND step_id = ? AND answer_id = ?",
                    (session_id, step_id, item_id),
                )
                if scrub is not None:
                    for row in rows:
                        value = json.dumps(scrub(json.loads(row["value"])), sort_keys=True)
                        self._db.execute(
                            "UPDATE responses SET value = ? WHERE participant_id = ?"
                            " AND step_id = ?",
                            (value, row["participant_id"], step_id),
                        )
                        self._db.execute(
                            "UPDATE answer_ids SET value = ? WHERE participant_id = ?"
                            " AND answer_id = ?",
                            (value, row["participant_id"], item_id),
                        )
            else:
                self._db.execute(
                    "UPDATE session_summaries SET questions_json = ? WHERE session_id = ?",
                    (json.dumps(kept), session_id),
                )
                self._db.execute(
                    "UPDATE questions SET text = '' WHERE id = ? AND session_id = ?",
                    (item_id, session_id),
                )
            self._db.execute(
                "INSERT INTO redactions (session_id, step_id, item_id, redacted_by, redacted_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (session_id, step_id, item_id, user_id, now),
            )

    def redactions(self, session_id: str) -> list[dict[str, Any]]:
        return self._db.rows(
            "SELECT r.step_id, r.item_id, r.redacted_at, coalesce(u.username, '') AS username"
            " FROM redactions r LEFT JOIN users u ON u.id = r.redacted_by"
            " WHERE r.session_id = ? ORDER BY r.redacted_at, r.rowid",
            (session_id,),
        )

    # Retention ------------------------------------------------------------------------------

    def sessions_ended_before(self, cutoff: str) -> list[str]:
        """Finished sessions that ended before `cutoff` and still hold participant rows."""
        rows = self._db.rows(
            "SELECT s.id FROM sessions s LEFT JOIN session_summaries m ON m.session_id = s.id"
            " WHERE s.status = 'ended' AND coalesce(s.ended_at, s.created_at) < ?"
            " AND m.purged_at IS NULL ORDER BY s.ended_at NULLS FIRST",
            (cutoff,),
        )
        return [r["id"] for r in rows]

    def purge(
        self, session_id: str, *, notebook_steps: Iterable[str], purged_at: str
    ) -> dict[str, int]:
        """Delete a finished session's participant-level rows; only the aggregates stay. Who
        kept their notebook (asked for its link) keeps their answers to `notebook_steps` (plan,
        reflections), their questions with the physio's replies and the link, not their name."""
        if self.summary(session_id) is None:
            raise StoreError("not_ready", N_("Keep the session's aggregates before deleting rows."))
        keep_steps = sorted(set(notebook_steps))
        kept = "p.notebook_key_hash IS NOT NULL"
        people = "SELECT id FROM participants WHERE session_id = ?"
        kept_people = f"SELECT p.id FROM participants p WHERE p.session_id = ? AND {kept}"
        kept_out = "DELETE FROM {table} WHERE session_id = ? AND participant_id NOT IN"
        keep_answers = (
            f"step_id IN ({', '.join('?' for _ in keep_steps)})" if keep_steps else "FALSE"
        )
        counts: dict[str, int] = {}
        with self._db.write():
            statements = [
                (
                    "question_votes",
                    "DELETE FROM question_votes WHERE question_id IN (SELECT id"
                    f" FROM questions WHERE session_id = ?) OR participant_id IN ({people})",
                    (session_id, session_id),
                ),
                # A kept notebook keeps the questions in it, and the physio's replies.
                *(
                    (table, f"{kept_out.format(table=table)} ({kept_people})", (session_id,) * 2)
                    for table in ("questions", "later_questions")
                ),
                (
                    "discussion_groups",
                    "DELETE FROM discussion_groups WHERE session_id = ?",
                    (session_id,),
                ),
                ("moderation", "DELETE FROM moderation WHERE session_id = ?", (session_id,)),
                ("second_votes", "DELETE FROM second_votes WHERE session_id = ?", (session_id,)),
                (
                    "answer_ids",
                    f"DELETE FROM answer_ids WHERE participant_id IN ({people})",
                    (session_id,),
                ),
                (
                    "responses",
                    "DELETE FROM responses WHERE session_id = ? AND NOT ("
                    f"{keep_answers} AND participant_id IN (SELECT p.id FROM participants p"
                    f" WHERE p.session_id = ? AND {kept}))",
                    (session_id, *keep_steps, session_id),
                ),
                (
                    "participants",
                    f"DELETE FROM participants WHERE id IN (SELECT p.id FROM"
                    f" participants p WHERE p.session_id = ? AND NOT {kept})",
                    (session_id,),
                ),
                ("names", "UPDATE participants SET name = '' WHERE session_id = ?", (session_id,)),
            ]
            for table, sql, params in statements:
                counts[table] = self._db.execute(sql, params)
            self._db.update(
                "session_summaries", {"session_id": session_id}, {"purged_at": purged_at}
            )
        return counts

    # Demo data ------------------------------------------------------------------------------

    def backdate(self, session_id: str, started_at: str, ended_at: str) -> None:
        """Move a seeded session into the past: its start, end, joins and answers."""
        with self._db.write():
            self._db.update(
                "sessions", {"id": session_id}, {"created_at": started_at, "ended_at": ended_at}
            )
            for table, column in (
                ("participants", "joined_at"),
                ("questions", "created_at"),
                ("responses", "answered_at"),
                ("step_attendance", "recorded_at"),
            ):
                self._db.update(table, {"session_id": session_id}, {column: started_at})


def session_filters(
    facilitator_id: str | None,
    deck_id: str | None,
    start: str | None,
    end: str | None,
    include_demo: bool,
) -> tuple[str, tuple]:
    # Trial runs from the deck editor are the author's rehearsals, not classes: never counted.
    clauses, params = ["s.status = 'ended'", "s.trial = 0"], []
    if not include_demo:
        clauses.append("s.demo = 0")
    for clause, value in (
        ("s.facilitator_id = ?", facilitator_id),
        ("s.deck_id = ?", deck_id),
        ("s.created_at >= ?", start),
        ("s.created_at < ?", end),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return " WHERE " + " AND ".join(clauses), tuple(params)
