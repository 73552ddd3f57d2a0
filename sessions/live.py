"""The live session as a state machine: a command and the current state give the new state and
the events it caused. Pure: no I/O, no clock; the caller stores the state and publishes the events.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sessions.deck import Deck, Step
from sessions.words import N_, Words, words

LOBBY = -1
GROUP, ONE_TO_ONE, SELF_PACED = "group", "one-to-one", "self-paced"
MODES = (GROUP, ONE_TO_ONE, SELF_PACED)


class Rejected(Exception):
    """A command or answer refused by the rules; nothing changes. `code` is for programs and
    stays English; `words` is for people, translated where it is sent (`message` is its
    English). The message is marked with `N_` where it is written, its placeholders' values
    given apart."""

    def __init__(self, code: str, message: str | Words, **values: object):
        self.code = code
        self.words = words(message, values)
        self.message = self.words.english()
        super().__init__(self.message)


@dataclass(frozen=True)
class Timer:
    """A countdown the facilitator controls (discussions, quizzes). Times are seconds since the
    epoch, given by the caller: `ends_at` while running, `remaining` while paused."""

    status: str = "off"  # off | running | paused
    ends_at: float | None = None
    remaining: float | None = None

    def seconds_left(self, now: float) -> float | None:
        if self.status == "running":
            assert self.ends_at is not None  # a running timer always has its end
            return max(0.0, self.ends_at - now)
        return self.remaining if self.status == "paused" else None


TIMER_OFF = Timer()
DEFAULT_TIMER_SECONDS = 120
MAX_TIMER_SECONDS = 240 * 60  # as long as a step may be planned to last


@dataclass(frozen=True)
class LiveState:
    """What the room is on. `seq` grows with every change; `shown_locked` holds the locked
    (safety) steps the room has seen, so that jumping past one unseen can be refused."""

    seq: int = 0
    step_index: int = LOBBY
    open: bool = False
    revealed: bool = False
    ended: bool = False
    shown_locked: frozenset[str] = frozenset()
    timer: Timer = TIMER_OFF
    mode: str = GROUP
    blanked: bool = False  # the projector shows plain black
    voted_again: frozenset[str] = frozenset()  # steps whose second vote was opened

    def vote_round(self, step_id: str) -> int:
        """Which vote an answer to this step belongs to: 2 once its second vote was opened."""
        return 2 if step_id in self.voted_again else 1

    @property
    def stage(self) -> str:
        if self.ended:
            return "ended"
        return "lobby" if self.step_index == LOBBY else "step"

    def current_step(self, deck: Deck) -> Step | None:
        if self.ended or self.step_index == LOBBY:
            return None
        return deck.steps[self.step_index]


# Commands (imperative) ------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    pass


@dataclass(frozen=True)
class PreviousStep:
    pass


@dataclass(frozen=True)
class GoToStep:
    index: int
    force: bool = False


@dataclass(frozen=True)
class OpenResponses:
    pass


@dataclass(frozen=True)
class CloseResponses:
    pass


@dataclass(frozen=True)
class RevealResults:
    pass


@dataclass(frozen=True)
class HideResults:
    pass


@dataclass(frozen=True)
class EndSession:
    pass


@dataclass(frozen=True)
class VoteAgain:
    """Peer instruction: after the first vote is closed and the room has talked, vote again."""


@dataclass(frozen=True)
class BlankScreen:
    """Black out the projector (on) or show it again (off), as B does in slide software."""

    on: bool


@dataclass(frozen=True)
class StartTimer:
    """Start (or restart) the countdown; without seconds, the step's planned minutes."""

    seconds: int | None = None


@dataclass(frozen=True)
class PauseTimer:
    pass


@dataclass(frozen=True)
class ResumeTimer:
    pass


@dataclass(frozen=True)
class ExtendTimer:
    seconds: int = 60


@dataclass(frozen=True)
class StopTimer:
    pass


Command = (
    NextStep
    | PreviousStep
    | GoToStep
    | OpenResponses
    | CloseResponses
    | RevealResults
    | HideResults
    | EndSession
    | VoteAgain
    | BlankScreen
    | StartTimer
    | PauseTimer
    | ResumeTimer
    | ExtendTimer
    | StopTimer
)

# Events (past tense) --------------------------------------------------------------------------


@dataclass(frozen=True)
class StepChanged:
    index: int


@dataclass(frozen=True)
class ResponsesOpened:
    step_id: str


@dataclass(frozen=True)
class ResponsesClosed:
    step_id: str


@dataclass(frozen=True)
class ResultsRevealed:
    step_id: str


@dataclass(frozen=True)
class ResultsHidden:
    step_id: str


@dataclass(frozen=True)
class SessionEnded:
    pass


@dataclass(frozen=True)
class TimerChanged:
    timer: Timer


@dataclass(frozen=True)
class ScreenBlanked:
    on: bool


@dataclass(frozen=True)
class SafetySkipped:
    """A confirmed move past a locked step the room had not seen: stored with who and when."""

    step_id: str
    title: str


Event = (
    StepChanged
    | ResponsesOpened
    | ResponsesClosed
    | ResultsRevealed
    | ResultsHidden
    | SessionEnded
    | TimerChanged
    | ScreenBlanked
    | SafetySkipped
)


@dataclass(frozen=True)
class Outcome:
    state: LiveState
    events: tuple[Event, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.events)


def decide(state: LiveState, deck: Deck, command: Command, *, now: float = 0.0) -> Outcome:
    """Apply one facilitator command. A command already in effect changes nothing. `now`
    (seconds since the epoch) is only read by timer commands."""
    if state.ended:
        raise Rejected("ended", N_("This session has ended."))
    if state.mode == SELF_PACED and not isinstance(command, EndSession):
        raise Rejected(
            "self_paced", N_("Each person moves through this session at their own pace.")
        )
    if isinstance(command, StartTimer | PauseTimer | ResumeTimer | ExtendTimer | StopTimer):
        return _timer(state, deck, command, now)
    match command:
        case NextStep():
            if state.step_index >= len(deck.steps) - 1:
                raise Rejected("at_end", N_("This is the last step."))
            return _move(state, deck, state.step_index + 1)
        case PreviousStep():
            if state.step_index == LOBBY:
                raise Rejected("at_start", N_("This is the start of the session."))
            return _move(state, deck, state.step_index - 1)
        case GoToStep(index=index, force=force):
            if not LOBBY <= index < len(deck.steps):
                raise Rejected(
                    "unknown_step",
                    N_("There is no step %(number)s in this deck."),
                    number=index + 1,
                )
            unseen = _unseen_safety_steps(state, deck, index)
            if unseen and not force:
                raise Rejected(
                    "safety_unseen",
                    N_("The safety step “%(title)s” has not been shown yet."),
                    title=unseen[0].title,
                )
            moved = _move(state, deck, index)  # a forced move that moves says what it skipped
            skipped = tuple(SafetySkipped(s.id, s.title) for s in unseen if moved.changed)
            return Outcome(moved.state, moved.events + skipped)
        case OpenResponses() | CloseResponses():
            step = _answerable_step(state, deck)
            wanted = isinstance(command, OpenResponses)
            if state.open == wanted:
                return Outcome(state)
            event: Event = ResponsesOpened(step.id) if wanted else ResponsesClosed(step.id)
            return _changed(state, (event,), open=wanted)
        case RevealResults() | HideResults():
            step = _answerable_step(state, deck)
            wanted = isinstance(command, RevealResults)
            if state.revealed == wanted:
                return Outcome(state)
            event = ResultsRevealed(step.id) if wanted else ResultsHidden(step.id)
            return _changed(state, (event,), revealed=wanted)
        case VoteAgain():
            return _vote_again(state, deck)
        case BlankScreen(on=on):
            if state.blanked == on:
                return Outcome(state)
            return _changed(state, (ScreenBlanked(on),), blanked=on)
        case EndSession():
            return _changed(
                state,
                (SessionEnded(),),
                ended=True,
                open=False,
                revealed=False,
                timer=TIMER_OFF,
                blanked=False,
            )
    raise Rejected("bad_request", N_("Unknown command."))


def own_pace(state: LiveState, position: int, *, answered: bool) -> LiveState:
    """A self-paced participant's own view of the session: the step they are on, open to
    answer, and 'revealed' (a quiz's answer shown) once they have answered it."""
    return replace(state, step_index=position, open=not state.ended, revealed=answered)


def check_answer(state: LiveState, deck: Deck, step_id: str) -> Step:
    """The step a participant may answer now, or Rejected saying why not."""
    if state.ended:
        raise Rejected("ended", N_("This session has ended."))
    step = deck.step_by_id(step_id)
    if step is None:
        raise Rejected("unknown_step", N_("There is no such question in this session."))
    if not step.takes_responses:
        raise Rejected("no_responses", N_("This step takes no answers."))
    current = state.current_step(deck)
    if current is None or current.id != step_id:
        raise Rejected("not_current", N_("This question is not being asked now."))
    if not state.open:
        raise Rejected("closed", N_("Answers for this question are closed."))
    return step


def _timer(state: LiveState, deck: Deck, command: Command, now: float) -> Outcome:
    timer = state.timer
    match command:
        case StartTimer(seconds=seconds):
            if seconds is None:
                step = state.current_step(deck)
                minutes = step.minutes if step and step.minutes else None
                seconds = round(minutes * 60) if minutes else DEFAULT_TIMER_SECONDS
            if not 1 <= seconds <= MAX_TIMER_SECONDS:
                raise Rejected("bad_request", N_("A timer runs from 1 second to 4 hours."))
            new = Timer("running", ends_at=now + seconds)
        case PauseTimer():
            if timer.status != "running":
                return Outcome(state)
            new = Timer("paused", remaining=timer.seconds_left(now))
        case ResumeTimer():
            if timer.status != "paused":
                return Outcome(state)
            assert timer.remaining is not None  # a paused timer always keeps what was left
            new = Timer("running", ends_at=now + timer.remaining)
        case ExtendTimer(seconds=seconds):
            if timer.status == "off":
                raise Rejected("no_timer", N_("Start the timer first."))
            if not 1 <= seconds <= MAX_TIMER_SECONDS:
                raise Rejected("bad_request", N_("Extend by 1 second to 4 hours."))
            before = timer.seconds_left(now)
            assert before is not None  # the timer is running or paused
            left = min(before + seconds, MAX_TIMER_SECONDS)
            if left == before:
                return Outcome(state)  # already as long as a timer can be
            new = (
                Timer("running", ends_at=now + left)
                if timer.status == "running"
                else Timer("paused", remaining=left)
            )
        case _:  # StopTimer
            if timer.status == "off":
                return Outcome(state)
            new = TIMER_OFF
    return _changed(state, (TimerChanged(new),), timer=new)


def _move(state: LiveState, deck: Deck, index: int) -> Outcome:
    """Moving shows the screen again: a clicker's "next" after B should not leave it black."""
    if index == state.step_index:
        return Outcome(state)
    step = deck.steps[index] if index != LOBBY else None
    shown = state.shown_locked | {step.id} if step and step.locked else state.shown_locked
    return _changed(
        state,
        (StepChanged(index),),
        step_index=index,
        open=bool(step and step.takes_responses),
        revealed=False,
        shown_locked=shown,
        timer=TIMER_OFF,
        blanked=False,
    )


def _vote_again(state: LiveState, deck: Deck) -> Outcome:
    """Opens the second vote, results hidden again; the first vote's answers stay as they were."""
    step = _answerable_step(state, deck)
    if not step.activity.votes_again(step):
        raise Rejected("no_second_vote", N_("This question does not take a second vote."))
    if step.id in state.voted_again:
        raise Rejected("no_second_vote", N_("This question has had its second vote already."))
    if state.open:
        raise Rejected("still_open", N_("Close the first vote before voting again."))
    events = (ResponsesOpened(step.id),)
    voted = state.voted_again | {step.id}
    return _changed(state, events, open=True, revealed=False, voted_again=voted)


def _unseen_safety_steps(state: LiveState, deck: Deck, target: int) -> list[Step]:
    """The locked steps before `target` that the room has not been shown."""
    before = deck.steps[: max(target, 0)]
    return [s for s in before if s.locked and s.id not in state.shown_locked]


def _answerable_step(state: LiveState, deck: Deck) -> Step:
    step = state.current_step(deck)
    if step is None or not step.takes_responses:
        raise Rejected("no_responses", N_("This step takes no answers."))
    return step


def _changed(state: LiveState, events: tuple[Event, ...], **changes) -> Outcome:
    return Outcome(replace(state, seq=state.seq + 1, **changes), events)
