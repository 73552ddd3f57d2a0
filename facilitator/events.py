"""Socket.IO for staff: the console's commands on /facilitator and the projector on /screen."""

from __future__ import annotations

from flask import session
from flask_socketio import ConnectionRefusedError, SocketIO

from facilitator.identity import USER_KEY, may_run
from guards import Guards
from realtime import AudienceNamespace, Realtime, answer_internal_errors, error
from sessions import live, views


class FacilitatorNamespace(AudienceNamespace):
    """The console. Commands come from the facilitator running the session; every audience
    hears the result as a new snapshot."""

    audience = views.FACILITATOR

    def identify(self, auth):
        token = auth.get("token")
        if isinstance(token, str) and token:
            user = self.store.user_for_token(token)
        else:
            user = self.store.user(session[USER_KEY]) if session.get(USER_KEY) else None
        if user is None:
            raise ConnectionRefusedError("You are not signed in.")
        session_id = auth.get("session_id")
        row = self.store.session(session_id) if isinstance(session_id, str) else None
        if not may_run(user, row):
            raise ConnectionRefusedError("You cannot run this session.")
        return {"session_id": row["id"], "user_id": user["id"], "token": token or None}

    def still_valid(self, who):
        if who["token"]:
            user = self.store.user_for_token(who["token"])
        else:
            user = self.store.user(who["user_id"])
        return user is not None and may_run(user, self.store.session(who["session_id"]))

    def command(self, command: live.Command, payload):
        """Run a command; a payload may carry `seq`, the version the console was showing."""
        if payload is not None and not isinstance(payload, dict):
            return error("bad_request", "Send an object, or nothing.")
        seen_seq = (payload or {}).get("seq")
        if seen_seq is not None and not _is_whole(seen_seq):
            return error("bad_request", "seq must be a whole number.")
        return self.realtime.run_command(self.who()["session_id"], command, seen_seq=seen_seq)

    def on_next(self, payload=None):
        return self.command(live.NextStep(), payload)

    def on_back(self, payload=None):
        return self.command(live.PreviousStep(), payload)

    def on_goto(self, payload=None):
        if not isinstance(payload, dict):
            return error("bad_request", 'Send {"index": n}.')
        index, force = payload.get("index"), payload.get("force", False)
        if not _is_whole(index) or not isinstance(force, bool):
            return error("bad_request", "index must be a whole number and force true or false.")
        return self.command(live.GoToStep(index=index, force=force), payload)

    def on_open(self, payload=None):
        return self.command(live.OpenResponses(), payload)

    def on_close(self, payload=None):
        return self.command(live.CloseResponses(), payload)

    def on_reveal(self, payload=None):
        return self.command(live.RevealResults(), payload)

    def on_hide(self, payload=None):
        return self.command(live.HideResults(), payload)

    def on_end(self, payload=None):
        return self.command(live.EndSession(), payload)


class ScreenNamespace(AudienceNamespace):
    """The projector: listens only. Its link's key is its identity."""

    audience = views.SCREEN

    def identify(self, auth):
        key = auth.get("key")
        row = self.store.session_by_screen_key(key) if isinstance(key, str) and key else None
        if row is None:
            raise ConnectionRefusedError("This screen link is not valid.")
        return {"session_id": row["id"], "key": key}

    def still_valid(self, who):
        return self.store.session_by_screen_key(who["key"]) is not None


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def register(socketio: SocketIO, realtime: Realtime, guards: Guards) -> None:
    socketio.on_namespace(FacilitatorNamespace("/facilitator", realtime, guards))
    socketio.on_namespace(ScreenNamespace("/screen", realtime, guards))
    answer_internal_errors(socketio)
