"""Read models for staff review: the aggregates kept for each finished session, the session
report, trends across sessions, the FFT monthly return, export tables and retention. No Flask:
the web side renders what these return."""

from sessions.activities import percent
from sessions.reports.course import keep_finished_courses
from sessions.reports.freeze import NotRedactable, keep_aggregates, keep_all, redact
from sessions.reports.report import build_report, finished_sessions, session_report
from sessions.reports.retention import retention_days, run_daily, run_retention
from sessions.reports.trends import build_trends, fft_return, period_sessions

__all__ = [
    "NotRedactable",
    "build_report",
    "build_trends",
    "fft_return",
    "finished_sessions",
    "keep_aggregates",
    "keep_all",
    "keep_finished_courses",
    "percent",
    "period_sessions",
    "redact",
    "retention_days",
    "run_daily",
    "run_retention",
    "session_report",
]
