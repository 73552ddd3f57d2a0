"""Before/after measures: two steps sharing a `measure` name (scales: each kind says through
`Activity.measure`), compared in aggregate. The one place that pairs a 'before' and an 'after'."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sessions.fields import DeckError

if TYPE_CHECKING:
    from sessions.deck import Deck, Step

MEASURE_KEYS = (
    "before_mean",
    "after_mean",
    "difference",
    "before_count",
    "after_count",
    "paired",
    "up",
    "down",
    "same",
)
MEASURE_HEADER = (
    "Measure",
    "Mean before",
    "Mean after",
    "Change in mean",
    "Answered before",
    "Answered after",
    "Answered both",
    "Went up",
    "Went down",
    "Stayed the same",
)


def measure_of(step: Step) -> str | None:
    return step.activity.measure(step) or None


def measured_steps(steps: Iterable[Step], measure: str) -> list[Step]:
    """The steps of one measure, in deck order: the 'before', then the 'after'."""
    return [s for s in steps if measure_of(s) == measure]


def before_step(deck: Deck, step: Step) -> Step | None:
    """For the 'after' step of a measure, the 'before' one; None for any other step."""
    measure = measure_of(step)
    if measure is None:
        return None
    linked = measured_steps(deck.steps, measure)
    return linked[0] if len(linked) == 2 and linked[1].id == step.id else None


def check_measures(steps: Iterable[Step]) -> None:
    """A measure links a 'before' and an 'after' step: at most two steps, on the same range."""
    linked: dict[str, list[Step]] = {}
    for i, step in enumerate(steps):
        measure = measure_of(step)
        if measure is None:
            continue
        earlier = linked.setdefault(measure, [])
        if len(earlier) == 2:
            raise DeckError(f"steps[{i}].measure", f"'{measure}' is already used by two steps")
        span = (step.fields["min"], step.fields["max"])
        if earlier and (earlier[0].fields["min"], earlier[0].fields["max"]) != span:
            raise DeckError(f"steps[{i}].measure", "needs the same min and max as its first step")
        earlier.append(step)


def change(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, Any]:
    """Means before and after (everyone who answered each), and how many of those who answered
    both moved up, down or stayed. Keys of the mappings are participants; only counts leave."""
    paired = [p for p in after if p in before]
    return {
        "before_mean": _mean(before.values()),
        "after_mean": _mean(after.values()),
        "before_count": len(before),
        "after_count": len(after),
        "paired": len(paired),
        "up": sum(1 for p in paired if after[p] > before[p]),
        "down": sum(1 for p in paired if after[p] < before[p]),
        "same": sum(1 for p in paired if after[p] == before[p]),
    }


def paired_change(first: Mapping[str, int], last: Mapping[str, int]) -> dict[str, Any]:
    """`change` counted over the people who answered both alone (a measure across the sessions
    of a course): the means are theirs too, and `difference` is the change in mean."""
    both = [p for p in last if p in first]
    c = change({p: first[p] for p in both}, {p: last[p] for p in both})
    both_means = c["before_mean"] is not None and c["after_mean"] is not None
    c["difference"] = round(c["after_mean"] - c["before_mean"], 1) if both_means else None
    return c


def under_threshold(c: Mapping[str, Any], threshold: int) -> dict[str, Any]:
    """A paired change as staff may see it: when fewer than `threshold` people answered both,
    only how many did, so that no one's answers can be worked out from the figures."""
    if c["paired"] >= threshold:
        return {**c, "withheld": False}
    return {"paired": c["paired"], "withheld": True}


def entry(deck: Deck, step: Step, c: Mapping[str, Any]) -> dict[str, Any]:
    """A measure as the report shows it, from the 'after' step's kept change."""
    name = measure_of(step)
    assert name is not None
    before = measured_steps(deck.steps, name)[0]
    both = c["before_mean"] is not None and c["after_mean"] is not None
    return {
        "measure": name,
        "before_title": before.title,
        "after_title": step.title,
        "before_mean": c["before_mean"],
        "after_mean": c["after_mean"],
        "difference": round(c["after_mean"] - c["before_mean"], 1) if both else None,
        "before_count": c["before_count"],
        "after_count": c["after_count"],
        "paired": c["paired"],
        "up": c["up"],
        "down": c["down"],
        "same": c["same"],
    }


def _mean(values) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 1) if values else None
