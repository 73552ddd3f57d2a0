"""Junk on a Socket.IO connection is dropped with a short note, not a traceback per packet."""

from __future__ import annotations

import logging

from app import realtime_of

DEEP = "2/participant," + "[" * 100_000 + "]" * 100_000
JUNK = ["2{}", "2[]", "25", "2/participant,{}", "x", "9", "2/participant,[", DEEP]


def test_malformed_packets_are_dropped_with_one_short_line(app, console, join, caplog):
    phone = join(console.session)
    eio = realtime_of(app).socketio.server.eio
    with caplog.at_level(logging.INFO):
        for junk in JUNK * 5:
            eio._trigger_event("message", phone.sock.eio_sid, junk)
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    notes = [r.getMessage() for r in caplog.records if "malformed" in r.getMessage()]
    assert len(notes) == 1
    assert phone.emit("snapshot")["ok"] is True
