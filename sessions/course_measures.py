"""Measures across a course: a scale `measure` asked in the course's first session and again in
its last, compared for the course members who answered both (sessions.measures pairs them).
Counts and means only; the small-number threshold withholds the figures of too few people."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sessions.measures import measure_of, measured_steps, paired_change, under_threshold

if TYPE_CHECKING:
    from sessions.deck import Deck, Step
    from sessions.store import Store


def measure_pairs(first: Deck, last: Deck) -> list[tuple[str, Step, Step]]:
    """The measures both decks ask, by name: the first time the first session asks it (its
    'before', when it asks twice) and the last time the last session asks it (its 'after')."""
    names = {measure_of(s) for s in first.steps} & {measure_of(s) for s in last.steps}
    return [
        (name, measured_steps(first.steps, name)[0], measured_steps(last.steps, name)[-1])
        for name in sorted(n for n in names if n)
    ]


def course_entry(
    name: str,
    first_step: Step,
    last_step: Step,
    first: Mapping[str, int],
    last: Mapping[str, int],
    *,
    threshold: int,
) -> dict[str, Any]:
    """One measure first -> last, from each member's answer (keyed by member) in the first
    and the last session: someone who missed either is not paired, and someone who deleted
    their data has no answer left to pair."""
    return {
        "measure": name,
        "first_title": first_step.title,
        "last_title": last_step.title,
        **under_threshold(paired_change(first, last), threshold),
    }


def course_entries(
    store: Store, first_id: str, last_id: str, *, threshold: int, only_step: str | None = None
) -> list[dict[str, Any]]:
    """The measures between two sessions of a course, from the members' stored answers;
    `only_step` keeps the measure whose last step that is."""
    pairs = measure_pairs(store.sessions.deck_of(first_id), store.sessions.deck_of(last_id))
    return [
        course_entry(
            name,
            first_step,
            last_step,
            store.courses.answers_by_member(first_id, first_step.id),
            store.courses.answers_by_member(last_id, last_step.id),
            threshold=threshold,
        )
        for name, first_step, last_step in pairs
        if only_step is None or last_step.id == only_step
    ]


def strictest_threshold(rows: Sequence[Mapping[str, Any] | None]) -> int:
    """The threshold of a set of sessions: the highest of theirs."""
    return max(int(r["min_responses"]) for r in rows if r is not None)


def on_console(store: Store, session_id: str, step: Step) -> dict[str, Any] | None:
    """For the console at a course's last session, on the step that asks a measure for the
    last time: the measure from the course's first session to this one; None elsewhere."""
    if not measure_of(step):
        return None
    place = store.courses.place_of(session_id)
    if place is None:
        return None
    order = store.courses.sessions_of(place["course_id"])
    first_id = order[0]["session_id"]
    if place["position"] != order[-1]["position"] or not first_id or first_id == session_id:
        return None
    threshold = strictest_threshold([store.sessions.get(first_id), store.sessions.get(session_id)])
    found = course_entries(store, first_id, session_id, threshold=threshold, only_step=step.id)
    return found[0] if found else None
