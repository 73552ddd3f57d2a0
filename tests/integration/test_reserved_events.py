"""A client may send a message named like the server's own connect or disconnect: it counts
against the connection's limit like any other and is never run as the real thing."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("name", ["connect", "disconnect"])
def test_a_message_named_connect_or_disconnect_is_refused_and_changes_nothing(
    console, join, store, name
):
    phone = join(console.session)
    phone.received()
    answer = phone.emit(name, {"session_id": console.session["id"]})
    assert answer["error"]["code"] == "bad_request"
    assert phone.received("snapshot") == []
    assert len(store.room.connected(console.session["id"])) == 1
    assert phone.emit("snapshot")["ok"] is True


@pytest.mark.parametrize("name", ["connect", "disconnect"])
def test_a_flood_of_reserved_names_is_limited_then_disconnected(console, join, name):
    phone = join(console.session)
    answers = []
    for _ in range(80):
        if not phone.connected:
            break
        answers.append(phone.emit(name))
    codes = [a["error"]["code"] for a in answers if a]
    assert "rate_limited" in codes
    assert not phone.connected
