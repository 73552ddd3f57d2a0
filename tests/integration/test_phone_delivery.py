"""What a phone is sent, and how, for a quick join on a slow network: the class page drawn with
the room's step by the join itself, static files compressed and kept for good under an address
that changes with their content, and no cookie riding on them."""

from __future__ import annotations

import gzip
import re

import brotli

from app import STATIC
from server.lean_scripts import without_comments
from server.static_files import NOT_KEPT, CompressedBodies, static_version
from tests.conftest import csrf_token

BROTLI = {"Accept-Encoding": "gzip, deflate, br"}


def post_join(app, session_row, name=""):
    http = app.test_client()
    token = csrf_token(http.get("/join").get_data(as_text=True))
    response = http.post(
        "/join", data={"code": session_row["code"], "name": name, "csrf_token": token}
    )
    return http, response


def test_joining_answers_with_the_class_page_showing_the_rooms_step(console, app):
    assert console.emit("next")["ok"]
    http, response = post_join(app, console.session, "Ann")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1>Welcome</h1>" in html
    assert f'data-url="/s/{console.session["id"]}"' in html
    again = http.get(f"/s/{console.session['id']}").get_data(as_text=True)
    assert "<h1>Welcome</h1>" in again  # a reload draws the same step


def test_the_class_page_answering_a_join_names_only_the_modules_found_late(console, app):
    """The join page fetched them all ahead; the class page that answers the join names only
    those that play.js does not import itself. Opened from a link, it names every one."""

    def preloaded(html):
        return set(re.findall(r'rel="modulepreload" href="/static/[0-9a-f]+/([^"]+)"', html))

    http, response = post_join(app, console.session)
    joined = response.get_data(as_text=True)
    assert re.search(r'rel="stylesheet" href="[^"]+/participant/participant\.css"', joined)
    assert re.search(r'<script type="module" src="[^"]+/participant/play\.js"', joined)
    opened = preloaded(http.get(f"/s/{console.session['id']}").get_data(as_text=True))
    assert "vendor/socket.io-4.8.3/socket.io.esm.min.js" in preloaded(joined)
    assert "participant/form-parts.js" in preloaded(joined)
    assert {"participant/play.js", "participant/delivery.js"} & preloaded(joined) == set()
    assert preloaded(joined) < opened
    assert {"participant/play.js", "participant/delivery.js"} <= opened


def test_the_class_page_before_the_start_and_after_the_end(console, app):
    http, response = post_join(app, console.session)
    assert "The class will start soon" in response.get_data(as_text=True)
    assert console.emit("end")["ok"]
    ended = http.get(f"/s/{console.session['id']}").get_data(as_text=True)
    assert "The class has ended" in ended


def test_presenter_notes_never_reach_the_drawn_page(console, app, store):
    notes = [s.notes for s in store.sessions.deck_of(console.session["id"]).steps if s.notes]
    assert notes
    while console.emit("next")["ok"]:
        html = post_join(app, console.session)[1].get_data(as_text=True)
        assert not any(note in html for note in notes)


def test_static_files_are_compressed_and_kept_for_good(app):
    html = app.test_client().get("/join").get_data(as_text=True)
    scripts = re.findall(r'href="(/static/([0-9a-f]{12})/[^"]+\.js)"', html)
    assert scripts
    assert {version for _, version in scripts} == {static_version(STATIC)}
    response = app.test_client().get(scripts[0][0], headers=BROTLI)
    assert response.headers["Content-Encoding"] == "br"
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.immutable
    assert "Set-Cookie" not in response.headers
    # Never revalidated nor fetched in parts: these would only add bytes to every request.
    for header in ("ETag", "Last-Modified", "Accept-Ranges", "Content-Disposition"):
        assert header not in response.headers
    assert response.headers["Content-Type"] == "text/javascript"
    assert response.headers["Cache-Control"] == "max-age=31536000, immutable"


def test_pages_and_json_are_never_compressed(app):
    """They hold CSRF tokens beside text a visitor chooses: compressing them could leak the
    token to someone who can watch the sizes (BREACH)."""
    client = app.test_client()
    assert "Content-Encoding" not in client.get("/join?code=" + "x" * 600, headers=BROTLI).headers
    api = client.post("/api/join", json={"code": "000000"}, headers=BROTLI)
    assert "Content-Encoding" not in api.headers


def test_the_static_address_changes_with_any_file(tmp_path):
    (tmp_path / "a.js").write_text("one")
    before = static_version(tmp_path)
    (tmp_path / "a.js").write_text("two")
    assert static_version(tmp_path) != before


def a_phone_script(app) -> str:
    html = app.test_client().get("/join").get_data(as_text=True)
    return re.findall(r'href="(/static/[0-9a-f]{12}/participant/[^"]+\.js)"', html)[0]


def served_module(address: str) -> bytes:
    """A module of ours as it is sent: without its comments (server/lean_scripts.py)."""
    return without_comments((STATIC / address.split("/", 3)[3]).read_text()).encode()


def test_a_static_file_is_compressed_at_brotlis_best_once_and_sent_whole_every_time(app):
    address = a_phone_script(app)
    file = served_module(address)
    assert len(file) < 0.9 * len((STATIC / address.split("/", 3)[3]).read_bytes())
    first = app.test_client().get(address, headers=BROTLI).get_data()
    again = app.test_client().get(address, headers=BROTLI).get_data()
    assert brotli.decompress(first) == file
    assert again == first == brotli.compress(file, quality=11)
    gzipped = app.test_client().get(address, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.get_data()) == file


def test_a_request_for_part_of_a_static_file_is_never_kept_for_the_next_phone(app):
    address = a_phone_script(app)
    file = served_module(address)
    app.test_client().get(address, headers={**BROTLI, "Range": "bytes=0-9"})
    whole = app.test_client().get(address, headers=BROTLI)
    assert whole.status_code == 200
    assert brotli.decompress(whole.get_data()) == file


def test_a_vendored_script_is_sent_as_it_came(app):
    html = app.test_client().get("/join").get_data(as_text=True)
    address = re.findall(r'"(/static/[0-9a-f]{12}/vendor/[^"]+\.js)"', html)[0]
    sent = app.test_client().get(address)
    assert sent.get_data() == (STATIC / address.split("/", 3)[3]).read_bytes()


def test_only_content_addressed_bodies_are_kept():
    bodies = CompressedBodies()
    bodies.set("br;/static/abc/participant/play.js", b"kept")
    bodies.set("br;" + NOT_KEPT, b"a notebook's QR code")
    assert bodies.get("br;/static/abc/participant/play.js") == b"kept"
    assert bodies.get("br;" + NOT_KEPT) is None
