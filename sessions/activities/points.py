"""Points: each person shares a budget of points (100 unless the deck says otherwise) between a
step's options, and the room sees the average points each option got."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sessions.activities.base import Activity, InvalidResponse, percent
from sessions.activities.deck_fields import whole_number_field
from sessions.activities.rank import label_of, parse_options
from sessions.fields import is_number
from sessions.words import N_

if TYPE_CHECKING:
    from sessions.deck import Step

DEFAULT_BUDGET = 100
MIN_BUDGET, MAX_BUDGET = 10, 1000


class Points(Activity):
    """Share a budget of whole points between the options; every point is given."""

    kind = "points"
    takes_responses = True
    fields = frozenset({"options", "budget"})
    skeleton_fields = {"options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}

    def parse_fields(self, raw, where):
        options = parse_options(raw, where, noun="a points step")
        budget = whole_number_field(
            raw, "budget", where, default=DEFAULT_BUDGET, low=MIN_BUDGET, high=MAX_BUDGET
        )
        return {"options": options, "budget": budget}

    def validate_response(self, step, value):
        """Every option's points, in the deck's order; an option left out has none."""
        ids = [o["id"] for o in step.fields["options"]]
        budget = step.fields["budget"]
        if not isinstance(value, dict):
            raise InvalidResponse(N_("Send each option's points, as option id and number."))
        unknown = [k for k in value if k not in ids]
        if unknown:
            raise InvalidResponse(
                N_("'%(id)s' is not one of the options."), id=str(unknown[0])[:40]
            )
        shared = {}
        for option_id in ids:
            given = value.get(option_id, 0)
            label = label_of(step, option_id)
            # True and false are not numbers here, though Python counts them as 1 and 0; an
            # integer too big for a float is checked against the budget, never converted.
            if not is_number(given) or (isinstance(given, float) and not math.isfinite(given)):
                raise InvalidResponse(
                    N_("The points for '%(label)s' must be a whole number."), label=label
                )
            if given != int(given):
                raise InvalidResponse(
                    N_("The points for '%(label)s' must be a whole number."), label=label
                )
            if given < 0:
                raise InvalidResponse(
                    N_("The points for '%(label)s' cannot be below 0."), label=label
                )
            if given > budget:
                raise InvalidResponse(
                    N_("The points for '%(label)s' cannot be more than %(budget)s."),
                    label=label,
                    budget=budget,
                )
            shared[option_id] = int(given)
        given_out = sum(shared.values())
        if given_out != budget:
            raise InvalidResponse(
                N_(
                    "Your points add up to %(given)s: share exactly %(budget)s between the options."
                ),
                given=given_out,
                budget=budget,
            )
        return shared

    def point_sums(self, step: Step, values: Iterable[Any]) -> tuple[int, dict[str, int]]:
        """How many answers there are, and each option's points added up over them."""
        sums = dict.fromkeys((o["id"] for o in step.fields["options"]), 0)
        total = 0
        for value in values:
            if not isinstance(value, dict):
                continue
            total += 1
            for option_id in sums:
                sums[option_id] += int(value.get(option_id, 0))
        return total, sums

    def aggregate(self, step, values):
        total, sums = self.point_sums(step, values)
        mean = {i: round(n / total, 1) if total else None for i, n in sums.items()}
        return {"total": total, "mean_points": mean}

    def kept_results(self, step, responses, results, redacted):
        """With each option's points added up, so trends over many sessions are exact."""
        _, sums = self.point_sums(step, (r.value for r in responses))
        return {**results, "point_sums": sums}

    def view_for(self, step, audience, *, revealed):
        return {
            "options": [dict(o) for o in step.fields["options"]],
            "budget": step.fields["budget"],
        }

    def shares(self, step: Step, results: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The options, most points first (then as the deck lists them), with their average
        points and the share of the budget that is."""
        budget, means = step.fields["budget"], results["mean_points"]
        rows = [
            {
                "label": o["label"],
                "mean_points": means.get(o["id"]),
                "share": percent(means.get(o["id"]) or 0, budget) if results["total"] else None,
            }
            for o in step.fields["options"]
        ]
        return sorted(rows, key=lambda r: -(r["mean_points"] or 0))

    def report_entry(self, step, results):
        """No chart rows (they count people, and these are points): the report line lists the
        average points instead."""
        return {
            "size": results["total"],
            "budget": step.fields["budget"],
            "shares": self.shares(step, results),
        }

    def report_sections(self, steps, mark):
        return {
            "points_shared": [
                {
                    "number": number,
                    "title": step.title,
                    "total": r["total"],
                    "budget": step.fields["budget"],
                    "shares": self.shares(step, r),
                }
                for number, step, r in steps
            ]
        }

    def export_tables(self, report):
        rows = [
            (
                s["number"],
                s["title"],
                o["label"],
                o["mean_points"],
                o["share"],
                s["budget"],
                s["total"],
            )
            for s in report["points_shared"]
            for o in s["shares"]
        ]
        header = (
            "Step",
            "Title",
            "Option",
            "Average points",
            "% of the points",
            "Points each",
            "Answered",
        )
        return [("Points", header, rows)]

    def trend_tables(self, steps):
        """Each points step's options in a period, by their average points over everyone who
        answered it in any session."""
        pooled: dict[tuple[str, str], dict[str, Any]] = {}
        for session, step, r in steps:
            item = pooled.setdefault(
                (session["deck_id"], step.id),
                {"session": session, "step": step, "sessions": 0, "total": 0, "points": {}},
            )
            item["sessions"] += 1
            item["total"] += r["total"]
            for option_id, given in r["point_sums"].items():
                item["points"][option_id] = item["points"].get(option_id, 0) + given
        rows = []
        for item in pooled.values():
            total, step = item["total"], item["step"]
            means = {
                o["id"]: round(item["points"].get(o["id"], 0) / total, 1) if total else None
                for o in step.fields["options"]
            }
            rows += [
                (
                    item["session"]["title"],
                    step.title,
                    o["label"],
                    o["mean_points"],
                    o["share"],
                    total,
                    item["sessions"],
                )
                for o in self.shares(step, {"total": total, "mean_points": means})
            ]
        header = (
            "Deck",
            "Question",
            "Option",
            "Average points",
            "% of the points",
            "Answered",
            "Sessions",
        )
        return [("Points over the period", header, rows)]

    def demo_answer(self, step, person, rng, memory):
        """Points in fives, leaning to the options the deck lists first."""
        ids = [o["id"] for o in step.fields["options"]]
        budget = step.fields["budget"]
        weights = [max(0.1, rng.gauss(len(ids) - n, 1.5)) for n in range(len(ids))]
        fives = [int(budget / 5 * w / sum(weights)) for w in weights]
        shared = {i: 5 * f for i, f in zip(ids, fives, strict=True)}
        shared[ids[0]] += budget - sum(shared.values())  # what rounding left over
        return shared
