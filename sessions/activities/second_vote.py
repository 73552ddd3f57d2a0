"""A poll's or quiz's second vote (peer instruction) in a session's report and export: both
votes of each option side by side, and for a quiz how many moved to the right answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sessions.activities.base import ExportTable, Numbered

HEADER = (
    "Step",
    "Question",
    "Answer",
    "First vote",
    "Second vote",
    "Voted both times",
    "Moved to correct",
)


def section(steps: Sequence[Numbered]) -> list[dict[str, Any]]:
    """Each step of `steps` that was voted on twice, with both votes' counts by option."""
    return [
        {
            "number": number,
            "step_id": step.id,
            "title": step.title,
            "total": r["total"],
            "second_total": r["second_vote"]["total"],
            "both": r["second_vote"]["both"],
            "moved_to_correct": r["second_vote"].get("moved_to_correct"),
            "options": [
                {
                    "label": o["label"],
                    "first": r["counts"].get(o["id"], 0),
                    "second": r["second_vote"]["counts"].get(o["id"], 0),
                }
                for o in step.fields["options"]
            ],
        }
        for number, step, r in steps
        if r.get("second_vote")
    ]


def table(name: str, votes: Sequence[Mapping[str, Any]]) -> ExportTable:
    """One row per option of each step voted on twice; a poll's last column is empty."""
    rows = [
        (
            v["number"],
            v["title"],
            o["label"],
            o["first"],
            o["second"],
            v["both"],
            "" if v["moved_to_correct"] is None else v["moved_to_correct"],
        )
        for v in votes
        for o in v["options"]
    ]
    return (name, HEADER, rows)
