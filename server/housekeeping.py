"""Work the serving process does beside the handlers: WAL checkpoints, cutting off clients too
slow to keep up, and the graceful stop on SIGTERM. Started by run.py only, never in tests'
threading mode unless a test asks."""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from platform import node

from server.audience import AudienceNamespace
from server.realtime import Realtime
from sessions import reports

log = logging.getLogger(__name__)


class LagProbe:
    """Event-loop lag for bench/: how late a sleep of `interval` seconds wakes up, which is how
    long other work held the loop. Only exists when the LAG_PROBE setting is on."""

    def __init__(self, interval: float = 0.05, keep: int = 20_000):
        self.interval = interval
        self.samples: deque[float] = deque(maxlen=keep)  # seconds late, newest last

    def summary(self, *, reset: bool = False) -> dict:
        """p50/p99/max lag in ms since the last reset, and the process's resident memory."""
        ordered = sorted(self.samples)
        if reset:
            self.samples.clear()

        def ms(q: float) -> float | None:
            if not ordered:
                return None
            return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

        return {
            "samples": len(ordered),
            "interval_ms": self.interval * 1000,
            "p50_ms": ms(0.50),
            "p99_ms": ms(0.99),
            "max_ms": ms(1.0),
            "rss_bytes": _rss_bytes(),
        }


def _rss_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the peak instead
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Housekeeping:
    def __init__(
        self,
        realtime: Realtime,
        *,
        checkpoint_every: float,
        max_queued_packets: int,
        stop_grace: float,
        identity_recheck: float,
        retention_days: int = 365,
        alert_retention_days: int = 2922,
        review_every: float = 3600,
        heartbeat_every: float = 30,
        idle_session_hours: float = 12,
        idle_warning_minutes: float = 15,
        idle_check_every: float = 60,
        app=None,
        lag_probe: LagProbe | None = None,
    ):
        self.realtime = realtime
        self.socketio = realtime.socketio
        self.checkpoint_every = checkpoint_every
        self.max_queued_packets = max_queued_packets
        self.stop_grace = stop_grace
        self.identity_recheck = identity_recheck
        self.retention_days = retention_days
        self.alert_retention_days = alert_retention_days
        self.review_every = review_every
        self.heartbeat_every = heartbeat_every
        self.idle_after = timedelta(hours=idle_session_hours)
        self.idle_warn_before = timedelta(minutes=idle_warning_minutes)
        self.idle_check_every = idle_check_every
        self.app = app  # for the request context that building a snapshot needs
        self.lag_probe = lag_probe

    def start(self) -> None:
        self.socketio.start_background_task(self._checkpoints)
        self.socketio.start_background_task(self._slow_clients)
        self.socketio.start_background_task(self._recheck_identities)
        self.socketio.start_background_task(self._review_daily)
        self.socketio.start_background_task(self._close_due_sessions)
        self.socketio.start_background_task(self._end_idle_sessions)
        self.socketio.start_background_task(self._heartbeat)
        if self.lag_probe is not None:
            self.socketio.start_background_task(self._probe_lag)

    def _probe_lag(self) -> None:
        probe = self.lag_probe
        assert probe is not None  # started only with a probe
        while True:
            started = time.monotonic()
            self.socketio.sleep(probe.interval)
            probe.samples.append(max(0.0, time.monotonic() - started - probe.interval))

    def _heartbeat(self) -> None:
        """Several workers share the store: each says it is alive, and the connection counts
        of a worker not seen for ten beats (gone for good) are dropped."""
        while True:
            self.socketio.sleep(self.heartbeat_every)
            try:
                dropped = self.realtime.store.room.heartbeat(stale_after=10 * self.heartbeat_every)
                if dropped:
                    log.warning("dropped %d connection counts of workers gone", dropped)
            except Exception:
                log.exception("worker heartbeat failed")

    def _review_daily(self) -> None:
        """Every hour, keep the aggregates of sessions that finished (and the figures of courses
        whose sessions all have); once a day, retention.
        With several worker processes a lease in the store lets only one run it each day."""
        holder = f"{node()}:{os.getpid()}"
        while True:
            try:
                reports.keep_all(self.realtime.store)
                reports.keep_finished_courses(self.realtime.store)
                reports.run_daily(
                    self.realtime.store,
                    now=datetime.now(UTC),
                    default_days=self.retention_days,
                    alert_days=self.alert_retention_days,
                    holder=holder,
                )
            except Exception:
                log.exception("review housekeeping failed")
            self.socketio.sleep(self.review_every)

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
                for session_id in self.realtime.store.sessions.close_due():
                    with self._request_context():
                        self.realtime.publish_state(session_id)
            except Exception:
                log.exception("closing due sessions failed")

    def _end_idle_sessions(self) -> None:
        """Group and one-to-one sessions nobody uses end, so their join codes stop working."""
        while True:
            self.socketio.sleep(self.idle_check_every)
            try:
                self.end_idle_sessions()
            except Exception:
                log.exception("ending idle sessions failed")

    def end_idle_sessions(self) -> None:
        """One sweep: warn the consoles of sessions about to end, and end those due."""
        sweep = self.realtime.store.idle.sweep(
            idle_after=self.idle_after, warn_before=self.idle_warn_before
        )
        with self._request_context():
            for session_id, ends_at in sweep.warned.items():
                self.realtime.publish_idle_warning(session_id, ends_at)
            for session_id in sweep.ended:
                log.info("ended idle session %s", session_id)
                self.realtime.publish_state(session_id)

    def _request_context(self):
        """Snapshots carry links built with url_for: outside a handler they need a request."""
        if self.app is None:
            return contextlib.nullcontext()
        return self.app.test_request_context(
            base_url=self.app.config["PUBLIC_URL"] or "http://localhost"
        )

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
                    log.warning(
                        "disconnecting %s: %d packets queued", eio_sid, socket.queue.qsize()
                    )
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
