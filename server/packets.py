"""Malformed Socket.IO packets: dropped with one short log line now and then, not a traceback
each. engine.io logs every exception its message handler raises with a full traceback, so a
client sending junk in a loop would fill the log (and spend the server's time writing it)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from flask_socketio import SocketIO

log = logging.getLogger(__name__)

LOG_EVERY = 10.0  # seconds between lines about malformed packets


class QuietLog:
    """One line at most every `every` seconds, saying how many were dropped since the last."""

    def __init__(self, every: float = LOG_EVERY, clock: Callable[[], float] = time.monotonic):
        self.every = every
        self.clock = clock
        self._lock = threading.Lock()
        self._last: float | None = None
        self._unlogged = 0

    def dropped(self, eio_sid: str, exc: BaseException) -> None:
        with self._lock:
            now = self.clock()
            if self._last is not None and now - self._last < self.every:
                self._unlogged += 1
                return
            earlier, self._unlogged, self._last = self._unlogged, 0, now
        log.warning(
            "dropped a malformed Socket.IO packet from %s (%s: %.200s); %d more since the last",
            eio_sid,
            type(exc).__name__,
            exc,
            earlier,
        )


def drop_malformed_packets(socketio: SocketIO, quiet: QuietLog | None = None) -> QuietLog:
    """Wrap the Socket.IO server's engine.io message handler. What escapes it comes from
    decoding a packet (handlers' own errors are answered by answer_internal_errors), so it is
    the client's fault: the packet is dropped and noted briefly."""
    quiet = quiet or QuietLog()
    handlers = socketio.server.eio.handlers
    decode_and_dispatch = handlers["message"]

    def on_message(eio_sid: str, data: Any) -> None:
        try:
            decode_and_dispatch(eio_sid, data)
        except Exception as exc:  # the packet is at fault: see the docstring
            quiet.dropped(eio_sid, exc)

    handlers["message"] = on_message
    return quiet
