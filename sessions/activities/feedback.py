"""Feedback: the NHS Friends and Family Test, word for word, with a free-text follow-up and
optional extra rating questions. Anonymous: no view links an answer to a person."""

from __future__ import annotations

from sessions.activities.base import (
    ITEM_ID,
    NO_MODERATION,
    Activity,
    InvalidResponse,
    Moderation,
    clean_text,
)
from sessions.fields import DeckError, text_field

# Verbatim (NHS England FFT guidance, from 1 April 2020): neither may be reworded.
FFT_QUESTION = "Overall, how was your experience of our service?"
FFT_OPTIONS = (
    {"id": "very-good", "label": "Very good"},
    {"id": "good", "label": "Good"},
    {"id": "neither", "label": "Neither good nor poor"},
    {"id": "poor", "label": "Poor"},
    {"id": "very-poor", "label": "Very poor"},
    {"id": "dont-know", "label": "Don't know"},
)
FFT_IDS = tuple(o["id"] for o in FFT_OPTIONS)
POSITIVE = ("very-good", "good")
NEGATIVE = ("poor", "very-poor")
WHY_PROMPT = "Please tell us why you gave this answer."
WHY_NOTE = "Please don't include names or personal details."
MAX_WHY = 1000


def percentages(counts: dict[str, int], total: int) -> dict[str, float | None]:
    """The FFT headline: % positive (Very good + Good) and % negative (Poor + Very poor), of all
    who answered the question."""
    if not total:
        return {"positive": None, "negative": None}
    return {
        "positive": round(100 * sum(counts[k] for k in POSITIVE) / total, 1),
        "negative": round(100 * sum(counts[k] for k in NEGATIVE) / total, 1),
    }


class Feedback(Activity):
    kind = "feedback"
    takes_responses = True
    fields = frozenset({"extra"})

    def parse_fields(self, raw, where):
        extra = raw.get("extra", [])
        if not isinstance(extra, list) or len(extra) > 5:
            raise DeckError(f"{where}.extra", "must be a list of up to 5 rating questions")
        questions, seen = [], set[str]()
        for i, item in enumerate(extra):
            here = f"{where}.extra[{i}]"
            if not isinstance(item, dict) or set(item) - {"id", "title", "min_label", "max_label"}:
                raise DeckError(here, "each question needs an id and a title (0 to 10 rating)")
            item_id = item.get("id")
            taken = seen | {"fft"}
            if not isinstance(item_id, str) or not ITEM_ID.fullmatch(item_id) or item_id in taken:
                raise DeckError(f"{here}.id", "needs a short id used by no other question")
            seen.add(item_id)
            questions.append(
                {
                    "id": item_id,
                    "title": text_field(item, "title", f"{here}.title", required=True, limit=200),
                    "min": 0,
                    "max": 10,
                    "min_label": text_field(item, "min_label", f"{here}.min_label", limit=120),
                    "max_label": text_field(item, "max_label", f"{here}.max_label", limit=120),
                }
            )
        return {"extra": questions}

    def validate_response(self, step, value):
        if not isinstance(value, dict) or set(value) - {"fft", "why", "extra"}:
            raise InvalidResponse("Send your answer to the question, and why if you like.")
        if value.get("fft") not in FFT_IDS:
            raise InvalidResponse("Choose one of the six answers.")
        answer = {"fft": value["fft"], "why": clean_text(value.get("why", ""), limit=MAX_WHY)}
        extra = value.get("extra", {})
        known = {q["id"] for q in step.fields["extra"]}
        if not isinstance(extra, dict) or set(extra) - known:
            raise InvalidResponse("That is not one of the questions.")
        for rating in extra.values():
            if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
                raise InvalidResponse("Choose a whole number from 0 to 10.")
        answer["extra"] = dict(extra)
        return answer

    def results(self, step, responses, moderation: Moderation = NO_MODERATION):
        counts = {k: 0 for k in FFT_IDS}
        for r in responses:
            counts[r.value["fft"]] += 1
        extra = {}
        for question in step.fields["extra"]:
            ratings = [
                r.value["extra"][question["id"]]
                for r in responses
                if question["id"] in r.value.get("extra", {})
            ]
            extra[question["id"]] = {
                "count": len(ratings),
                "mean": round(sum(ratings) / len(ratings), 1) if ratings else None,
            }
        total = len(responses)
        return {
            "total": total,
            "counts": counts,
            **percentages(counts, total),
            "extra": extra,
            "comments": [r.value["why"] for r in responses if r.value.get("why")],
        }

    def room_results(self, step, results):
        return {k: v for k, v in results.items() if k != "comments"}

    def free_text(self, step, value):
        return [value["why"]] if value.get("why") else []

    def view_for(self, step, audience, *, revealed):
        return {
            "question": FFT_QUESTION,
            "options": [dict(o) for o in FFT_OPTIONS],
            "why_prompt": WHY_PROMPT,
            "why_note": WHY_NOTE,
            "why_max_length": MAX_WHY,
            "extra": [dict(q) for q in step.fields["extra"]],
        }
