"""Peer discussion: the room split into small groups, each with its own card(s) and an
optional report-back note that only the facilitator reads."""

from __future__ import annotations

from sessions import groups
from sessions.activities.base import (
    FACILITATOR,
    NO_MODERATION,
    Activity,
    InvalidResponse,
    Moderation,
    clean_text,
    kept_item,
    shown_text,
)
from sessions.activities.deck_fields import bool_field, parse_items, whole_number_field
from sessions.words import N_

MAX_NOTE = 500
DEMO_NOTES = [
    "Walking a little every day helped more than resting.",
    "We all got told different things about scans.",
    "Gardening in short bursts with breaks.",
    "Telling family when it's a bad day so they can help.",
    "Heat and a slow walk before bed.",
]


class Discussion(Activity):
    kind = "discuss"
    takes_responses = True
    fields = frozenset({"cards", "group_size", "cards_per_group", "report_back"})
    room_sees_results = False
    makes_groups = True
    kept_text_key = "notes"
    skeleton_fields = {"cards": [{"id": "c", "text": "C"}]}

    def parse_fields(self, raw, where):
        return {
            "cards": parse_items(
                raw, "cards", where, text_key="text", minimum=1, maximum=30, limit=400
            ),
            "group_size": whole_number_field(raw, "group_size", where, default=3, low=2, high=6),
            "cards_per_group": whole_number_field(
                raw, "cards_per_group", where, default=1, low=1, high=3
            ),
            "report_back": bool_field(raw, "report_back", where),
        }

    def group_size(self, step):
        return step.fields["group_size"]

    def group_cards(self, step, number):
        cards = step.fields["cards"]
        if number is None:
            return [dict(card) for card in cards]
        return groups.cards_for(number - 1, cards, step.fields["cards_per_group"])

    def accepts_responses(self, step):
        return step.fields["report_back"]

    def validate_response(self, step, value):
        if not step.fields["report_back"]:
            raise InvalidResponse(N_("This discussion has no report-back note."))
        note = clean_text(value, limit=MAX_NOTE, what="The note")
        if not note:
            raise InvalidResponse(N_("Write the group's note before sending."))
        return note

    def results(self, step, responses, moderation: Moderation = NO_MODERATION):
        notes = [
            {"group": r.group, "name": r.name, "text": r.value}
            for r in sorted(responses, key=lambda r: (r.group is None, r.group or 0))
        ]
        return {"total": len(responses), "notes": notes}

    def free_text(self, step, value):
        return [value]

    def view_for(self, step, audience, *, revealed):
        view = {
            "group_size": step.fields["group_size"],
            "report_back": step.fields["report_back"],
        }
        if audience == FACILITATOR:
            view["cards"] = [dict(c) for c in step.fields["cards"]]
        return view

    def kept_results(self, step, responses, results, redacted):
        ordered = sorted(responses, key=lambda r: (r.group is None, r.group or 0))
        notes = [{**kept_item(r.answer_id, r.value, redacted), "group": r.group} for r in ordered]
        return {**results, "notes": notes}

    def report_sections(self, steps, mark):
        return {
            "notes": [
                {
                    **mark(n, step.id),
                    "step_id": step.id,
                    "step_title": step.title,
                    "group": n["group"],
                }
                for _, step, r in steps
                for n in r["notes"]
            ]
        }

    def export_tables(self, report):
        rows = [(n["step_title"], n["group"], shown_text(n)) for n in report["notes"]]
        return [("Discussion notes", ("Step", "Group", "Note"), rows)]

    def demo_answers(self, step, people, rng, memory):
        """One note from each group (`people` are the first member of each)."""
        yield from zip(people, rng.sample(DEMO_NOTES, len(people)), strict=False)
