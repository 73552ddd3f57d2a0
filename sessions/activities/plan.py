"""The personal action plan: private to its author, shared with the physio only by choice."""

from __future__ import annotations

import calendar
import re

from sessions.activities.base import (
    NO_MODERATION,
    ONE,
    WRITE,
    Activity,
    InvalidResponse,
    Moderation,
    OnPaper,
    PaperQuestion,
    clean_text,
)
from sessions.fields import text_field, whole_number
from sessions.words import N_

CONFIDENCE_PROMPT_BELOW = 7
MAX_FIELD = 300

# The plan's fields, in the order a phone shows them: (name, kind, label).
PLAN_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("matters", "text", "What matters to me"),
    ("goal", "text", "My goal: what I want to get back to"),
    ("goal_rating", "rating", "How well can I do it today? (0 = not at all, 10 = fully)"),
    ("step_what", "text", "This week I will… (what)"),
    ("step_how_much", "text", "How much"),
    ("step_when", "text", "When"),
    ("step_how_often", "text", "How often"),
    ("pacing", "text", "Pacing: where I start and how I'll build up"),
    ("barriers", "text", "What might get in the way"),
    ("plan_b", "text", "My plan B"),
    ("confidence", "rating", "How sure am I that I can do this week's step? (0 to 10)"),
    ("flare_signs", "text", "Flare-up plan: my early signs"),
    ("flare_first_1", "text", "First thing I'll do"),
    ("flare_first_2", "text", "Second thing I'll do"),
    ("flare_first_3", "text", "Third thing I'll do"),
    ("flare_reduce", "text", "What I'll cut back for a while, but not stop"),
    ("flare_restart", "text", "When I'll go back to my plan"),
    ("review_date", "date", "When I'll look at this plan again"),
    ("share", "choice", "Share this plan with my physio"),
    ("done", "choice", "My plan is finished"),
)
DEMO_GOALS = [
    "Walk to the shops",
    "Play with my grandchildren",
    "Get back to gardening",
    "Sit through a film",
    "Go swimming again",
]
_KINDS = {name: kind for name, kind, _ in PLAN_FIELDS}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ActionPlan(Activity):
    kind = "plan"
    takes_responses = True
    fields = frozenset({"contact"})
    room_sees_results = False
    shows_safety_reminder = True
    in_notebook = True
    edited_in_notebook = True

    def parse_fields(self, raw, where):
        return {"contact": text_field(raw, "contact", f"{where}.contact", limit=300)}

    def validate_response(self, step, value):
        """A whole or partial plan (it is saved as it is typed)."""
        if not isinstance(value, dict):
            raise InvalidResponse(N_("The plan must be sent as its fields."))
        plan = {}
        for name, given in value.items():
            kind = _KINDS.get(name)
            if kind is None:
                raise InvalidResponse(
                    N_("The plan has no field called %(name)s."), name=str(name)[:40]
                )
            plan[name] = _check_field(kind, given)
        return plan

    def results(self, step, responses, moderation: Moderation = NO_MODERATION):
        started = [r for r in responses if has_content(r.value)]
        return {
            "started": len(started),
            "finished": sum(1 for r in started if r.value.get("done")),
            "shared": [{"name": r.name, "plan": r.value} for r in started if r.value.get("share")],
        }

    def result_size(self, results):
        return int(results.get("started", 0))

    def free_text(self, step, value):
        return [v for name, v in value.items() if _KINDS[name] == "text" and v]

    def view_for(self, step, audience, *, revealed):
        return {
            "fields": [{"name": n, "kind": k, "label": label} for n, k, label in PLAN_FIELDS],
            "confidence_prompt_below": CONFIDENCE_PROMPT_BELOW,
            "contact": step.fields["contact"],
        }

    def kept_results(self, step, responses, results, redacted):
        return {
            "started": results["started"],
            "finished": results["finished"],
            "shared": len(results["shared"]),
        }

    themes_from_answers = True  # a plan's text is never kept with the results

    def answer_theme_text(self, step, value):
        """What might get in the way, from plans their authors chose to share with the physio:
        a plan kept to oneself is never read by staff, grouped or not."""
        return value.get("barriers", "") if value.get("share") is True else ""

    def report_entry(self, step, results):
        return {
            "size": results["started"],
            "rows": [
                {"label": label, "count": results[key], "percent": None}
                for key, label in (
                    ("started", "Started a plan"),
                    ("finished", "Finished it"),
                    ("shared", "Shared it with the physio"),
                )
            ],
        }

    def on_paper(self, step):
        ratings = tuple((str(n), str(n)) for n in range(11))
        questions = tuple(
            PaperQuestion(name, label, ONE, ratings)
            if kind == "rating"
            else PaperQuestion(name, label, WRITE, lines=1 if kind == "date" else 2)
            for name, kind, label in PLAN_FIELDS
            if kind != "choice"  # sharing and finishing are for the plan on a phone
        )
        note = "Your plan is yours to keep: take this page home. It is not collected."
        if step.fields["contact"]:
            note += f" {step.fields['contact']}"
        return OnPaper(questions, collected=False, note=note)

    def answer_from_form(self, form):
        plan: dict = {}
        for name, kind, _label in PLAN_FIELDS:
            raw = form.get(name, "")
            if kind == "rating":
                # Left empty: no rating. Anything but a whole number goes on as given, for
                # validate_response to refuse in its own words.
                number = whole_number(raw)
                plan[name] = number if number is not None else (raw if raw.strip() else None)
            elif kind == "choice":
                plan[name] = raw == "yes"
            else:
                plan[name] = raw
        return plan

    def notebook_sections(self, steps, responses):
        step = steps[0] if steps else None
        return {
            "plan": None
            if step is None
            else {
                "step_id": step.id,
                "title": step.title,
                "fields": [{"name": n, "kind": k, "label": label} for n, k, label in PLAN_FIELDS],
                "values": dict(responses.get(step.id, {})),
                "contact": step.fields["contact"],
            }
        }

    def kept_forward(self, step, value):
        """The plan itself, once it has anything in it, for a later plan review."""
        return dict(value) if isinstance(value, dict) and has_content(value) else None

    def demo_answer(self, step, person, rng, memory):
        if rng.random() < 0.25:
            return None
        return {
            "goal": rng.choice(DEMO_GOALS),
            "goal_rating": rng.randint(2, 6),
            "confidence": rng.randint(5, 9),
            "done": rng.random() < 0.6,
            "share": rng.random() < 0.3,
        }


def has_content(plan: dict) -> bool:
    return any(value not in ("", None) and value is not False for value in plan.values())


def _check_field(kind: str, given):
    if kind == "text":
        return clean_text(given, limit=MAX_FIELD, what="Each answer")
    if kind == "rating":
        if given is None:
            return None
        if isinstance(given, bool) or not isinstance(given, int) or not 0 <= given <= 10:
            raise InvalidResponse(N_("Choose a whole number from 0 to 10."))
        return given
    if kind == "date":
        if given in (None, ""):
            return ""
        if not isinstance(given, str) or not _DATE.fullmatch(given):
            raise InvalidResponse(N_("Give the date as year-month-day."))
        year, month, day = (int(part) for part in given.split("-"))
        if not (year >= 1 and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
            raise InvalidResponse(N_("That date does not exist."))
        return given
    if not isinstance(given, bool):
        raise InvalidResponse(N_("Choose yes or no."))
    return given
