"""Staff review pages: finished sessions, one session's report with redaction, trends across
sessions, and their exports (/review/...); the admin's pages (/admin/...) are added from
facilitator/admin.py. Every page checks the role; every view, export and redaction is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for

from facilitator import admin, alerts, charts, exports, themes
from facilitator.identity import (
    READS_ALL_REPORTS,
    STAFF_ROLES,
    may_review,
    may_run,
    role_required,
    store,
)
from server.words import say
from sessions import reports
from sessions.fields import whole_number
from sessions.reports import fhir, tables
from sessions.store.review import SORTS
from sessions.words import N_

bp = Blueprint("review", __name__)
PAGE_SIZE = 20
ALL_PERIOD_MONTHS = 12


@bp.after_request
def never_cached(response):
    """Reports hold patients' feedback: no browser or proxy keeps a copy."""
    response.headers["Cache-Control"] = "no-store"
    return response


@dataclass
class Period:
    start: date | None = None
    end: date | None = None
    deck_id: str | None = None
    facilitator_id: str | None = None
    include_demo: bool = False
    errors: list[str] = field(default_factory=list)

    def filters(self) -> dict[str, Any]:
        return {
            "deck_id": self.deck_id,
            "facilitator_id": self.facilitator_id,
            "start": self.start,
            "end": self.end,
            "include_demo": self.include_demo,
        }

    def describe(self) -> str:
        return (
            f"from {self.start or 'the start'} to {self.end or 'today'}, deck"
            f" {self.deck_id or 'any'}, facilitator {self.facilitator_id or 'any'}"
            + (", demo sessions included" if self.include_demo else "")
        )


def read_period(*, default_months: int | None = None) -> Period:
    """Filters from the query string. A facilitator's are always narrowed to their own
    sessions, whatever the query string says."""
    period = Period()
    for name in ("from", "to"):
        raw = request.args.get(name, "").strip()
        if raw:
            try:
                setattr(period, "start" if name == "from" else "end", date.fromisoformat(raw))
            except ValueError:
                period.errors.append(f"“{raw[:20]}” is not a date. Use the form 2025-03-31.")
    if period.start and period.end and period.start > period.end:
        period.errors.append("The start date is after the end date, so they were swapped.")
        period.start, period.end = period.end, period.start
    if default_months and not request.args.get("from") and not request.args.get("to"):
        today = datetime.now(UTC).date()
        months_back = today.year * 12 + today.month - 1 - (default_months - 1)
        period.start = date(months_back // 12, months_back % 12 + 1, 1)
        period.end = today
    period.deck_id = request.args.get("deck") or None
    period.facilitator_id = request.args.get("facilitator") or None
    # Demo sessions hold made-up answers: counted only when the reader asks, never by default.
    period.include_demo = request.args.get("demo") == "1"
    if g.user["role"] not in READS_ALL_REPORTS:
        period.facilitator_id = g.user["id"]
    return period


def here(**changes: Any) -> str:
    """This page's address with some query parameters changed."""
    args = {k: v for k, v in request.args.items() if v}
    args.update({k: v for k, v in changes.items()})
    return url_for(request.endpoint, **{k: v for k, v in args.items() if v not in (None, "")})


def readable_session(session_id: str) -> dict[str, Any]:
    """The session, if this user may read its report: otherwise 404, as if it did not exist."""
    row = store().sessions.get(session_id)
    if not may_review(g.user, row) or row["status"] != "ended":
        abort(404)
    return row


# Finished sessions ----------------------------------------------------------------------------


@bp.get("/review/")
@role_required(*STAFF_ROLES)
def sessions():
    period = read_period()
    sort = request.args.get("sort", "date")
    sort = sort if sort in SORTS else "date"
    descending = request.args.get("order", "desc") != "asc"
    page = min(whole_number(request.args.get("page", "1")) or 1, admin.MAX_PAGE)
    rows, total = reports.finished_sessions(
        store(),
        **_as_text(period) | {"include_demo": True},
        sort=sort,
        descending=descending,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    scope = None if g.user["role"] in READS_ALL_REPORTS else g.user["id"]
    return render_template(
        "review/sessions.html",
        user=g.user,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        sort=sort,
        descending=descending,
        period=period,
        choices=store().review.choices(scope),
        here=here,
        sees_all=g.user["role"] in READS_ALL_REPORTS,
    )


def _as_text(period: Period) -> dict[str, Any]:
    """The store's filters: start times from the first day up to the day after the last."""
    return period.filters() | {
        "start": period.start.isoformat() if period.start else None,
        "end": date.fromordinal(period.end.toordinal() + 1).isoformat() if period.end else None,
    }


# One session's report -------------------------------------------------------------------------


@bp.get("/review/sessions/<session_id>")
@role_required(*STAFF_ROLES)
def report(session_id):
    row = readable_session(session_id)
    found = reports.session_report(store(), session_id)
    store().audit.record(
        g.user, "view", f"session {session_id}", f"{row['title']}, {row['created_at']}"
    )
    return render_template(
        "review/report.html",
        user=g.user,
        report=found,
        charts=report_charts(found),
        alerts=found["alerts"],
        outcomes=alerts.OUTCOMES,
        # Private questions and replies: only for whoever ran the session (or an admin).
        later=store().later.of_session(session_id) if may_run(g.user, row) else None,
        themes=themes.themes_of([session_id]),
    )


def report_charts(found: dict[str, Any]) -> dict[str, Any]:
    made = {}
    for entry in found["steps"]:
        if entry["rows"]:
            made[entry["id"]] = charts.bar_chart(
                f"chart-{entry['id']}",
                entry["title"],
                [(r["label"], r["count"]) for r in entry["rows"]],
                highlight=[bool(r.get("correct")) for r in entry["rows"]],
            )
    if found["fft"]["total"]:
        made["_fft"] = charts.bar_chart(
            "chart-fft",
            "Friends and Family Test answers",
            [(r["label"], r["count"]) for r in found["fft"]["rows"]],
        )
    if found["attendance"]:
        made["_attendance"] = charts.bar_chart(
            "chart-attendance",
            "People present at each step",
            [(f"{a['number']}. {a['title']}", a["count"]) for a in found["attendance"]],
        )
    return made


@bp.post("/review/sessions/<session_id>/redact")
@role_required(*STAFF_ROLES)
def redact(session_id):
    readable_session(session_id)
    step_id, item_id = request.form.get("step_id", ""), request.form.get("item_id", "")
    try:
        reports.redact(store(), session_id, step_id[:100], item_id[:100], g.user["id"])
    except reports.NotRedactable:
        return render_template(
            "error.html", status=404, message="That text is not in this report."
        ), 404
    store().audit.record(
        g.user,
        "redact",
        f"session {session_id}",
        f"step {step_id or '(questions)'}, item {item_id}",
    )
    flash(say(N_("The text was removed. The report notes who removed it and when.")))
    return redirect(url_for("review.report", session_id=session_id) + "#free-text")


@bp.get("/review/sessions/<session_id>/report.<fmt>")
@role_required(*STAFF_ROLES)
def export_report(session_id, fmt):
    if fmt not in exports.FORMATS:
        abort(404)
    row = readable_session(session_id)
    found = reports.session_report(store(), session_id)
    store().audit.record(g.user, "export", f"session {session_id}", f"{fmt}, {row['title']}")
    name = f"talkback-session-{row['created_at'][:10]}-{session_id}"
    return exports.download(tables.session_tables(found), name, fmt)


@bp.get("/review/sessions/<session_id>/fhir")
@role_required(*STAFF_ROLES)
def export_fhir(session_id):
    row = readable_session(session_id)
    found = reports.session_report(store(), session_id)
    store().audit.record(g.user, "export", f"session {session_id}", f"fhir, {row['title']}")
    response = jsonify(fhir.session_bundle(found))
    response.mimetype = "application/fhir+json"
    return response


# Trends and the FFT return --------------------------------------------------------------------


def _trends(period: Period) -> tuple[dict[str, Any], list[dict], list[dict]]:
    sessions_in, decks = reports.period_sessions(store(), **period.filters())
    found = reports.build_trends(
        sessions_in,
        decks,
        first_month=period.start.isoformat()[:7] if period.start else None,
        last_month=period.end.isoformat()[:7] if period.end else None,
    )
    return found, sessions_in, reports.fft_return(sessions_in, decks)


@bp.get("/review/trends")
@role_required(*STAFF_ROLES)
def trends():
    period = read_period(default_months=ALL_PERIOD_MONTHS)
    found, sessions_in, fft_rows = _trends(period)
    store().audit.record(g.user, "view", "trends", period.describe())
    scope = None if g.user["role"] in READS_ALL_REPORTS else g.user["id"]
    _, with_demo = store().review.finished_sessions(
        **_as_text(period) | {"include_demo": True}, limit=1
    )
    return render_template(
        "review/trends.html",
        user=g.user,
        trends=found,
        fft_rows=fft_rows,
        period=period,
        demo_left_out=0 if period.include_demo else with_demo - len(sessions_in),
        here=here,
        choices=store().review.choices(scope),
        charts=trend_charts(found),
        sees_all=g.user["role"] in READS_ALL_REPORTS,
        links=_period_links(period),
        themes=themes.period_themes(**_as_text(period)),
    )


def _period_links(period: Period) -> dict[str, str]:
    """The downloads of the period on show (the defaulted one too, so that a download always
    matches the page)."""
    args = {
        "from": period.start,
        "to": period.end,
        "deck": period.deck_id,
        "facilitator": period.facilitator_id if g.user["role"] in READS_ALL_REPORTS else None,
        "demo": "1" if period.include_demo else None,
    }
    args = {k: str(v) for k, v in args.items() if v}
    return {
        f"{what}_{fmt}": url_for(endpoint, fmt=fmt, **args)
        for what, endpoint in (("period", "review.export_period"), ("fft", "review.fft_return"))
        for fmt in exports.FORMATS
    }


def trend_charts(found: dict[str, Any]) -> dict[str, Any]:
    months = found["months"]
    labels = [m["label"] for m in months]
    made = {
        "attendance": charts.bar_chart(
            "chart-attendance",
            "People who joined, by month",
            [(m["label"], m["joined"]) for m in months],
        ),
        "fft": charts.line_chart(
            "chart-fft",
            "FFT % positive by month",
            labels,
            [
                ("% positive", [m["positive"] for m in months], "a"),
                ("% negative", [m["negative"] for m in months], "b"),
            ],
            scale_max=100,
            suffix="%",
        ),
    }
    for name in found["measure_names"]:
        values = [m["measures"].get(name, {}) for m in months]
        top = max([v.get(k) or 0 for v in values for k in ("before_mean", "after_mean")] + [10])
        made[f"measure-{name}"] = charts.line_chart(
            f"chart-measure-{name}",
            f"“{name}” before and after, mean by month",
            labels,
            [
                ("Mean before", [v.get("before_mean") for v in values], "a"),
                ("Mean after", [v.get("after_mean") for v in values], "b"),
            ],
            scale_max=top,
        )
    if found["quiz_wrong"]:
        made["quiz_wrong"] = charts.bar_chart(
            "chart-quiz",
            "Quiz items most often got wrong (% wrong)",
            [(q["title"], q["percent_wrong"]) for q in found["quiz_wrong"]],
            suffix="%",
            scale_max=100,
        )
    return made


@bp.get("/review/trends/export.<fmt>")
@role_required(*STAFF_ROLES)
def export_period(fmt):
    if fmt not in exports.FORMATS:
        abort(404)
    period = read_period(default_months=ALL_PERIOD_MONTHS)
    found, sessions_in, fft_rows = _trends(period)
    store().audit.record(g.user, "export", "trends", f"{fmt}, {period.describe()}")
    listed, _ = store().review.finished_sessions(
        **_as_text(period),
        sort="date",
        descending=False,
        limit=max(len(sessions_in), 1),
    )
    return exports.download(
        tables.period_tables(found, listed, fft_rows),
        f"talkback-period-{period.start}-{period.end}",
        fmt,
    )


@bp.get("/review/fft-return.<fmt>")
@role_required(*STAFF_ROLES)
def fft_return(fmt):
    if fmt not in exports.FORMATS:
        abort(404)
    period = read_period(default_months=ALL_PERIOD_MONTHS)
    _, _, fft_rows = _trends(period)
    store().audit.record(g.user, "export", "FFT monthly return", f"{fmt}, {period.describe()}")
    return exports.download(
        [tables.fft_return_table(fft_rows)], f"talkback-fft-return-{period.start}-{period.end}", fmt
    )


admin.add_routes(bp)
alerts.add_routes(bp)
themes.add_routes(bp)
