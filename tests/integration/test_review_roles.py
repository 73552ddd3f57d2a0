"""Who may do what on the review and admin side: every page and download checks the role.
Anonymous users see nothing; reviewers read every report but run nothing; facilitators read
only their own sessions; only admins manage accounts, settings and the audit log."""

from __future__ import annotations

from dataclasses import replace

import pytest
from flask_socketio import SocketIO

from tests.conftest import FACILITATOR_PASSWORD, csrf_token
from tests.integration.review_session import Tables, run_known_session

REVIEW_PAGES = [
    "/review/",
    "/review/trends",
    "/review/trends/export.csv",
    "/review/trends/export.xlsx",
    "/review/fft-return.csv",
    "/review/fft-return.xlsx",
]
ADMIN_PAGES = ["/admin/accounts", "/admin/settings", "/admin/audit"]


def session_pages(session_id):
    return [
        f"/review/sessions/{session_id}",
        f"/review/sessions/{session_id}/report.csv",
        f"/review/sessions/{session_id}/report.xlsx",
        f"/review/sessions/{session_id}/fhir",
    ]


@pytest.fixture
def known(start_session, join):
    return run_known_session(start_session, join).session


def post(http, path, page, **data):
    token = csrf_token(http.get(page).get_data(as_text=True))
    return http.post(path, data={"csrf_token": token, **data})


# Anonymous ---------------------------------------------------------------------------------


def test_an_anonymous_user_sees_nothing_and_is_sent_to_sign_in(app, known):
    http = app.test_client()
    for path in [*REVIEW_PAGES, *ADMIN_PAGES, *session_pages(known["id"])]:
        response = http.get(path)
        assert response.status_code == 302, path
        assert "/signin" in response.headers["Location"]
        assert b"back pain" not in response.data.lower()


def test_an_anonymous_post_changes_nothing(app, known, store):
    http = app.test_client()
    token = csrf_token(http.get("/signin").get_data(as_text=True))
    paths = [
        f"/review/sessions/{known['id']}/redact",
        "/admin/accounts",
        "/admin/settings",
        "/admin/retention",
    ]
    for path in paths:
        response = http.post(
            path,
            data={
                "csrf_token": token,
                "step_id": "feedback",
                "item_id": "f-a",
                "username": "mallory",
                "role": "admin",
                "retention_days": "1",
            },
        )
        assert response.status_code == 302, path
        assert "/signin" in response.headers["Location"]
    assert store.accounts.user_by_name("mallory") is None
    assert store.settings.get("retention_days") is None
    assert store.review.redactions(known["id"]) == []


# Reviewers ---------------------------------------------------------------------------------


def test_a_reviewer_cannot_start_a_session(app, sign_in, store):
    http = sign_in("rita", "reviewer")
    home = http.get("/").get_data(as_text=True)
    assert "Start a session" not in home
    response = http.post(
        "/sessions", data={"deck_id": "back-pain-1", "csrf_token": csrf_token(home)}
    )
    assert response.status_code == 403
    api = app.test_client()
    token = api.post(
        "/api/tokens", json={"username": "rita", "password": FACILITATOR_PASSWORD}
    ).get_json()["token"]
    response = api.post(
        "/api/sessions",
        json={"deck_id": "back-pain-1"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
    assert store.sessions.of_facilitator(store.accounts.user_by_name("rita")["id"]) == []


def test_a_reviewer_cannot_run_someone_elses_session(app, console, sign_in):
    http = sign_in("rita", "reviewer")
    assert http.get(f"/console/{console.session['id']}").status_code == 404
    socketio: SocketIO = app.extensions["talkback"].socketio
    client = socketio.test_client(
        app,
        namespace="/facilitator",
        auth={"session_id": console.session["id"]},
        flask_test_client=http,
    )
    assert not client.is_connected("/facilitator")


def test_a_reviewer_reads_every_report_and_downloads_them(known, sign_in):
    http = sign_in("rita", "reviewer")
    for path in [*REVIEW_PAGES, *session_pages(known["id"])]:
        assert http.get(path).status_code == 200, path


def test_a_reviewer_cannot_reach_the_admin_pages(known, sign_in, store):
    http = sign_in("rita", "reviewer")
    for path in ADMIN_PAGES:
        assert http.get(path).status_code == 403, path
    response = post(
        http,
        "/admin/accounts",
        "/review/",
        username="mallory",
        role="admin",
        password="long enough password",
        password_again="long enough password",
    )
    assert response.status_code == 403
    assert store.accounts.user_by_name("mallory") is None


# Facilitators ------------------------------------------------------------------------------


def test_a_facilitator_sees_only_their_own_sessions(start_session, join, sign_in, store):
    mine = run_known_session(start_session, join, username="physio").session
    theirs = run_known_session(start_session, join, username="other").session
    http = sign_in("physio")
    listed = Tables(http.get("/review/").get_data(as_text=True)).table(id="sessions-table")
    assert [row[2] for row in listed] == ["physio"]
    # Asking for someone else's sessions by filter gives one's own, never theirs.
    other_id = store.accounts.user_by_name("other")["id"]
    page = http.get(f"/review/?facilitator={other_id}").get_data(as_text=True)
    assert [r[2] for r in Tables(page).table(id="sessions-table")] == ["physio"]
    for path in session_pages(theirs["id"]):
        assert http.get(path).status_code == 404, path
    for path in session_pages(mine["id"]):
        assert http.get(path).status_code == 200, path
    trends = Tables(http.get(f"/review/trends?facilitator={other_id}").get_data(as_text=True))
    assert trends.numbers["sessions"] == "1"
    assert (
        http.get(f"/review/trends/export.csv?facilitator={other_id}").data.count(
            theirs["id"].encode()
        )
        == 0
    )


def test_a_facilitator_cannot_redact_in_someone_elses_report(start_session, join, sign_in, store):
    theirs = run_known_session(start_session, join, username="other").session
    http = sign_in("physio")
    response = post(
        http,
        f"/review/sessions/{theirs['id']}/redact",
        "/review/",
        step_id="feedback",
        item_id="f-a",
    )
    assert response.status_code == 404
    assert store.review.redactions(theirs["id"]) == []


def test_a_facilitator_cannot_reach_the_admin_pages(sign_in):
    http = sign_in("physio")
    for path in ADMIN_PAGES:
        assert http.get(path).status_code == 403, path


# Admins ------------------------------------------------------------------------------------


def test_an_admin_reads_every_report_and_the_audit_of_who_looked(known, sign_in):
    rita = sign_in("rita", "reviewer")
    rita.get(f"/review/sessions/{known['id']}")
    rita.get(f"/review/sessions/{known['id']}/report.csv")
    admin = sign_in("ada", "admin")
    assert admin.get(f"/review/sessions/{known['id']}").status_code == 200
    rows = Tables(admin.get("/admin/audit").get_data(as_text=True)).table(id="audit-table")
    seen = [(r[1], r[2], r[3]) for r in rows]
    assert ("ada", "view", f"session {known['id']}") in seen
    assert ("rita", "view", f"session {known['id']}") in seen
    assert ("rita", "export", f"session {known['id']}") in seen
    filtered = Tables(admin.get("/admin/audit?action=export").get_data(as_text=True))
    assert {r[2] for r in filtered.table(id="audit-table")} == {"export"}


def test_an_admin_creates_an_account_with_a_hashed_password(app, sign_in, store):
    admin = sign_in("ada", "admin")
    response = post(
        admin,
        "/admin/accounts",
        "/admin/accounts",
        username="sam",
        role="reviewer",
        password="a long password",
        password_again="a long password",
    )
    assert response.status_code == 302
    sam = store.accounts.user_by_name("sam")
    assert sam["role"] == "reviewer"
    assert sam["password_hash"].startswith("$argon2")
    http = app.test_client()
    token = csrf_token(http.get("/signin").get_data(as_text=True))
    assert (
        http.post(
            "/signin", data={"username": "sam", "password": "a long password", "csrf_token": token}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"username": "", "role": "reviewer"}, "Give a username"),
        ({"username": "sam", "role": "king"}, "Choose a role"),
        ({"username": "sam", "password": "short", "password_again": "short"}, "at least 10"),
        ({"username": "sam", "password_again": "another long one"}, "differ"),
        ({"username": "ada"}, "already a user called ada"),
    ],
)
def test_account_creation_is_refused_with_a_reason(sign_in, store, fields, message):
    admin = sign_in("ada", "admin")
    data = {
        "role": "facilitator",
        "password": "a long password",
        "password_again": "a long password",
        **fields,
    }
    response = post(admin, "/admin/accounts", "/admin/accounts", **data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert len(store.accounts.listing()) == 1


def test_disabling_an_account_stops_sign_in_and_revokes_its_tokens(app, sign_in, store):
    physio = sign_in("physio")
    api = app.test_client()
    token = api.post(
        "/api/tokens", json={"username": "physio", "password": FACILITATOR_PASSWORD}
    ).get_json()["token"]
    admin = sign_in("ada", "admin")
    user_id = store.accounts.user_by_name("physio")["id"]
    assert post(admin, f"/admin/accounts/{user_id}/disable", "/admin/accounts").status_code == 302
    assert store.accounts.user_for_token(token) is None
    assert api.get("/api/decks", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert physio.get("/review/").status_code == 302  # the open browser session is signed out
    assert post(admin, f"/admin/accounts/{user_id}/enable", "/admin/accounts").status_code == 302
    assert store.accounts.user(user_id) is not None


def test_an_admin_cannot_disable_themselves(sign_in, store):
    admin = sign_in("ada", "admin")
    me = store.accounts.user_by_name("ada")["id"]
    assert post(admin, f"/admin/accounts/{me}/disable", "/admin/accounts").status_code == 400
    assert store.accounts.user(me) is not None


def test_an_admin_resets_a_password(app, sign_in, store):
    sign_in("physio")
    admin = sign_in("ada", "admin")
    user_id = store.accounts.user_by_name("physio")["id"]
    short = post(
        admin,
        f"/admin/accounts/{user_id}/password",
        "/admin/accounts",
        password="short",
        password_again="short",
    )
    assert short.status_code == 400
    response = post(
        admin,
        f"/admin/accounts/{user_id}/password",
        "/admin/accounts",
        password="a brand new password",
        password_again="a brand new password",
    )
    assert response.status_code == 302
    http = app.test_client()
    token = csrf_token(http.get("/signin").get_data(as_text=True))
    assert (
        http.post(
            "/signin",
            data={"username": "physio", "password": FACILITATOR_PASSWORD, "csrf_token": token},
        ).status_code
        == 401
    )
    assert (
        http.post(
            "/signin",
            data={"username": "physio", "password": "a brand new password", "csrf_token": token},
        ).status_code
        == 302
    )


def test_an_admin_sets_the_retention_days(sign_in, store, app):
    admin = sign_in("ada", "admin")
    page = admin.get("/admin/settings").get_data(as_text=True)
    assert "365 days" in page
    for bad in ("0", "abc", "99999", ""):
        response = post(admin, "/admin/settings", "/admin/settings", retention_days=bad)
        assert response.status_code == 400, bad
    assert post(admin, "/admin/settings", "/admin/settings", retention_days="90").status_code == 302
    assert store.settings.get("retention_days") == "90"
    assert "90 days" in admin.get("/admin/settings").get_data(as_text=True)
    audit = Tables(admin.get("/admin/audit").get_data(as_text=True)).table(id="audit-table")
    assert ["settings", "retention days", "90"] in [r[2:] for r in audit]


def test_forms_without_the_csrf_token_are_refused(sign_in, store):
    admin = sign_in("ada", "admin")
    response = admin.post(
        "/admin/accounts",
        data={
            "username": "sam",
            "role": "admin",
            "password": "a long password",
            "password_again": "a long password",
        },
    )
    assert response.status_code == 400
    assert store.accounts.user_by_name("sam") is None


# The session list: sorting and paging ------------------------------------------------------


def finished_sessions(store, username, count):
    """`count` finished sessions with 1, 2, … participants, a day apart."""
    user = store.accounts.user_by_name(username)["id"]
    made = []
    for n in range(1, count + 1):
        row = store.sessions.create("back-pain-1", user)
        for i in range(n):
            store.participants.add(row["id"], f"P{i}")
        state = store.sessions.load_live(row["id"])
        store.sessions.save_live(
            row["id"], replace(state, seq=state.seq + 1, ended=True), state.seq
        )
        store.review.backdate(
            row["id"], f"2025-01-{n:02d}T10:00:00+00:00", f"2025-01-{n:02d}T11:00:00+00:00"
        )
        made.append(row["id"])
    return made


def test_the_session_list_pages_and_sorts(sign_in, store):
    http = sign_in("rita", "reviewer")
    sign_in("physio")
    finished_sessions(store, "physio", 25)
    first = Tables(http.get("/review/").get_data(as_text=True))
    rows = first.table(id="sessions-table")
    assert len(rows) == 20
    assert rows[0][0].startswith("25 Jan 2025")  # newest first
    assert "25 in all, page 1 of 2" in first.tables[0]["caption"]
    second = Tables(http.get("/review/?page=2").get_data(as_text=True)).table(id="sessions-table")
    assert [r[3] for r in second] == ["5", "4", "3", "2", "1"]
    by_joined = Tables(http.get("/review/?sort=joined&order=asc").get_data(as_text=True))
    assert [r[3] for r in by_joined.table(id="sessions-table")][:3] == ["1", "2", "3"]
    html = http.get("/review/?sort=joined&order=asc").get_data(as_text=True)
    assert 'aria-sort="ascending"' in html
    ranged = Tables(http.get("/review/?from=2025-01-03&to=2025-01-05").get_data(as_text=True))
    assert [r[3] for r in ranged.table(id="sessions-table")] == ["5", "4", "3"]
    bad = http.get("/review/?from=yesterday&sort=nonsense&page=-3")
    assert bad.status_code == 200
    assert "is not a date" in bad.get_data(as_text=True)


def test_the_deck_filter_narrows_the_list_and_the_trends(sign_in, store):
    http = sign_in("rita", "reviewer")
    sign_in("physio")
    finished_sessions(store, "physio", 2)
    page = Tables(
        http.get("/review/trends?from=2025-01-01&to=2025-01-31&deck=back-pain-1").get_data(
            as_text=True
        )
    )
    assert page.numbers["sessions"] == "2"
    assert page.numbers["joined"] == "3"
    page = Tables(
        http.get("/review/trends?from=2025-01-01&to=2025-01-31&deck=other").get_data(as_text=True)
    )
    assert page.numbers["sessions"] == "0"
    listed = http.get("/review/?deck=other").get_data(as_text=True)
    assert "No finished sessions match." in listed


@pytest.mark.parametrize("page", ["²", "①", "99999999999999999999999"])
def test_an_odd_page_number_shows_a_page(sign_in, page):
    admin = sign_in("ada", "admin")
    for path in ("/review/", "/admin/audit"):
        assert admin.get(f"{path}?page={page}").status_code == 200, path


@pytest.mark.parametrize("days", ["²", "①", "٣٠"])
def test_retention_days_in_other_digits_are_refused(sign_in, store, days):
    admin = sign_in("ada", "admin")
    response = post(admin, "/admin/settings", "/admin/settings", retention_days=days)
    assert response.status_code == 400
    assert store.settings.get("retention_days") is None
