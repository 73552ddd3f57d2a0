"""Each connection's event limit is kept with that connection: one phone's flood refuses only
that phone, and the limit is gone once it disconnects."""

from __future__ import annotations

from app import realtime_of


def participant_namespace(app):
    return realtime_of(app).socketio.server.namespace_handlers["/participant"]


def test_one_phones_flood_refuses_only_that_phone(app, console, join):
    flooding, quiet = join(console.session), join(console.session)
    answers = [flooding.emit("snapshot") for _ in range(25)]
    assert any(a.get("error", {}).get("code") == "rate_limited" for a in answers)
    assert quiet.emit("snapshot")["ok"] is True


def test_a_connections_limit_is_dropped_when_it_disconnects(app, console, join):
    namespace = participant_namespace(app)
    phone = join(console.session)
    phone.emit("snapshot")
    assert len(namespace._limits) == 1
    phone.sock.disconnect(namespace="/participant")
    assert namespace._limits == {}


def test_a_flood_that_is_disconnected_leaves_no_limit_behind(app, console, join):
    namespace = participant_namespace(app)
    phone = join(console.session)
    for _ in range(80):
        if not phone.connected:
            break
        phone.emit("snapshot")
    assert not phone.connected
    assert namespace._limits == {}
