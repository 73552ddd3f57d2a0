"""One finished session's report, read from its kept aggregates: the same whether or not its
participant-level rows have since been deleted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from sessions.activities.feedback import FFT_OPTIONS, percentages
from sessions.deck import Deck, Step
from sessions.reports.freeze import keep_aggregates, keep_all

if TYPE_CHECKING:
    from sessions.store import Store

MAX_WORDS = 20


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def finished_sessions(store: Store, **filters: Any) -> tuple[list[dict[str, Any]], int]:
    """The finished-session list (see Store.finished_sessions for the filters), after keeping
    the aggregates of any session that finished since the last look."""
    keep_all(store)
    return store.finished_sessions(**filters)


def session_report(store: Store, session_id: str) -> dict[str, Any] | None:
    """The report of a finished session, or None for an unknown or still live one. Keeps the
    session's aggregates first if that has not happened yet."""
    row = store.session(session_id)
    if row is None or row["status"] != "ended":
        return None
    keep_aggregates(store, session_id)
    facilitator = store.account(row["facilitator_id"])
    return build_report(
        row,
        store.deck_of(session_id),
        cast(Mapping[str, Any], store.summary(session_id)),  # kept just above
        store.step_results(session_id),
        store.redactions(session_id),
        facilitator=facilitator["username"] if facilitator else "",
    )


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
        if step.id in results and (step.id in shown or _answered(results[step.id]))
    ]
    by_id = {s.id: (i, s) for i, s in enumerate(deck.steps, start=1)}
    return {
        "session": {
            "id": row["id"],
            "title": row["title"],
            "deck_id": row["deck_id"],
            "started_at": row["created_at"],
            "ended_at": row["ended_at"],
            "facilitator": facilitator,
            "joined": summary["joined"],
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
        "quiz": [
            {
                "number": number,
                "step_id": step.id,
                "title": step.title,
                "total": r["total"],
                "correct": r["correct_count"],
                "percent_correct": percent(r["correct_count"], r["total"]),
            }
            for number, step, r in steps
            if step.kind == "quiz"
        ],
        "measures": [
            measure_entry(deck, step, r["change"]) for _, step, r in steps if "change" in r
        ],
        "notes": [
            {
                **_mark(n, step.id, removed),
                "step_id": step.id,
                "step_title": step.title,
                "group": n["group"],
            }
            for _, step, r in steps
            if step.kind == "discuss"
            for n in r["notes"]
        ],
        "open_answers": [
            {
                **_mark(a, step.id, removed),
                "step_id": step.id,
                "step_title": step.title,
                "starred": a["starred"],
            }
            for _, step, r in steps
            if step.kind == "open"
            for a in sorted(r["answers"], key=lambda a: not a["starred"])
            if a["status"] == "approved"
        ],
        "questions": [
            {
                **_mark(q, "", removed),
                "votes": q["votes"],
                "answered": q["answered"],
                "status": q["status"],
            }
            for q in summary["questions"]
        ],
        "fft": fft_entry(steps, removed),
        "redaction_count": len(redactions),
    }


def _answered(results: Mapping[str, Any]) -> bool:
    return any(results.get(key) for key in ("total", "count", "started"))


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
    table, with the number of people they are made of."""
    entry: dict[str, Any] = {
        "number": number,
        "id": step.id,
        "kind": step.kind,
        "title": step.title,
        "rows": [],
        "mean": None,
    }
    if step.kind in ("poll", "quiz"):
        correct = set(step.fields.get("correct", ()))
        entry["size"] = r["total"]
        entry["rows"] = [
            {
                "label": o["label"],
                "count": r["counts"].get(o["id"], 0),
                "percent": percent(r["counts"].get(o["id"], 0), r["total"]),
                "correct": o["id"] in correct,
            }
            for o in step.fields["options"]
        ]
        if step.kind == "quiz":
            entry["percent_correct"] = percent(r["correct_count"], r["total"])
    elif step.kind == "scale":
        entry["size"], entry["mean"] = r["count"], r["mean"]
        entry["rows"] = [
            {"label": value, "count": n, "percent": percent(n, r["count"])}
            for value, n in sorted(r["histogram"].items(), key=lambda kv: int(kv[0]))
        ]
    elif step.kind == "wordcloud":
        entry["size"] = r["total"]
        entry["rows"] = [
            {"label": w["text"], "count": w["count"], "percent": percent(w["count"], r["total"])}
            for w in r["words"]
            if not w["hidden"]
        ][:MAX_WORDS]
    elif step.kind == "plan":
        entry["size"] = r["started"]
        entry["rows"] = [
            {"label": label, "count": r[key], "percent": None}
            for key, label in (
                ("started", "Started a plan"),
                ("finished", "Finished it"),
                ("shared", "Shared it with the physio"),
            )
        ]
    elif step.kind == "feedback":
        entry["size"] = r["total"]
        entry["rows"] = [
            {
                "label": o["label"],
                "count": r["counts"][o["id"]],
                "percent": percent(r["counts"][o["id"]], r["total"]),
            }
            for o in FFT_OPTIONS
        ]
    else:  # open, reflect, discuss: text is shown elsewhere, or never (reflections)
        entry["size"] = r.get("total", r.get("count", 0))
    return entry


def measure_entry(deck: Deck, step: Step, c: Mapping[str, Any]) -> dict[str, Any]:
    before = next(
        s
        for s in deck.steps
        if s.kind == "scale" and s.fields.get("measure") == step.fields["measure"]
    )
    both = c["before_mean"] is not None and c["after_mean"] is not None
    return {
        "measure": step.fields["measure"],
        "before_title": before.title,
        "after_title": step.title,
        "before_mean": c["before_mean"],
        "after_mean": c["after_mean"],
        "difference": round(c["after_mean"] - c["before_mean"], 1) if both else None,
        "before_count": c["before_count"],
        "after_count": c["after_count"],
        "paired": c["paired"],
        "up": c["up"],
        "down": c["down"],
        "same": c["same"],
    }


def fft_entry(steps: Sequence[tuple[int, Step, Mapping[str, Any]]], removed) -> dict[str, Any]:
    feedback = [(step, r) for _, step, r in steps if step.kind == "feedback"]
    counts = {o["id"]: sum(r["counts"][o["id"]] for _, r in feedback) for o in FFT_OPTIONS}
    total = sum(counts.values())
    return {
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
            {**_mark(c, step.id, removed), "step_id": step.id}
            for step, r in feedback
            for c in r["comments"]
        ],
        "extra": [
            {
                "title": q["title"],
                "count": r["extra"][q["id"]]["count"],
                "mean": r["extra"][q["id"]]["mean"],
            }
            for step, r in feedback
            for q in step.fields["extra"]
            if q["id"] in r["extra"]
        ],
    }
