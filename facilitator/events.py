"""Socket.IO for staff: the console's commands on /facilitator and the projector on /screen."""

from __future__ import annotations

from flask import request, session
from flask_socketio import ConnectionRefusedError, SocketIO

from facilitator.identity import SIGNIN_KEY, console_role, console_role_on
from server import payloads
from server.audience import AudienceNamespace, answer_internal_errors
from server.guards import Guards
from server.realtime import Realtime, moderators_room, room
from sessions import live, roles, views


class FacilitatorNamespace(AudienceNamespace):
    """The console. Commands come from the staff running the session, each checked against
    their role on it (sessions/roles.py); every audience hears the result as a new snapshot."""

    audience = views.FACILITATOR

    def identify(self, auth):
        token, signin = auth.get("token"), None
        if isinstance(token, str) and token:
            user = self.store.accounts.user_for_token(token)
        else:
            token, signin = None, session.get(SIGNIN_KEY)
            user = self.store.accounts.user_for_signin(signin) if isinstance(signin, str) else None
        if user is None:
            raise ConnectionRefusedError("You are not signed in.")
        session_id = auth.get("session_id")
        row = self.store.sessions.get(session_id) if isinstance(session_id, str) else None
        role = console_role(self.store, user, row)
        if role is None:
            raise ConnectionRefusedError("You cannot run this session.")
        return {
            "session_id": row["id"],
            "user_id": user["id"],
            "username": user["username"],
            "role": role,
            "token": token,
            "signin": signin,
        }

    def _user(self, who):
        if who["token"]:
            return self.store.accounts.user_for_token(who["token"])
        return self.store.accounts.user_for_signin(who["signin"])

    def room_of(self, who):
        """Moderators hear the session in a room of their own, sent the moderator's view."""
        if who["role"] == roles.MODERATOR:
            return moderators_room(who["session_id"])
        return room(who["session_id"], self.audience)

    def shown(self, who, view):
        return views.for_moderator(view) if who["role"] == roles.MODERATOR else view

    def still_valid(self, who):
        """Removed, or moved across the moderator's line without sending anything since (which
        would have moved its room): disconnected, to come back in the right room."""
        user = self._user(who)
        role = console_role_on(self.store, user, who["session_id"]) if user is not None else None
        return role is not None and (role == roles.MODERATOR) == (who["role"] == roles.MODERATOR)

    def refusal(self, event, sid):
        """Every console event is checked against the sender's role as it is now, so a
        moderator removed or made co-facilitator a moment ago is treated so at once."""
        who = self._who.get(sid)
        if who is None or not hasattr(self, f"on_{event}"):
            return None  # an event nobody handles is ignored, as it always was
        user = self._user(who)
        seated = self.room_of(who)
        who["role"] = console_role_on(self.store, user, who["session_id"]) if user else None
        if who["role"] is not None and self.room_of(who) != seated:
            # The server's own calls: this runs before the handler's application context.
            self.socketio.server.leave_room(sid, seated, namespace=self.namespace)
            self.socketio.server.enter_room(sid, self.room_of(who), namespace=self.namespace)
        try:
            roles.check_event(who["role"], event)
        except live.Rejected as exc:
            return exc
        return None

    def submit(self, payload_kind, payload):
        """Audited as `console.<event>`, with who sent it and in which role."""
        action = f"console.{request.event['message']}"  # type: ignore[attr-defined]
        return self.writes.handle(self.who(), payload_kind, payload, audit=action)

    def on_next(self, payload=None):
        return self.submit(payloads.NEXT, payload)

    def on_back(self, payload=None):
        return self.submit(payloads.BACK, payload)

    def on_goto(self, payload=None):
        return self.submit(payloads.GOTO, payload)

    def on_open(self, payload=None):
        return self.submit(payloads.OPEN, payload)

    def on_close(self, payload=None):
        return self.submit(payloads.CLOSE, payload)

    def on_reveal(self, payload=None):
        return self.submit(payloads.REVEAL, payload)

    def on_hide(self, payload=None):
        return self.submit(payloads.HIDE, payload)

    def on_end(self, payload=None):
        return self.submit(payloads.END, payload)

    def on_vote_again(self, payload=None):
        """Peer instruction: a closed poll or quiz takes a second vote after the talk."""
        return self.submit(payloads.VOTE_AGAIN, payload)

    def on_blank(self, payload=None):
        """Black out the projector, or show it again; the console's B key."""
        return self.submit(payloads.BLANK, payload)

    def on_timer(self, payload=None):
        """Start, pause, resume, extend or stop the room's countdown."""
        return self.submit(payloads.TIMER, payload)

    def on_regroup(self, payload=None):
        """Shuffle the room into new discussion groups."""
        return self.submit(payloads.REGROUP, payload)

    def on_moderate(self, payload=None):
        """Approve, hide or star an open answer or a word-cloud entry; the room's view follows."""
        return self.submit(payloads.MODERATE, payload)

    def on_question(self, payload=None):
        """Approve, hide or mark answered an anonymous question."""
        return self.submit(payloads.QUESTION, payload)

    def on_room_language(self, payload=None):
        """The screen's language(s): one, or two side by side; the screen follows at once."""
        return self.submit(payloads.ROOM_LANGUAGE, payload)

    def on_step_results(self, payload=None):
        """The facilitator's results for any step (a self-paced session has no current one);
        a moderator's without answers by name."""
        ack = self.submit(payloads.STEP_RESULTS, payload)
        if ack.get("ok") and self.who()["role"] == roles.MODERATOR:
            ack["results"] = views.moderator_results(ack["results"])
        return ack

    def on_add_person(self, payload=None):
        """Someone without a phone, added by a name or initials, whom the console answers for."""
        return self.submit(payloads.ADD_PERSON, payload)

    def on_answer_for(self, payload=None):
        """An answer for someone without a phone, checked and stored as their phone's would be."""
        return self.submit(payloads.ANSWER_FOR, payload)

    def on_reply_later(self, payload=None):
        """A written reply to a private question; it goes into the asker's notebook."""
        return self.submit(payloads.REPLY_LATER, payload)

    def on_alert_seen(self, payload=None):
        """An alert marked seen; every console of the session shows it so."""
        return self.submit(payloads.ALERT_SEEN, payload)


class ScreenNamespace(AudienceNamespace):
    """The projector: listens only. Its link's key is its identity."""

    audience = views.SCREEN

    def identify(self, auth):
        key = auth.get("key")
        row = self.store.sessions.by_screen_key(key) if isinstance(key, str) and key else None
        if row is None:
            raise ConnectionRefusedError("This screen link is not valid.")
        return {"session_id": row["id"], "key": key}

    def still_valid(self, who):
        return self.store.sessions.by_screen_key(who["key"]) is not None


def register(socketio: SocketIO, realtime: Realtime, guards: Guards) -> None:
    socketio.on_namespace(FacilitatorNamespace("/facilitator", realtime, guards))
    socketio.on_namespace(ScreenNamespace("/screen", realtime, guards))
    answer_internal_errors(socketio)
