"""The last of the server's words on staff pages reach the staff in their own language: a
deck's start and approval refusals, single sign-on's refusals, the console's pacing line and
the retention outcome. English readers get the English as it was."""

from __future__ import annotations

import pytest

from server.languages import STAFF_COOKIE
from tests.conftest import DECK_ID, csrf_token
from tests.integration.test_deck_ownership import deck_yaml


def post(http, url, data=None, page="/"):
    token = csrf_token(http.get(page).get_data(as_text=True))
    return http.post(url, data={"csrf_token": token, **(data or {})})


def in_language(http, language):
    if language:
        http.set_cookie(STAFF_COOKIE, language)
    return http


@pytest.fixture
def physio(sign_in):
    return sign_in("physio")


@pytest.fixture
def physio_deck(store, physio):
    """A deck the physio wrote in the editor: a draft, saved by them."""
    return store.decks.create(deck_yaml(), owner_id=store.accounts.user_by_name("physio")["id"])


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("cy", "Drafft yw “Pacing and flare-ups”: nid yw’r fersiwn hon wedi’i chymeradwyo."),
        (None, "“Pacing and flare-ups” is a draft: this version has not been approved."),
    ],
)
def test_a_draft_is_refused_on_the_start_form_in_the_staffs_language(
    physio, physio_deck, language, said
):
    http = in_language(physio, language)
    response = post(http, "/sessions", {"deck_id": physio_deck, "mode": "group"})
    assert response.status_code == 400
    assert said in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("cy", "Dim ond adolygydd neu weinyddwr sy’n gallu cymeradwyo dec."),
        (None, "Only a reviewer or an admin can approve a deck. Ask one to approve it."),
    ],
)
def test_why_a_physio_may_not_approve_is_in_the_staffs_language(
    physio, physio_deck, language, said
):
    page = in_language(physio, language).get(f"/decks/{physio_deck}/versions")
    assert page.status_code == 200
    assert said in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("cy", "Caiff dec sy’n dod gyda Talkback ei gymeradwyo gan ei ffeil ei hun."),
        (None, "A deck that comes with Talkback is approved by its own file."),
    ],
)
def test_the_bundled_decks_approval_refusal_is_in_the_staffs_language(sign_in, language, said):
    reviewer = in_language(sign_in("rita", role="reviewer"), language)
    refused = post(reviewer, f"/decks/{DECK_ID}/approve", {"version": "1"}, "/decks")
    assert refused.status_code == 403
    assert said in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("cy", "Nid yw mewngofnodi sengl wedi’i osod yma."),
        (None, "Single sign-on is not set up here."),
    ],
)
def test_single_sign_on_refuses_in_the_staffs_language(app, language, said):
    http = in_language(app.test_client(), language)
    refused = post(http, "/signin/sso", page="/signin")
    assert refused.status_code == 404
    assert said in refused.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("cy", "Mae’r cloc yn dechrau ar y cam cyntaf."),
        (None, "The clock starts at the first step."),
    ],
)
def test_the_pacing_line_is_in_the_staffs_language(console, language, said):
    http = in_language(console.http, language)
    found = http.get(f"/console/{console.session['id']}/pacing").get_json()
    assert said in found["line"]


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("cy", "Cadwyd crynodebau 0 sesiwn; dilëwyd rhesi lefel cyfranogwr 0 sesiwn"),
        (None, "Kept aggregates of 0 session(s); deleted the participant-level rows of 0"),
    ],
)
def test_the_retention_outcome_is_flashed_in_the_staffs_language(sign_in, language, said):
    admin = in_language(sign_in("ada", role="admin"), language)
    ran = post(admin, "/admin/retention", page="/admin/settings")
    assert ran.status_code == 302
    assert said in admin.get(ran.headers["Location"]).get_data(as_text=True)
