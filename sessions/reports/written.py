"""Themes in what people wrote in a scope (one session, a set of sessions such as a course, or
a period): the FFT "why" answers, approved open answers and the barriers in shared plans, with
nothing staff removed. The grouping itself is sessions.themes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from sessions.deck import DEFAULT_MIN_RESPONSES, Step
from sessions.reports.freeze import keep_all

if TYPE_CHECKING:
    from sessions.store import Store

MAX_SESSIONS = 500
"""The most sessions one may name at once (a period may hold more)."""
MAX_TEXTS = 3000
"""The most texts grouped at once, the latest kept: the grouping's time and memory grow with
the square of their number (3000 take about a second and under 100 MB)."""


class Written(NamedTuple):
    texts: list[str]
    threshold: int
    left_out: int
    """Older texts not grouped, beyond MAX_TEXTS."""


def period_ids(
    store: Store,
    *,
    start: str | None = None,
    end: str | None = None,
    deck_id: str | None = None,
    facilitator_id: str | None = None,
    include_demo: bool = False,
) -> list[str]:
    """The sessions of a period, as the trends page counts them (demo ones only when asked)."""
    return store.themes.in_period(
        start=start,
        end=end,
        deck_id=deck_id,
        facilitator_id=facilitator_id,
        include_demo=include_demo,
    )


def texts_of(store: Store, session_ids: Sequence[str]) -> Written:
    """The texts of the finished ones of `session_ids` (the latest MAX_TEXTS), and the
    small-number threshold of the scope: the strictest of its sessions' thresholds."""
    keep_all(store)  # themes read the kept results, as reports do
    sessions = store.themes.finished(list(dict.fromkeys(session_ids)))
    ids = [s["id"] for s in sessions]
    kept = store.themes.kept_results(ids)
    removed = store.themes.removed(ids)
    texts: list[str] = []
    for session_id in ids:
        for step in store.sessions.deck_of(session_id).steps:
            texts.extend(
                text
                for item_id, text in _items(store, session_id, step, kept[session_id])
                if text and (session_id, step.id, item_id) not in removed
            )
    threshold = max((s["min_responses"] for s in sessions), default=DEFAULT_MIN_RESPONSES)
    left_out = max(0, len(texts) - MAX_TEXTS)
    return Written(texts[left_out:], threshold, left_out)  # sessions come oldest first


def _items(
    store: Store, session_id: str, step: Step, kept: Mapping[str, Any]
) -> list[tuple[str, str]]:
    """(item id, text) of one step, from its kept results or, where the kind keeps no text
    there, from its stored answers (gone once retention deleted them)."""
    activity = step.activity
    if activity.themes_from_answers:
        return [
            (answer_id, activity.answer_theme_text(step, value))
            for answer_id, value in store.themes.answers(session_id, step.id)
        ]
    return activity.theme_texts(step, kept[step.id]) if step.id in kept else []
