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
from sessions.words import N_, Words, plural_words, words

SELF_PACED_LINE = N_(
    "Self-paced: everyone keeps their own pace, so there is no room clock to keep to the plan."
)
NO_PLAN_LINE = N_("This deck plans no minutes for its steps, so there is no plan to keep to.")


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
    """What the console's pacing line says (`words`, translated where it is sent; `line` is
    its English). `on_plan` is False when there is no plan to compare with (self-paced, no
    minutes in the deck); then only the line matters."""

    words: Words
    on_plan: bool = False
    started: bool = False
    elapsed_minutes: float = 0.0
    planned_so_far: float = 0.0
    behind_minutes: float = 0.0  # below 0: ahead of plan
    steps_left: tuple[StepLeft, ...] = ()
    planned_left: float = 0.0
    suggestion_words: Words | None = None

    @property
    def line(self) -> str:
        return self.words.english()

    @property
    def suggestion(self) -> str:
        return self.suggestion_words.english() if self.suggestion_words else ""


def pace(deck: Deck, visits: Sequence[Visit], now: float, *, mode: str = "") -> Pacing:
    """The co-pilot's reading of the room at `now`. Visits come in the order they began."""
    if mode == SELF_PACED:
        return Pacing(words(SELF_PACED_LINE))
    if not any(s.minutes for s in deck.steps):
        return Pacing(words(NO_PLAN_LINE))
    known = [v for v in visits if deck.step_by_id(v.step_id) is not None]
    if not known:
        left = _steps_left(deck.steps)
        return Pacing(
            Words(
                N_("Not started: %(left)s. The clock starts at the first step."),
                {"left": _left_phrase(left)},
            ),
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
    suggestion = suggest(left) if _nearest(behind) >= 1 else None
    # Whole minutes gone, as a clock shows them; behind or ahead to the nearest minute.
    parts = {
        "elapsed": _minutes(math.floor(elapsed)),
        "against": _against_plan(_nearest(behind)),
        "left": _left_phrase(left),
    }
    if suggestion is None:
        line = Words(N_("%(elapsed)s in, %(against)s — %(left)s."), parts)
    else:
        line = Words(
            N_("%(elapsed)s in, %(against)s — %(left)s. %(suggestion)s"),
            {**parts, "suggestion": suggestion},
        )
    return Pacing(
        line,
        on_plan=True,
        started=True,
        elapsed_minutes=elapsed,
        planned_so_far=planned_so_far,
        behind_minutes=behind,
        steps_left=left,
        planned_left=_planned(left),
        suggestion_words=suggestion,
    )


def suggest(left: Sequence[StepLeft]) -> Words | None:
    """Where time can be found among the steps left: the optional ones, else the longest
    planned discussion (a step that splits the room into groups); None when neither."""
    optional = [s.title for s in left if s.optional]
    if len(optional) == 1:
        return Words(
            N_("Time can be found: %(titles)s is optional."), {"titles": _titles(optional)}
        )
    if optional:
        return Words(
            N_("Time can be found: %(titles)s are optional."), {"titles": _titles(optional)}
        )
    talks = [s for s in left if s.minutes and s.discussion]
    if not talks:
        return None
    longest = max(talks, key=lambda s: s.minutes or 0)
    return Words(
        N_("Time can be found: '%(title)s' is the longest discussion left (%(minutes)s planned)."),
        {"title": longest.title, "minutes": _minutes(_whole(longest.minutes or 0))},
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


# Each phrase is a value of the line's sentence, translated with it (the minutes behind or
# ahead of plan are written as a bare number, "3 behind plan").


def _against_plan(behind: int) -> Words:
    if behind == 0:
        return Words(N_("on plan"))
    if behind > 0:
        return plural_words("%(count)s behind plan", "%(count)s behind plan", "count", count=behind)
    return plural_words(
        "%(count)s ahead of plan", "%(count)s ahead of plan", "count", count=-behind
    )


def _left_phrase(left: Sequence[StepLeft]) -> Words:
    if not left:
        return Words(N_("this is the last step"))
    values: dict[str, object] = {
        "steps": plural_words("%(count)s step", "%(count)s steps", "count", count=len(left)),
        "minutes": _minutes(_whole(_planned(left))),
    }
    unplanned = sum(1 for s in left if s.minutes is None)
    if not unplanned:
        return Words(N_("%(steps)s left, %(minutes)s planned"), values)
    return Words(
        N_("%(steps)s left, %(minutes)s planned (%(unplanned)s without planned minutes)"),
        {**values, "unplanned": unplanned},
    )


MAX_NAMED = 3  # a quiet line: more titles than this would crowd it


def _titles(titles: Sequence[str]) -> Words:
    named = {name: title for name, title in zip(("a", "b", "c"), titles, strict=False)}
    if len(titles) == 1:
        return Words(N_("'%(a)s'"), named)
    if len(titles) == 2:
        return Words(N_("'%(a)s' and '%(b)s'"), named)
    if len(titles) == 3:
        return Words(N_("'%(a)s', '%(b)s' and '%(c)s'"), named)
    more = len(titles) - MAX_NAMED
    return plural_words(
        "'%(a)s', '%(b)s', '%(c)s' and %(count)s more",
        "'%(a)s', '%(b)s', '%(c)s' and %(count)s more",
        "count",
        count=more,
        **named,
    )


def _minutes(n: int | float) -> Words:
    """A number of minutes: a whole number chooses its plural form; a fraction (2.5) takes the
    form most languages give fractions, that of 100 (English: "minutes")."""
    shown = f"{n:g}"
    chooses = int(n) if float(n).is_integer() else 100
    return plural_words(
        "%(minutes)s minute", "%(minutes)s minutes", "count", count=chooses, minutes=shown
    )


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
