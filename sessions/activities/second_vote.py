"""A poll's or quiz's second vote (peer instruction) in a session's report and export: both
votes of each option side by side, and for a quiz how many moved to the right answer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sessions.activities.base import Chance, ExportTable, Numbered

# The demo data's second votes: after talking it over, how likely someone who was wrong is to
# move to the right answer (peer instruction's point), someone else to keep their first vote,
# and anyone to leave the second vote unanswered.
DEMO_MOVES_TO_RIGHT = 0.6
DEMO_KEEPS = 0.85
DEMO_SKIPS = 0.1

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


def demo_votes(
    first: Mapping[str, Any], options: Sequence[str], right: Any, rng: Chance
) -> Iterator[tuple[str, Any]]:
    """Made-up second votes from each person's first: `right` is a quiz's right answer (None
    for a poll). A changed vote is another single option; a list of choices is kept as it was."""
    for person, value in first.items():
        if rng.random() < DEMO_SKIPS:
            continue
        if right is not None and value != right:
            yield person, right if rng.random() < DEMO_MOVES_TO_RIGHT else value
        elif isinstance(value, list) or rng.random() < DEMO_KEEPS:
            yield person, value
        else:
            yield person, rng.choice([o for o in options if o != value])
