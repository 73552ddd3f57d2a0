"""Planned against actual minutes: each step of one session's report, and the steps that run
long across the sessions of a deck, for trends. Read from the room's step visits, which hold
times only, never people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from statistics import median
from typing import TYPE_CHECKING, Any

from sessions.deck import Deck
from sessions.pacing import actual_minutes, planned_against_actual
from sessions.store.timings import seconds

if TYPE_CHECKING:
    from sessions.store import Store


def session_minutes(store: Store, row: Mapping[str, Any]) -> dict[str, float]:
    """Minutes the room spent on each step of a finished session; a step still open when the
    session ended (by the server, after it sat unused) runs to the session's end."""
    visits = store.timings.visits(row["id"])
    if not visits:
        return {}
    ended = seconds(row["ended_at"]) if row.get("ended_at") else None
    last = visits[-1].left or visits[-1].reached
    return actual_minutes(visits, end=ended if ended is not None else last)


def report_timings(store: Store, row: Mapping[str, Any], deck: Deck) -> list[dict[str, Any]]:
    """The report's planned and actual minutes per step: empty when no step was timed (the
    room never moved, or the session ran before times were kept)."""
    actual = session_minutes(store, row)
    return planned_against_actual(deck, actual) if actual else []


def long_steps(
    sessions: Sequence[Mapping[str, Any]], decks: Mapping[str, Deck]
) -> list[dict[str, Any]]:
    """Steps with planned minutes that ran long across the sessions of their deck: the median
    minutes over plan among the sessions that showed the step, and how many of those ran
    over. Only steps whose median is over plan, longest first. Each session carries its
    `step_minutes`."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for s in sessions:
        for step in decks[s["id"]].steps:
            spent = s.get("step_minutes", {}).get(step.id)
            if spent is None or step.minutes is None:
                continue
            item = found.setdefault(
                (s["deck_id"], step.id),
                {
                    "deck_id": s["deck_id"],
                    "deck_title": s["title"],
                    "step_id": step.id,
                    "title": step.title,
                    "planned": step.minutes,
                    "overs": [],
                },
            )
            item["overs"].append(spent - step.minutes)
    rows = []
    for item in found.values():
        overs = item.pop("overs")
        middle = round(median(overs), 1)
        if middle > 0:
            rows.append(
                {
                    **item,
                    "median_over": middle,
                    "sessions": len(overs),
                    "sessions_over": sum(1 for o in overs if o > 0),
                }
            )
    rows.sort(key=lambda r: (-r["median_over"], r["deck_title"], r["title"]))
    return rows
