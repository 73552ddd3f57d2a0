"""What is kept of a finished session for review, computed from its stored rows: each step's
final results (the facilitator's live results, without names, with an id on every free-text
item so that staff can redact it), attendance, and the FFT headline. Pure: no store, no clock."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sessions.activities import KINDS, NO_MODERATION, Moderation, Response
from sessions.activities.feedback import FFT_IDS, percentages
from sessions.deck import Deck, Step
from sessions.measures import before_step as before_step  # where review code has looked for it


def final_results(
    step: Step,
    responses: Sequence[Response],
    moderation: Moderation = NO_MODERATION,
    *,
    change: Mapping[str, Any] | None = None,
    redacted: Collection[str] = (),
    second_vote: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A step's results as kept for review. `redacted` holds the ids of items staff removed:
    they stay in the lists as empty, marked entries, so counts and positions do not move.
    `second_vote` is a poll's or quiz's second vote (peer instruction), kept beside the first."""
    results = dict(step.activity.results(step, responses, moderation))
    results.pop("by_name", None)
    results = step.activity.kept_results(step, responses, results, redacted)
    if change is not None:
        results["change"] = dict(change)
    if second_vote is not None:
        results["second_vote"] = dict(second_vote)
    results["kind"] = step.kind
    return results


def redact_item(kind: str, results: dict[str, Any], item_id: str) -> dict[str, Any]:
    """The kept results with one free-text item emptied and marked; KeyError if it is not
    there."""
    key = KINDS[kind].kept_text_key
    items = results.get(key, []) if key else []
    if key is None or not any(i["id"] == item_id for i in items):
        raise KeyError(item_id)
    return {
        **results,
        key: [{**i, "text": "", "redacted": True} if i["id"] == item_id else i for i in items],
    }


def scrub(kind: str, value: Any) -> Any:
    """A stored answer without its free text (whatever else it holds is the kind's to keep)."""
    return KINDS[kind].scrub(value)


def attendance(
    deck: Deck, recorded: Mapping[str, int], answered: Mapping[str, Collection[str]]
) -> list[dict[str, Any]]:
    """People present at each step, in deck order. Where the room's moves were recorded, the
    participants connected when each step was shown; otherwise (a self-paced session, or one
    from before recording began) how many answered that question or a later one."""
    if recorded:
        return [
            {"index": i, "step_id": s.id, "count": recorded[s.id], "source": "connected"}
            for i, s in enumerate(deck.steps)
            if s.id in recorded
        ]
    index = {s.id: i for i, s in enumerate(deck.steps)}
    furthest = [
        max(index[step_id] for step_id in steps if step_id in index)
        for steps in answered.values()
        if any(step_id in index for step_id in steps)
    ]
    if not furthest:
        return []
    return [
        {
            "index": i,
            "step_id": s.id,
            "count": sum(1 for f in furthest if f >= i),
            "source": "answered",
        }
        for i, s in enumerate(deck.steps)
        if s.takes_responses and i <= max(furthest)
    ]


def fft_counts(deck: Deck, results: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The session's FFT answers over all its feedback steps: total, counts, % positive and
    % negative."""
    counts = dict.fromkeys(FFT_IDS, 0)
    for step in deck.steps:
        if step.id in results:
            for answer, n in step.activity.fft_counts(step, results[step.id]).items():
                counts[answer] += n
    total = sum(counts.values())
    return {"total": total, "counts": counts, **percentages(counts, total)}


def kept_questions(questions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Anonymous questions as kept for review: never a hidden one, never who asked."""
    return [
        {
            "id": q["id"],
            "text": q["text"],
            "votes": q["votes"],
            "answered": bool(q["answered"]),
            "status": q["status"],
            "redacted": False,
        }
        for q in questions
        if q["status"] != "hidden"
    ]


def summary(
    deck: Deck,
    results: Mapping[str, Mapping[str, Any]],
    *,
    joined: int,
    attendance_rows: list[dict[str, Any]],
    questions: list[dict[str, Any]],
    on_paper: int = 0,
) -> dict[str, Any]:
    fft = fft_counts(deck, results)
    return {
        "joined": joined,
        "on_paper": on_paper,
        "reached_end": attendance_rows[-1]["count"] if attendance_rows else 0,
        "fft_total": fft["total"],
        "fft_positive": fft["positive"],
        "fft_negative": fft["negative"],
        "attendance": attendance_rows,
        "questions": questions,
    }
