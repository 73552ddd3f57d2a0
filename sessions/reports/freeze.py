"""Keeping a finished session's aggregates, once, from its stored rows; and redaction, which
removes one free-text item from both the aggregates and the rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sessions.measures import before_step, change
from sessions.reports import aggregates

if TYPE_CHECKING:
    from sessions.store import Store


class NotRedactable(LookupError):
    """No such free-text item in this session's report."""


def keep_aggregates(store: Store, session_id: str, *, again: bool = False) -> bool:
    """Compute and keep a finished session's aggregates unless they are kept already (or,
    `again`, in their place: paper answers were added). True when this call kept them."""
    row = store.sessions.get(session_id)
    if row is None or row["status"] != "ended":
        return False
    if store.review.summary(session_id) is not None and not (
        again and not store.review.purged(session_id)
    ):
        return False
    deck = store.sessions.deck_of(session_id)
    redacted: dict[str, set[str]] = {}
    for r in store.review.redactions(session_id):
        redacted.setdefault(r["step_id"], set()).add(r["item_id"])
    results: dict[str, dict[str, Any]] = {}
    for step in deck.steps:
        if not step.takes_responses:
            continue
        before = before_step(deck, step)
        measured = (
            None
            if before is None
            else change(
                store.responses.values_by_participant(session_id, before.id),
                store.responses.values_by_participant(session_id, step.id),
            )
        )
        results[step.id] = aggregates.final_results(
            step,
            store.responses.for_step(session_id, step.id),
            store.room.moderation(session_id, step.id),
            change=measured,
            redacted=redacted.get(step.id, ()),
            second_vote=_second_vote(store, session_id, step),
        )
    questions = aggregates.kept_questions(store.room.questions(session_id))
    for question in questions:
        if question["id"] in redacted.get("", ()):
            question.update(text="", redacted=True)
    summary = aggregates.summary(
        deck,
        results,
        joined=store.participants.count(session_id),
        on_paper=store.paper.count(session_id),
        attendance_rows=aggregates.attendance(
            deck, store.review.attendance(session_id), store.review.answered_steps(session_id)
        ),
        questions=questions,
    )
    return store.review.save_aggregates(session_id, results, summary, again=again)


def _second_vote(store: Store, session_id: str, step) -> dict[str, Any] | None:
    second = store.responses.second_votes(session_id, step.id)
    if not second or not step.activity.votes_again(step):
        return None
    first = store.responses.values_by_participant(session_id, step.id)
    return step.activity.second_vote(step, first, second)


def keep_all(store: Store) -> int:
    """Keep the aggregates of every finished session that has none yet; how many."""
    return sum(
        1
        for session_id in store.review.finished_without_summary()
        if keep_aggregates(store, session_id)
    )


def redact(store: Store, session_id: str, step_id: str, item_id: str, user_id: str) -> None:
    """Remove one free-text item (an FFT comment, an open answer, a discussion note, or with
    no step an anonymous question) for good. Raises NotRedactable if there is no such item."""
    keep_aggregates(store, session_id)
    if not step_id:
        questions = (store.review.summary(session_id) or {}).get("questions", [])
        if not any(q["id"] == item_id for q in questions):
            raise NotRedactable(item_id)
        kept: Any = [
            {**q, "text": "", "redacted": True} if q["id"] == item_id else q for q in questions
        ]
        store.review.redact(session_id, "", item_id, user_id=user_id, kept=kept, scrub=None)
        return
    results = store.review.step_results(session_id).get(step_id)
    step = store.sessions.deck_of(session_id).step_by_id(step_id)
    if results is None or step is None:
        raise NotRedactable(item_id)
    try:
        kept = aggregates.redact_item(step.kind, results, item_id)
    except KeyError:
        raise NotRedactable(item_id) from None
    store.review.redact(
        session_id,
        step_id,
        item_id,
        user_id=user_id,
        kept=kept,
        scrub=lambda value: aggregates.scrub(step.kind, value),
    )
