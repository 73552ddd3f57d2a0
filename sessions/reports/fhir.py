"""A finished session's FFT answers and before/after measures as a FHIR R4 Bundle of
QuestionnaireResponse resources with the Questionnaires they answer, shaped to UK Core and
anonymous. Plain JSON-ready dicts from the session report: no FHIR library at run time."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from typing import Any

from sessions.activities.feedback import FFT_OPTIONS, FFT_QUESTION

# The product's own namespace for its code systems and questionnaires: a placeholder until
# the project publishes these at an address of its own.
BASE = "https://talkback.example/fhir"
UK_CORE_QR = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-QuestionnaireResponse"
FFT_ANSWERS = f"{BASE}/CodeSystem/fft-answer"
SESSION_TAGS = f"{BASE}/CodeSystem/session-tag"
SESSIONS = f"{BASE}/NamingSystem/session-id"
FFT_QUESTIONNAIRE = f"{BASE}/Questionnaire/fft"
FFT_VERSION = "1"
FFT_LINK = "fft"
MEASURE_PARTS = (  # (linkId suffix, key in the report's measure, text, FHIR type)
    ("before-mean", "before_mean", "Mean before", "decimal"),
    ("after-mean", "after_mean", "Mean after", "decimal"),
    ("before-count", "before_count", "Answered before", "integer"),
    ("after-count", "after_count", "Answered after", "integer"),
    ("paired", "paired", "Answered both", "integer"),
    ("up", "up", "Went up", "integer"),
    ("down", "down", "Went down", "integer"),
    ("same", "same", "Stayed the same", "integer"),
)
_IDS = uuid.UUID("6f1c2b1e-3d4a-5b6c-8d7e-9f0a1b2c3d4e")  # fixed, so ids repeat per session


def session_bundle(report: Mapping[str, Any]) -> dict[str, Any]:
    """The Bundle for a session report (sessions.reports.session_report). Talkback keeps only
    aggregates of a finished session, so each FFT answer is one response and the measures are
    one response per session holding the kept means and counts (docs/review.md)."""
    session = report["session"]
    resources = [fft_questionnaire(), *fft_responses(report)]
    if report["measures"]:
        resources += [measures_questionnaire(report), measures_response(report)]
    return {
        "resourceType": "Bundle",
        "id": _id(session["id"], "bundle"),
        "identifier": {"system": SESSIONS, "value": session["id"]},
        "type": "collection",
        "timestamp": session["ended_at"],
        "entry": [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources],
    }


def fft_questionnaire() -> dict[str, Any]:
    return {
        "resourceType": "Questionnaire",
        "id": _id("questionnaire", FFT_QUESTIONNAIRE),
        "url": FFT_QUESTIONNAIRE,
        "version": FFT_VERSION,
        "name": "FriendsAndFamilyTest",
        "title": "Friends and Family Test",
        "status": "active",
        "subjectType": ["Patient"],
        "item": [
            {
                "linkId": FFT_LINK,
                "text": FFT_QUESTION,
                "type": "choice",
                "required": True,
                "answerOption": [{"valueCoding": _fft_coding(o)} for o in FFT_OPTIONS],
            }
        ],
    }


def fft_responses(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One completed response for each FFT answer given, in the order of the answers."""
    session = report["session"]
    options = {o["id"]: o for o in FFT_OPTIONS}
    made = []
    for row in report["fft"]["rows"]:
        for n in range(row["count"]):
            made.append(
                _response(
                    session,
                    _id(session["id"], "fft", row["id"], str(n)),
                    f"{FFT_QUESTIONNAIRE}|{FFT_VERSION}",
                    [
                        {
                            "linkId": FFT_LINK,
                            "text": FFT_QUESTION,
                            "answer": [{"valueCoding": _fft_coding(options[row["id"]])}],
                        }
                    ],
                )
            )
    return made


def measures_questionnaire(report: Mapping[str, Any]) -> dict[str, Any]:
    """The measures of the session's deck, as a questionnaire answered once per session."""
    session = report["session"]
    items = _measure_items(report)
    return {
        "resourceType": "Questionnaire",
        "id": _id("questionnaire", _measures_url(session["deck_id"]), _version(items)),
        "url": _measures_url(session["deck_id"]),
        "version": _version(items),
        "name": "SessionMeasures",
        "title": f"Before and after measures: {session['title']}",
        "status": "active",
        "item": items,
    }


def _measure_items(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "linkId": m["measure"],
            "text": f"{m['measure']}: “{m['before_title']}” before, “{m['after_title']}” after",
            "type": "group",
            "item": [
                {"linkId": f"{m['measure']}.{suffix}", "text": text, "type": kind}
                for suffix, _, text, kind in MEASURE_PARTS
            ],
        }
        for m in report["measures"]
    ]


def _version(items: list[dict[str, Any]]) -> str:
    """The measures' wording decides the version: a deck whose measures change gets a new one."""
    return hashlib.sha256(json.dumps(items, sort_keys=True).encode()).hexdigest()[:12]


def measures_response(report: Mapping[str, Any]) -> dict[str, Any]:
    """The session's kept means and counts; a mean nobody gave is left out, not sent as 0."""
    session = report["session"]
    groups = []
    for m in report["measures"]:
        parts = []
        for suffix, key, text, kind in MEASURE_PARTS:
            if m[key] is None:
                continue
            value = {"valueDecimal": m[key]} if kind == "decimal" else {"valueInteger": m[key]}
            parts.append({"linkId": f"{m['measure']}.{suffix}", "text": text, "answer": [value]})
        groups.append({"linkId": m["measure"], "item": parts})
    version = _version(_measure_items(report))
    return _response(
        session,
        _id(session["id"], "measures"),
        f"{_measures_url(session['deck_id'])}|{version}",
        groups,
    )


def _response(
    session: Mapping[str, Any], rid: str, questionnaire: str, items: list[dict[str, Any]]
) -> dict[str, Any]:
    meta: dict[str, Any] = {"profile": [UK_CORE_QR]}
    if session["demo"]:
        meta["tag"] = [{"system": SESSION_TAGS, "code": "demo", "display": "Made-up answers"}]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": rid,
        "meta": meta,
        "questionnaire": questionnaire,
        "status": "completed",
        "authored": session["ended_at"],
        "item": items,
    }


def _fft_coding(option: Mapping[str, str]) -> dict[str, str]:
    return {"system": FFT_ANSWERS, "code": option["id"], "display": option["label"]}


def _measures_url(deck_id: str) -> str:
    return f"{BASE}/Questionnaire/measures-{deck_id}"


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_IDS, "/".join(parts)))
