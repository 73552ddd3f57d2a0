"""What the facilitator and participant sides share: room names, acknowledgements, publishing
snapshots after a change is stored, and the coalescer that pushes results a few times a second."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from flask import current_app, has_request_context, request, url_for
from flask_socketio import SocketIO

from server.languages import LANGUAGES, phone_choice
from sessions import room_language, views
from sessions.classroom import Classroom, questions_shown
from sessions.deck import Deck
from sessions.live import SELF_PACED, LiveState, own_pace
from sessions.phone_language import DECK_LANGUAGE, shown_language, shown_languages
from sessions.room_snapshot import RoomRead
from sessions.store import SessionRecord, Store

log = logging.getLogger(__name__)

NAMESPACES = {
    views.FACILITATOR: "/facilitator",
    views.SCREEN: "/screen",
    views.PARTICIPANT: "/participant",
}
MEDIA_URL = "/media/"
MODERATORS = "moderators"  # the last part of a session's moderators' room


def room(session_id: str, audience: str) -> str:
    return f"s:{session_id}:{audience}"


def moderators_room(session_id: str) -> str:
    """The consoles of a session's moderators: they hear the moderator's view
    (views.for_moderator), built once per change however many are connected."""
    return f"s:{session_id}:{MODERATORS}"


def participant_room(participant_id: str) -> str:
    return f"p:{participant_id}"


def phones_room(session_id: str, shown: str) -> str:
    """A session's phones shown its deck in one language: each such room's snapshot is built
    once per change, so the cost grows with the deck's translations, not with its phones."""
    return f"{room(session_id, views.PARTICIPANT)}:{shown}"


def personal_room(participant_id: str, shown: str) -> str:
    """One person's devices shown the deck in one language (a carer's phone may be in
    another): their own snapshots, with their answers, go here."""
    return f"{participant_room(participant_id)}:{shown}"


def request_language(deck: Deck) -> str:
    """The language this request's phone is shown the deck in, from its own choice of
    language (its cookie, else its browser's)."""
    return shown_language(deck, phone_choice())


def phone_languages(deck: Deck) -> tuple[str, ...]:
    """Every language a session's phones may be shown its deck in."""
    return shown_languages(deck, LANGUAGES)


def public_url() -> str:
    """The address people type or scan: configured, or the one this request came in on."""
    configured = current_app.config.get("PUBLIC_URL")
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/")
    return ""


def session_links(session_row: SessionRecord) -> dict[str, Any]:
    base = public_url()
    return {
        "id": session_row["id"],
        "code": session_row["code"],
        "min_responses": session_row["min_responses"],
        "room_languages": list(room_language.read(session_row.get("room_languages"), LANGUAGES)),
        "join_url": base + url_for("participant.join_page", code=session_row["code"]),
        "screen_url": base + url_for("facilitator.screen", key=session_row["screen_key"]),
    }


class Realtime:
    """Builds each audience's view from the store and sends it to the right rooms."""

    def __init__(self, socketio: SocketIO, store: Store, *, results_interval: float):
        self.socketio = socketio
        self.store = store
        self.results_interval = results_interval
        self.classroom = Classroom(store)
        self._dirty: dict[str, set[str]] = {
            what: set() for what in ("results", "questions", "progress", "reactions")
        }
        self._dirty_lock = threading.Lock()
        # With several workers each sends what it counted, and the message that arrives last
        # may have been counted before another worker stored its last answer. So a session
        # sent for a change is sent once more after `settle_after` quiet seconds: the last
        # word is then right. Set by create_app when there is a message queue (docs/deploy.md).
        self.settle_after = 0.0
        self._settle: dict[str, dict[str, float]] = {what: {} for what in self._dirty}
        self._flusher_started = False
        self._in_flight = 0
        self._in_flight_lock = threading.Lock()
        self.draining = False

    # Handlers in flight, so that a graceful stop can wait for them -------------------------

    def handling(self, delta: int) -> None:
        with self._in_flight_lock:
            self._in_flight += delta

    @property
    def in_flight(self) -> int:
        return self._in_flight

    # Views ----------------------------------------------------------------------------------

    def read(self, session_id: str) -> RoomRead:
        """What the views of one change of this session are built from, each part read once."""
        return RoomRead(self.store, session_id)

    def snapshot(
        self,
        session_id: str,
        audience: str,
        *,
        read: RoomRead | None = None,
        state: LiveState | None = None,
        language: str = DECK_LANGUAGE,
    ) -> dict:
        """One audience's whole view; with `read`, from what was already read for the others.
        `state`: a participant's own, in a self-paced session (else the room's); `language`:
        the language phones are shown the deck in."""
        read = read or self.read(session_id)
        state = state or read.state
        deck = read.deck
        return views.snapshot(
            audience,
            state,
            deck,
            session=read.once(("links",), lambda: session_links(read.row)),
            results=read.results(state),
            participant_count=read.head_count,
            media_url=MEDIA_URL,
            image_widths=self.store.pictures.widths,
            now=time.time(),
            extras=self.classroom.extras(read, audience, state),
            language=language,
        )

    def personal_snapshot(
        self,
        session_id: str,
        participant_id: str,
        *,
        language: str,
        read: RoomRead | None = None,
    ) -> dict[str, Any]:
        """A participant's whole view, with their own answers, in `language` (the language
        their device is shown the deck in); in a self-paced session, of the step they are on
        rather than the room's. Only the room's parts come from `read`."""
        participant = self.store.participants.get(participant_id)
        assert participant is not None  # callers name a participant they have seen
        read = read or self.read(session_id)
        state, deck = read.state, read.deck
        responses = self.store.responses.of_participant(participant_id)
        if state.mode == SELF_PACED:
            position = participant["position"]
            state = own_pace(state, position, answered=deck.steps[position].id in responses)
        return views.personal(
            self.snapshot(session_id, views.PARTICIPANT, read=read, state=state, language=language),
            name=participant["name"],
            responses=responses,
            **self.classroom.personal(read, participant_id, state, language),
        )

    def publish_personal(
        self, session_id: str, participant_id: str, *, read: RoomRead | None = None
    ) -> None:
        """A person's own snapshot, to each of their devices in the language it is shown the
        deck in. Which languages their devices are in is not known here (they may be on
        another worker), so each of the deck's languages gets one: a deck without
        translations costs one snapshot, as before."""
        read = read or self.read(session_id)
        for language in phone_languages(read.deck):
            self.socketio.emit(
                "snapshot",
                self.personal_snapshot(session_id, participant_id, language=language, read=read),
                to=personal_room(participant_id, language),
                namespace=NAMESPACES[views.PARTICIPANT],
            )

    # Publishing (only ever after the change is committed) -----------------------------------

    def publish_state(self, session_id: str, *, regroup: bool = False) -> None:
        """Every audience's new snapshot, all built from one read of the session."""
        read = self.read(session_id)
        state, deck = read.state, read.deck
        discussion = self.classroom.discussion_step(state, deck)
        if discussion is not None:
            self.classroom.make_groups(session_id, discussion, again=regroup)
        for audience in (views.FACILITATOR, views.SCREEN):
            view = self.snapshot(session_id, audience, read=read)
            self.emit("snapshot", view, session_id=session_id, audience=audience)
        self.publish_phones(session_id, read=read)
        if discussion is not None:
            self.publish_groups(read, discussion)
        if state.ended and read.row["scoring"]:
            # Each phone hears its own score, in a snapshot for that phone alone.
            for participant_id in self.store.participants.ids(session_id):
                self.publish_personal(session_id, participant_id, read=read)

    def publish_phones(self, session_id: str, *, read: RoomRead) -> None:
        """The room's snapshot to its phones: built once per language the deck is shown in,
        each sent to the phones shown that language."""
        for language in phone_languages(read.deck):
            view = self.snapshot(session_id, views.PARTICIPANT, read=read, language=language)
            self.socketio.emit(
                "snapshot",
                view,
                to=phones_room(session_id, language),
                namespace=NAMESPACES[views.PARTICIPANT],
            )

    def publish_snapshot(
        self, session_id: str, audience: str, *, read: RoomRead | None = None
    ) -> None:
        if audience == views.PARTICIPANT:
            self.publish_phones(session_id, read=read or self.read(session_id))
            return
        self.emit(
            "snapshot",
            self.snapshot(session_id, audience, read=read),
            session_id=session_id,
            audience=audience,
        )

    def emit(self, event: str, message: Any, *, session_id: str, audience: str) -> None:
        """Send one audience its message. The console's goes to its moderators too, as they may
        see it: a snapshot or results without what is not theirs; anything else is the same
        message for both rooms, sent to them together so that it is encoded once."""
        namespace = NAMESPACES[audience]
        own = room(session_id, audience)
        if audience != views.FACILITATOR:
            self.socketio.emit(event, message, to=own, namespace=namespace)
            return
        if event == "snapshot":
            shown = views.for_moderator(message)
        elif event == "results":
            shown = views.moderator_results(message)
        else:
            both = [own, moderators_room(session_id)]
            self.socketio.emit(event, message, to=both, namespace=namespace)
            return
        self.socketio.emit(event, message, to=own, namespace=namespace)
        self.socketio.emit(event, shown, to=moderators_room(session_id), namespace=namespace)

    def publish_groups(self, read: RoomRead, step) -> None:
        """Each participant hears only their own group: its number, names and cards, sent once
        per language the deck is shown in to the rooms of the group's members in it."""
        for language in phone_languages(read.deck):
            for members, group in self.classroom.group_views(read, step, language):
                self.socketio.emit(
                    "group",
                    group,
                    to=[personal_room(participant_id, language) for participant_id in members],
                    namespace=NAMESPACES[views.PARTICIPANT],
                )

    def publish_alert(self, session_id: str, alert: dict[str, Any]) -> None:
        """A possible red flag goes to the consoles at once (moderators follow alerts up too),
        never to anyone else."""
        self.emit("alert", alert, session_id=session_id, audience=views.FACILITATOR)

    def publish_later_questions(self, session_id: str) -> None:
        """Private questions go to those running the session only: not to its moderators, the
        screen or phones."""
        self.socketio.emit(
            "later_questions",
            {"later_questions": self.classroom.later_view(session_id)},
            to=room(session_id, views.FACILITATOR),
            namespace=NAMESPACES[views.FACILITATOR],
        )

    def publish_idle_warning(self, session_id: str, ends_at: str) -> None:
        """Nobody has used the session for hours: the facilitator hears when it will end,
        so they can keep it open by using it."""
        seq = self.store.sessions.load_live(session_id).seq
        warning = {"ends_at": ends_at, "seq": seq}
        self.emit("idle_warning", warning, session_id=session_id, audience=views.FACILITATOR)

    def publish_presence(self, session_id: str, *, read: RoomRead | None = None) -> None:
        read = read or self.read(session_id)
        count = {"participant_count": read.head_count}
        for audience in (views.FACILITATOR, views.SCREEN):
            self.emit("presence", count, session_id=session_id, audience=audience)
        if read.state.mode == SELF_PACED:
            self.progress_changed(session_id)  # a newcomer stands on the first step

    def results_changed(self, session_id: str) -> None:
        """Note that a session's results changed; the flusher sends them soon, once."""
        self._mark("results", session_id)

    def questions_changed(self, session_id: str) -> None:
        self._mark("questions", session_id)

    def progress_changed(self, session_id: str) -> None:
        self._mark("progress", session_id)

    def reactions_changed(self, session_id: str) -> None:
        """A room tapping at once is sent its counts a few times a second, not once a tap."""
        self._mark("reactions", session_id)

    def _mark(self, what: str, session_id: str) -> None:
        with self._dirty_lock:
            self._dirty[what].add(session_id)
        self._ensure_flusher()

    def flush(self) -> None:
        with self._dirty_lock:
            dirty = self._dirty
            self._dirty = {what: set() for what in dirty}
            if self.settle_after > 0:
                self._settle_due(dirty)
        senders = (
            ("results", self._send_results),
            ("questions", self._send_questions),
            ("progress", self._send_progress),
            ("reactions", self._send_reactions),
        )
        for what, send in senders:
            for session_id in dirty[what]:
                try:
                    send(session_id)
                except Exception:
                    log.exception("could not send %s for session %s", what, session_id)

    def _settle_due(self, dirty: dict[str, set[str]]) -> None:
        """Add to `dirty` the sessions whose last change was `settle_after` seconds ago."""
        now = time.monotonic()
        for what, changed in dirty.items():
            waiting = self._settle[what]
            quiet = [s for s, due in waiting.items() if due <= now and s not in changed]
            for session_id in changed:
                waiting[session_id] = now + self.settle_after
            for session_id in quiet:
                del waiting[session_id]
                changed.add(session_id)

    def _send_progress(self, session_id: str) -> None:
        """Self-paced: how many are on each step, for the facilitator's progress view."""
        progress = {"progress": self.classroom.progress(session_id)}
        self.emit("progress", progress, session_id=session_id, audience=views.FACILITATOR)

    def _send_reactions(self, session_id: str) -> None:
        read = self.read(session_id)
        for audience in (views.FACILITATOR, views.SCREEN):
            shown = self.classroom.reactions_view(read, audience, read.state)
            if shown is not None:
                self.emit("reactions", shown, session_id=session_id, audience=audience)

    def _send_questions(self, session_id: str) -> None:
        questions = self.store.room.questions(session_id)  # once for every audience
        for audience in NAMESPACES:
            shown = {"questions": questions_shown(questions, audience)}
            self.emit("questions", shown, session_id=session_id, audience=audience)

    def _send_results(self, session_id: str) -> None:
        read = self.read(session_id)
        state = read.state
        step = state.current_step(read.deck)
        results = read.results(state)
        if step is None or results is None:
            return
        min_responses = read.row["min_responses"]
        for audience in NAMESPACES:
            message = views.results_for(
                audience,
                step,
                results,
                seq=state.seq,
                revealed=state.revealed,
                min_responses=min_responses,
            )
            if message is not None:
                self.emit("results", message, session_id=session_id, audience=audience)

    def _ensure_flusher(self) -> None:
        if self._flusher_started or self.results_interval <= 0:
            return
        self._flusher_started = True
        self.socketio.start_background_task(self._flush_forever)

    def _flush_forever(self) -> None:
        while True:
            self.socketio.sleep(self.results_interval)
            self.flush()
