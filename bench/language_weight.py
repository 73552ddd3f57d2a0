"""The first visit's weight in every language Talkback ships: a phone whose browser asks for
the language downloads its catalogue too, so each language is held to the same budget."""

from __future__ import annotations

from server.languages import LANGUAGES


def first_visit_by_language(measure, budget: int) -> list[dict]:
    """The bytes over the wire of a first visit (empty cache) for each shipped language, asked
    for by the browser's locale (its Accept-Language), with whether it is within the budget.
    `measure(locale)` gives the page-weight summary of one first visit."""
    rows = []
    for language in LANGUAGES.values():
        summary = measure(language.tag)
        wire = summary["wire_bytes"]
        rows.append(
            {
                "code": language.code,
                "tag": language.tag,
                "requests": summary["requests"],
                "wire_bytes": wire,
                "within": wire < budget,
            }
        )
    return rows


def language_report(rows: list[dict], budget: int) -> list[str]:
    """The lines of the report; a language over the budget is said in capitals."""
    lines = [f"First visit by language (budget {budget / 1000:.1f} KB as served):"]
    for row in rows:
        verdict = "within" if row["within"] else "OVER THE BUDGET"
        lines.append(
            f"  {row['code']:<3} ({row['tag']}): {row['requests']} requests, "
            f"{row['wire_bytes'] / 1000:.1f} KB -> {verdict}"
        )
    over = [row["code"] for row in rows if not row["within"]]
    if over:
        lines.append(f"FAILED: over {budget / 1000:.1f} KB in: {', '.join(over)}")
    return lines
