"""Themes in what people wrote, for staff who review feedback: on one session's report, on the
trends page for its period, and for a set of sessions named in the address, such as a course's
(/review/themes?session=<id>&session=<id>). Grouped on this server, never sent elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import g, render_template, request

from facilitator.identity import STAFF_ROLES, may_review, role_required, store
from server.offload import off_the_loop
from sessions.reports import written
from sessions.themes import Themes, find_themes


@dataclass(frozen=True)
class Shown:
    themes: Themes
    left_out: int
    """Older texts beyond the most grouped at once."""


def themes_of(session_ids: Sequence[str]) -> Shown:
    """The themes of the sessions' texts; the grouping runs off the event loop (a few tenths
    of a second of CPU for a few hundred texts, about a second for the most it takes)."""
    found = written.texts_of(store(), session_ids)
    themes = off_the_loop(find_themes, found.texts, threshold=found.threshold)
    return Shown(themes, found.left_out)


def period_themes(**filters) -> Shown:
    """The themes of a period, read with the trends page's filters."""
    return themes_of(written.period_ids(store(), **filters))


def _refused(status: int, message: str):
    return render_template("error.html", status=status, message=message), status


def add_routes(bp) -> None:
    @bp.get("/review/themes")
    @role_required(*STAFF_ROLES)
    def themes_page():
        """A set of finished sessions, each one the reader may review, else nothing at all."""
        ids = list(dict.fromkeys(i.strip() for i in request.args.getlist("session") if i.strip()))
        if not ids:
            return _refused(
                400, "Name at least one finished session: ?session=<id>, once for each session."
            )
        if len(ids) > written.MAX_SESSIONS:
            return _refused(400, f"Choose at most {written.MAX_SESSIONS} sessions at once.")
        rows = []
        for session_id in ids:
            row = store().sessions.get(session_id[:100])
            if row is None or row["status"] != "ended" or not may_review(g.user, row):
                return _refused(
                    404, f"No finished session you may review has the id “{session_id[:40]}”."
                )
            rows.append(row)
        found = themes_of(ids)
        store().audit.record(
            g.user, "view", "themes", f"{len(ids)} session(s): {', '.join(ids)[:400]}"
        )
        return render_template("review/themes.html", user=g.user, themes=found, sessions=rows)
