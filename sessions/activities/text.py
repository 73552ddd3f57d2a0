"""The free-text kinds: word clouds, open questions (moderated) and private reflections."""

from __future__ import annotations

import re
import string
from collections import Counter

from sessions.activities.base import (
    NO_MODERATION,
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
from sessions.activities.deck_fields import parse_items, whole_number_field
from sessions.fields import DeckError
from sessions.words import N_

MAX_ROOM_WORDS = 50
MAX_REPORT_WORDS = 20
DEMO_REMEMBER = [
    "Hurt doesn't always mean harm.",
    "Pace it: start small and build up.",
    "A flare-up is not new damage.",
    "Keep moving gently.",
]
_SPACES = re.compile(r"\s+")
KEEP_NOTE = "This part is yours to keep: it is not collected."


def normalise_word(text: str) -> str:
    """'  Walking! ' and 'walking' are one word in the cloud: case, surrounding spaces and
    punctuation do not count."""
    return _SPACES.sub(" ", text).strip().strip(string.punctuation + "“”‘’ ").strip().lower()


class WordCloud(Activity):
    """Each participant sends up to `max_words` short words or phrases; the screen shows them
    sized by how many people sent each. The facilitator can hide an entry."""

    kind = "wordcloud"
    takes_responses = True
    fields = frozenset({"max_words", "max_length"})
    moderated = True

    def parse_fields(self, raw, where):
        return {
            "max_words": whole_number_field(raw, "max_words", where, default=3, low=1, high=10),
            "max_length": whole_number_field(raw, "max_length", where, default=30, low=5, high=60),
        }

    def validate_response(self, step, value):
        most, longest = step.fields["max_words"], step.fields["max_length"]
        if not isinstance(value, list) or not value:
            raise InvalidResponse(N_("Send at least one word."))
        if len(value) > most:
            raise InvalidResponse(N_("Send at most %(most)s words or short phrases."), most=most)
        words, seen = [], set()
        for item in value:
            if isinstance(item, str):
                item = _SPACES.sub(" ", item)  # a tab or new line between words is a space
            word = clean_text(item, limit=longest, what="Each word")
            key = normalise_word(word)
            if not key:
                raise InvalidResponse(N_("Each entry needs at least one letter or number."))
            if key not in seen:
                seen.add(key)
                words.append(word)
        return words

    def results(self, step, responses, moderation: Moderation = NO_MODERATION):
        counts: Counter[str] = Counter()
        for response in responses:
            counts.update({normalise_word(w) for w in response.value})
        words = [
            {"text": key, "count": n, "hidden": key in moderation.hidden}
            for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
        return {"total": len(responses), "words": words}

    def room_results(self, step, results):
        shown = [w for w in results["words"] if not w["hidden"]][:MAX_ROOM_WORDS]
        return {
            **results,
            "words": [{"text": w["text"], "count": w["count"]} for w in shown],
        }

    def free_text(self, step, value):
        return list(value)

    def view_for(self, step, audience, *, revealed):
        return {"max_words": step.fields["max_words"], "max_length": step.fields["max_length"]}

    def on_paper(self, step):
        most = step.fields["max_words"]
        words = tuple(
            PaperQuestion(f"word-{n}", f"{step.title} ({n} of {most})", WRITE, lines=1)
            for n in range(1, most + 1)
        )
        return OnPaper(words, note=f"Up to {most} words or short phrases, one a line.")

    def from_paper(self, step, answers):
        words = [
            answers[f"word-{n}"]
            for n in range(1, step.fields["max_words"] + 1)
            if answers.get(f"word-{n}", "").strip()
        ]
        return words or None

    def report_entry(self, step, results):
        total = results["total"]
        shown = [w for w in results["words"] if not w["hidden"]][:MAX_REPORT_WORDS]
        return {
            "size": total,
            "rows": [
                {"label": w["text"], "count": w["count"], "percent": percent(w["count"], total)}
                for w in shown
            ],
        }


class OpenQuestion(Activity):
    """Free text. Answers wait in the console's moderation queue; only approved ones reach the
    screen and phones, never with names."""

    kind = "open"
    takes_responses = True
    fields = frozenset({"max_length"})
    uses_threshold = False  # each answer shown was approved by the facilitator
    moderated = True
    kept_text_key = "answers"

    def parse_fields(self, raw, where):
        return {
            "max_length": whole_number_field(
                raw, "max_length", where, default=280, low=20, high=1000
            )
        }

    def validate_response(self, step, value):
        text = clean_text(value, limit=step.fields["max_length"])
        if not text:
            raise InvalidResponse(N_("Write something before sending."))
        return text

    def results(self, step, responses, moderation: Moderation = NO_MODERATION):
        answers = [
            {
                "id": r.answer_id,
                "text": r.value,
                "status": _status(r.answer_id, moderation),
                "starred": r.answer_id in moderation.starred,
            }
            for r in responses
        ]
        return {"total": len(responses), "answers": answers}

    def room_results(self, step, results):
        approved = [a for a in results["answers"] if a["status"] == "approved"]
        approved.sort(key=lambda a: not a["starred"])  # starred first, otherwise as they came
        return {
            "total": results["total"],
            "answers": [
                {"id": a["id"], "text": a["text"], "starred": a["starred"]} for a in approved
            ],
        }

    def free_text(self, step, value):
        return [value]

    def view_for(self, step, audience, *, revealed):
        return {"max_length": step.fields["max_length"]}

    def on_paper(self, step):
        lines = min(8, max(3, step.fields["max_length"] // 80))
        return OnPaper((PaperQuestion("text", step.title, WRITE, lines=lines),))

    def from_paper(self, step, answers):
        text = answers.get("text", "")
        return text if text.strip() else None

    def kept_results(self, step, responses, results, redacted):
        answers = [{**a, **kept_item(a["id"], a["text"], redacted)} for a in results["answers"]]
        return {**results, "answers": answers}

    def theme_texts(self, step, results):
        """Approved answers only, as the report shows (where staff may remove one)."""
        return [
            (a["id"], a["text"])
            for a in results["answers"]
            if a["status"] == "approved" and a["text"] and not a.get("redacted")
        ]

    def report_sections(self, steps, mark):
        return {
            "open_answers": [
                {
                    **mark(a, step.id),
                    "step_id": step.id,
                    "step_title": step.title,
                    "starred": a["starred"],
                }
                for _, step, r in steps
                for a in sorted(r["answers"], key=lambda a: not a["starred"])
                if a["status"] == "approved"
            ]
        }

    def export_tables(self, report):
        rows = [(a["step_title"], shown_text(a)) for a in report["open_answers"]]
        return [("Open answers", ("Step", "Answer"), rows)]


def _status(item: str, moderation: Moderation) -> str:
    if item in moderation.hidden:
        return "hidden"
    return "approved" if item in moderation.approved else "pending"


class Reflection(Activity):
    """Private writing for the participant's own notebook. The console learns only how many
    have written something, never what."""

    kind = "reflect"
    takes_responses = True
    fields = frozenset({"prompts", "question_prompt"})
    room_sees_results = False
    in_notebook = True
    skeleton_fields = {"prompts": [{"id": "p", "label": "P"}]}
    fields_checked_together = (frozenset({"prompts", "question_prompt"}),)
    max_length = 1000

    def parse_fields(self, raw, where):
        prompts = parse_items(
            raw, "prompts", where, text_key="label", minimum=1, maximum=5, limit=300
        )
        question_prompt = raw.get("question_prompt")
        if question_prompt is not None and question_prompt not in [p["id"] for p in prompts]:
            raise DeckError(f"{where}.question_prompt", "must be the id of one of the prompts")
        return {"prompts": prompts, "question_prompt": question_prompt}

    def validate_response(self, step, value):
        ids = [p["id"] for p in step.fields["prompts"]]
        if not isinstance(value, dict) or not value:
            raise InvalidResponse(N_("Write an answer to at least one of the prompts."))
        unknown = [k for k in value if k not in ids]
        if unknown:
            raise InvalidResponse(N_("That is not one of this step's prompts."))
        cleaned = {k: clean_text(value[k], limit=self.max_length) for k in ids if k in value}
        if not any(cleaned.values()):
            raise InvalidResponse(N_("Write an answer to at least one of the prompts."))
        return cleaned

    def results(self, step, responses, moderation: Moderation = NO_MODERATION):
        return {"count": sum(1 for r in responses if any(r.value.values()))}

    def result_size(self, results):
        return int(results.get("count", 0))

    def free_text(self, step, value):
        return [text for text in value.values() if text]

    def view_for(self, step, audience, *, revealed):
        return {
            "prompts": [dict(p) for p in step.fields["prompts"]],
            "question_prompt": step.fields["question_prompt"],
            "max_length": self.max_length,
        }

    def on_paper(self, step):
        prompts = tuple(
            PaperQuestion(p["id"], p["label"], WRITE, lines=4) for p in step.fields["prompts"]
        )
        return OnPaper(prompts, collected=False, note=KEEP_NOTE)

    def notebook_sections(self, steps, responses):
        reflections = [
            {
                "title": step.title,
                "answers": [
                    {"prompt": p["label"], "text": responses[step.id][p["id"]]}
                    for p in step.fields["prompts"]
                    if responses[step.id].get(p["id"])
                ],
            }
            for step in steps
            if step.id in responses
        ]
        return {"reflections": [r for r in reflections if r["answers"]]}

    def demo_answer(self, step, person, rng, memory):
        first = step.fields["prompts"][0]["id"]
        return {first: rng.choice(DEMO_REMEMBER)} if rng.random() < 0.6 else None
