"""Starting a session from "Your classes": the choice of how it runs, and what a refused start
looks like (the page again, the error by its form, nothing created)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import DECK_ID, csrf_token, scalar


@pytest.fixture
def physio(sign_in):
    return sign_in()


def count_sessions(store) -> int:
    return scalar(store, "SELECT count(*) FROM sessions")


def start(http, **form):
    token = csrf_token(http.get("/").get_data(as_text=True))
    return http.post("/sessions", data={"deck_id": DECK_ID, "csrf_token": token, **form})


def started(store, response) -> dict:
    assert response.status_code == 302, response.get_data(as_text=True)
    session_id = re.search(r"/console/([^/?]+)", response.headers["Location"]).group(1)
    return store.sessions.get(session_id)


def test_each_deck_offers_the_three_ways_with_labels_and_a_default(physio):
    html = physio.get("/").get_data(as_text=True)
    form = html.split("data-start-form", 1)[1].split("</form>", 1)[0]
    assert "<legend" in form
    assert "How will it run?" in form
    for value, label in (
        ("group", "In a room (group)"),
        ("one-to-one", "One-to-one consultation"),
        ("self-paced", "Self-paced online, open until…"),
    ):
        field_id = re.search(rf'value="{value}" id="([^"]+)"', form).group(1)
        assert f'<label class="radio__label" for="{field_id}">{label}</label>' in form
    assert re.search(r'value="group" id="[^"]+" checked', form)
    today = datetime.now(UTC).date()
    date_input = re.search(r'<input class="input input--date"[^>]+>', form, re.S).group(0)
    assert f'min="{today.isoformat()}"' in date_input
    assert f'value="{(today + timedelta(days=14)).isoformat()}"' in date_input
    assert "required" not in date_input  # without the page's script a group start needs no date
    assert re.search(r'src="/static/[0-9a-f]{12}/facilitator/home.js"', html)


def test_a_group_start_is_the_default(physio, store):
    row = started(store, start(physio))
    assert row["mode"] == "group"
    assert row["closes_at"] is None


def test_a_one_to_one_start_ignores_the_date(physio, store):
    row = started(store, start(physio, mode="one-to-one", closes_on="2999-01-01"))
    assert row["mode"] == "one-to-one"
    assert row["closes_at"] is None
    assert row["min_responses"] == 1


def test_a_self_paced_start_is_open_until_the_end_of_the_chosen_day(physio, store):
    today = datetime.now(UTC).date().isoformat()
    row = started(store, start(physio, mode="self-paced", closes_on=today))
    assert row["mode"] == "self-paced"
    assert row["closes_at"] == f"{today}T23:59:59+00:00"
    console = physio.get(f"/console/{row['id']}").get_data(as_text=True)
    assert 'data-mode="self-paced"' in console
    assert f'datetime="{today}"' in console
    # The home page's list of live classes says it runs by itself until that day.
    home = physio.get("/").get_data(as_text=True)
    assert f'self-paced, open until <time datetime="{today}T23:59:59+00:00">{today}</time>' in home


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"mode": "party"}, "mode", "mode must be one of"),
        ({"mode": "self-paced"}, "closes_on", "needs a closing date"),
        ({"mode": "self-paced", "closes_on": ""}, "closes_on", "needs a closing date"),
        ({"mode": "self-paced", "closes_on": "31/12/2999"}, "closes_on", "year-month-day"),
        ({"mode": "self-paced", "closes_on": "2001-01-01"}, "closes_on", "already passed"),
    ],
)
def test_a_bad_choice_shows_the_page_again_with_the_error_by_its_field(
    physio, store, form, field, message
):
    before = count_sessions(store)
    response = start(physio, **form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert count_sessions(store) == before
    assert "<title>Error: Your classes" in html
    summary = html.split('id="start-error"', 1)[1].split("</div>", 1)[0]
    assert 'role="alert"' in html.split('id="start-error"', 1)[0].rsplit("<div", 1)[1]
    assert f'href="#start-{field}"' in summary
    assert message in summary
    assert f'id="start-{field}"' in html  # the link leads to the field at fault
    if field == "closes_on":
        date_input = re.search(
            r'<input class="input input--date"[^>]*id="start-closes_on"[^>]*>', html, re.S
        ).group(0)
        assert 'aria-invalid="true"' in date_input
        assert "-closes-error" in date_input  # the message is read with the field
        assert re.search(r'value="self-paced" id="[^"]+"[^>]*checked', html)  # the choice is kept
    if form.get("closes_on"):
        assert f'value="{form["closes_on"]}"' in html


def test_an_unknown_deck_is_refused_on_the_page(physio, store):
    token = csrf_token(physio.get("/").get_data(as_text=True))
    response = physio.post("/sessions", data={"deck_id": "nope", "csrf_token": token})
    assert response.status_code == 400
    assert "There is no such deck." in response.get_data(as_text=True)
    assert count_sessions(store) == 0


def test_a_start_without_the_csrf_token_is_refused(physio, store):
    response = physio.post("/sessions", data={"deck_id": DECK_ID, "mode": "group"})
    assert response.status_code == 400
    assert count_sessions(store) == 0
