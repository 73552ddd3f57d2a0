"""Socket.IO for attendees on /participant: following the session and answering."""

from __future__ import annotations

import os

from flask import current_app
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

from guards import Guards
from participant.views import participant_token
from realtime import AudienceNamespace, Realtime, error, ok, participant_room
from sessions import views
from sessions.activities import InvalidResponse
from sessions.live import Rejected, check_answer

MAX_ANSWER_ID = 64


class ParticipantNamespace(AudienceNamespace):
    """One phone. It hears the room's snapshots and results, and sends its own answers."""

    audience = views.PARTICIPANT

    def identify(self, auth):
        token = auth.get("token")
        if not (isinstance(token, str) and token):
            session_id = auth.get("session_id")
            token = participant_token(session_id) if isinstance(session_id, str) else None
        participant = self.store.participant_for_token(token) if token else None
        if participant is None:
            raise ConnectionRefusedError("Please join the class with its code first.")
        return {
            "session_id": participant["session_id"],
            "participant_id": participant["id"],
            "name": participant["name"],
        }

    def still_valid(self, who):
        return self.store.participant(who["participant_id"]) is not None

    def after_connect(self, who):
        join_room(participant_room(who["participant_id"]))
        emit("snapshot", self._personal(who))

    def on_snapshot(self, payload=None):
        return ok(snapshot=self._personal(self.who()))

    def _personal(self, who):
        return self.realtime.personal_snapshot(
            who["session_id"], {"id": who["participant_id"], "name": who["name"]}
        )

    def on_answer(self, payload=None):
        """A participant answers the current step. Acknowledged only once stored; the same
        answer id again is the same answer."""
        who = self.who()
        if not isinstance(payload, dict):
            return error("bad_request", 'Send {"step_id", "value", "id"}.')
        step_id, answer_id = payload.get("step_id"), payload.get("id")
        if not isinstance(step_id, str) or not isinstance(answer_id, str):
            return error("bad_request", "step_id and id must be text.")
        if not 0 < len(answer_id) <= MAX_ANSWER_ID:
            return error("bad_request", f"id must be 1 to {MAX_ANSWER_ID} characters.")
        if "value" not in payload:
            return error("bad_request", "Send the answer as value.")
        session_id = who["session_id"]
        deck = self.store.deck_of(session_id)
        step = deck.step_by_id(step_id)
        if step is None:
            return error("unknown_step", "There is no such question in this session.")
        try:
            value = step.activity.validate_response(step, payload["value"])
        except InvalidResponse as exc:
            code = "invalid_value" if step.takes_responses else "no_responses"
            return error(code, str(exc))
        try:
            recorded = self.store.record_response(
                session_id=session_id,
                participant_id=who["participant_id"],
                step_id=step_id,
                answer_id=answer_id,
                value=value,
                check=lambda state: check_answer(state, deck, step_id),
            )
        except Rejected as exc:
            return error(exc.code, exc.message)
        if answer_id == current_app.config["FAULT_CRASH_AFTER_COMMIT"]:
            os._exit(70)  # test-only: the crash between commit and acknowledgement
        if not recorded.duplicate:
            self.realtime.results_changed(session_id)
        return ok(seq=recorded.state.seq)


def register(socketio: SocketIO, realtime: Realtime, guards: Guards) -> None:
    socketio.on_namespace(ParticipantNamespace("/participant", realtime, guards))
