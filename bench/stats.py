"""Percentiles, the one way every scenario reports a distribution."""

from __future__ import annotations

import math


def percentile(ordered: list[float], q: float) -> float:
    """Nearest rank on sorted data: p99 of 30 values is the largest."""
    if not ordered:
        raise ValueError("no data")
    rank = max(1, min(len(ordered), math.ceil(q * len(ordered) - 1e-9)))
    return ordered[rank - 1]


def summarize(seconds: list[float]) -> dict[str, float | int | None]:
    """n, p50, p99, max and mean of durations given in seconds, in milliseconds."""
    ordered = sorted(seconds)
    if not ordered:
        return {"n": 0, "p50_ms": None, "p99_ms": None, "max_ms": None, "mean_ms": None}
    return {
        "n": len(ordered),
        "p50_ms": round(1000 * percentile(ordered, 0.50), 1),
        "p99_ms": round(1000 * percentile(ordered, 0.99), 1),
        "max_ms": round(1000 * ordered[-1], 1),
        "mean_ms": round(1000 * sum(ordered) / len(ordered), 1),
    }
