"""The rules for questions asked privately, to be answered later ("ask later"): what a question
and a reply may be. Pure: the caller stores what is accepted."""

from __future__ import annotations

from typing import Any

from sessions.activities import InvalidResponse
from sessions.activities.base import clean_text
from sessions.commands import Event, LaterQuestionsChanged, TextWritten
from sessions.live import LiveState, Rejected
from sessions.words import N_

MAX_LATER_QUESTION = 500
MAX_REPLY = 2000
SOURCE = "a question for later"


def accept_question(state: LiveState, text: Any) -> str:
    """A private question as stored; refused when empty, too long or after the end (the phone
    has left the session by then)."""
    cleaned = _cleaned(text, MAX_LATER_QUESTION, "Your question", N_("Write your question first."))
    if state.ended:
        raise Rejected("ended", N_("This session has ended."))
    return cleaned


def accept_reply(text: Any) -> str:
    """The physio's reply, during or after the session."""
    return _cleaned(text, MAX_REPLY, "The reply", N_("Write the reply before sending."))


def question_events(participant_id: str, text: str) -> tuple[Event, ...]:
    """The consoles hear the list; the words are looked at for red flags like any others."""
    return (LaterQuestionsChanged(), TextWritten(participant_id, SOURCE, (text,)))


def _cleaned(text: Any, limit: int, what: str, empty: str) -> str:
    try:
        cleaned = clean_text(text, limit=limit, what=what)
    except InvalidResponse as exc:
        raise Rejected("invalid_value", exc.words) from None
    if not cleaned:
        raise Rejected("invalid_value", empty)
    return cleaned
