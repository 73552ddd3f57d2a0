"""Work the serving process does beside the handlers: WAL checkpoints, cutting off clients too
slow to keep up, and the graceful stop on SIGTERM. Started by run.py only, never in tests'
threading mode unless a test asks."""

from __future__ import annotations

import logging
import os
import time

from realtime import AudienceNamespace, Realtime

log = logging.getLogger(__name__)


class Housekeeping:
    def __init__(
        self,
        realtime: Realtime,
        *,
        checkpoint_every: float,
        max_queued_packets: int,
        stop_grace: float,
        identity_recheck: float,
    ):
        self.realtime = realtime
        self.socketio = realtime.socketio
        self.checkpoint_every = checkpoint_every
        self.max_queued_packets = max_queued_packets
        self.stop_grace = stop_grace
        self.identity_recheck = identity_recheck

    def start(self) -> None:
        self.socketio.start_background_task(self._checkpoints)
        self.socketio.start_background_task(self._slow_clients)
        self.socketio.start_background_task(self._recheck_identities)
        self.socketio.start_background_task(self._close_due_sessions)

    def _recheck_identities(self) -> None:
        """Revoking a token or disabling an account takes effect on open connections too."""
        while True:
            self.socketio.sleep(self.identity_recheck)
            for namespace in self.socketio.server.namespace_handlers.values():
                if isinstance(namespace, AudienceNamespace):
                    try:
                        namespace.drop_invalid()
                    except Exception:
                        log.exception("identity recheck failed on %s", namespace.namespace)

    def _close_due_sessions(self) -> None:
        """Self-paced sessions close at their closing date, even with nobody connected."""
        while True:
            self.socketio.sleep(60)
            try:
                for session_id in self.realtime.store.close_due_sessions():
                    self.realtime.publish_state(session_id)
            except Exception:
                log.exception("closing due sessions failed")

    def _checkpoints(self) -> None:
        while True:
            self.socketio.sleep(self.checkpoint_every)
            try:
                self.realtime.store.checkpoint()
            except Exception:
                log.exception("WAL checkpoint failed")

    def _slow_clients(self) -> None:
        """A frozen phone stops reading, and everything sent to it would queue in memory.
        Past a bound it is disconnected; when it wakes it reconnects and gets a snapshot."""
        while True:
            self.socketio.sleep(2)
            for eio_sid, socket in list(self.socketio.server.eio.sockets.items()):
                if socket.queue.qsize() > self.max_queued_packets:
                    log.warning("disconnecting %s: %d packets queued", eio_sid,
                                socket.queue.qsize())
                    socket.close(wait=False, abort=True)

    def stop_gracefully(self) -> None:
        """Refuse new events, let those being handled finish, send the last results, make
        the database file whole, then exit. Clients reconnect to the next server on their own."""
        self.realtime.draining = True
        deadline = time.monotonic() + self.stop_grace
        while self.realtime.in_flight and time.monotonic() < deadline:
            self.socketio.sleep(0.05)
        try:
            self.realtime.flush()
            self.socketio.sleep(0.2)  # let the last results leave the send queues
            self.realtime.store.checkpoint()
            self.realtime.store.close()
        finally:
            log.info("stopped")
            os._exit(0)
