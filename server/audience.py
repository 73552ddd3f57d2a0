"""The base of every Socket.IO namespace: one session per connection, identity settled at
connect, a rate limit held with each connection, and no exception escaping a handler."""

from __future__ import annotations

import logging
from typing import Any

from flask import request
from flask_socketio import ConnectionRefusedError, Namespace, SocketIO, emit, join_room

from server.buckets import ConnectionLimits
from server.errors import error, ok, refused
from server.guards import Guards
from server.payloads import Payload
from server.realtime import Realtime, room
from server.write import WriteEntry
from sessions.live import Rejected
from sessions.store import StoreError
from sessions.words import N_, Words

log = logging.getLogger(__name__)

RESERVED_EVENTS = ("connect", "disconnect")


class AudienceNamespace(Namespace):
    """A namespace whose connections each belong to one session. Identity is settled once, at
    connect, from the cookie or the `auth` token; handlers read it from here, never from a
    payload."""

    audience: str

    def __init__(self, namespace: str, realtime: Realtime, guards: Guards):
        super().__init__(namespace)
        self.realtime = realtime
        self.guards = guards
        self.store = realtime.store
        self.writes = WriteEntry(realtime, guards.reactions)
        self._who: dict[str, dict[str, Any]] = {}
        self._limits: dict[str, ConnectionLimits] = {}

    def identify(self, auth: dict[str, Any]) -> dict[str, Any]:
        """The connection's identity (with at least `session_id`), or ConnectionRefusedError."""
        raise NotImplementedError

    def trigger_event(self, event, *args):
        """Every event passes here: counted while it runs, and refused while the server stops.
        Everything a client sends counts against its limit; only the server's own connect and
        disconnect do not."""
        lifecycle = self._is_lifecycle(event, args)
        if self.realtime.draining and not (lifecycle and event == "disconnect"):
            if lifecycle:
                raise ConnectionRefusedError("The server is restarting. Try again shortly.")
            return self._refused_early(
                args[0], "unavailable", N_("The server is restarting. Please try again shortly.")
            )
        if not lifecycle:
            sid = args[0]
            if self._over_limit(sid):
                return self._refused_early(
                    sid,
                    "rate_limited",
                    N_("Too many messages. Please wait a moment and try again."),
                )
            if event in RESERVED_EVENTS:
                # A client may name its message "connect" or "disconnect": never run as one.
                return self._refused_early(
                    sid,
                    "bad_request",
                    N_("%(event)s is not a message a client may send."),
                    event=event,
                )
            rejected = self.refusal(event, sid)
            if rejected is not None:
                return self._refused_early(sid, rejected.code, rejected.words)
        self.realtime.handling(+1)
        try:
            return super().trigger_event(event, *args)
        finally:
            self.realtime.handling(-1)

    def _is_lifecycle(self, event: str, args: tuple[Any, ...]) -> bool:
        """Whether this is the server's own connect or disconnect of `args[0]`, not a message
        of that name. The server calls connect with the connection's very environ, before the
        connection counts as connected, and disconnect once it no longer does."""
        if event not in RESERVED_EVENTS:
            return False
        server = self.socketio.server
        sid = args[0]
        if server.manager.is_connected(sid, self.namespace):
            return False
        if event == "connect":
            environ = server.get_environ(sid, namespace=self.namespace)
            return len(args) > 1 and environ is not None and args[1] is environ
        return True

    def _over_limit(self, sid: str) -> bool:
        """A flood gets `rate_limited` errors; one that keeps on is disconnected. Only this
        connection's own limits are touched, so the cost does not grow with the room."""
        limits = self._limits.get(sid)
        if limits is None:
            limits = self._limits[sid] = self.guards.for_connection(self.audience)
        if limits.events.hit().allowed:
            return False
        if not limits.refusals.hit().allowed:
            log.warning("disconnecting %s on %s: event flood", sid, self.namespace)
            self.socketio.server.disconnect(sid, namespace=self.namespace)
        return True

    def _refused_early(
        self, sid: str, code: str, message: str | Words, **values: Any
    ) -> dict[str, Any]:
        """An event refused before its handler runs, so before Flask-SocketIO gives it the
        connection's request: that request is made here, only for a refusal, so that the
        message is in the connection's language as a handler's refusal is."""
        environ = self.socketio.server.get_environ(sid, namespace=self.namespace)
        if not environ:
            return error(code, message, **values)
        with environ["flask.app"].request_context(environ):
            request.namespace = self.namespace  # type: ignore[attr-defined]  # as Flask-SocketIO
            return error(code, message, **values)

    def refusal(self, event: str, sid: str) -> Rejected | None:
        """Why this connection may not send `event` at all (its role forbids it), before its
        handler runs; None to go on."""
        return None

    def still_valid(self, who: dict[str, Any]) -> bool:
        """Whether a connected identity still holds (not revoked, expired or disabled)."""
        return True

    def drop_invalid(self) -> int:
        """Disconnect every connection whose identity no longer holds; returns how many."""
        dropped = 0
        for sid, who in list(self._who.items()):
            if not self.still_valid(who):
                self.socketio.server.disconnect(sid, namespace=self.namespace)
                self._who.pop(sid, None)
                dropped += 1
        return dropped

    def on_connect(self, auth=None):
        who = self.identify(auth if isinstance(auth, dict) else {})
        self._who[request.sid] = who  # type: ignore[attr-defined]  # set by Flask-SocketIO
        join_room(self.room_of(who))
        self.after_connect(who)

    def room_of(self, who: dict[str, Any]) -> str:
        """The room this connection hears its session in."""
        return room(who["session_id"], self.audience)

    def shown(self, who: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
        """This connection's own view of a snapshot it asked for (as its room hears it)."""
        return view

    def after_connect(self, who: dict[str, Any]) -> None:
        emit("snapshot", self.shown(who, self.realtime.snapshot(who["session_id"], self.audience)))

    def on_disconnect(self, reason=None):
        self._who.pop(request.sid, None)  # type: ignore[attr-defined]  # set by Flask-SocketIO
        self._limits.pop(request.sid, None)  # type: ignore[attr-defined]

    def who(self) -> dict[str, Any]:
        return self._who[request.sid]  # type: ignore[attr-defined]  # set by Flask-SocketIO

    def submit(self, payload_kind: Payload, payload: Any) -> dict[str, Any]:
        """Hand an event's payload, with this connection's identity, to the one write entry."""
        return self.writes.handle(self.who(), payload_kind, payload)

    def on_snapshot(self, payload=None):
        """Any client asks for its whole view again (after a reconnect or a gap in `seq`)."""
        who = self.who()
        return ok(
            snapshot=self.shown(who, self.realtime.snapshot(who["session_id"], self.audience))
        )


def answer_internal_errors(socketio: SocketIO) -> None:
    """No exception escapes a handler: it is logged and the client gets the `internal` error."""

    @socketio.on_error_default
    def internal(exc):
        if isinstance(exc, StoreError):
            return refused(exc)
        log.exception("handler failed", exc_info=exc)
        return error("internal", N_("Something went wrong on the server. Nothing was changed."))
