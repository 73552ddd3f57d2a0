"""One finished session's report, read from its kept aggregates: the same whether or not its
participant-level rows have since been deleted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from sessions import measures, reactions
from sessions.activities import KINDS
from sessions.deck import Deck, Step
from sessions.reports.freeze import keep_aggregates, keep_all
from sessions.reports.timings import report_timings

if TYPE_CHECKING:
    from sessions.store import Store


def finished_sessions(store: Store, **filters: Any) -> tuple[list[dict[str, Any]], int]:
    """The finished-session list (see store.review.finished_sessions for the filters), after keeping
    the aggregates of any session that finished since the last look."""
    keep_all(store)
    return store.review.finished_sessions(**filters)


def session_report(store: Store, session_id: str) -> dict[str, Any] | None:
    """The report of a finished session, or None for an unknown or still live one. Keeps the
    session's aggregates first if that has not happened yet."""
    row = store.sessions.get(session_id)
    if row is None or row["status"] != "ended":
        return None
    keep_aggregates(store, session_id)
    facilitator = store.accounts.account(row["facilitator_id"])
    report = build_report(
        row,
        store.sessions.deck_of(session_id),
        cast(Mapping[str, Any], store.review.summary(session_id)),  # kept just above
        store.review.step_results(session_id),
        store.review.redactions(session_id),
        facilitator=facilitator["username"] if facilitator else "",
    )
    report["alerts"] = store.alerts.of_session(session_id)
    report["reactions"] = reactions.report_entries(
        store.sessions.deck_of(session_id), store.reactions.by_step(session_id)
    )
    report["safety_skips"] = store.sessions.safety_skips(session_id)
    report["timings"] = report_timings(store, row, store.sessions.deck_of(session_id))
    return report


def build_report(
    row: Mapping[str, Any],
    deck: Deck,
    summary: Mapping[str, Any],
    results: Mapping[str, Mapping[str, Any]],
    redactions: Sequence[Mapping[str, Any]],
    *,
    facilitator: str,
) -> dict[str, Any]:
    removed = {(r["step_id"], r["item_id"]): r for r in redactions}
    shown = {a["step_id"] for a in summary["attendance"]}
    steps = [  # the steps the room was shown or anyone answered; skipped ones are left out
        (number, step, results[step.id])
        for number, step in enumerate(deck.steps, start=1)
        if step.id in results
        and (step.id in shown or step.activity.result_size(results[step.id]) > 0)
    ]
    by_id = {s.id: (i, s) for i, s in enumerate(deck.steps, start=1)}
    return {
        "session": {
            "id": row["id"],
            "title": row["title"],
            "deck_id": row["deck_id"],
            "demo": bool(row.get("demo")),
            "started_at": row["created_at"],
            "ended_at": row["ended_at"],
            "facilitator": facilitator,
            "facilitator_id": row["facilitator_id"],
            "joined": summary["joined"],
            "on_paper": summary.get("on_paper", 0),
            "reached_end": summary["reached_end"],
            "fft_positive": summary["fft_positive"],
            "fft_negative": summary["fft_negative"],
            "purged_at": summary["purged_at"],
        },
        "attendance": [
            {**a, "number": by_id[a["step_id"]][0], "title": by_id[a["step_id"]][1].title}
            for a in summary["attendance"]
            if a["step_id"] in by_id
        ],
        "steps": [step_entry(number, step, r) for number, step, r in steps],
        "measures": [
            measures.entry(deck, step, r["change"]) for _, step, r in steps if "change" in r
        ],
        **kind_sections(steps, removed),
        "questions": [
            {
                **_mark(q, "", removed),
                "votes": q["votes"],
                "answered": q["answered"],
                "status": q["status"],
            }
            for q in summary["questions"]
        ],
        "redaction_count": len(redactions),
    }


def _mark(item: Mapping[str, Any], step_id: str, removed: Mapping) -> dict[str, Any]:
    """An item's id and text, and who removed it and when, if staff did."""
    gone = removed.get((step_id, item["id"]))
    return {
        "id": item["id"],
        "text": "" if gone or item.get("redacted") else item["text"],
        "redacted": bool(gone or item.get("redacted")),
        "redacted_by": gone["username"] if gone else "",
        "redacted_at": gone["redacted_at"] if gone else "",
    }


def step_entry(number: int, step: Step, r: Mapping[str, Any]) -> dict[str, Any]:
    """A step's results as rows (label, count, % of the people counted) for its chart and
    table, with the number of people they are made of; the kind says what they are."""
    return {
        "number": number,
        "id": step.id,
        "kind": step.kind,
        "title": step.title,
        "rows": [],
        "mean": None,
        **step.activity.report_entry(step, r),
    }


def kind_sections(
    steps: Sequence[tuple[int, Step, Mapping[str, Any]]], removed: Mapping
) -> dict[str, Any]:
    """Each kind's own report sections, made from its steps, in the order kinds register."""

    def mark(item: Mapping[str, Any], step_id: str) -> dict[str, Any]:
        return _mark(item, step_id, removed)

    sections: dict[str, Any] = {}
    for activity in KINDS.values():
        own = [entry for entry in steps if entry[1].activity is activity]
        sections.update(activity.report_sections(own, mark))
    return sections
