"""The deck library over HTTP: who may list, find, archive and change decks, and the editor's
sign-in and CSRF checks. A real store file, Flask's test client."""

from __future__ import annotations

from sessions.deck import parse_deck
from tests.conftest import JSON, Editor

# The library --------------------------------------------------------------------------------------


def test_the_library_lists_decks_with_who_changed_them_and_finds_by_title(editor):
    deck_id = editor.new_deck("Sleep and pain")
    editor.save(deck_id, {**editor.draft(deck_id)["draft"], "description": "Nights"})
    page = editor.http.get("/decks").get_data(as_text=True)
    assert "Sleep and pain" in page
    assert "Making sense of back pain" in page
    assert "changed by physio" in page
    assert "Comes with Talkback: read-only" in page
    found = editor.http.get("/decks?q=nights").get_data(as_text=True)
    assert "Sleep and pain" in found
    assert "Making sense of back pain" not in found


def test_both_back_pain_classes_come_with_talkback_read_only_and_ready_to_start(editor, store):
    """Session 1 and its follow-up, session 2, are in the library and on the start page, and
    each starts at once: its file carries its approval, and its drafted Welsh."""
    library = editor.http.get("/decks").get_data(as_text=True)
    home = editor.http.get("/").get_data(as_text=True)
    for deck_id, title in (
        ("back-pain-1", "Making sense of back pain"),
        ("back-pain-2", "Moving more, day to day"),
    ):
        assert title in library
        assert f'<span class="visually-hidden"> with {title}</span>' in home
        assert store.decks.get(deck_id)["bundled"]
        welsh = parse_deck(store.decks.get(deck_id)["yaml"]).translations["cy"]
        assert welsh.drafted
        assert welsh.texts["title"] != title
        started = editor.post_form("/sessions", {"deck_id": deck_id})
        assert started.status_code == 302, started.get_data(as_text=True)
        session_id = started.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
        assert store.sessions.get(session_id)["deck_id"] == deck_id
    assert library.count("Comes with Talkback: read-only") == 2


def test_archiving_hides_a_deck_from_the_library_and_from_starting_a_class(editor, store):
    deck_id = editor.new_deck("Old deck")
    assert editor.post_form(f"/decks/{deck_id}/archive", {"archived": "1"}).status_code == 302
    assert "“Old deck” is archived." in editor.http.get("/decks").get_data(as_text=True)
    assert "Old deck" not in editor.http.get("/decks").get_data(as_text=True)
    assert "Old deck" not in editor.http.get("/").get_data(as_text=True)
    assert "Old deck" in editor.http.get("/decks?archived=1").get_data(as_text=True)
    editor.post_form(f"/decks/{deck_id}/archive", {"archived": "0"})
    assert "Old deck" in editor.http.get("/").get_data(as_text=True)


def test_a_reviewer_may_read_the_library_but_not_change_decks(sign_in):
    reviewer = Editor(sign_in("rita", role="reviewer"))
    assert reviewer.http.get("/decks").status_code == 200
    assert reviewer.post_form("/decks", {"title": "Mine"}).status_code == 403
    read = reviewer.http.get("/decks/back-pain-1/draft", headers=reviewer.headers)
    assert read.status_code == 200
    response = reviewer.save("back-pain-1", {"title": "Mine"}, rev=0)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    page = reviewer.http.get("/decks/back-pain-1/edit").get_data(as_text=True)
    assert 'data-read-only="1"' in page
    assert "Duplicate to tailor" not in page


def test_the_editor_needs_a_sign_in_and_says_so_in_json(app):
    http = app.test_client()
    assert http.get("/decks").status_code == 302
    response = http.get("/decks/back-pain-1/draft", headers={"Accept": JSON})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "signed_out"


def test_a_json_save_without_the_csrf_header_is_refused(editor):
    deck_id = editor.new_deck()
    response = editor.http.put(
        f"/decks/{deck_id}/draft", json={"draft": {}, "rev": 0}, headers={"Accept": JSON}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf"
