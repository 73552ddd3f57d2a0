"""Slides and the choice kinds: polls and quizzes (myth or fact). Scales are in scale.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sessions.activities import second_vote
from sessions.activities.base import (
    FACILITATOR,
    MANY,
    ONE,
    Activity,
    InvalidResponse,
    OnPaper,
    PaperQuestion,
    percent,
)
from sessions.activities.deck_fields import (
    ITEM_ID,
    bool_field,
    parse_image,
    parse_options,
)
from sessions.fields import DeckError, text_field
from sessions.words import N_

if TYPE_CHECKING:
    from sessions.deck import Step

MAX_OPTIONS = 12
MAX_EXPLANATION = 2000
PEER_GROUP_SIZE = 3
OPTION_ID = ITEM_ID

# The demo data: how likely a person is to get each of the back-pain deck's myth-or-fact
# questions right (scans and posture catch people out).
DEMO_RIGHT = {
    "myth-scan": 0.6,
    "myth-bed-rest": 0.85,
    "myth-exercise": 0.5,
    "myth-common": 0.9,
    "myth-posture": 0.4,
    "myth-stress": 0.8,
    "myth-flare-up": 0.6,
    "myth-red-flags": 0.9,
}


class Slide(Activity):
    kind = "slide"
    fields = frozenset({"takeaway", "image"})
    is_activity = False
    image_field = "image"

    def parse_fields(self, raw, where):
        takeaway = raw.get("takeaway", False)
        if not isinstance(takeaway, bool):
            raise DeckError(f"{where}.takeaway", "must be true or false")
        image = raw.get("image")
        if image is not None:
            image = parse_image(image, f"{where}.image")
        return {"takeaway": takeaway, "image": image}

    def view_for(self, step, audience, *, revealed):
        return {"takeaway": step.fields["takeaway"]}

    def notebook_sections(self, steps, responses):
        return {
            "takeaways": [
                {"title": s.title, "body_html": s.body_html}
                for s in steps
                if s.fields.get("takeaway")
            ]
        }


def _parse_options(raw: Mapping[str, Any], where: str, *, noun: str) -> list[dict]:
    return parse_options(raw, where, noun=noun, maximum=MAX_OPTIONS)


def _paper_label(option: Mapping[str, Any]) -> str:
    """An option as paper shows it: a handout prints no pictures, so a picture is given by its
    description, and "Picture A" alone still means something."""
    image = option.get("image")
    return f"{option['label']} (picture: {image['alt']})" if image else option["label"]


class Poll(Activity):
    """Single or multiple choice; no right answer."""

    kind = "poll"
    takes_responses = True
    fields = frozenset({"options", "multiple", "vote_again"})
    noun = "a poll"
    skeleton_fields = {"options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]}

    def parse_fields(self, raw, where):
        multiple = bool_field(raw, "multiple", where)
        options = _parse_options(raw, where, noun=self.noun)
        return {
            "options": options,
            "multiple": multiple,
            "vote_again": bool_field(raw, "vote_again", where),
        }

    def is_multiple(self, step: Step) -> bool:
        return step.fields["multiple"]

    def validate_response(self, step, value):
        ids = [o["id"] for o in step.fields["options"]]
        if not self.is_multiple(step):
            if not isinstance(value, str) or value not in ids:
                raise InvalidResponse(N_("Choose one of the options."))
            return value
        if not isinstance(value, list) or not value:
            raise InvalidResponse(N_("Choose at least one option."))
        if any(not isinstance(v, str) or v not in ids for v in value):
            raise InvalidResponse(N_("That is not one of the options."))
        if len(set(value)) != len(value):
            raise InvalidResponse(N_("Each option can be chosen once."))
        return [i for i in ids if i in value]  # stored in the deck's order

    def aggregate(self, step, values):
        counts = {o["id"]: 0 for o in step.fields["options"]}
        total = 0
        for value in values:
            total += 1
            for option_id in value if isinstance(value, list) else [value]:
                if option_id in counts:
                    counts[option_id] += 1
        return {"total": total, "counts": counts}

    def view_for(self, step, audience, *, revealed):
        return {
            "options": [dict(o) for o in step.fields["options"]],
            "multiple": self.is_multiple(step),
            "vote_again": self.votes_again(step),
        }

    def votes_again(self, step):
        return step.fields["vote_again"]

    def group_size(self, step):
        # talking it over before the second vote
        return PEER_GROUP_SIZE if step.fields["vote_again"] else 0

    def second_vote(self, step, first, second):
        return self.aggregate(step, second.values())

    def report_entry(self, step, results):
        correct = set(step.fields.get("correct", ()))
        total = results["total"]
        entry: dict[str, Any] = {
            "size": total,
            "rows": [
                {
                    "label": o["label"],
                    "count": results["counts"].get(o["id"], 0),
                    "percent": percent(results["counts"].get(o["id"], 0), total),
                    "correct": o["id"] in correct,
                }
                for o in step.fields["options"]
            ],
        }
        second = results.get("second_vote")
        if second is not None:
            entry["second_vote"] = {
                **self.report_entry(step, second),
                "both": second["both"],
                "moved_to_correct": second.get("moved_to_correct"),
            }
        return entry

    def report_sections(self, steps, mark):
        return {f"{self.kind}_second_votes": second_vote.section(steps)}

    def export_tables(self, report):
        name = f"{self.kind.capitalize()} second votes"
        return [second_vote.table(name, report[f"{self.kind}_second_votes"])]

    def on_paper(self, step):
        choices = tuple((o["id"], _paper_label(o)) for o in step.fields["options"])
        answer = MANY if self.is_multiple(step) else ONE
        note = "Tick all that apply." if answer == MANY else "Tick one box."
        return OnPaper((PaperQuestion("choice", step.title, answer, choices),), note=note)

    def from_paper(self, step, answers):
        return answers.get("choice")

    def demo_second_votes(self, step, first, rng):
        return second_vote.demo_votes(first, [o["id"] for o in step.fields["options"]], None, rng)

    def demo_answer(self, step, person, rng, memory):
        options = [o["id"] for o in step.fields["options"]]
        if step.fields["multiple"]:
            return rng.sample(options[:-1], rng.randint(1, 3))
        return rng.choices(options, weights=range(len(options), 0, -1))[0]


class Quiz(Poll):
    """A question with correct option(s) and an explanation, both kept back until reveal.
    Myth-or-fact is a quiz with two options."""

    kind = "quiz"
    scored = True
    fields = frozenset({"options", "correct", "explanation", "vote_again"})
    noun = "a quiz"
    skeleton_fields = {**Poll.skeleton_fields, "correct": "a"}
    fields_checked_together = (frozenset({"options", "correct"}),)

    def parse_fields(self, raw, where):
        options = _parse_options(raw, where, noun=self.noun)
        correct = raw.get("correct")
        correct = [correct] if isinstance(correct, str) else correct
        ids = [o["id"] for o in options]
        if not isinstance(correct, list) or not correct:
            raise DeckError(f"{where}.correct", "name the correct option's id (or a list of ids)")
        for option_id in correct:
            if option_id not in ids:
                raise DeckError(f"{where}.correct", f"'{option_id}' is not one of the options")
        explanation = text_field(raw, "explanation", f"{where}.explanation", limit=MAX_EXPLANATION)
        return {
            "options": options,
            "correct": [i for i in ids if i in correct],
            "explanation": explanation,
            "vote_again": bool_field(raw, "vote_again", where),
        }

    def is_multiple(self, step):
        return len(step.fields["correct"]) > 1

    def is_correct(self, step: Step, value: Any) -> bool:
        chosen = value if isinstance(value, list) else [value]
        return sorted(chosen) == sorted(step.fields["correct"])

    def is_right(self, step, value):
        return self.is_correct(step, value)

    def aggregate(self, step, values):
        values = list(values)
        results = super().aggregate(step, values)
        results["correct_count"] = sum(1 for v in values if self.is_correct(step, v))
        return results

    def second_vote(self, step, first, second):
        """Also how many moved to the right answer: wrong the first time, right the second,
        among the people who voted both times (`both`)."""
        results = super().second_vote(step, first, second)
        both = [p for p in second if p in first]
        results["both"] = len(both)
        results["moved_to_correct"] = sum(
            1
            for p in both
            if not self.is_correct(step, first[p]) and self.is_correct(step, second[p])
        )
        return results

    def view_for(self, step, audience, *, revealed):
        view = super().view_for(step, audience, revealed=revealed)
        if revealed or audience == FACILITATOR:
            view["correct"] = list(step.fields["correct"])
            view["explanation"] = step.fields["explanation"]
        return view

    def field_data(self, key, value):
        if key == "correct" and len(value) == 1:
            return value[0]  # "correct: myth" reads better than a list of one
        return value

    def score(self, step, results):
        return results["total"], results["correct_count"]

    def report_entry(self, step, results):
        entry = super().report_entry(step, results)
        entry["percent_correct"] = percent(results["correct_count"], results["total"])
        return entry

    def report_sections(self, steps, mark):
        return {
            "quiz": [
                {
                    "number": number,
                    "step_id": step.id,
                    "title": step.title,
                    "total": r["total"],
                    "correct": r["correct_count"],
                    "percent_correct": percent(r["correct_count"], r["total"]),
                }
                for number, step, r in steps
            ],
            **super().report_sections(steps, mark),
        }

    def export_tables(self, report):
        rows = [
            (q["number"], q["title"], q["total"], q["correct"], q["percent_correct"])
            for q in report["quiz"]
        ]
        return [
            ("Quiz", ("Step", "Question", "Answered", "Correct", "% correct"), rows),
            *super().export_tables(report),
        ]

    def demo_second_votes(self, step, first, rng):
        correct = step.fields["correct"]
        right = correct[0] if len(correct) == 1 else list(correct)
        return second_vote.demo_votes(first, [o["id"] for o in step.fields["options"]], right, rng)

    def demo_answer(self, step, person, rng, memory):
        correct = step.fields["correct"]
        if rng.random() < DEMO_RIGHT.get(step.id, 0.7):
            return correct[0] if len(correct) == 1 else list(correct)
        return rng.choice([o["id"] for o in step.fields["options"] if o["id"] not in correct])
