"""Paper: the handout PDF read back with pypdf, paper forms and FFT cards typed in after the
known session, counted in its report, export, trends and the FFT monthly return, and bad
input refused whole."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from server.languages import STAFF_COOKIE
from sessions.activities.feedback import FFT_OPTIONS, FFT_QUESTION
from tests.conftest import csrf_token, tuples
from tests.integration.review_session import Tables, run_known_session


@pytest.fixture
def known(start_session, join):
    return run_known_session(start_session, join).session


@pytest.fixture
def physio(known, sign_in):
    return sign_in("physio")  # the known session's own facilitator


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def font_sizes(data: bytes) -> set[float]:
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[0], 1))

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def entry_page(http, session_id):
    response = http.get(f"/review/sessions/{session_id}/paper")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def paper_count(html: str) -> str:
    return re.search(r'data-number="paper">(\d+)<', html).group(1)


def send_form(http, session_id, fields, *, path="paper"):
    token = csrf_token(entry_page(http, session_id))
    return http.post(f"/review/sessions/{session_id}/{path}", data={"csrf_token": token, **fields})


A_FORM = {
    "confidence-before.number": "7",
    "how-long.choice": "comes-and-goes",
    "myth-scan.choice": "myth",
    "feedback.fft": "very-poor",
    "feedback.why": "Too far to travel",
}


def fft_return(http) -> list[str]:
    text = http.get("/review/fft-return.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return rows[1]


# The handout --------------------------------------------------------------------------------


def test_the_handout_has_each_question_its_boxes_and_the_fft_question_verbatim(console, store):
    response = console.http.get(f"/sessions/{console.session['id']}/handout.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert FFT_QUESTION in text
    for option in FFT_OPTIONS:
        assert option["label"] in text
    assert "4. How confident do you feel about managing your back pain today?" in text
    assert "0 = Not at all, 10 = Completely" in text
    assert "Less than 6 weeks" in text
    assert "This part is yours to keep: it is not collected." in text  # the reflection
    assert "Please tell us why you gave this answer." in text  # room to write


def test_the_large_print_handout_is_printed_larger(console):
    session_id = console.session["id"]
    normal = console.http.get(f"/sessions/{session_id}/handout.pdf").data
    large = console.http.get(f"/sessions/{session_id}/handout.pdf?print=large").data
    assert pdf_text(large).replace(" ", "").count(FFT_QUESTION.replace(" ", "")) == 1
    assert min(font_sizes(large)) >= 18 > max(s for s in font_sizes(normal) if s < 16)
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(normal)).pages)


def test_the_handout_is_only_for_staff_who_may_see_the_session(console, sign_in, app):
    url = f"/sessions/{console.session['id']}/handout.pdf"
    assert sign_in("other-physio").get(url).status_code == 404
    assert sign_in("rita", "reviewer").get(url).status_code == 200
    assert app.test_client().get(url).status_code == 302  # to sign in


# Paper forms --------------------------------------------------------------------------------


def test_a_paper_form_is_one_more_person_counted_in_the_report_and_export(
    known, physio, store, sign_in
):
    response = send_form(physio, known["id"], A_FORM)
    assert response.status_code == 302, response.get_data(as_text=True)
    paper_people = tuples(
        store,
        "SELECT id, name FROM participants WHERE session_id = ? AND paper = 1",
        (known["id"],),
    )
    assert len(paper_people) == 1
    assert store.paper.answers_count(known["id"]) == 4

    reviewer = sign_in("rita", "reviewer")
    html = reviewer.get(f"/review/sessions/{known['id']}").get_data(as_text=True)
    page = Tables(html)
    assert page.numbers["joined"] == "5"
    assert page.numbers["on_paper"] == "1"
    assert page.table(caption="Results of step 5")[4] == ["It comes and goes", "1", "25%"]
    assert page.table(caption="Results of step 6")[0] == ["Myth (correct)", "4", "80%"]
    assert page.numbers["fft_negative"] == "50%"  # poor and very poor: 2 of 4
    assert "Too far to travel" in html

    export = reviewer.get(f"/review/sessions/{known['id']}/report.csv").data.decode("utf-8-sig")
    assert "Too far to travel" in export
    assert "People joined on paper,1" in export
    # very good, good, neither, poor, very poor, don't know, total
    assert fft_return(reviewer)[3:10] == ["1", "1", "0", "1", "1", "0", "4"]


def test_each_saved_form_starts_the_next_and_says_how_many_are_in(known, physio):
    response = send_form(physio, known["id"], A_FORM)
    assert response.location.endswith(f"/review/sessions/{known['id']}/paper")
    page = entry_page(physio, known["id"])
    assert "Paper form saved (1 entered)" in page
    assert paper_count(page) == "1"
    assert not re.search(r'value="very-poor"[^>]* checked', page)  # a fresh, empty form
    send_form(physio, known["id"], {"how-long.choice": "over-a-year"})
    assert paper_count(entry_page(physio, known["id"])) == "2"


def test_a_bad_form_gets_every_problem_at_once_and_stores_nothing(known, physio, store):
    before = store.participants.count(known["id"])
    response = send_form(
        physio,
        known["id"],
        {
            "confidence-before.number": "12",  # not a box on the form
            "how-long.choice": ["under-6-weeks", "over-a-year"],  # two boxes for one answer
            "feedback.why": "No box ticked for the question itself",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The form was not saved: 3 problems" in html
    assert "4. How confident do you feel about managing your back pain today?: tick one" in html
    assert "5. How long has your back been troubling you this time?: tick one" in html
    assert "Choose one of the six answers." in html
    assert "No box ticked for the question itself" in html  # what was typed stays
    assert store.participants.count(known["id"]) == before
    assert store.paper.count(known["id"]) == 0


def test_an_empty_form_is_refused(known, physio, store):
    response = send_form(physio, known["id"], {"feedback.why": "   "})
    assert response.status_code == 400
    assert "This form has no answers" in response.get_data(as_text=True)
    assert store.paper.count(known["id"]) == 0


def test_red_flag_words_on_a_paper_form_raise_an_alert(known, physio, store):
    send_form(physio, known["id"], {"feedback.fft": "poor", "feedback.why": "My bladder is odd"})
    alerts = store.alerts.of_session(known["id"])
    assert [a["matched"] for a in alerts] == ["bladder"]
    assert alerts[0]["name"] == "Paper form"


def test_only_the_sessions_own_facilitator_or_an_admin_enters_paper(known, sign_in):
    url = f"/review/sessions/{known['id']}/paper"
    assert sign_in("other-physio").get(url).status_code == 404
    assert sign_in("rita", "reviewer").get(url).status_code == 403
    assert sign_in("ada", "admin").get(url).status_code == 200


def test_a_live_session_takes_no_paper_forms_yet(console):
    assert console.http.get(f"/review/sessions/{console.session['id']}/paper").status_code == 404


def test_paper_is_refused_once_retention_deleted_the_answers(known, physio, store):
    from sessions.reports.freeze import keep_aggregates

    keep_aggregates(store, known["id"])
    store.review.purge(known["id"], notebook_steps=(), purged_at="2030-01-01T00:00:00")
    response = send_form(physio, known["id"], A_FORM)
    assert response.status_code == 400
    assert "deleted under the retention setting" in response.get_data(as_text=True)
    assert store.paper.count(known["id"]) == 0


def test_paper_entries_are_audited(known, physio, store):
    send_form(physio, known["id"], A_FORM)
    rows = tuples(store, "SELECT action, detail FROM audit_log")
    assert ("enter paper", "1 paper form") in [tuple(r) for r in rows]


# FFT cards collected at the door --------------------------------------------------------------


def test_fft_cards_by_count_appear_in_the_monthly_return(known, physio, store, sign_in):
    response = send_form(
        physio,
        known["id"],
        {"cards.very-good": "5", "cards.neither": "2", "cards.dont-know": ""},
        path="paper/cards",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert store.paper.count(known["id"]) == 7  # a card is a person
    assert "7 FFT cards saved." in entry_page(physio, known["id"])
    reviewer = sign_in("rita", "reviewer")
    # very good, good, neither, poor, very poor, don't know, total, % positive, % negative
    assert fft_return(reviewer)[3:] == ["6", "1", "2", "1", "0", "0", "10", "70.0", "10.0"]


def test_bad_card_counts_get_every_problem_and_store_nothing(known, physio, store):
    response = send_form(
        physio,
        known["id"],
        {"cards.very-good": "lots", "cards.poor": "9999", "cards.good": "3"},
        path="paper/cards",
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The cards were not saved: 2 problems" in html
    assert "Very good: give a whole number from 0 to 500." in html
    assert "Poor: give a whole number from 0 to 500." in html
    assert store.paper.count(known["id"]) == 0


def test_no_cards_at_all_is_refused(known, physio, store):
    response = send_form(physio, known["id"], {"cards.good": "0"}, path="paper/cards")
    assert response.status_code == 400
    assert store.paper.count(known["id"]) == 0


def test_a_welsh_physio_reads_the_forms_problems_in_welsh(known, physio, store):
    physio.set_cookie(STAFF_COOKIE, "cy")
    fields = {"how-long.choice": ["under-6-weeks", "over-a-year"], "feedback.why": "Quick"}
    response = send_form(physio, known["id"], fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The deck's own words (the step's title) stay as written; the sentence is Welsh.
    assert "5. How long has your back been troubling you this time?: ticiwch un" in html
    assert "Dewiswch un o’r chwe ateb." in html  # the kind's own reason, in Welsh too
    empty = send_form(physio, known["id"], {"feedback.why": "   "}, path="paper")
    assert "Does dim atebion ar y ffurflen hon" in empty.get_data(as_text=True)
    cards = send_form(physio, known["id"], {"cards.poor": "9999"}, path="paper/cards")
    assert "Poor: rhowch rif cyfan o 0 i 500." in cards.get_data(as_text=True)
    assert store.paper.count(known["id"]) == 0
