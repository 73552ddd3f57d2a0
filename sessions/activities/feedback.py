"""Feedback: the NHS Friends and Family Test, word for word, with a free-text follow-up and
optional extra rating questions. Anonymous: no view links an answer to a person."""

from __future__ import annotations

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
    kept_item,
    percent,
    shown_text,
)
from sessions.activities.deck_fields import ITEM_ID
from sessions.fields import DeckError, text_field
from sessions.words import N_

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

# The demo data: answers weighted as services commonly see them, with comments to match.
DEMO_WEIGHTS = {
    "very-good": 56,
    "good": 28,
    "neither": 7,
    "poor": 4,
    "very-poor": 1,
    "dont-know": 4,
}
DEMO_COMMENTS = {
    "very-good": [
        "The physio explained pain in a way that finally made sense.",
        "Really helpful to hear I'm not the only one.",
        "I feel less scared about moving now.",
        "Good mix of talking and doing. The myth quiz was an eye-opener.",
    ],
    "good": [
        "Useful, though the room was a bit cold.",
        "Helpful session. Would have liked more time for questions.",
        "Good, the plan sheet is something I will actually use.",
    ],
    "neither": ["Some of it I knew already.", "OK but a lot to take in."],
    "poor": ["Hard to hear at the back of the room.", "Too rushed at the end."],
    "very-poor": ["Not what I expected, I wanted exercises."],
    "dont-know": [],
}


def percentages(counts: dict[str, int], total: int) -> dict[str, float | None]:
    """The FFT headline: % positive (Very good + Good) and % negative (Poor + Very poor), of all
    who answered the question."""
    if not total:
        return {"positive": None, "negative": None}
    return {
        "positive": round(100 * sum(counts[k] for k in POSITIVE) / total, 1),
        "negative": round(100 * sum(counts[k] for k in NEGATIVE) / total, 1),
    }


def fft_view(wording) -> dict:
    """The question and answers as a view shows them: the English, word for word, unless a
    phone's language gave the step its own `fft_wording` (sessions/phone_language.py): then
    the language they are in and any translation to show beneath them."""
    if not wording:
        return {"question": FFT_QUESTION, "options": [dict(o) for o in FFT_OPTIONS]}
    view = {
        "question": wording["question"],
        "options": [dict(o) for o in wording["options"]],
        "fft_language": wording["language"],
    }
    for name in ("question_translation", "translation_language"):
        if name in wording:
            view[name] = wording[name]
    return view


class Feedback(Activity):
    kind = "feedback"
    takes_responses = True
    fields = frozenset({"extra"})
    anonymous = True
    kept_text_key = "comments"
    takes_fft_cards = True
    derived_item_keys = {"extra": frozenset({"min", "max"})}

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
            raise InvalidResponse(N_("Send your answer to the question, and why if you like."))
        if value.get("fft") not in FFT_IDS:
            raise InvalidResponse(N_("Choose one of the six answers."))
        answer = {"fft": value["fft"], "why": clean_text(value.get("why", ""), limit=MAX_WHY)}
        extra = value.get("extra", {})
        known = {q["id"] for q in step.fields["extra"]}
        if not isinstance(extra, dict) or set(extra) - known:
            raise InvalidResponse(N_("That is not one of the questions."))
        for rating in extra.values():
            if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 10:
                raise InvalidResponse(N_("Choose a whole number from 0 to 10."))
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
            **fft_view(step.fields.get("fft_wording")),
            "why_prompt": WHY_PROMPT,
            "why_note": WHY_NOTE,
            "why_max_length": MAX_WHY,
            "extra": [dict(q) for q in step.fields["extra"]],
        }

    def fft_counts(self, step, results):
        return results["counts"]

    def fft_card(self, step, answer):
        """One paper FFT card, with nothing but its answer."""
        return {"fft": answer, "why": "", "extra": {}}

    def on_paper(self, step):
        ratings = tuple((str(n), str(n)) for n in range(11))
        questions = (
            PaperQuestion(
                "fft", FFT_QUESTION, ONE, tuple((o["id"], o["label"]) for o in FFT_OPTIONS)
            ),
            PaperQuestion("why", f"{WHY_PROMPT} {WHY_NOTE}", WRITE, lines=4),
            *(
                PaperQuestion(
                    f"extra-{q['id']}",
                    q["title"],
                    ONE,
                    ratings,
                    ends=(q["min_label"], q["max_label"]),
                )
                for q in step.fields["extra"]
            ),
        )
        return OnPaper(questions, note="Tick one box for each question.")

    def from_paper(self, step, answers):
        if not any(answers.get(q.key) for q in self.on_paper(step).questions):
            return None
        extra = {}
        for q in step.fields["extra"]:
            ticked = answers.get(f"extra-{q['id']}")
            if ticked is not None:
                extra[q["id"]] = int(ticked) if ticked.isdigit() else ticked
        return {"fft": answers.get("fft"), "why": answers.get("why", ""), "extra": extra}

    def kept_results(self, step, responses, results, redacted):
        comments = [
            kept_item(r.answer_id, r.value.get("why", ""), redacted)
            for r in responses
            if r.value.get("why") or r.answer_id in redacted
        ]
        return {**results, "comments": comments}

    def theme_texts(self, step, results):
        return [
            (c["id"], c["text"]) for c in results["comments"] if c["text"] and not c["redacted"]
        ]

    def scrub(self, value):
        """The FFT answer itself stays: only the comment was free text."""
        return {**value, "why": ""} if isinstance(value, dict) else ""

    def report_entry(self, step, results):
        total = results["total"]
        return {
            "size": total,
            "rows": [
                {
                    "label": o["label"],
                    "count": results["counts"][o["id"]],
                    "percent": percent(results["counts"][o["id"]], total),
                }
                for o in FFT_OPTIONS
            ],
        }

    def report_sections(self, steps, mark):
        """The FFT over all the session's feedback steps, with their comments and extra
        questions."""
        counts = {o["id"]: sum(r["counts"][o["id"]] for _, _, r in steps) for o in FFT_OPTIONS}
        total = sum(counts.values())
        fft = {
            "total": total,
            "rows": [
                {
                    "id": o["id"],
                    "label": o["label"],
                    "count": counts[o["id"]],
                    "percent": percent(counts[o["id"]], total),
                }
                for o in FFT_OPTIONS
            ],
            **percentages(counts, total),
            "comments": [
                {**mark(c, step.id), "step_id": step.id}
                for _, step, r in steps
                for c in r["comments"]
            ],
            "extra": [
                {
                    "title": q["title"],
                    "count": r["extra"][q["id"]]["count"],
                    "mean": r["extra"][q["id"]]["mean"],
                }
                for _, step, r in steps
                for q in step.fields["extra"]
                if q["id"] in r["extra"]
            ],
        }
        return {"fft": fft}

    def export_tables(self, report):
        fft = report["fft"]
        return [
            (
                "FFT",
                ("Answer", "Count", "% of responses"),
                [(r["label"], r["count"], r["percent"]) for r in fft["rows"]],
            ),
            ("FFT comments", ("Comment",), [(shown_text(c),) for c in fft["comments"]]),
        ]

    def demo_answer(self, step, person, rng, memory):
        fft = rng.choices(list(DEMO_WEIGHTS), weights=list(DEMO_WEIGHTS.values()))[0]
        why = rng.choice(DEMO_COMMENTS[fft]) if DEMO_COMMENTS[fft] and rng.random() < 0.5 else ""
        return {"fft": fft, "why": why}
