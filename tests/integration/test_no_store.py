"""No page or JSON answer is kept by a browser or proxy: staff pages, the screen and a
phone's class page carry tokens and links. Static files and pictures keep their own rules."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token


def is_no_store(response) -> bool:
    return response.headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize("path", ["/", "/decks", "/admin/accounts", "/review/"])
def test_staff_pages_are_never_stored(sign_in, path):
    response = sign_in("ada", "admin").get(path)
    assert response.status_code == 200
    assert is_no_store(response)


def test_the_console_and_the_screen_are_never_stored(app, console):
    assert is_no_store(console.http.get(f"/console/{console.session['id']}"))
    assert is_no_store(app.test_client().get(f"/screen/{console.session['screen_key']}"))


def test_signing_in_and_out_is_never_stored(app, sign_in):
    http = app.test_client()
    assert is_no_store(http.get("/signin"))
    physio = sign_in("physio")
    token = csrf_token(physio.get("/").get_data(as_text=True))
    assert is_no_store(physio.post("/signout", data={"csrf_token": token}))


def test_a_phones_pages_and_json_are_never_stored(app, console):
    http = app.test_client()
    page = http.get("/join")
    assert is_no_store(page)
    code = console.session["code"]
    joined = http.post("/join", data={"code": code, "csrf_token": csrf_token(page.text)})
    assert joined.status_code == 200
    assert is_no_store(joined)
    assert is_no_store(app.test_client().post("/api/join", json={"code": code}))


def test_static_files_are_still_kept_for_good(app):
    html = app.test_client().get("/join").get_data(as_text=True)
    script = re.search(r'href="(/static/[0-9a-f]{12}/[^"]+\.js)"', html).group(1)
    response = app.test_client().get(script)
    assert response.cache_control.immutable
    assert not response.cache_control.no_store
