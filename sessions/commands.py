"""What clients ask of a live session besides moving the room (those are in live.py), and what
the answers cause. Commands are imperative, events past tense; each event is something the
server publishes once the change is stored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sessions.live import Command as StateCommand

# Commands from a participant's phone -----------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """An answer to a step; `answer_id` is made by the phone, so a retry is the same answer.
    `round`, when given, is the vote it was made for (peer instruction): a first vote that
    arrives once the second has opened is refused rather than counted as the second."""

    step_id: str
    value: Any
    answer_id: str
    round: int | None = None


@dataclass(frozen=True)
class AskQuestion:
    """An anonymous question to the facilitator; `text` is checked by the rules."""

    answer_id: str
    text: Any


@dataclass(frozen=True)
class AskLater:
    """A private question to the physio, answered later in writing in the asker's notebook."""

    answer_id: str
    text: Any


@dataclass(frozen=True)
class Upvote:
    question_id: str


@dataclass(frozen=True)
class React:
    """A live reaction (sessions/reactions.py), anonymous and counted under the current step."""

    reaction: str


@dataclass(frozen=True)
class MoveOwnPace:
    """Self-paced: one step on (+1) or back (-1)."""

    by: int


@dataclass(frozen=True)
class KeepNotebook:
    """A new private link to the participant's notebook."""


# Commands from the facilitator's console -------------------------------------------------------


@dataclass(frozen=True)
class ChangeState:
    """A command that changes the room's state; `seen_seq` is the version the console showed."""

    command: StateCommand
    seen_seq: int | None = None


@dataclass(frozen=True)
class Regroup:
    """Shuffle the room into new discussion groups."""


@dataclass(frozen=True)
class Moderate:
    step_id: str
    item: str
    action: str


@dataclass(frozen=True)
class ActOnQuestion:
    question_id: str
    action: str


@dataclass(frozen=True)
class MarkAlertSeen:
    alert_id: str


@dataclass(frozen=True)
class AddPersonWithoutPhone:
    """Someone without a phone, added on the console by a name or initials."""

    name: Any


@dataclass(frozen=True)
class AnswerFor:
    """An answer the facilitator records for someone without a phone, as their phone would."""

    participant_id: str
    answer: Answer


@dataclass(frozen=True)
class ReplyLater:
    """The physio's written reply to a private question."""

    question_id: str
    text: Any


@dataclass(frozen=True)
class SetRoomLanguage:
    """The screen's language(s): one code, or two shown side by side, the first first."""

    languages: Any


@dataclass(frozen=True)
class ShowStepResults:
    """A read, not a change: the facilitator's results for any step."""

    step_id: str


# Events: what is published once the change is stored ------------------------------------------


@dataclass(frozen=True)
class ResultsChanged:
    """The current step's counts changed: the coalesced `results` follow."""


@dataclass(frozen=True)
class QuestionsChanged:
    """The anonymous questions changed: every audience's `questions` follow."""


@dataclass(frozen=True)
class ReactionsChanged:
    """A reaction was counted: the coalesced `reactions` follow to the console and screen."""


@dataclass(frozen=True)
class ProgressChanged:
    """Self-paced: how many are on each step changed; the console's `progress` follows."""


@dataclass(frozen=True)
class OwnViewChanged:
    """Self-paced: this participant's own view changed; their phone gets a new snapshot."""

    participant_id: str


@dataclass(frozen=True)
class TextWritten:
    """Free text a participant wrote, to look for red flags in (`source` names where)."""

    participant_id: str
    source: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class GroupsShuffled:
    """New discussion groups were asked for; every audience hears the room again."""


@dataclass(frozen=True)
class PeopleChanged:
    """Someone was added or answered for: the head count and the console's list follow."""


@dataclass(frozen=True)
class LaterQuestionsChanged:
    """A private question was asked or replied to: the session's consoles hear the list."""


@dataclass(frozen=True)
class AlertSeen:
    """An alert was marked seen; every console of the session shows it so."""

    alert_id: str


@dataclass(frozen=True)
class RoomLanguageChanged:
    """The screen's room language changed; the console and the screen hear the room again."""


Event = (
    ResultsChanged
    | QuestionsChanged
    | ReactionsChanged
    | ProgressChanged
    | OwnViewChanged
    | TextWritten
    | GroupsShuffled
    | AlertSeen
    | PeopleChanged
    | LaterQuestionsChanged
    | RoomLanguageChanged
)
