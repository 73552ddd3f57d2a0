"""Whether a scenario's server CPU per operation grows with N: a cost per event that grows
with the number of connections (a scan of every connection on each answer) shows as a
larger CPU per operation at the largest size than at the smallest."""

from __future__ import annotations

from typing import Any

# CPU per operation may rise this much from the smallest size to the largest before it is
# flagged: well above run-to-run noise, well below the tens of times an O(N) cost gives.
GROWTH_LIMIT = 2.0

# Scenarios whose one operation reaches every phone (a step command): their CPU per
# operation grows with N by design, so it is compared per phone reached.
FAN_OUT = {"B2"}

FLAG = "cpu/op-grows"


def cpu_growth(scenario: str, records: list[dict], limit: float = GROWTH_LIMIT) -> list[dict]:
    """For each app with CPU per operation measured at two sizes or more, the growth from the
    smallest to the largest, and whether it is beyond `limit`."""
    if limit <= 1:
        raise ValueError(f"limit must be more than 1, not {limit}.")
    per_n = scenario in FAN_OUT
    found = []
    for app in sorted({r["app"] for r in records}):
        measured = sorted(
            (r["n"], cost)
            for r in records
            if r["app"] == app and (cost := _cost(r, per_n)) is not None and r["n"] > 0
        )
        if len(measured) < 2 or measured[0][0] == measured[-1][0]:
            continue
        (small_n, small), (large_n, large) = measured[0], measured[-1]
        growth = large / small
        found.append(
            {
                "scenario": scenario,
                "app": app,
                "per": "phone reached" if per_n else "operation",
                "smallest_n": small_n,
                "largest_n": large_n,
                "smallest_ms": round(small, 4),
                "largest_ms": round(large, 4),
                "growth": round(growth, 2),
                "limit": limit,
                "grows": growth > limit,
            }
        )
    return found


def mark(records: list[dict], found: list[dict]) -> None:
    """Flag the largest run of each app whose CPU per operation grew beyond the limit."""
    for finding in found:
        if not finding["grows"]:
            continue
        for record in records:
            if record["app"] == finding["app"] and record["n"] == finding["largest_n"]:
                record.setdefault("flags", []).append(f"{FLAG}({finding['growth']:.1f}x)")


def describe(found: list[dict]) -> str:
    """One line per app, to print under the scenario's table."""
    return "\n".join(
        f"server CPU per {f['per']}, {f['app']}: {f['smallest_ms']:g} ms at N={f['smallest_n']}"
        f" → {f['largest_ms']:g} ms at N={f['largest_n']} ({f['growth']:.2f}x): "
        + (f"{FLAG.upper()} beyond {f['limit']:g}x" if f["grows"] else f"within {f['limit']:g}x")
        for f in found
    )


def _cost(record: dict[str, Any], per_n: bool) -> float | None:
    if "failed" in record:
        return None
    per_op = record.get("result", {}).get("cpu", {}).get("server_cpu_ms_per_op")
    if not isinstance(per_op, int | float) or per_op <= 0:
        return None
    return per_op / record["n"] if per_n else per_op
