"""Before/after measures: two scale steps sharing a `measure` name, compared in aggregate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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


def _mean(values) -> float | None:
    values = list(values)
    return round(sum(values) / len(values), 1) if values else None
