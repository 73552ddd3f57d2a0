"""Socket.IO for attendees on /participant: following the session and answering."""

from __future__ import annotations

from flask import request
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

from participant.views import participant_token
from server import payloads
from server.audience import AudienceNamespace
from server.errors import ok
from server.guards import Guards
from server.realtime import (
    Realtime,
    personal_room,
    phones_room,
    request_language,
)
from sessions import views


class ParticipantNamespace(AudienceNamespace):
    """One phone. It hears the room's snapshots and results, and sends its own answers."""

    audience = views.PARTICIPANT

    def identify(self, auth):
        token = auth.get("token")
        if not (isinstance(token, str) and token):
            session_id = auth.get("session_id")
            token = participant_token(session_id) if isinstance(session_id, str) else None
        participant = self.store.participants.for_token(token) if token else None
        if participant is None:
            raise ConnectionRefusedError("Please join the class with its code first.")
        session_id = participant["session_id"]
        return {
            "session_id": session_id,
            "participant_id": participant["id"],
            "name": participant["name"],
            # Settled by the handshake, as the page's own language is: a phone that picks
            # another language reloads its page, and so connects again.
            "language": request_language(self.store.sessions.deck_of(session_id)),
        }

    def still_valid(self, who):
        return self.store.participants.get(who["participant_id"]) is not None

    def after_connect(self, who):
        session_id, language = who["session_id"], who["language"]
        join_room(personal_room(who["participant_id"], language))
        join_room(phones_room(session_id, language))
        self.store.room.count_connection(who["participant_id"], +1)
        read = self.realtime.read(session_id)  # the groups are read only after `place`
        step = self.realtime.classroom.discussion_step(read.state, read.deck)
        if step is not None and self.realtime.classroom.place(
            session_id, step, who["participant_id"]
        ):
            # A late joiner went into the smallest group: the console and screen show it.
            self.realtime.publish_snapshot(session_id, views.FACILITATOR, read=read)
            self.realtime.publish_snapshot(session_id, views.SCREEN, read=read)
        emit("snapshot", self._personal(who, read))

    def on_disconnect(self, reason=None):
        who = self._who.get(request.sid)
        super().on_disconnect(reason)
        if who is not None:
            self.store.room.count_connection(who["participant_id"], -1)

    def on_snapshot(self, payload=None):
        return ok(snapshot=self._personal(self.who()))

    def _personal(self, who, read=None):
        return self.realtime.personal_snapshot(
            who["session_id"], who["participant_id"], language=who["language"], read=read
        )

    def on_next(self, payload=None):
        """Self-paced only: the participant moves on by themselves."""
        return self.submit(payloads.OWN_NEXT, payload)

    def on_back(self, payload=None):
        return self.submit(payloads.OWN_BACK, payload)

    def on_keep_notebook(self, payload=None):
        """A private link to this participant's notebook. Nothing is sent anywhere: the phone
        shows the link and its QR code, and a new request replaces the old link."""
        return self.submit(payloads.KEEP_NOTEBOOK, payload)

    def on_answer(self, payload=None):
        """A participant answers the current step; the console's results follow."""
        return self.submit(payloads.ANSWER, payload)

    def on_ask(self, payload=None):
        """An anonymous question to the facilitator, at any time while the session is live."""
        return self.submit(payloads.ASK, payload)

    def on_ask_later(self, payload=None):
        """A private question for the physio alone, answered later in the notebook."""
        return self.submit(payloads.ASK_LATER, payload)

    def on_upvote(self, payload=None):
        """A vote for someone else's question, once."""
        return self.submit(payloads.UPVOTE, payload)

    def on_react(self, payload=None):
        """A live reaction, anonymous, at any time while the session is live."""
        return self.submit(payloads.REACT, payload)


def register(socketio: SocketIO, realtime: Realtime, guards: Guards) -> None:
    socketio.on_namespace(ParticipantNamespace("/participant", realtime, guards))
