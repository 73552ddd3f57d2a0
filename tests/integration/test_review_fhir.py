"""The FHIR export of a finished session: valid FHIR structure to fhir.resources (its R4B
models; these three resources are unchanged from R4), the report's FFT answers and measures,
anonymous, free of free text, audited; roles are in test_review_roles.py."""

from __future__ import annotations

from collections import Counter

import pytest
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from sessions import reports
from sessions.activities.feedback import FFT_QUESTION
from sessions.reports import fhir
from tests.integration.review_session import EXPECTED, run_known_session


@pytest.fixture
def known(start_session, join):
    return run_known_session(start_session, join).session


@pytest.fixture
def reviewer(sign_in):
    return sign_in("rita", "reviewer")


def resources(bundle, kind):
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def answers(response):
    """{linkId: value} over every answered item, groups opened."""
    found = {}
    for item in response["item"]:
        for inner in item.get("item", [item]):
            [answer] = inner["answer"]
            [(_, value)] = answer.items()
            found[inner["linkId"]] = value
    return found


def test_the_bundle_is_valid_fhir_and_holds_the_sessions_fft_answers(known, reviewer, store):
    response = reviewer.get(f"/review/sessions/{known['id']}/fhir")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    assert response.headers["Cache-Control"] == "no-store"
    bundle = response.get_json()
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection"
    assert bundle["identifier"]["value"] == known["id"]
    assert len({e["fullUrl"] for e in bundle["entry"]}) == len(bundle["entry"])

    [fft_form, measures_form] = resources(bundle, "Questionnaire")
    assert fft_form["item"][0]["text"] == FFT_QUESTION
    assert [o["valueCoding"]["display"] for o in fft_form["item"][0]["answerOption"]] == [
        label for label, _, _ in EXPECTED["fft"]
    ]
    given = resources(bundle, "QuestionnaireResponse")
    fft_given = [r for r in given if r["questionnaire"] == f"{fft_form['url']}|1"]
    chosen = Counter(answers(r)["fft"]["display"] for r in fft_given)
    assert {label: chosen[label] for label, _, _ in EXPECTED["fft"]} == {
        label: n for label, n, _ in EXPECTED["fft"]
    }
    report = reports.session_report(store, known["id"])
    assert len(fft_given) == report["fft"]["total"] == 3
    for r in given:
        assert r["meta"]["profile"] == [fhir.UK_CORE_QR]
        assert r["status"] == "completed"
        assert r["authored"] == report["session"]["ended_at"]
        assert not {"subject", "author", "source", "encounter"} & set(r)
        assert "tag" not in r["meta"]
    [measured] = [
        r
        for r in given
        if r["questionnaire"] == f"{measures_form['url']}|{measures_form['version']}"
    ]
    assert len(given) == len(fft_given) + 1
    [measure] = report["measures"]
    name = measure["measure"]
    assert answers(measured) == {
        f"{name}.before-mean": 5.5,
        f"{name}.after-mean": 6.0,
        f"{name}.before-count": 4,
        f"{name}.after-count": 3,
        f"{name}.paired": 3,
        f"{name}.up": 2,
        f"{name}.down": 0,
        f"{name}.same": 1,
    }
    asked = {i["linkId"] for group in measures_form["item"] for i in group["item"]}
    assert set(answers(measured)) <= asked


def test_no_free_text_leaves_in_the_bundle(known, reviewer):
    text = reviewer.get(f"/review/sessions/{known['id']}/fhir").get_data(as_text=True)
    for typed in [*EXPECTED["comments"], *EXPECTED["notes"], "Is swimming OK?", "Ann"]:
        assert typed not in text


def test_the_export_is_audited(known, reviewer, store):
    reviewer.get(f"/review/sessions/{known['id']}/fhir")
    entries, _ = store.audit.entries(action="export")
    assert [(e["username"], e["target"], e["detail"].split(",")[0]) for e in entries] == [
        ("rita", f"session {known['id']}", "fhir")
    ]


def test_a_live_or_unknown_session_has_no_bundle_and_is_not_audited(start_session, sign_in, store):
    live = start_session().session
    http = sign_in("rita", "reviewer")
    assert http.get(f"/review/sessions/{live['id']}/fhir").status_code == 404
    assert http.get("/review/sessions/no-such-session/fhir").status_code == 404
    assert store.audit.entries(action="export")[0] == []


def test_a_session_with_no_answers_is_an_empty_but_valid_bundle(start_session, reviewer, store):
    console = start_session()
    assert console.emit("end")["ok"]
    bundle = reviewer.get(f"/review/sessions/{console.session['id']}/fhir").get_json()
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Questionnaire"]


def test_demo_sessions_are_tagged_as_made_up():
    report = {
        "session": {
            "id": "s1",
            "title": "Demo",
            "deck_id": "d",
            "demo": True,
            "ended_at": "2026-03-02T10:00:00+00:00",
        },
        "fft": {"rows": [{"id": "good", "count": 1}]},
        "measures": [],
    }
    bundle = fhir.session_bundle(report)
    Bundle.model_validate(bundle)
    [_, response] = [e["resource"] for e in bundle["entry"]]
    assert response["meta"]["tag"][0]["code"] == "demo"


@pytest.mark.parametrize(
    "break_it",
    [
        lambda r: r["item"][0].pop("linkId"),  # required
        lambda r: r.update(patient="Ann"),  # no such element
        lambda r: r["item"][0]["answer"][0].update(valueCoding="good"),  # a Coding, not text
    ],
)
def test_the_validator_rejects_a_bundle_that_breaks_fhir(known, reviewer, break_it):
    bundle = reviewer.get(f"/review/sessions/{known['id']}/fhir").get_json()
    Bundle.model_validate(bundle)
    break_it(bundle["entry"][1]["resource"])
    with pytest.raises(ValidationError):
        Bundle.model_validate(bundle)


def test_the_measures_questionnaire_version_follows_the_decks_measures(known, store):
    report = reports.session_report(store, known["id"])
    first = fhir.measures_questionnaire(report)
    assert fhir.measures_questionnaire(report)["version"] == first["version"]
    reworded = {
        **report,
        "measures": [{**m, "before_title": "How sure are you?"} for m in report["measures"]],
    }
    again = fhir.measures_questionnaire(reworded)
    assert again["url"] == first["url"]
    assert again["version"] != first["version"]
    assert fhir.measures_response(reworded)["questionnaire"] == f"{again['url']}|{again['version']}"
