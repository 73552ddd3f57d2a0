"""A kind of step that only the end-to-end tests know: "pulse", a yes-or-no check-in."""

from __future__ import annotations

from sessions.activities import Activity, InvalidResponse

ANSWERS = ({"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"})


class Pulse(Activity):
    """Yes or no, counted like a poll's options."""

    kind = "pulse"
    takes_responses = True

    def validate_response(self, step, value):
        if value not in {a["id"] for a in ANSWERS}:
            raise InvalidResponse("Choose yes or no.")
        return value

    def aggregate(self, step, values):
        values = list(values)
        return {"total": len(values), "counts": {a["id"]: values.count(a["id"]) for a in ANSWERS}}

    def view_for(self, step, audience, *, revealed):
        return {"options": [dict(a) for a in ANSWERS]}
