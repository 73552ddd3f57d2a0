"""Socket.IO payloads into typed commands. Each event declares its fields once; a payload that
does not fit is refused with BadRequest naming the field, before anything is read or changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sessions import commands as do
from sessions import live
from sessions.classroom import QUESTION_ACTIONS
from sessions.reactions import BY_ID as REACTIONS
from sessions.words import N_, Words, words

MAX_ANSWER_ID = 64
MAX_MODERATED_TEXT = 200


class BadRequest(Exception):
    """A payload that does not fit its event; the message says which field and why (`words`,
    translated where it is sent; `message` is its English). A payload's shape is a whole
    sentence marked with `N_`: its JSON stays as it is in every language."""

    def __init__(self, message: str | Words, **values: Any):
        self.words = words(message, values)
        self.message = self.words.english()
        super().__init__(self.message)


@dataclass(frozen=True)
class Field:
    """One payload field: `fits` says whether a value is acceptable, `expected` says what is,
    in words. `to` is the command's name for it when that differs."""

    name: str
    fits: Callable[[Any], bool]
    expected: Words
    required: bool = True
    default: Any = None
    to: str | None = None


@dataclass(frozen=True)
class Payload:
    """An event's payload: an object with `fields`, made into a command by `make`. `bare`
    events also take nothing at all (and an object's fields beyond those listed are ignored)."""

    make: Callable[..., Any]
    fields: tuple[Field, ...] = ()
    bare: bool = False
    shape: str = N_("Send an object.")

    def parse(self, payload: Any) -> Any:
        if payload is None and self.bare:
            payload = {}
        if not isinstance(payload, Mapping):
            raise BadRequest(self.shape)
        values = {}
        for field in self.fields:
            if field.name not in payload:
                if field.required:
                    raise BadRequest(
                        N_("Send %(field)s: %(expected)s. %(shape)s"),
                        field=field.name,
                        expected=field.expected,
                        shape=Words(self.shape),
                    )
                value = field.default
            else:
                value = payload[field.name]
                if not field.fits(value):
                    raise BadRequest(
                        N_("%(field)s must be %(expected)s."),
                        field=field.name,
                        expected=field.expected,
                    )
            values[field.to or field.name] = value
        return self.make(**values)


def is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def text(name: str, *, longest: int, to: str | None = None) -> Field:
    return Field(
        name,
        lambda v: isinstance(v, str) and 0 < len(v) <= longest,
        Words(N_("text of 1 to %(longest)s characters"), {"longest": longest}),
        to=to,
    )


def any_value(name: str, *, required: bool = True) -> Field:
    return Field(name, lambda v: True, Words(N_("the answer")), required=required)


def any_text(name: str) -> Field:
    return Field(name, lambda v: isinstance(v, str), Words(N_("text")))


def whole(name: str, *, required: bool = True) -> Field:
    """A whole number; an optional one may also be sent as null, meaning "not given"."""
    return Field(
        name,
        lambda v: is_whole(v) or (v is None and not required),
        Words(N_("a whole number")),
        required,
    )


def flag(name: str, *, required: bool = True, default: bool = False) -> Field:
    return Field(name, lambda v: isinstance(v, bool), Words(N_("true or false")), required, default)


def choice(name: str, choices: Mapping[str, Any] | tuple[str, ...]) -> Field:
    expected = Words(N_("one of: %(choices)s"), {"choices": ", ".join(choices)})
    return Field(name, lambda v: isinstance(v, str) and v in choices, expected)


# The facilitator's commands that change the room's state, each with the optional `seq` ---------

SEEN_SEQ = whole("seq", required=False)


def state_command(make: Callable[..., live.Command], *fields: Field, **options: Any) -> Payload:
    def versioned(seq: int | None = None, **values: Any) -> do.ChangeState:
        return do.ChangeState(make(**values), seen_seq=seq)

    return Payload(versioned, (*fields, SEEN_SEQ), **options)


def _timer(action: str, seconds: int | None) -> live.Command:
    if seconds is None:
        return TIMER_COMMANDS[action]()
    if action not in ("start", "extend"):
        raise BadRequest(N_("Only start and extend take seconds."))
    return TIMER_COMMANDS[action](seconds)


TIMER_COMMANDS: dict[str, Callable[..., live.Command]] = {
    "start": live.StartTimer,
    "pause": live.PauseTimer,
    "resume": live.ResumeTimer,
    "extend": live.ExtendTimer,
    "stop": live.StopTimer,
}

BARE = N_("Send an object, or nothing.")
NEXT = state_command(live.NextStep, bare=True, shape=BARE)
BACK = state_command(live.PreviousStep, bare=True, shape=BARE)
OPEN = state_command(live.OpenResponses, bare=True, shape=BARE)
CLOSE = state_command(live.CloseResponses, bare=True, shape=BARE)
REVEAL = state_command(live.RevealResults, bare=True, shape=BARE)
HIDE = state_command(live.HideResults, bare=True, shape=BARE)
END = state_command(live.EndSession, bare=True, shape=BARE)
VOTE_AGAIN = state_command(live.VoteAgain, bare=True, shape=BARE)
GOTO = state_command(
    live.GoToStep,
    whole("index"),
    flag("force", required=False),
    shape=N_('Send {"index": n}.'),
)
BLANK = state_command(
    live.BlankScreen,
    flag("on"),
    shape=N_('Send {"on": true} to blank the screen, false to show it.'),
)
TIMER = state_command(
    _timer,
    choice("action", TIMER_COMMANDS),
    whole("seconds", required=False),
    shape=N_('Send {"action"}, and "seconds" to start or extend.'),
)

# The facilitator's other commands --------------------------------------------------------------

REGROUP = Payload(do.Regroup, bare=True, shape=BARE)
MODERATE = Payload(
    do.Moderate,
    (
        text("step_id", longest=MAX_MODERATED_TEXT),
        text("item", longest=MAX_MODERATED_TEXT),
        text("action", longest=MAX_MODERATED_TEXT),
    ),
    shape=N_('Send {"step_id", "item", "action"}.'),
)
QUESTION = Payload(
    do.ActOnQuestion,
    (choice("action", QUESTION_ACTIONS), any_text("question_id")),
    shape=N_('Send {"question_id", "action"}.'),
)
ALERT_SEEN = Payload(do.MarkAlertSeen, (any_text("alert_id"),), shape=N_('Send {"alert_id"}.'))
ROOM_LANGUAGE = Payload(
    do.SetRoomLanguage,
    (Field("languages", lambda v: True, Words(N_("a list of one or two language codes"))),),
    shape=N_('Send {"languages": ["cy", "en"]}.'),
)
STEP_RESULTS = Payload(do.ShowStepResults, (any_text("step_id"),), shape=N_('Send {"step_id"}.'))
ADD_PERSON = Payload(
    do.AddPersonWithoutPhone, (any_value("name"),), shape=N_('Send {"name"}: a name or initials.')
)


def _answer_for(participant_id: str, **answer: Any) -> do.AnswerFor:
    return do.AnswerFor(participant_id, do.Answer(**answer))


ANSWER_FOR = Payload(
    _answer_for,
    (
        any_text("participant_id"),
        any_text("step_id"),
        text("id", longest=MAX_ANSWER_ID, to="answer_id"),
        any_value("value"),
    ),
    shape=N_('Send {"participant_id", "step_id", "value", "id"}.'),
)
REPLY_LATER = Payload(
    do.ReplyLater,
    (any_text("question_id"), any_value("text")),
    shape=N_('Send {"question_id", "text"}.'),
)

# A participant's commands ----------------------------------------------------------------------

OWN_PACE = N_("Send nothing, or an object, with next or back.")
OWN_NEXT = Payload(lambda: do.MoveOwnPace(+1), bare=True, shape=OWN_PACE)
OWN_BACK = Payload(lambda: do.MoveOwnPace(-1), bare=True, shape=OWN_PACE)
KEEP_NOTEBOOK = Payload(
    do.KeepNotebook, bare=True, shape=N_("Send nothing, or an object, with keep_notebook.")
)
ANSWER = Payload(
    do.Answer,
    (
        any_text("step_id"),
        text("id", longest=MAX_ANSWER_ID, to="answer_id"),
        any_value("value"),
        Field("round", lambda v: is_whole(v) and v in (1, 2), Words(N_("1 or 2")), required=False),
    ),
    shape=N_('Send {"step_id", "value", "id"}.'),
)
ASK = Payload(
    do.AskQuestion,
    (text("id", longest=MAX_ANSWER_ID, to="answer_id"), any_value("text", required=False)),
    shape=N_('Send {"id", "text"}.'),
)
ASK_LATER = Payload(
    do.AskLater,
    (text("id", longest=MAX_ANSWER_ID, to="answer_id"), any_value("text", required=False)),
    shape=N_('Send {"id", "text"}.'),
)
UPVOTE = Payload(do.Upvote, (any_text("question_id"),), shape=N_('Send {"question_id"}.'))
REACT = Payload(do.React, (choice("reaction", REACTIONS),), shape=N_('Send {"reaction"}.'))
