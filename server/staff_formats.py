"""Dates and numbers on the staff's pages (reports, trends, the sessions list) as the page's
language writes them: "7 May 2025, 10:00" in English, "7 Mai 2025, 10:00" in Welsh. Times
stay in UTC, as they are stored and as the pages say."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask_babel import format_date, format_decimal
from markupsafe import Markup, escape

DASH = "–"  # a number or a time that is missing


def when(iso: object, time: bool = True) -> Markup:
    """ "2025-05-07T10:00:00+00:00" as a <time> in the page's language, its time of day as
    stored (UTC); a dash when there is none, and the text as it is when it is not a date."""
    text = str(iso or "")
    if not text:
        return Markup(DASH)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return Markup(escape(text))
    shown = format_date(day, format="medium")
    if time and len(text) >= 16:
        shown = f"{shown}, {text[11:16]}"
    return Markup('<time datetime="{}">{}</time>').format(text, shown)


def number(value: object) -> str:
    """A count or a mean with the page's decimal mark and grouping; a dash when missing."""
    if value is None or not isinstance(value, int | float):
        return DASH
    return format_decimal(value)


def month(value: str) -> str:
    """ "2025-05" as the page's language names the month ("May 2025", "Mai 2025")."""
    try:
        first = date(int(value[:4]), int(value[5:7]), 1)
    except (TypeError, ValueError):
        return value
    return format_date(first, format="LLL y")


def install(app: Flask) -> None:
    app.jinja_env.filters.update(staff_when=when, staff_number=number, staff_month=month)
