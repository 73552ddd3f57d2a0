"""The console's `room_language` command through the Socket.IO test clients: stored, audited,
sent live to the screen and the console; bad input refused with nothing changed; a phone's own
language is not touched by it."""

from __future__ import annotations

import html
import json
import re

import pytest

from server.languages import LANGUAGES

WELSH_DECK = """
title: Back care
steps:
  - {id: hello, kind: slide, title: Hello, body: Welcome to the class}
  - id: walk
    kind: poll
    title: How far do you walk?
    options: [{id: little, label: A little}, {id: lots, label: A lot}]
translations:
  cy:
    status: drafted
    texts:
      title: Gofal cefn
      walk.title: Pa mor bell ydych chi'n cerdded?
      walk.options.little: Ychydig
      walk.options.lots: Llawer
"""


def welsh_class(start_session, store):
    store.decks.save("back-care-cy", WELSH_DECK)
    return start_session(deck_id="back-care-cy")


def test_the_console_sets_the_screen_language_and_the_screen_hears_it(console, screen, store):
    projector = screen(console.session)
    assert projector.emit("snapshot")["snapshot"]["room_languages"] == ["en"]
    projector.received()

    ack = console.emit("room_language", languages=["cy", "en"])

    assert ack == {"ok": True, "languages": ["cy", "en"]}
    assert store.sessions.get(console.session["id"])["room_languages"] == "cy,en"
    assert projector.last("snapshot")["room_languages"] == ["cy", "en"]
    assert console.last("snapshot")["room_languages"] == ["cy", "en"]
    assert projector.emit("snapshot")["snapshot"]["room_languages"] == ["cy", "en"]
    entries = store.audit.entries(action="console.room_language")[0]
    assert len(entries) == 1
    assert entries[0]["target"] == f"session {console.session['id']}"


def test_the_screen_gets_the_step_in_each_room_language_side_by_side(start_session, screen, store):
    console = welsh_class(start_session, store)
    projector = screen(console.session)
    assert console.emit("room_language", languages=["cy", "en"])["ok"]
    console.emit("next")
    console.emit("next")

    shown = projector.last("snapshot")["room_steps"]

    assert [language["language"] for language in shown] == ["cy", "en"]
    cy, en = (language["step"] for language in shown)
    assert cy["title"] == "Pa mor bell ydych chi'n cerdded?"
    assert [o["label"] for o in cy["options"]] == ["Ychydig", "Llawer"]
    assert en["title"] == "How far do you walk?"
    assert [o["id"] for o in cy["options"]] == [o["id"] for o in en["options"]]
    assert projector.emit("snapshot")["snapshot"]["room_steps"] == shown  # a late screen too


def test_the_lobby_gets_the_sessions_title_in_each_room_language(start_session, screen, store):
    console = welsh_class(start_session, store)
    projector = screen(console.session)
    assert projector.emit("snapshot")["snapshot"]["room_titles"] == [
        {"language": "en", "title": "Back care"}
    ]
    projector.received()

    assert console.emit("room_language", languages=["cy", "en"])["ok"]

    titles = [{"language": "cy", "title": "Gofal cefn"}, {"language": "en", "title": "Back care"}]
    assert projector.last("snapshot")["room_titles"] == titles
    assert projector.emit("snapshot")["snapshot"]["room_titles"] == titles  # a late screen too
    assert "room_titles" not in console.last("snapshot")  # the console keeps the deck's own


def test_a_bad_room_language_leaves_the_screens_languages_as_they_were(
    start_session, screen, store
):
    console = welsh_class(start_session, store)
    assert console.emit("room_language", languages=["cy"])["ok"]
    console.emit("next")
    projector = screen(console.session)
    before = projector.emit("snapshot")["snapshot"]

    assert console.emit("room_language", languages=["cy", "xx"])["ok"] is False

    after = projector.emit("snapshot")["snapshot"]
    assert after["room_languages"] == ["cy"]
    assert after["room_steps"] == before["room_steps"]


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"languages": "cy"},
        {"languages": []},
        {"languages": ["fr"]},
        {"languages": ["cy", "en", "ar"]},
        {"languages": ["cy", "cy"]},
    ],
    ids=repr,
)
def test_a_bad_room_language_changes_nothing_and_says_why(console, screen, store, payload):
    projector = screen(console.session)
    projector.received()
    before = store.sessions.get(console.session["id"])

    ack = console.emit("room_language", payload)

    assert ack["ok"] is False
    assert ack["error"]["code"] in ("bad_request", "bad_language")
    assert ack["error"]["message"]
    assert store.sessions.get(console.session["id"]) == before
    assert projector.received("snapshot") == []
    assert store.audit.entries(action="console.room_language")[0] == []


def test_a_phone_keeps_its_own_language_whatever_the_room(console, join):
    phone = join(console.session)
    assert console.emit("room_language", languages=["cy"])["ok"]
    assert "room_languages" not in phone.last("snapshot")
    page = phone.http.get(
        f"/join?code={console.session['code']}",
        headers={"Accept-Language": "ar"},
        follow_redirects=True,
    )
    assert 'lang="ar"' in page.get_data(as_text=True)


def test_the_console_offers_each_language_and_each_pair_and_the_screen_can_speak_them(console):
    page = console.http.get(f"/console/{console.session['id']}").get_data(as_text=True)
    chooser = re.search(r'<select id="screen-language">(.*?)</select>', page, re.S)
    assert chooser is not None
    assert '<label for="screen-language">Screen language</label>' in page
    offered = dict(re.findall(r'<option value="([a-z,]+)"[^>]*>([^<]+)</option>', chooser[1]))
    assert offered["cy,en"] == "Cymraeg and English"
    assert offered["en,cy"] == "English and Cymraeg"
    assert offered["cy"] == "Cymraeg"
    assert offered["en"] == "English"
    assert len(offered) == len(LANGUAGES) ** 2  # each one, and each ordered pair of two

    screen = console.http.get(f"/screen/{console.session['screen_key']}").get_data(as_text=True)
    known = json.loads(html.unescape(re.search(r"data-languages='([^']*)'", screen)[1]))
    assert set(known) == set(LANGUAGES)
    assert known["cy"]["messages"].endswith("/cy.js")
    assert known["en"]["messages"] is None
    assert known["ur"]["dir"] == "rtl"
