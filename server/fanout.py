"""Several worker processes: every Socket.IO event reaches the clients of every worker through
Redis (Flask-SocketIO's message queue), and a worker whose clients may have missed messages
sends each of them a fresh snapshot. docs/deploy.md tells the whole story.

Redis publish/subscribe keeps nothing: a message published while a worker is not subscribed
(Redis restarting, a worker reconnecting) is gone for that worker's clients. The store still
holds the truth, so the cure is a snapshot. It is sent when this worker's subscription comes
back after a break, and when another worker says that some of its messages could not be
published at all."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import redis
import socketio
from redis.backoff import NoBackoff
from redis.retry import Retry

from server.realtime import MODERATORS, NAMESPACES, Realtime
from sessions import views

log = logging.getLogger(__name__)

CHANNEL = "talkback"
RESYNC = "talkback:resync"  # the one message of our own on the channel
QUIET_AFTER_FAILURE = 1.0  # seconds not to try publishing after a failure (Redis is down)
FIRST_PAUSE, LONGEST_PAUSE = 0.25, 2.0  # between attempts to subscribe again
GAP_DELAY = 0.5  # seconds to gather the reasons for a resync into one


def redis_options(*, publishing: bool) -> dict[str, Any]:
    """Fail fast instead of retrying with back-off inside a handler; notice a dead link within
    about 25 seconds even when no packet says so (TCP keepalive)."""
    options: dict[str, Any] = {
        "socket_connect_timeout": 1,
        "socket_keepalive": True,
        "retry": Retry(NoBackoff(), 0),
    }
    if hasattr(socket, "TCP_KEEPIDLE"):
        options["socket_keepalive_options"] = {
            socket.TCP_KEEPIDLE: 10,
            socket.TCP_KEEPINTVL: 5,
            socket.TCP_KEEPCNT: 3,
        }
    if publishing:
        options["socket_timeout"] = 2  # a subscriber waits for messages; a publisher must not
    return options


class RedisQueue(socketio.RedisManager):
    """python-socketio's Redis client manager, made to live through Redis restarts.

    - Publishing fails fast while Redis is down (one quick retry, no back-off), and for a
      moment after a failure it is not tried at all: the clients of this worker still get
      every message, the others will be sent snapshots.
    - The subscription is tried again every few tenths of a second up to every 2 seconds,
      however long Redis was away.
    - `on_gap` runs (once for a burst of reasons, on a background task) when messages may
      have been lost for this worker's clients."""

    def __init__(
        self, url: str, *, channel: str = CHANNEL, on_gap: Callable[[], Any] | None = None
    ):
        if urlparse(url).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("TALKBACK_MESSAGE_QUEUE must be a redis://, rediss:// or unix:// URL")
        super().__init__(url, channel=channel, redis_options=redis_options(publishing=True))
        self.on_gap = on_gap or (lambda: None)
        self.gaps = 0  # resyncs done, for the log and for tests
        self._lost = False  # a message of ours could not be published since the last RESYNC
        self._quiet_until = 0.0
        self._gap_lock = threading.Lock()
        self._gap_pending = False

    def initialize(self):  # pragma: no cover - needs a running server
        super().initialize()
        if not self.write_only:
            self.server.start_background_task(self._announce_forever)

    # Publishing ---------------------------------------------------------------------------

    def _publish(self, data):
        if self._lost and not self._announce():
            return None
        return self._publish_now(data)

    def _publish_now(self, data):
        if time.monotonic() < self._quiet_until:
            self._lost = True
            return None
        result = super()._publish(data)  # None when it gave up
        if result is None:
            self._lost = True
            self._quiet_until = time.monotonic() + QUIET_AFTER_FAILURE
        return result

    def _announce(self) -> bool:
        """Tell every worker that messages of this one were lost, so that each sends its
        clients fresh snapshots; True once told."""
        if self._publish_now({"method": RESYNC, "host_id": self.host_id}) is None:
            return False
        self._lost = False
        return True

    def _announce_forever(self) -> None:
        """A quiet class sends nothing that would carry the news: say it as soon as Redis is
        back anyway."""
        while True:
            self.server.sleep(QUIET_AFTER_FAILURE)
            if self._lost and time.monotonic() >= self._quiet_until:
                self._announce()

    # Listening ----------------------------------------------------------------------------

    def _listen(self):
        channel = self.channel.encode("utf-8")
        for message in self._redis_listen_with_retries():
            if message["type"] != "message" or message["channel"] != channel:
                continue
            data = message["data"]
            if b"talkback:resync" in data[:40]:
                parsed = json.loads(data)
                if parsed.get("method") == RESYNC:
                    if parsed.get("host_id") != self.host_id:
                        self.gap("another worker could not publish for a while")
                    continue
            yield data

    def _redis_listen_with_retries(self):
        """Messages of the channel, for ever: each subscription on a new connection of its
        own; a subscription that comes back after a break is a gap."""
        pause = FIRST_PAUSE
        broken = False
        while True:
            client = None
            try:
                client = redis.Redis.from_url(self.redis_url, **redis_options(publishing=False))
                pubsub = client.pubsub(ignore_subscribe_messages=False)
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    if message["type"] == "subscribe":
                        pause = FIRST_PAUSE
                        if broken:
                            log.warning("message queue: subscribed again")
                            self.gap("the subscription came back after a break")
                        broken = False
                    yield message
                raise ConnectionError("the subscription ended")
            except Exception as exc:
                if not broken:
                    log.error("message queue: cannot receive (%s); trying again", exc)
                broken = True
                time.sleep(pause)  # monkey-patched: yields to the other clients
                pause = min(pause * 2, LONGEST_PAUSE)
            finally:
                if client is not None:
                    with contextlib.suppress(Exception):  # a broken link may not close cleanly
                        client.close()

    # Gaps ---------------------------------------------------------------------------------

    def gap(self, why: str) -> None:
        """Messages may have been lost: run on_gap soon, once for all the reasons that come
        together."""
        with self._gap_lock:
            if self._gap_pending:
                return
            self._gap_pending = True
        log.warning("message queue: %s; clients here get fresh snapshots", why)
        self.server.start_background_task(self._mend)

    def _mend(self) -> None:
        self.server.sleep(GAP_DELAY)
        with self._gap_lock:
            self._gap_pending = False
        try:
            sent = self.on_gap()
            self.gaps += 1
            log.warning("message queue: resync %d sent %s snapshots", self.gaps, sent)
        except Exception:
            log.exception("message queue: resync failed")


def resync_local(app, realtime: Realtime) -> int:
    """Send every client connected to this worker its whole view again, through this worker
    only (not the queue); how many snapshots. Participants get their personal snapshot,
    the console and the screen their session's. Each is built in the request context of one
    of its connections, as a handler would build it."""
    server = realtime.socketio.server
    manager = server.manager
    sent = 0
    for audience, namespace in NAMESPACES.items():
        for name in list(manager.rooms.get(namespace, {})):
            if not isinstance(name, str):
                continue
            if audience == views.PARTICIPANT and name.startswith("p:"):
                # A person's devices shown the deck in one language: "p:<id>:<language>".
                _, participant_id, language = name.split(":")

                def build(participant_id=participant_id, language=language):
                    participant = realtime.store.participants.get(participant_id)
                    if participant is None:
                        return None
                    return realtime.personal_snapshot(
                        participant["session_id"], participant_id, language=language
                    )
            elif audience != views.PARTICIPANT and name.startswith("s:"):
                _, session_id, seat = name.split(":", 2)

                def build(session_id=session_id, audience=audience, seat=seat):  # type: ignore[misc]  # own defaults
                    view = realtime.snapshot(session_id, audience)
                    # A session's moderators are sent only what a moderator may see.
                    return views.for_moderator(view) if seat == MODERATORS else view
            else:
                continue
            sids = [sid for sid, _ in manager.get_participants(namespace, name)]
            if not sids:
                continue
            try:
                environ = server.get_environ(sids[0], namespace)
                if environ is None:
                    continue
                with app.request_context(environ):
                    snapshot = build()
                if snapshot is not None:
                    server.emit(
                        "snapshot", snapshot, to=name, namespace=namespace, ignore_queue=True
                    )
                    sent += 1
            except Exception:
                log.exception("could not resync %s on %s", name, namespace)
            realtime.socketio.sleep(0)  # let the handlers in between
    return sent
