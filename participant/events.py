"""Socket.IO for attendees on /participant: following the session and answering."""

from __future__ import annotations

import os

from flask import current_app, request, url_for
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room

from participant.views import participant_token
from server.audience import AudienceNamespace
from server.errors import error, ok
from server.guards import Guards
from server.realtime import Realtime, participant_room, public_url
from sessions import views
from sessions.activities import InvalidResponse
from sessions.activities.base import clean_text
from sessions.classroom import MAX_QUESTION
from sessions.live import SELF_PACED, Rejected, check_answer, move_own_pace
from sessions.store import utc_now

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
        session_id = who["session_id"]
        join_room(participant_room(who["participant_id"]))
        self.store.count_connection(who["participant_id"], +1)
        state = self.store.load_live(session_id)
        step = self.realtime.classroom.discussion_step(state, self.store.deck_of(session_id))
        if step is not None and self.realtime.classroom.place(
            session_id, step, who["participant_id"]
        ):
            # A late joiner went into the smallest group: the console and screen show it.
            self.realtime.publish_snapshot(session_id, views.FACILITATOR)
            self.realtime.publish_snapshot(session_id, views.SCREEN)
        emit("snapshot", self._personal(who))

    def on_disconnect(self, reason=None):
        who = self._who.get(request.sid)
        super().on_disconnect(reason)
        if who is not None:
            self.store.count_connection(who["participant_id"], -1)

    def on_snapshot(self, payload=None):
        return ok(snapshot=self._personal(self.who()))

    def _personal(self, who):
        return self.realtime.personal_snapshot(who["session_id"], who["participant_id"])

    def on_next(self, payload=None):
        """Self-paced only: the participant moves on by themselves."""
        return self._move(+1, payload)

    def on_back(self, payload=None):
        return self._move(-1, payload)

    def _move(self, step: int, payload):
        if not _bare(payload):
            return error("bad_request", "Send nothing, or an object, with next or back.")
        who = self.who()
        session_id = who["session_id"]
        self._close_if_due(session_id)
        state = self.store.load_live(session_id)
        if state.mode != SELF_PACED:
            return error("not_self_paced", "The physio moves the class on.")
        if state.ended:
            return error("ended", "This session has closed.")
        participant = self.store.participant(who["participant_id"])
        try:
            position = move_own_pace(self.store.deck_of(session_id), participant["position"], step)
        except Rejected as exc:
            return error(exc.code, exc.message)
        self.store.move_participant(who["participant_id"], position)
        self.realtime.progress_changed(session_id)
        return ok(snapshot=self._personal(who))

    def _close_if_due(self, session_id: str) -> None:
        """A self-paced session past its closing time ends now, not at the next minute's
        check, so nothing is moved or answered after the date the facilitator chose."""
        closes_at = self.store.session(session_id)["closes_at"]
        if closes_at is None or closes_at > utc_now():
            return
        for ended in self.store.close_due_sessions():
            self.realtime.publish_state(ended)

    def on_keep_notebook(self, payload=None):
        """A private link to this participant's notebook. Nothing is sent anywhere: the phone
        shows the link and its QR code, and a new request replaces the old link."""
        if not _bare(payload):
            return error("bad_request", "Send nothing, or an object, with keep_notebook.")
        key = self.store.notebook_key(self.who()["participant_id"])
        if key is None:
            return error("gone", "Your answers have been deleted, so there is no notebook to keep.")
        path = url_for("notebook.page", key=key)
        return ok(url=public_url() + path, qr_url=url_for("notebook.qr", key=key))

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
        self._close_if_due(session_id)
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
            self._look_for_red_flags(who, step.title, step.activity.free_text(step, value))
            if recorded.state.mode == SELF_PACED:
                self.realtime.progress_changed(session_id)
                self.realtime.publish_personal(session_id, who["participant_id"])
        return ok(seq=recorded.state.seq)

    def on_ask(self, payload=None):
        """An anonymous question to the facilitator, at any time while the session is live."""
        who = self.who()
        if not isinstance(payload, dict) or not isinstance(payload.get("id"), str):
            return error("bad_request", 'Send {"id", "text"}.')
        if not 0 < len(payload["id"]) <= MAX_ANSWER_ID:
            return error("bad_request", f"id must be 1 to {MAX_ANSWER_ID} characters.")
        try:
            text = clean_text(payload.get("text"), limit=MAX_QUESTION, what="Your question")
        except InvalidResponse as exc:
            return error("invalid_value", str(exc))
        if not text:
            return error("invalid_value", "Write your question before sending.")
        if self.store.load_live(who["session_id"]).ended:
            return error("ended", "This session has ended.")
        question_id, new = self.store.add_question(
            who["session_id"], who["participant_id"], payload["id"], text
        )
        if new:
            self.realtime.questions_changed(who["session_id"])
            self._look_for_red_flags(who, "a question", [text])
        return ok(question_id=question_id)

    def on_upvote(self, payload=None):
        """A vote for someone else's question, once."""
        who = self.who()
        if not isinstance(payload, dict) or not isinstance(payload.get("question_id"), str):
            return error("bad_request", 'Send {"question_id"}.')
        self.store.vote(who["session_id"], payload["question_id"], who["participant_id"])
        self.realtime.questions_changed(who["session_id"])
        return ok()

    def _look_for_red_flags(self, who, source: str, texts: list[str]) -> None:
        classroom = self.realtime.classroom
        alert = classroom.scan(who["session_id"], who["participant_id"], source, texts)
        if alert is not None:
            self.realtime.publish_alert(who["session_id"], alert)


def _bare(payload) -> bool:
    """These events take nothing. An object is let through (its fields are not read), as the
    facilitator's commands do; anything else is a client bug, refused before any change."""
    return payload is None or isinstance(payload, dict)


def register(socketio: SocketIO, realtime: Realtime, guards: Guards) -> None:
    socketio.on_namespace(ParticipantNamespace("/participant", realtime, guards))
