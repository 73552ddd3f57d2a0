"""A number answer, such as "How many minutes can you walk today?": a value between the step's
`min` and `max`, with at most its `decimals`, in an optional `unit`. Its results are the count,
the mean, the median, the quartiles and a histogram over bins fixed by the step's range."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sessions.activities.base import Activity, InvalidResponse, percent
from sessions.fields import DeckError, is_int, is_number, text_field
from sessions.words import N_, plural_words

if TYPE_CHECKING:
    from sessions.deck import Step

MAX_DECIMALS = 3
MAX_UNIT = 30
LIMIT = 1_000_000_000
"""The largest size of `min` and `max`: far beyond any count or measure a class asks for."""
MAX_BINS = 12
NICE_STEPS = (1, 2, 5)


def decimals_of(number: int | float) -> int:
    """How many digits a number has after the point, as written in its shortest form. Only
    finite numbers come here, whose exponent is an int, below 0 when they are not whole."""
    if number == int(number):
        return 0
    exponent = Decimal(repr(number)).normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


def finite_number(value: Any) -> bool:
    """An int or a float that is a real, finite number: never a bool, NaN or infinity, and no
    int too big to be a float (JSON allows any length of digits)."""
    if not is_number(value):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _bound(raw: Mapping[str, Any], key: str, where: str) -> int | float:
    value = raw.get(key)
    if value is None:
        raise DeckError(f"{where}.{key}", "is required")
    if not finite_number(value) or not -LIMIT <= value <= LIMIT:
        raise DeckError(f"{where}.{key}", f"must be a number from {-LIMIT:,} to {LIMIT:,}")
    return value


def _neat(number: int | float, decimals: int) -> int | float:
    """A number in its stored form: an int when whole, else a float cut to `decimals`."""
    return int(number) if number == int(number) else round(float(number), decimals)


def shown(number: int | float, decimals: int) -> str:
    """A number as people read it: with exactly the step's decimals."""
    return f"{number:,.{decimals}f}"


class Numeric(Activity):
    """One number in a range, such as minutes walked, with the decimals the step allows."""

    kind = "numeric"
    takes_responses = True
    fields = frozenset({"min", "max", "unit", "decimals"})
    skeleton_fields = {"min": 0, "max": 100, "decimals": MAX_DECIMALS}
    # The editor tries decimals alone, the range alone (on a skeleton that allows any
    # decimals), then all three, so that each mistake is reported once, where it is.
    fields_checked_together = (
        frozenset({"decimals"}),
        frozenset({"min", "max"}),
        frozenset({"min", "max", "decimals"}),
    )

    def parse_fields(self, raw, where):
        decimals = raw.get("decimals", 0)
        if not is_int(decimals) or not 0 <= decimals <= MAX_DECIMALS:
            raise DeckError(f"{where}.decimals", f"must be a whole number from 0 to {MAX_DECIMALS}")
        low, high = _bound(raw, "min", where), _bound(raw, "max", where)
        if not low < high:
            raise DeckError(f"{where}.max", "must be more than min")
        for key, value in (("min", low), ("max", high)):
            if decimals_of(value) > decimals:
                raise DeckError(f"{where}.{key}", f"has more decimals than decimals ({decimals})")
        return {
            "min": _neat(low, decimals),
            "max": _neat(high, decimals),
            "unit": text_field(raw, "unit", f"{where}.unit", limit=MAX_UNIT),
            "decimals": decimals,
        }

    def validate_response(self, step, value):
        f = step.fields
        decimals = f["decimals"]
        where = {
            "low": shown(f["min"], decimals),
            "high": shown(f["max"], decimals),
            "unit": f" {f['unit']}" if f["unit"] else "",  # the deck's own word, as written
        }
        if isinstance(value, bool) or not is_number(value):
            raise InvalidResponse(N_("Type a number from %(low)s to %(high)s%(unit)s."), **where)
        if not finite_number(value):
            raise InvalidResponse(
                N_("That is not a number we can use. Type one from %(low)s to %(high)s%(unit)s."),
                **where,
            )
        if not f["min"] <= value <= f["max"]:
            raise InvalidResponse(
                N_("That is out of range. Type a number from %(low)s to %(high)s%(unit)s."),
                **where,
            )
        if decimals_of(value) > decimals:
            if decimals == 0:
                raise InvalidResponse(N_("Type a whole number, without a decimal point."))
            raise InvalidResponse(
                plural_words(
                    "Use at most %(decimals)s decimal place.",
                    "Use at most %(decimals)s decimal places.",
                    "decimals",
                    decimals=decimals,
                )
            )
        return _neat(value, decimals)

    def aggregate(self, step, values):
        f = step.fields
        numbers = sorted(v for v in values if finite_number(v) and f["min"] <= v <= f["max"])
        places = f["decimals"] + 1

        def cut(x: float) -> float:
            return round(x, places)

        count = len(numbers)
        quartiles = [cut(quantile(numbers, q)) for q in (0.25, 0.5, 0.75)] if numbers else None
        return {
            "count": count,
            "mean": cut(math.fsum(numbers) / count) if numbers else None,
            "median": quartiles[1] if quartiles else None,
            "quartiles": quartiles,
            "bins": [
                {**b, "count": sum(1 for n in numbers if b["from"] <= n <= b["to"])}
                for b in bins_for(step)
            ],
        }

    def result_size(self, results):
        return int(results.get("count", 0))

    def view_for(self, step, audience, *, revealed):
        return {key: step.fields[key] for key in ("min", "max", "unit", "decimals")}

    def report_entry(self, step, results):
        count = results["count"]
        quartiles = results["quartiles"] or [None, None, None]
        return {
            "size": count,
            "mean": results["mean"],
            "median": results["median"],
            "lower_quartile": quartiles[0],
            "upper_quartile": quartiles[2],
            "unit": step.fields["unit"],
            "rows": [
                {"label": b["label"], "count": b["count"], "percent": percent(b["count"], count)}
                for b in results["bins"]
            ],
        }

    def report_sections(self, steps, mark):
        rows = []
        for number, step, results in steps:
            entry = self.report_entry(step, results)
            rows.append(
                {
                    "number": number,
                    "title": step.title,
                    "unit": step.fields["unit"],
                    **{
                        key: entry[key]
                        for key in ("size", "mean", "median", "lower_quartile", "upper_quartile")
                    },
                }
            )
        return {"numeric": rows}

    def export_tables(self, report):
        keys = ("number", "title", "unit", "size", "mean", "lower_quartile", "median")
        rows = [(*(n[k] for k in keys), n["upper_quartile"]) for n in report["numeric"]]
        header = (
            "Step",
            "Question",
            "Unit",
            "Answered",
            "Mean",
            "Lower quartile",
            "Median",
            "Upper quartile",
        )
        return [("Numbers", header, rows)]

    def demo_answer(self, step, person, rng, memory):
        """Most people near a third of the way up the range, a few far above: how counts of
        minutes or days spread. One in ten leaves it."""
        f = step.fields
        if rng.random() < 0.1:
            return None
        span = f["max"] - f["min"]
        guess = rng.gauss(f["min"] + span * 0.3, span / 6)
        return _neat(max(f["min"], min(f["max"], round(guess, f["decimals"]))), f["decimals"])


def quantile(ordered: Sequence[float], q: float) -> float:
    """The q-quantile of sorted numbers, between the two nearest by linear interpolation (the
    spreadsheet's QUARTILE.INC), so that a report's figures can be checked by hand."""
    position = (len(ordered) - 1) * q
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def bin_width(units: int) -> int:
    """The narrowest width of 1, 2 or 5 times a power of ten (counted in the step's smallest
    unit) that covers `units` possible values in at most MAX_BINS bins, one more for a start
    rounded down to the width."""
    scale = 1
    while True:
        for step in NICE_STEPS:
            width = step * scale
            if math.ceil(units / width) + 1 <= MAX_BINS:
                return width
        scale *= 10


def bins_for(step: Step) -> list[dict[str, Any]]:
    """The histogram's bins, from the step's range alone (never from the answers, so that they
    stay put as answers arrive and give away no one's extreme): each holds the values from
    `from` to `to`, both included, and starts at a round number. A last bin that would hold
    the maximum alone is joined to the one before it."""
    f = step.fields
    decimals = f["decimals"]
    unit = 10**decimals
    low, high = round(f["min"] * unit), round(f["max"] * unit)
    width = bin_width(high - low + 1)
    start = (low // width) * width
    edges: list[list[int]] = []
    while start <= high:
        edges.append([max(start, low), min(start + width - 1, high)])
        start += width
    # A width above 1 is chosen only for more than 10 times the narrower width before it,
    # at least four bins: there is always one before the last.
    if width > 1 and edges[-1][0] == edges[-1][1]:
        alone = edges.pop()
        edges[-1][1] = alone[1]
    made = []
    for first, last in edges:
        lo, hi = _neat(first / unit, decimals), _neat(last / unit, decimals)
        label = (
            shown(lo, decimals) if first == last else f"{shown(lo, decimals)}–{shown(hi, decimals)}"
        )
        made.append({"from": lo, "to": hi, "label": label})
    return made
