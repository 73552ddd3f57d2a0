"""Themes in what people wrote on the review pages: the session report, the trends page, and a
set of sessions named in the address, with clear refusals for a scope that cannot be read."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sessions import reports
from sessions.reports import written
from tests.html_check import html_problems, report
from tests.unit.theme_comments import PARKING, WAITING

FEEDBACK_DECK = """
title: Feedback only
min_responses: 3
steps:
  - {id: hello, kind: slide, title: Hello}
  - {id: feedback, kind: feedback, title: Your feedback}
"""


@pytest.fixture
def finished(store, sign_in):
    """Finished sessions of physio's, each with one FFT comment from each person in it."""
    sign_in("physio")
    store.decks.save("feedback-only", FEEDBACK_DECK)
    physio = store.accounts.user_by_name("physio")["id"]

    def finished(comments, *, facilitator=physio):
        row = store.sessions.create("feedback-only", facilitator)
        step = store.sessions.deck_of(row["id"]).step_by_id("feedback")
        for n, why in enumerate(comments):
            person, _ = store.participants.add(row["id"], f"Person {n}")
            store.responses.record(
                session_id=row["id"],
                participant_id=person["id"],
                step_id="feedback",
                answer_id=f"why-{n}",
                value=step.activity.validate_response(step, {"fft": "good", "why": why}),
                check=lambda state: None,
            )
        state = store.sessions.load_live(row["id"])
        ended = replace(state, seq=state.seq + 1, ended=True)
        store.sessions.save_live(row["id"], ended, state.seq)
        return row

    return finished


def themes_section(html: str) -> str:
    start = html.index('id="themes"')
    return html[start : html.index("</section>", start)]


def test_the_report_shows_each_theme_with_its_size_and_quotes(finished, sign_in):
    row = finished(PARKING + WAITING)
    html = sign_in("physio").get(f"/review/sessions/{row['id']}").get_data(as_text=True)
    section = themes_section(html)
    assert section.count('class="themes__theme"') == 2
    assert section.count("10 of the 20 texts") == 2
    assert "Parking" in section
    assert "Waiting" in section
    assert "Person " not in section  # quotes never say who wrote them


def test_a_removed_comment_is_never_quoted(finished, sign_in, store):
    row = finished(PARKING[:4] + WAITING)
    http = sign_in("physio")
    before = themes_section(http.get(f"/review/sessions/{row['id']}").get_data(as_text=True))
    assert "4 of the 14 texts" in before
    assert "nightmare" in before  # PARKING[0], quoted until it is removed
    reports.redact(store, row["id"], "feedback", "why-0", "staff")
    section = themes_section(http.get(f"/review/sessions/{row['id']}").get_data(as_text=True))
    assert "3 of the 13 texts" in section
    assert "nightmare" not in section


def test_fewer_texts_than_the_threshold_show_only_their_number(finished, sign_in):
    row = finished(PARKING[:2])
    html = sign_in("physio").get(f"/review/sessions/{row['id']}").get_data(as_text=True)
    section = themes_section(html)
    assert 'id="themes-withheld"' in section
    assert "parking" not in section.lower().replace("plans people shared", "")


def test_the_trends_page_groups_the_periods_sessions_but_not_demo_ones(finished, sign_in, store):
    finished(PARKING)
    demo = finished(WAITING)
    store.demo.mark(demo["id"])
    reviewer = sign_in("rita", "reviewer")
    section = themes_section(reviewer.get("/review/trends").get_data(as_text=True))
    assert "10 of the 10 texts" in section
    assert "Waiting" not in section
    with_demo = themes_section(reviewer.get("/review/trends?demo=1").get_data(as_text=True))
    assert with_demo.count("10 of the 20 texts") == 2


def test_a_set_of_sessions_is_grouped_together(finished, sign_in):
    first, second = finished(PARKING[:5] + WAITING[:5]), finished(PARKING[5:] + WAITING[5:])
    response = sign_in("physio").get(f"/review/themes?session={first['id']}&session={second['id']}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Themes across 2 sessions" in html
    assert themes_section(html).count("10 of the 20 texts") == 2


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "Name at least one finished session"),
        ("?session=", 400, "Name at least one finished session"),
        ("?session=no-such-session", 404, "No finished session you may review"),
    ],
)
def test_a_bad_scope_gets_a_clear_error(finished, sign_in, query, status, message):
    response = sign_in("physio").get(f"/review/themes{query}")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_too_many_sessions_are_refused(sign_in):
    query = "&".join(f"session=s{n}" for n in range(501))
    response = sign_in("physio").get(f"/review/themes?{query}")
    assert response.status_code == 400
    assert "at most 500 sessions" in response.get_data(as_text=True)


def test_a_live_session_or_another_facilitators_is_not_in_any_scope(finished, sign_in, store):
    mine = finished(PARKING)
    other = store.accounts.create_user("olga", "x", "facilitator")
    theirs = finished(WAITING, facilitator=other)
    live = store.sessions.create("feedback-only", other)
    http = sign_in("physio")
    for row in (theirs, live):
        response = http.get(f"/review/themes?session={mine['id']}&session={row['id']}")
        assert response.status_code == 404
        assert "Parking" not in response.get_data(as_text=True)


def test_the_page_is_for_signed_in_staff_only(app, finished):
    row = finished(PARKING)
    response = app.test_client().get(f"/review/themes?session={row['id']}")
    assert response.status_code == 302
    assert "/signin" in response.location


def test_the_pages_with_themes_are_valid_html(finished, sign_in):
    shown = finished(PARKING + WAITING + ["Fine", "Nothing to add", "Thanks"])
    few = finished(PARKING[:2])
    http = sign_in("physio")
    pages = {
        "report with themes": http.get(f"/review/sessions/{shown['id']}"),
        "report with too few texts": http.get(f"/review/sessions/{few['id']}"),
        "trends with themes": http.get("/review/trends"),
        "themes of two sessions": http.get(
            f"/review/themes?session={shown['id']}&session={few['id']}"
        ),
        "themes, no session named": http.get("/review/themes"),
    }
    assert 'id="theme-other"' in pages["report with themes"].get_data(as_text=True)
    found = html_problems({name: r.get_data(as_text=True) for name, r in pages.items()})
    assert not found, report(found)


def test_a_period_with_more_texts_than_are_grouped_says_how_many_were_left_out(
    finished, sign_in, monkeypatch
):
    finished(WAITING)
    finished(PARKING)  # the later session: its texts are the ones grouped
    monkeypatch.setattr(written, "MAX_TEXTS", 10)
    section = themes_section(sign_in("physio").get("/review/trends").get_data(as_text=True))
    assert "Only the latest 10 texts were grouped: 10 older ones were left out." in section
    assert "Parking" in section
    assert "Waiting" not in section


def test_a_bad_date_on_the_trends_page_is_named_and_the_themes_read_without_it(finished, sign_in):
    finished(PARKING)
    response = sign_in("physio").get("/review/trends?from=not-a-date")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "“not-a-date” is not a date. Use the form 2025-03-31." in html
    assert "10 of the 10 texts" in themes_section(html)


def test_a_facilitators_trends_group_only_their_own_sessions(finished, sign_in, store):
    finished(PARKING)
    other = store.accounts.create_user("olga", "x", "facilitator")
    finished(WAITING, facilitator=other)
    section = themes_section(sign_in("physio").get("/review/trends").get_data(as_text=True))
    assert "10 of the 10 texts" in section
    assert "Waiting" not in section
