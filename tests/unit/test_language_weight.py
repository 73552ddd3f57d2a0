"""The bench's first-visit weight per shipped language: every language is measured with its
own tag as the browser's locale, and one over the budget is reported as a failure."""

from __future__ import annotations

from bench.language_weight import first_visit_by_language, language_report
from server.languages import LANGUAGES


def test_every_shipped_language_is_measured_by_its_own_tag():
    asked: list[str] = []

    def measure(locale: str) -> dict:
        asked.append(locale)
        return {"requests": 20, "wire_bytes": 103_100 if locale == "cy" else 96_400}

    rows = first_visit_by_language(measure, 100_000)
    assert asked == [language.tag for language in LANGUAGES.values()]
    assert {row["code"]: row["within"] for row in rows}["cy"] is False
    assert all(row["within"] for row in rows if row["code"] != "cy")


def test_a_language_over_the_budget_fails_the_report_loudly():
    rows = [
        {"code": "en", "tag": "en-GB", "requests": 20, "wire_bytes": 96_400, "within": True},
        {"code": "cy", "tag": "cy", "requests": 21, "wire_bytes": 103_100, "within": False},
    ]
    lines = language_report(rows, 100_000)
    assert "  en  (en-GB): 20 requests, 96.4 KB -> within" in lines
    assert "  cy  (cy): 21 requests, 103.1 KB -> OVER THE BUDGET" in lines
    assert lines[-1] == "FAILED: over 100.0 KB in: cy"
    assert not language_report(rows[:1], 100_000)[-1].startswith("FAILED")
