"""The console's `room_language` command through the Socket.IO test clients: stored, audited,
sent live to the screen and the console; bad input refused with nothing changed; a phone's own
language is not touched by it."""

from __future__ import annotations

import pytest


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
