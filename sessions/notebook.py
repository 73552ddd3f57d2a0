"""A participant's notebook: what they keep from a session. Pure: built from the session's deck
and the participant's own stored answers and questions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sessions.activities.plan import PLAN_FIELDS
from sessions.deck import Deck


def notebook(
    deck: Deck, responses: Mapping[str, Any], questions: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Key messages, the participant's reflections and plan, their questions, and the safety
    reminder. Nothing of anyone else's."""
    written = deck.safety.when_to_get_help if deck.safety else ""
    safety = None if written else next((s for s in deck.steps if s.locked), None)
    reflections = [
        {
            "title": step.title,
            "answers": [
                {"prompt": p["label"], "text": responses[step.id].get(p["id"], "")}
                for p in step.fields["prompts"]
                if responses[step.id].get(p["id"])
            ],
        }
        for step in deck.steps
        if step.kind == "reflect" and step.id in responses
    ]
    plan_step = next((s for s in deck.steps if s.kind == "plan"), None)
    return {
        "title": deck.title,
        "takeaways": [
            {"title": s.title, "body_html": s.body_html}
            for s in deck.steps
            if s.kind == "slide" and s.fields.get("takeaway")
        ],
        "reflections": [r for r in reflections if r["answers"]],
        "plan": None
        if plan_step is None
        else {
            "step_id": plan_step.id,
            "title": plan_step.title,
            "fields": [{"name": n, "kind": k, "label": label} for n, k, label in PLAN_FIELDS],
            "values": dict(responses.get(plan_step.id, {})),
            "contact": plan_step.fields["contact"],
        },
        "questions": [{"text": q["text"], "answered": bool(q["answered"])} for q in questions],
        # The deck's own words on when to get help, else its locked safety slide, else
        # neutral wording: never another condition's symptoms.
        "safety_title": safety.title if safety else "When to get help",
        "safety_html": safety.body_html if safety else deck.safety_wording.when_to_get_help_html,
    }
