"""Ranking: each person puts a step's options in order, and the room sees each option's average
place and how many put it first."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sessions.activities.base import Activity, InvalidResponse, percent
from sessions.activities.deck_fields import parse_options as base_parse_options
from sessions.words import N_

if TYPE_CHECKING:
    from sessions.deck import Step

MAX_OPTIONS = 8  # more than this is hard to put in order on a phone, one move at a time


def parse_options(raw: Mapping[str, Any], where: str, *, noun: str) -> list[dict[str, Any]]:
    """The options of a ranking or a points step: 2 to 8 of {id, label}, each with a picture
    if the deck gives one."""
    return base_parse_options(raw, where, noun=noun, maximum=MAX_OPTIONS)


def label_of(step: Step, option_id: str) -> str:
    return next(o["label"] for o in step.fields["options"] if o["id"] == option_id)


class Rank(Activity):
    """Put the options in order, most important first."""

    kind = "rank"
    takes_responses = True
    fields = frozenset({"options"})
    skeleton_fields = {"options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}

    def parse_fields(self, raw, where):
        return {"options": parse_options(raw, where, noun="a ranking")}

    def option_ids(self, step: Step) -> list[str]:
        return [o["id"] for o in step.fields["options"]]

    def validate_response(self, step, value):
        ids = self.option_ids(step)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise InvalidResponse(N_("Send the options in your order, as a list of their ids."))
        unknown = [v for v in value if v not in ids]
        if unknown:
            raise InvalidResponse(N_("'%(id)s' is not one of the options."), id=unknown[0][:40])
        repeated = [i for i in ids if value.count(i) > 1]
        if repeated:
            raise InvalidResponse(
                N_("'%(label)s' is in your order more than once: put each option in once."),
                label=label_of(step, repeated[0]),
            )
        missing = [i for i in ids if i not in value]
        if missing:
            raise InvalidResponse(
                N_("Your order leaves out '%(label)s': put every option in it."),
                label=label_of(step, missing[0]),
            )
        return list(value)

    def whole_rankings(self, step: Step, values: Iterable[Any]) -> Iterator[list[str]]:
        """The values that rank every option once; anything else has nothing to count."""
        ids = sorted(self.option_ids(step))
        return (v for v in values if isinstance(v, list) and sorted(v) == ids)

    def place_sums(self, step: Step, rankings: Iterable[list[str]]) -> dict[str, int]:
        sums = dict.fromkeys(self.option_ids(step), 0)
        for ranking in rankings:
            for place, option_id in enumerate(ranking, start=1):
                sums[option_id] += place
        return sums

    def aggregate(self, step, values):
        ids = self.option_ids(step)
        rankings = list(self.whole_rankings(step, values))
        total, sums = len(rankings), self.place_sums(step, rankings)
        first = dict.fromkeys(ids, 0)
        for ranking in rankings:
            first[ranking[0]] += 1
        mean = {i: round(sums[i] / total, 2) if total else None for i in ids}
        return {"total": total, "mean_position": mean, "first": first}

    def kept_results(self, step, responses, results, redacted):
        """With each option's sum of places, so trends over many sessions are exact."""
        rankings = self.whole_rankings(step, (r.value for r in responses))
        return {**results, "place_sums": self.place_sums(step, rankings)}

    def view_for(self, step, audience, *, revealed):
        return {"options": [dict(o) for o in step.fields["options"]]}

    def ranked(self, step: Step, results: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The options in the room's order: lowest average place first, then the most often put
        first, then as the deck lists them."""
        means, first = results["mean_position"], results["first"]
        options = step.fields["options"]
        order = sorted(
            range(len(options)),
            key=lambda n: (
                means.get(options[n]["id"]) is None,
                means.get(options[n]["id"]) or 0,
                -first.get(options[n]["id"], 0),
                n,
            ),
        )
        return [
            {
                "place": place,
                "id": options[n]["id"],
                "label": options[n]["label"],
                "mean_position": means.get(options[n]["id"]),
                "first": first.get(options[n]["id"], 0),
            }
            for place, n in enumerate(order, start=1)
        ]

    def report_entry(self, step, results):
        """Rows in the room's order, counting how many put each option first."""
        total = results["total"]
        ranked = self.ranked(step, results)
        return {
            "size": total,
            "ranked": ranked,
            "rows": [
                {"label": r["label"], "count": r["first"], "percent": percent(r["first"], total)}
                for r in ranked
            ],
        }

    def report_sections(self, steps, mark):
        return {
            "rankings": [
                {
                    "number": number,
                    "title": step.title,
                    "total": r["total"],
                    "ranked": self.ranked(step, r),
                }
                for number, step, r in steps
            ]
        }

    def export_tables(self, report):
        rows = [
            (
                s["number"],
                s["title"],
                o["place"],
                o["label"],
                o["mean_position"],
                o["first"],
                s["total"],
            )
            for s in report["rankings"]
            for o in s["ranked"]
        ]
        header = ("Step", "Title", "Place", "Option", "Average place", "Put first", "Answered")
        return [("Rankings", header, rows)]

    def trend_tables(self, steps):
        """Each ranking's options in a period, by their average place over everyone who
        answered it in any session (a session's average counts as many times as it had
        answers)."""
        pooled: dict[tuple[str, str], dict[str, Any]] = {}
        for session, step, r in steps:
            item = pooled.setdefault(
                (session["deck_id"], step.id),
                {
                    "session": session,
                    "step": step,
                    "sessions": 0,
                    "total": 0,
                    "places": {},
                    "first": {},
                },
            )
            item["sessions"] += 1
            item["total"] += r["total"]
            for option_id, placed in r["place_sums"].items():
                item["places"][option_id] = item["places"].get(option_id, 0) + placed
            for option_id, first in r["first"].items():
                item["first"][option_id] = item["first"].get(option_id, 0) + first
        rows = []
        for item in pooled.values():
            total, step = item["total"], item["step"]
            results = {  # what ranked() reads
                "mean_position": {
                    o["id"]: round(item["places"].get(o["id"], 0) / total, 2) if total else None
                    for o in step.fields["options"]
                },
                "first": {o["id"]: item["first"].get(o["id"], 0) for o in step.fields["options"]},
            }
            rows += [
                (
                    item["session"]["title"],
                    step.title,
                    o["place"],
                    o["label"],
                    o["mean_position"],
                    o["first"],
                    total,
                    item["sessions"],
                )
                for o in self.ranked(step, results)
            ]
        header = (
            "Deck",
            "Question",
            "Place",
            "Option",
            "Average place",
            "Put first",
            "Answered",
            "Sessions",
        )
        return [("Rankings over the period", header, rows)]

    def demo_answer(self, step, person, rng, memory):
        """Mostly in the deck's order (written with the likeliest first), with some shuffling."""
        ids: Sequence[str] = self.option_ids(step)
        return sorted(ids, key=lambda i: ids.index(i) + rng.gauss(0, 1.2))
