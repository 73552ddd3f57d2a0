"""One change of a room, read once. Every audience's snapshot of it (the console, its moderators,
the screen, the phones, and each phone's own) is built from the same read: the session's row
with its live state and head count, then each thing around the step the first time a view asks
for it, and never again for the next audience."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from sessions.classroom import Classroom
from sessions.deck import Deck
from sessions.live import LiveState
from sessions.store import ParticipantRecord, SessionRecord, Store
from sessions.store.base import state_from_row

T = TypeVar("T")


class RoomRead:
    """What the views of one session read, each part at most once. Made afresh for each
    change, so nothing read is ever kept past the messages it is sent in."""

    def __init__(self, store: Store, session_id: str):
        self.store = store
        self.session_id = session_id
        self._read: dict[tuple[Any, ...], Any] = {}

    def once(self, key: tuple[Any, ...], read: Callable[[], T]) -> T:
        """`read()` the first time `key` is asked for; what it gave, every time after. Also for
        what the adapters make from the read alone (the session's links)."""
        if key not in self._read:
            self._read[key] = read()
        return self._read[key]

    def _row_and_count(self) -> tuple[SessionRecord, int]:
        return self.once(("row",), lambda: self.store.sessions.with_head_count(self.session_id))

    # The session itself ----------------------------------------------------------------------

    @property
    def row(self) -> SessionRecord:
        return self._row_and_count()[0]

    @property
    def state(self) -> LiveState:
        return self.once(("state",), lambda: state_from_row(cast(dict[str, Any], self.row)))

    @property
    def head_count(self) -> int:
        """How many have joined, whether connected now or not."""
        return self._row_and_count()[1]

    @property
    def deck(self) -> Deck:
        return self.store.sessions.deck_of(self.session_id)  # parsed once per process

    # What surrounds the steps ----------------------------------------------------------------

    def results(self, state: LiveState) -> dict[str, Any] | None:
        """The facilitator's results for the step `state` is on (None when it takes no
        answers); `state` is the room's, or a self-paced participant's own."""
        step = state.current_step(self.deck)
        if step is None or not step.takes_responses:
            return None
        return self.once(
            ("results", step.id),
            lambda: Classroom(self.store).results(self.session_id, self.deck, step, state),
        )

    def questions(self) -> list[dict[str, Any]]:
        return self.once(("questions",), lambda: self.store.room.questions(self.session_id))

    def groups(self, step_id: str) -> list[list[dict[str, Any]]]:
        return self.once(
            ("groups", step_id), lambda: self.store.room.groups(self.session_id, step_id)
        )

    def reactions_of_step(self, step_id: str) -> dict[str, int]:
        return self.once(
            ("reactions", step_id), lambda: self.store.reactions.of_step(self.session_id, step_id)
        )

    def reactions_by_step(self) -> dict[str, dict[str, int]]:
        return self.once(("reactions",), lambda: self.store.reactions.by_step(self.session_id))

    def alerts(self) -> list[dict[str, Any]]:
        return self.once(("alerts",), lambda: self.store.room.alerts(self.session_id))

    def later_questions(self) -> list[dict[str, Any]]:
        return self.once(("later",), lambda: self.store.later.of_session(self.session_id))

    def without_phones(self) -> list[ParticipantRecord]:
        return self.once(
            ("without_phones",), lambda: self.store.participants.without_phones(self.session_id)
        )

    def progress(self) -> dict[int, int]:
        return self.once(("progress",), lambda: self.store.participants.progress(self.session_id))

    def answers_by_person(self) -> list[tuple[str, dict[str, Any]]]:
        return self.once(("by_person",), lambda: self.store.responses.by_person(self.session_id))
