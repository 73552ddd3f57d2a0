"""Socket.IO for staff: the console's commands on /facilitator and the projector on /screen."""

from __future__ import annotations

from flask import session
from flask_socketio import ConnectionRefusedError, SocketIO

from facilitator.identity import USER_KEY, may_run
from server.audience import AudienceNamespace, answer_internal_errors
from server.errors import error, ok
from server.guards import Guards
from server.realtime import MEDIA_URL, Realtime
from sessions import live, views
from sessions.classroom import QUESTION_ACTIONS


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

    def on_blank(self, payload=None):
        """Black out the projector, or show it again; the console's B key."""
        if not isinstance(payload, dict) or not isinstance(payload.get("on"), bool):
            return error("bad_request", 'Send {"on": true} to blank the screen, false to show it.')
        return self.command(live.BlankScreen(on=payload["on"]), payload)

    def on_timer(self, payload=None):
        """Start, pause, resume, extend or stop the room's countdown."""
        action = payload.get("action") if isinstance(payload, dict) else None
        if not isinstance(action, str) or action not in TIMER_COMMANDS:  # a list is unhashable
            return error("bad_request", f"action must be one of: {', '.join(TIMER_COMMANDS)}.")
        seconds = payload.get("seconds")
        if seconds is not None and not _is_whole(seconds):
            return error("bad_request", "seconds must be a whole number.")
        if seconds is not None and payload["action"] not in ("start", "extend"):
            return error("bad_request", "Only start and extend take seconds.")
        make = TIMER_COMMANDS[payload["action"]]
        return self.command(make(seconds) if seconds is not None else make(), payload)

    def on_regroup(self, payload=None):
        """Shuffle the room into new discussion groups."""
        session_id = self.who()["session_id"]
        state = self.store.load_live(session_id)
        if self.realtime.classroom.discussion_step(state, self.store.deck_of(session_id)) is None:
            return error("no_groups", "Groups are made on a discussion step.")
        self.realtime.publish_state(session_id, regroup=True)
        return ok(seq=state.seq)

    def on_moderate(self, payload=None):
        """Approve, hide or star an open answer or a word-cloud entry; the room's view follows."""
        if not isinstance(payload, dict):
            return error("bad_request", 'Send {"step_id", "item", "action"}.')
        step_id, item, action = payload.get("step_id"), payload.get("item"), payload.get("action")
        if not all(isinstance(v, str) and 0 < len(v) <= 200 for v in (step_id, item, action)):
            return error("bad_request", "step_id, item and action must be short text.")
        session_id = self.who()["session_id"]
        step = self.store.deck_of(session_id).step_by_id(step_id)
        if step is None or step.kind not in ("open", "wordcloud"):
            return error("unknown_step", "Only open questions and word clouds are moderated.")
        self.store.moderate(session_id, step_id, item, action)
        self.realtime.results_changed(session_id)
        return ok()

    def on_question(self, payload=None):
        """Approve, hide or mark answered an anonymous question."""
        action = payload.get("action") if isinstance(payload, dict) else None
        if not isinstance(action, str) or action not in QUESTION_ACTIONS:
            choices = ", ".join(QUESTION_ACTIONS)
            return error("bad_request", f"Send question_id and an action: {choices}.")
        if not isinstance(payload.get("question_id"), str):
            return error("bad_request", "question_id must be text.")
        session_id = self.who()["session_id"]
        self.store.set_question(
            session_id, payload["question_id"], **QUESTION_ACTIONS[payload["action"]]
        )
        self.realtime.questions_changed(session_id)
        return ok()

    def on_step_results(self, payload=None):
        """The facilitator's results for any step (a self-paced session has no current one)."""
        if not isinstance(payload, dict) or not isinstance(payload.get("step_id"), str):
            return error("bad_request", 'Send {"step_id"}.')
        session_id = self.who()["session_id"]
        deck = self.store.deck_of(session_id)
        step = deck.step_by_id(payload["step_id"])
        if step is None or not step.takes_responses:
            return error("unknown_step", "There is no such question in this session.")
        mode = self.store.load_live(session_id).mode
        # The step comes too: the outline alone cannot label a chart (options, scale ends).
        view = views.step_view(
            step,
            deck.index_of(step.id),
            views.FACILITATOR,
            revealed=True,
            media_url=MEDIA_URL,
            image_widths=self.store.image_widths,
        )
        return ok(
            results=self.realtime.classroom.results(session_id, deck, step, mode=mode), step=view
        )

    def on_alert_seen(self, payload=None):
        if not isinstance(payload, dict) or not isinstance(payload.get("alert_id"), str):
            return error("bad_request", 'Send {"alert_id"}.')
        session_id = self.who()["session_id"]
        self.store.mark_alert_seen(session_id, payload["alert_id"])
        # Every console of the session (a second physio's, say) shows it as seen too.
        for alert in self.store.alerts(session_id, alert_id=payload["alert_id"]):
            self.realtime.publish_alert(session_id, alert)
        return ok()


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


TIMER_COMMANDS = {
    "start": live.StartTimer,
    "pause": live.PauseTimer,
    "resume": live.ResumeTimer,
    "extend": live.ExtendTimer,
    "stop": live.StopTimer,
}


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def register(socketio: SocketIO, realtime: Realtime, guards: Guards) -> None:
    socketio.on_namespace(FacilitatorNamespace("/facilitator", realtime, guards))
    socketio.on_namespace(ScreenNamespace("/screen", realtime, guards))
    answer_internal_errors(socketio)
