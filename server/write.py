"""The one write entry. Every change a client asks for over Socket.IO passes here: its payload
is parsed into a command, the rules in sessions/ decide, the store writes it in one transaction
(with the version check where the room's state changes), the events are published only after
the commit, and the client gets its acknowledgement."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, cast, get_args

from flask import url_for

from server.errors import error, ok, refused
from server.guards import ReactionLimits
from server.languages import LANGUAGES
from server.payloads import BadRequest, Payload
from server.realtime import MEDIA_URL, Realtime, public_url, request_language
from sessions import commands as do
from sessions import later, live, reactions, roles, room_language, rules, views, without_phones
from sessions.classroom import QUESTION_ACTIONS
from sessions.deck import Deck
from sessions.store import ParticipantRecord, StoreError, utc_now
from sessions.store.base import state_from_row
from sessions.words import N_

log = logging.getLogger(__name__)

# An answer is decided on the state it read, and stored only if that state still holds; when
# the room moved on in between (a `close` racing it) it is decided again, this many times.
ANSWER_ATTEMPTS = 5
# Any change of the room's state is published the same way: every audience's new snapshot.
LIVE_EVENTS = get_args(live.Event)
# Console commands whose writes share one transaction with their audit row. Answers are not
# among them (they share commits with each other), nor commands that publish as they go.
ONE_TRANSACTION = (
    do.ChangeState,
    do.Moderate,
    do.ActOnQuestion,
    do.MarkAlertSeen,
    do.SetRoomLanguage,
    do.AddPersonWithoutPhone,
    do.ReplyLater,
)

Who = dict[str, Any]


@dataclass(frozen=True)
class Written:
    """What a command did: the acknowledgement's fields, and the events to publish."""

    ack: dict[str, Any] = field(default_factory=dict)
    events: tuple[Any, ...] = ()


def step_id(state: live.LiveState, deck: Deck) -> str | None:
    """The step the room is on; None in the lobby and at the end."""
    step = state.current_step(deck)
    return step.id if step is not None else None


class WriteEntry:
    """Each command type has one step here; the rules it applies live in sessions/."""

    def __init__(
        self,
        realtime: Realtime,
        reaction_limits: ReactionLimits,
        *,
        clock: Callable[[], float] = time.time,
    ):
        self.realtime = realtime
        self.reaction_limits = reaction_limits
        self.store = realtime.store
        self.clock = clock
        self._steps: dict[type, Callable[[Who, Any], Written]] = {
            do.ChangeState: self._change_state,
            do.Regroup: self._regroup,
            do.Moderate: self._moderate,
            do.ActOnQuestion: self._act_on_question,
            do.MarkAlertSeen: self._mark_alert_seen,
            do.SetRoomLanguage: self._set_room_language,
            do.ShowStepResults: self._step_results,
            do.AddPersonWithoutPhone: self._add_person,
            do.AnswerFor: self._answer_for,
            do.ReplyLater: self._reply_later,
            do.AskLater: self._ask_later,
            do.Answer: self._answer,
            do.AskQuestion: self._ask,
            do.Upvote: self._upvote,
            do.React: self._react,
            do.MoveOwnPace: self._move_own_pace,
            do.KeepNotebook: self._keep_notebook,
        }

    def handle(
        self, who: Who, payload_kind: Payload, payload: Any, *, audit: str | None = None
    ) -> dict[str, Any]:
        """Parse, decide and store, then publish and acknowledge. A refusal changes nothing
        and publishes nothing. With `audit` (an action's name), a command that changed
        something is audited with who did it, in the role `who` holds."""
        try:
            command = payload_kind.parse(payload)
            with self._transaction_for(command):
                written = self._steps[type(command)](who, command)
                if audit and written.events:
                    actor = {"id": who["user_id"], "username": who["username"]}
                    detail = roles.audit_detail(who["role"], command)
                    self.store.audit.record(actor, audit, f"session {who['session_id']}", detail)
        except BadRequest as exc:
            return error("bad_request", exc.words)
        except (live.Rejected, StoreError) as exc:
            return refused(exc)
        try:
            self.publish(who["session_id"], written.events)
        except StoreError:
            # Stored and committed: the sender is told so. The room hears at the next change,
            # or when its clients reconnect and take a snapshot.
            log.exception("publishing a stored change failed")
        return ok(**written.ack)

    def _transaction_for(self, command: Any) -> AbstractContextManager[Any]:
        """A console command's writes (the live state, attendance, the step's visit, the audit
        row) are one transaction, so one fsync, and all or nothing; a refusal rolls it back."""
        if isinstance(command, ONE_TRANSACTION):
            return self.store.database.write()
        return nullcontext()

    # Publishing: only ever after the change is committed -----------------------------------

    def publish(self, session_id: str, events: tuple[Any, ...]) -> None:
        realtime = self.realtime
        if any(isinstance(event, LIVE_EVENTS) for event in events):
            realtime.publish_state(session_id)
        for event in events:
            match event:
                case do.GroupsShuffled() | do.RoomLanguageChanged():
                    realtime.publish_state(session_id)
                case do.ResultsChanged():
                    realtime.results_changed(session_id)
                case do.QuestionsChanged():
                    realtime.questions_changed(session_id)
                case do.ProgressChanged():
                    realtime.progress_changed(session_id)
                case do.ReactionsChanged():
                    realtime.reactions_changed(session_id)
                case do.OwnViewChanged(participant_id=participant_id):
                    realtime.publish_personal(session_id, participant_id)
                case do.TextWritten(participant_id=participant_id, source=source, texts=texts):
                    alert = realtime.classroom.scan(session_id, participant_id, source, list(texts))
                    if alert is not None:
                        realtime.publish_alert(session_id, alert)
                case do.PeopleChanged():
                    read = realtime.read(session_id)
                    realtime.publish_presence(session_id, read=read)
                    realtime.publish_snapshot(session_id, views.FACILITATOR, read=read)
                case do.LaterQuestionsChanged():
                    realtime.publish_later_questions(session_id)
                case do.AlertSeen(alert_id=alert_id):
                    for alert in self.store.room.alerts(session_id, alert_id=alert_id):
                        realtime.publish_alert(session_id, alert)

    # The facilitator's commands -------------------------------------------------------------

    def _change_state(self, who: Who, command: do.ChangeState) -> Written:
        """Load, decide, save with the version check. When two consoles press "next" together,
        the second is told `stale` instead of moving the room on twice."""
        session_id = who["session_id"]
        state = self.store.sessions.load_live(session_id, to_change=True)
        if command.seen_seq is not None and command.seen_seq != state.seq:
            raise live.Rejected("stale", N_("The session changed before this arrived. Try again."))
        deck = self.store.sessions.deck_of(session_id)
        outcome = live.decide(state, deck, command.command, now=self.clock())
        if not outcome.changed:
            return Written({"seq": state.seq})
        skipped = [e for e in outcome.events if isinstance(e, live.SafetySkipped)]
        saved = self.store.sessions.save_live(
            session_id,
            outcome.state,
            expected_seq=state.seq,
            skipped=skipped,
            by=who.get("user_id"),
        )
        if not saved:
            raise live.Rejected("stale", N_("Someone else changed the session first. Try again."))
        self.store.review.record_attendance(session_id, outcome.state)
        reached = step_id(outcome.state, deck)
        if reached != step_id(state, deck):  # most commands (open, reveal, a timer) stay put
            self.store.timings.moved(session_id, reached)
        return Written({"seq": outcome.state.seq}, outcome.events)

    def _regroup(self, who: Who, command: do.Regroup) -> Written:
        session_id = who["session_id"]
        state = self.store.sessions.load_live(session_id)
        step = rules.step_to_regroup(state, self.store.sessions.deck_of(session_id))
        self.realtime.classroom.make_groups(session_id, step, again=True)
        return Written({"seq": state.seq}, (do.GroupsShuffled(),))

    def _moderate(self, who: Who, command: do.Moderate) -> Written:
        session_id = who["session_id"]
        rules.moderated_step(self.store.sessions.deck_of(session_id), command.step_id)
        self.store.room.moderate(session_id, command.step_id, command.item, command.action)
        return Written(events=(do.ResultsChanged(),))

    def _act_on_question(self, who: Who, command: do.ActOnQuestion) -> Written:
        changes = QUESTION_ACTIONS[command.action]
        self.store.room.set_question(who["session_id"], command.question_id, **changes)
        return Written(events=(do.QuestionsChanged(),))

    def _mark_alert_seen(self, who: Who, command: do.MarkAlertSeen) -> Written:
        self.store.room.mark_alert_seen(who["session_id"], command.alert_id)
        return Written(events=(do.AlertSeen(command.alert_id),))

    def _set_room_language(self, who: Who, command: do.SetRoomLanguage) -> Written:
        chosen = room_language.choose(command.languages, LANGUAGES)
        self.store.sessions.set_room_languages(who["session_id"], room_language.stored(chosen))
        return Written({"languages": list(chosen)}, (do.RoomLanguageChanged(),))

    def _step_results(self, who: Who, command: do.ShowStepResults) -> Written:
        """A read: the facilitator's results for any step (a self-paced session has no current
        one), with the step itself, since the outline alone cannot label a chart."""
        session_id = who["session_id"]
        deck = self.store.sessions.deck_of(session_id)
        step = rules.step_with_results(deck, command.step_id)
        state = self.store.sessions.load_live(session_id)
        view = views.step_view(
            step,
            deck.index_of(step.id),
            views.FACILITATOR,
            revealed=True,
            media_url=MEDIA_URL,
            image_widths=self.store.pictures.widths,
        )
        results = self.realtime.classroom.results(session_id, deck, step, state)
        return Written({"results": results, "step": view})

    # People without phones, and private questions -----------------------------------------

    def _add_person(self, who: Who, command: do.AddPersonWithoutPhone) -> Written:
        """Someone without a phone joins as a participant the console answers for."""
        session_id = who["session_id"]
        name = without_phones.accept_name(self.store.sessions.load_live(session_id), command.name)
        person, _ = self.store.participants.add(session_id, name, no_phone=True)
        return Written({"participant_id": person["id"], "name": name}, (do.PeopleChanged(),))

    def _answer_for(self, who: Who, command: do.AnswerFor) -> Written:
        """The very path of a phone's answer, under the person's own participant id: the same
        checks, stored once, counted once."""
        session_id = who["session_id"]
        participant_id = without_phones.person_to_answer_for(
            self.store.sessions.load_live(session_id),
            self.store.participants.get(command.participant_id),
            session_id,
        )
        as_them = {"session_id": session_id, "participant_id": participant_id}
        written = self._answer(as_them, command.answer)
        events = (*written.events, do.PeopleChanged()) if written.events else ()
        return Written(written.ack, events)

    def _reply_later(self, who: Who, command: do.ReplyLater) -> Written:
        """During or after the session; it reaches the asker's notebook (and their phone)."""
        session_id = who["session_id"]
        text = later.accept_reply(command.text)
        participant_id = self.store.later.reply(
            session_id, command.question_id, text, by=who["user_id"]
        )
        events = (do.LaterQuestionsChanged(), do.OwnViewChanged(participant_id))
        return Written({"question_id": command.question_id}, events)

    # A participant's commands ---------------------------------------------------------------

    def _ask_later(self, who: Who, command: do.AskLater) -> Written:
        """A private question, once per client id; only the session's staff hear of it."""
        session_id, participant_id = who["session_id"], who["participant_id"]
        text = later.accept_question(self.store.sessions.load_live(session_id), command.text)
        question_id, new = self.store.later.add(session_id, participant_id, command.answer_id, text)
        if not new:
            return Written({"question_id": question_id})
        events = (*later.question_events(participant_id, text), do.OwnViewChanged(participant_id))
        return Written({"question_id": question_id}, events)

    def _answer(self, who: Who, answer: do.Answer) -> Written:
        """Acknowledged only once stored; the same answer id again is the same answer."""
        session_id, participant_id = who["session_id"], who["participant_id"]
        read = self._close_if_due(session_id)
        deck = self.store.sessions.deck_of(session_id)
        for _ in range(ANSWER_ATTEMPTS):
            state = self._own_state(session_id, participant_id, read)
            read = None  # an attempt after a race reads the state again
            earlier = self.store.responses.earlier(participant_id, answer.answer_id)
            decision = rules.decide_answer(
                state, deck, answer, participant_id=participant_id, earlier=earlier
            )
            if decision.duplicate:
                return Written({"seq": state.seq})
            recorded = self.store.responses.record_answer(
                session_id=session_id,
                participant_id=participant_id,
                step_id=decision.step.id,
                answer_id=answer.answer_id,
                value=decision.value,
                seen=state,
            )
            if recorded is not None:
                events = (
                    ()
                    if recorded.duplicate
                    else self._to_every_device(participant_id, decision.events)
                )
                return Written({"seq": recorded.state.seq}, events)
        raise StoreError("busy", N_("The session is changing quickly. Please send it again."))

    def _to_every_device(self, participant_id: str, events: tuple[Any, ...]) -> tuple[Any, ...]:
        """An answer from one of a person's devices shows on the others too (a carer's phone
        and the person's own): their own view is sent again, but only when they have another
        device connected, so a room of single phones costs nothing more."""
        if any(isinstance(e, do.OwnViewChanged) for e in events):
            return events  # self-paced: sent again already
        try:
            alone = self.store.room.devices(participant_id) < 2
        except StoreError:
            # The answer is stored: a failed read now must not say otherwise. Another device
            # of theirs catches up at its next snapshot.
            return events
        return events if alone else (*events, do.OwnViewChanged(participant_id))

    def _ask(self, who: Who, command: do.AskQuestion) -> Written:
        """An anonymous question, once per client id, at any time while the session is live."""
        session_id, participant_id = who["session_id"], who["participant_id"]
        text = rules.accept_question(self.store.sessions.load_live(session_id), command.text)
        question_id, new = self.store.room.add_question(
            session_id, participant_id, command.answer_id, text
        )
        events = rules.question_events(participant_id, text) if new else ()
        return Written({"question_id": question_id}, events)

    def _upvote(self, who: Who, command: do.Upvote) -> Written:
        self.store.room.vote(who["session_id"], command.question_id, who["participant_id"])
        return Written(events=(do.QuestionsChanged(),))

    def _react(self, who: Who, command: do.React) -> Written:
        """Counted under the step the person is on; never who sent it."""
        session_id, participant_id = who["session_id"], who["participant_id"]
        state = self._own_state(session_id, participant_id)
        step_id = reactions.step_reacted_to(state, self.store.sessions.deck_of(session_id))
        refusal = self.reaction_limits.refusal(session_id, participant_id)
        if refusal is not None:
            raise live.Rejected("rate_limited", refusal)
        self.store.reactions.add(session_id, step_id, command.reaction)
        return Written(events=(do.ReactionsChanged(),))

    def _move_own_pace(self, who: Who, command: do.MoveOwnPace) -> Written:
        session_id, participant_id = who["session_id"], who["participant_id"]
        state = self._close_if_due(session_id) or self.store.sessions.load_live(session_id)
        participant = self._participant(participant_id)
        deck = self.store.sessions.deck_of(session_id)
        position = rules.move_own_pace(state, deck, participant["position"], command.by)
        self.store.participants.move(participant_id, position)
        # Back and Next come from the phone itself: its answer is in its own language.
        language = who.get("language") or request_language(deck)
        snapshot = self.realtime.personal_snapshot(session_id, participant_id, language=language)
        return Written({"snapshot": snapshot}, (do.ProgressChanged(),))

    def _keep_notebook(self, who: Who, command: do.KeepNotebook) -> Written:
        """A new private link (the old one stops working); only the asking phone hears it. A
        course member's link is to the course notebook, which also brings them back next time."""
        member = self.store.courses.member_of(who["participant_id"])
        if member is not None:
            key = self.store.courses.new_key(member["id"])
            if key is not None:
                path = url_for("course.notebook", key=key)
                return Written(
                    {"url": public_url() + path, "qr_url": url_for("course.qr", key=key)}
                )
        key = self.store.participants.notebook_key(who["participant_id"])
        if key is None:
            raise live.Rejected(
                "gone", N_("Your answers have been deleted, so there is no notebook to keep.")
            )
        path = url_for("notebook.page", key=key)
        return Written({"url": public_url() + path, "qr_url": url_for("notebook.qr", key=key)})

    # What the participant's commands read first --------------------------------------------

    def _close_if_due(self, session_id: str) -> live.LiveState | None:
        """A self-paced session past its closing time ends now, not at the next minute's
        check, so nothing is moved or answered after the date the facilitator chose. The
        session's live state, from the same read as its closing time; None if there is no
        such session, or if this ended it (then the state is to be read again)."""
        row = self.store.sessions.get(session_id)
        if row is None:
            return None
        if not rules.is_past_closing(row["closes_at"], utc_now()):
            return state_from_row(cast(dict[str, Any], row))
        for ended in self.store.sessions.close_due():
            self.publish(ended, (live.SessionEnded(),))
        return None

    def _own_state(
        self, session_id: str, participant_id: str, read: live.LiveState | None = None
    ) -> live.LiveState:
        """The state an answer is checked against (the room's, `read` already or read now): in
        a self-paced session, the participant's own step."""
        state = read or self.store.sessions.load_live(session_id)
        if state.mode != live.SELF_PACED:
            return state
        position = self._participant(participant_id)["position"]
        return live.own_pace(state, position, answered=False)

    def _participant(self, participant_id: str) -> ParticipantRecord:
        participant = self.store.participants.get(participant_id)
        if participant is None:
            raise live.Rejected("gone", N_("Your answers have been deleted."))
        return participant
