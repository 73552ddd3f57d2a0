"""Looking back at one's plan ("Last time you planned to ... How did it go?"): each person sees
their own latest plan, says how it went, and may change the plan, which becomes their latest.
Private as plans are: the console sees only counts."""

from __future__ import annotations

from sessions.activities.base import (
    NO_MODERATION,
    Activity,
    InvalidResponse,
    Moderation,
    clean_text,
)
from sessions.activities.plan import MAX_FIELD, PLAN_FIELDS, ActionPlan, has_content
from sessions.fields import text_field
from sessions.words import N_

# How it went, in the order a phone offers them: (id, label, the console's count label).
OUTCOMES: tuple[tuple[str, str, str], ...] = (
    ("did", "I did it", "Did it"),
    ("partly", "I partly did it", "Partly"),
    ("not_yet", "Not yet", "Not yet"),
)
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("in_the_way", "What got in the way?"),
    ("next", "What will I do next?"),
)
_OUTCOME_IDS = {outcome for outcome, _, _ in OUTCOMES}
_ANSWER_KEYS = {"went", "plan", *(name for name, _ in QUESTIONS)}
_PLAN = ActionPlan()


class PlanReview(Activity):
    kind = "plan_review"
    takes_responses = True
    room_sees_results = False
    shows_safety_reminder = True
    in_notebook = True
    looks_back = True
    fields = frozenset({"contact"})

    def parse_fields(self, raw, where):
        return {"contact": text_field(raw, "contact", f"{where}.contact", limit=300)}

    def validate_response(self, step, value):
        """How it went (or not said yet), the two short answers, and the plan as changed
        (whole or partial, checked as a plan is)."""
        if not isinstance(value, dict):
            raise InvalidResponse(N_("The review must be sent as its fields."))
        unknown = sorted(str(key)[:40] for key in value if key not in _ANSWER_KEYS)
        if unknown:
            raise InvalidResponse(N_("The review has no field called %(name)s."), name=unknown[0])
        went = value.get("went")
        if went not in (None, "") and went not in _OUTCOME_IDS:
            raise InvalidResponse(N_("Choose how it went: did it, partly, or not yet."))
        review = {"went": went or None}
        for name, _label in QUESTIONS:
            review[name] = clean_text(value.get(name, ""), limit=MAX_FIELD, what="Each answer")
        plan = value.get("plan", {})
        review["plan"] = _PLAN.validate_response(step, plan) if plan else {}
        return review

    def results(self, step, responses, moderation: Moderation = NO_MODERATION):
        said = [r.value for r in responses if r.value.get("went")]
        counts = {outcome: sum(1 for v in said if v["went"] == outcome) for outcome in _OUTCOME_IDS}
        return {
            "reviewed": len(said),
            **counts,
            "changed": sum(1 for r in responses if has_content(r.value.get("plan") or {})),
        }

    def result_size(self, results):
        return int(results.get("reviewed", 0))

    def free_text(self, step, value):
        own = [value[name] for name, _ in QUESTIONS if value.get(name)]
        return own + _PLAN.free_text(step, value.get("plan") or {})

    def view_for(self, step, audience, *, revealed):
        return {
            "outcomes": [{"id": o, "label": label} for o, label, _ in OUTCOMES],
            "questions": [{"name": n, "label": label} for n, label in QUESTIONS],
            "fields": [{"name": n, "kind": k, "label": label} for n, k, label in PLAN_FIELDS],
            "contact": step.fields["contact"],
            "own_view": True,  # each phone's earlier plan comes in its own snapshot
        }

    def looked_back(self, step, earlier):
        """The latest plan the person made before this step: in an earlier session of their
        course, or earlier in this one. Their answer to this very step is not "before"."""
        plans = [
            (answer.order, plan, answer.this_session)
            for answer in earlier
            if not (answer.this_session and answer.step.id == step.id)
            and (plan := answer.step.activity.kept_forward(answer.step, answer.value))
        ]
        if not plans:
            return None
        order, plan, this_session = max(plans, key=lambda entry: entry[0])
        return {"plan": plan, "made_on": order[1][:10], "earlier_session": not this_session}

    def kept_forward(self, step, value):
        """The changed plan is the person's latest from now on."""
        plan = value.get("plan") if isinstance(value, dict) else None
        return dict(plan) if isinstance(plan, dict) and has_content(plan) else None

    def report_entry(self, step, results):
        rows = [("reviewed", "Looked back at their plan")]
        rows += [(outcome, label) for outcome, _, label in OUTCOMES]
        rows += [("changed", "Changed their plan")]
        return {
            "size": results.get("reviewed", 0),
            "rows": [
                {"label": label, "count": results.get(key, 0), "percent": None}
                for key, label in rows
            ],
        }

    def notebook_sections(self, steps, responses):
        labels = {outcome: label for outcome, label, _ in OUTCOMES}
        reviews = []
        for step in steps:
            value = responses.get(step.id)
            if not isinstance(value, dict):
                continue
            reviews.append(
                {
                    "title": step.title,
                    "went": labels.get(value.get("went") or "", ""),
                    "answers": [
                        {"label": label, "text": value.get(name, "")}
                        for name, label in QUESTIONS
                        if value.get(name)
                    ],
                    "plan": [
                        {"label": label, "text": _shown(value["plan"][name])}
                        for name, _kind, label in PLAN_FIELDS
                        if _shown((value.get("plan") or {}).get(name))
                    ],
                }
            )
        return {"plan_reviews": reviews}

    def demo_answer(self, step, person, rng, memory):
        if rng.random() < 0.3:
            return None
        return {
            "went": rng.choice([o for o, _, _ in OUTCOMES]),
            "in_the_way": "",
            "next": "",
            "plan": {},
        }


def _shown(value) -> str:
    """A plan field as the notebook prints it; empty for an unanswered one."""
    if value is True:
        return "Yes"
    if value in (None, "", False):
        return ""
    if isinstance(value, int):
        return f"{value} out of 10"
    return str(value)
