"""The pacing co-pilot: the room's clock against the deck's planned minutes, for the console
alone. Pure: the caller gives the deck, when the room reached and left each step, and `now`
(seconds since the epoch).

The clock starts when the room first reaches a step, so time in the lobby is not counted. The
room's place in the plan is the furthest step it has reached: going back to a step costs time
but leaves the steps left as they were, and skipping ahead counts the skipped steps as done."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sessions.deck import Deck, Step
from sessions.live import SELF_PACED

SELF_PACED_LINE = (
    "Self-paced: everyone keeps their own pace, so there is no room clock to keep to the plan."
)
NO_PLAN_LINE = "This deck plans no minutes for its steps, so there is no plan to keep to."


@dataclass(frozen=True)
class Visit:
    """The room on one step, from `reached` until `left` (None while it is still there)."""

    step_id: str
    reached: float
    left: float | None = None


@dataclass(frozen=True)
class StepLeft:
    id: str
    title: str
    minutes: float | None
    optional: bool
    discussion: bool  # the room talks in groups: time can often be taken from it


@dataclass(frozen=True)
class Pacing:
    """What the console's pacing line says. `on_plan` is False when there is no plan to
    compare with (self-paced, no minutes in the deck); then only `line` matters."""

    line: str
    on_plan: bool = False
    started: bool = False
    elapsed_minutes: float = 0.0
    planned_so_far: float = 0.0
    behind_minutes: float = 0.0  # below 0: ahead of plan
    steps_left: tuple[StepLeft, ...] = ()
    planned_left: float = 0.0
    suggestion: str = ""


def pace(deck: Deck, visits: Sequence[Visit], now: float, *, mode: str = "") -> Pacing:
    """The co-pilot's reading of the room at `now`. Visits come in the order they began."""
    if mode == SELF_PACED:
        return Pacing(SELF_PACED_LINE)
    if not any(s.minutes for s in deck.steps):
        return Pacing(NO_PLAN_LINE)
    known = [v for v in visits if deck.step_by_id(v.step_id) is not None]
    if not known:
        left = _steps_left(deck.steps)
        return Pacing(
            f"Not started: {_left_phrase(left)}. The clock starts at the first step.",
            on_plan=True,
            steps_left=left,
            planned_left=_planned(left),
        )
    end = known[-1].left if known[-1].left is not None else now
    furthest = max(deck.index_of(v.step_id) for v in known)
    at = deck.steps[furthest]
    on_furthest = sum(_length(v, end) for v in known if v.step_id == at.id) / 60
    planned_so_far = _planned(deck.steps[:furthest]) + min(on_furthest, at.minutes or 0)
    elapsed = max(0.0, end - known[0].reached) / 60
    behind = elapsed - planned_so_far
    left = _steps_left(deck.steps[furthest + 1 :])
    suggestion = suggest(left) if _nearest(behind) >= 1 else ""
    # Whole minutes gone, as a clock shows them; behind or ahead to the nearest minute.
    line = f"{_count(math.floor(elapsed), 'minute')} in, {_against_plan(_nearest(behind))}"
    line += f" — {_left_phrase(left)}."
    return Pacing(
        line + (f" {suggestion}" if suggestion else ""),
        on_plan=True,
        started=True,
        elapsed_minutes=elapsed,
        planned_so_far=planned_so_far,
        behind_minutes=behind,
        steps_left=left,
        planned_left=_planned(left),
        suggestion=suggestion,
    )


def suggest(left: Sequence[StepLeft]) -> str:
    """Where time can be found among the steps left: the optional ones, else the longest
    planned discussion (a step that splits the room into groups); empty when neither."""
    optional = [s.title for s in left if s.optional]
    if optional:
        verb = "is" if len(optional) == 1 else "are"
        return f"Time can be found: {_titles(optional)} {verb} optional."
    talks = [s for s in left if s.minutes and s.discussion]
    if not talks:
        return ""
    longest = max(talks, key=lambda s: s.minutes or 0)
    return (
        f"Time can be found: '{longest.title}' is the longest discussion left"
        f" ({_count(_whole(longest.minutes or 0), 'minute')} planned)."
    )


def actual_minutes(visits: Iterable[Visit], end: float) -> dict[str, float]:
    """Minutes the room spent on each step, every visit added up; an open visit runs to `end`."""
    spent: dict[str, float] = {}
    for v in visits:
        spent[v.step_id] = spent.get(v.step_id, 0.0) + _length(v, end) / 60
    return {step_id: round(minutes, 1) for step_id, minutes in spent.items()}


def planned_against_actual(deck: Deck, actual: Mapping[str, float]) -> list[dict]:
    """Each step that had a plan or was shown: planned and actual minutes, and the difference
    (above 0: it ran long). A step never shown has no actual minutes."""
    rows = []
    for number, step in enumerate(deck.steps, start=1):
        spent = actual.get(step.id)
        if step.minutes is None and spent is None:
            continue
        rows.append(
            {
                "number": number,
                "id": step.id,
                "title": step.title,
                "optional": step.optional,
                "planned": step.minutes,
                "actual": spent,
                "over": (
                    round(spent - step.minutes, 1)
                    if spent is not None and step.minutes is not None
                    else None
                ),
            }
        )
    return rows


# Wording ------------------------------------------------------------------------------------


def _against_plan(behind: int) -> str:
    if behind == 0:
        return "on plan"
    return f"{abs(behind)} {'behind' if behind > 0 else 'ahead of'} plan"


def _left_phrase(left: Sequence[StepLeft]) -> str:
    if not left:
        return "this is the last step"
    phrase = f"{_count(len(left), 'step')} left, {_count(_whole(_planned(left)), 'minute')} planned"
    unplanned = sum(1 for s in left if s.minutes is None)
    return phrase + (f" ({unplanned} without planned minutes)" if unplanned else "")


MAX_NAMED = 3  # a quiet line: more titles than this would crowd it


def _titles(titles: Sequence[str]) -> str:
    quoted = [f"'{t}'" for t in titles[:MAX_NAMED]]
    if len(titles) > MAX_NAMED:
        quoted.append(f"{len(titles) - MAX_NAMED} more")
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _count(n: int | float, noun: str) -> str:
    return f"{n:g} {noun}" + ("" if n == 1 else "s")


def _nearest(minutes: float) -> int:
    """Halves round up (round() would take 2.5 to 2 but 3.5 to 4)."""
    return math.floor(minutes + 0.5)


def _whole(minutes: float) -> int | float:
    """Planned minutes as written in decks: 2.5 stays 2.5, 18.0 reads 18."""
    return int(minutes) if float(minutes).is_integer() else round(minutes, 1)


# Helpers ------------------------------------------------------------------------------------


def _steps_left(steps: Sequence[Step]) -> tuple[StepLeft, ...]:
    return tuple(
        StepLeft(s.id, s.title, s.minutes, s.optional, s.activity.makes_groups) for s in steps
    )


def _planned(steps: Sequence[Step] | Sequence[StepLeft]) -> float:
    return float(sum(s.minutes or 0 for s in steps))


def _length(visit: Visit, end: float) -> float:
    return max(0.0, (visit.left if visit.left is not None else end) - visit.reached)
