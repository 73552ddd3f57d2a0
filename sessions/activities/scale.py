"""Scales: a whole number between two labelled ends, such as confidence from 0 to 10, which a
`measure` name pairs before and after (sessions/measures.py)."""

from __future__ import annotations

from sessions.activities.base import ONE, Activity, InvalidResponse, OnPaper, PaperQuestion, percent
from sessions.activities.deck_fields import ITEM_ID, MAX_LABEL
from sessions.fields import DeckError, is_int, is_number, text_field
from sessions.measures import MEASURE_HEADER, MEASURE_KEYS
from sessions.words import N_


class Scale(Activity):
    """A whole number between two labelled ends, such as confidence from 0 to 10."""

    kind = "scale"
    takes_responses = True
    fields = frozenset({"min", "max", "min_label", "max_label", "measure"})
    fields_checked_together = (frozenset({"min", "max"}),)

    def parse_fields(self, raw, where):
        low, high = raw.get("min", 0), raw.get("max", 10)
        if not is_int(low):
            raise DeckError(f"{where}.min", "must be a whole number")
        if not is_int(high):
            raise DeckError(f"{where}.max", "must be a whole number")
        if not 1 <= high - low <= 20:
            raise DeckError(f"{where}.max", "must be between 1 and 20 more than min")
        measure = raw.get("measure")
        if measure is not None and not (isinstance(measure, str) and ITEM_ID.fullmatch(measure)):
            raise DeckError(f"{where}.measure", "needs a short name of lowercase letters, hyphens")
        return {
            "min": low,
            "max": high,
            "min_label": text_field(raw, "min_label", f"{where}.min_label", limit=MAX_LABEL),
            "max_label": text_field(raw, "max_label", f"{where}.max_label", limit=MAX_LABEL),
            "measure": measure,
        }

    def validate_response(self, step, value):
        low, high = step.fields["min"], step.fields["max"]
        refusal = InvalidResponse(
            N_("Choose a whole number from %(low)s to %(high)s."), low=low, high=high
        )
        if not is_number(value) or not low <= value <= high:  # also refuses NaN
            raise refusal
        if value != int(value):
            raise refusal
        return int(value)

    def aggregate(self, step, values):
        low, high = step.fields["min"], step.fields["max"]
        histogram = {str(n): 0 for n in range(low, high + 1)}
        numbers = [v for v in values if is_int(v) and low <= v <= high]
        for n in numbers:
            histogram[str(n)] += 1
        mean = round(sum(numbers) / len(numbers), 1) if numbers else None
        return {"count": len(numbers), "mean": mean, "histogram": histogram}

    def result_size(self, results):
        return int(results.get("count", 0))

    def view_for(self, step, audience, *, revealed):
        keys = ("min", "max", "min_label", "max_label", "measure")
        return {key: step.fields[key] for key in keys}

    def measure(self, step):
        return step.fields["measure"]

    def on_paper(self, step):
        numbers = tuple((str(n), str(n)) for n in range(step.fields["min"], step.fields["max"] + 1))
        ends = (step.fields["min_label"], step.fields["max_label"])
        question = PaperQuestion("number", step.title, ONE, numbers, ends=ends)
        return OnPaper((question,), note="Tick one number.")

    def from_paper(self, step, answers):
        ticked = answers.get("number")
        if ticked is None:
            return None
        try:
            return int(ticked)
        except ValueError:
            return ticked  # for validate_response to refuse in its own words

    def report_entry(self, step, results):
        count = results["count"]
        return {
            "size": count,
            "mean": results["mean"],
            "rows": [
                {"label": value, "count": n, "percent": percent(n, count)}
                for value, n in sorted(results["histogram"].items(), key=lambda kv: int(kv[0]))
            ],
        }

    def export_tables(self, report):
        rows = [(m["measure"], *(m[k] for k in MEASURE_KEYS)) for m in report["measures"]]
        return [("Before and after", MEASURE_HEADER, rows)]

    def demo_answer(self, step, person, rng, memory):
        """Around the middle; an 'after' scale mostly a little higher than the person's
        'before' answer."""
        low, high = step.fields["min"], step.fields["max"]
        before = memory.setdefault("scale_before", {})
        if step.fields.get("measure") and person in before:
            return max(low, min(high, before[person] + rng.choice((-1, 0, 1, 1, 2, 2, 3))))
        middle = low + (high - low) * 0.45
        before[person] = max(low, min(high, round(rng.gauss(middle, (high - low) / 6))))
        return before[person]
