"""The rules for people without phones: the facilitator adds them by a name or initials and
answers for them on the console, exactly as their phone would. Pure: the caller reads the state
and the participant and stores what is decided."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sessions.live import SELF_PACED, LiveState, Rejected
from sessions.words import N_

MAX_NAME = 40  # as a name typed on the join page
SELF_PACED_REFUSAL = N_("In a self-paced session each person answers on their own device.")


def accept_name(state: LiveState, name: Any) -> str:
    """A name or initials as typed, trimmed, one line; required, since staff must tell people
    apart. Refused once the session has ended, and in a self-paced session, which has no room
    step to answer for them on."""
    if not isinstance(name, str):
        raise Rejected("invalid_value", N_("The name must be text."))
    cleaned = " ".join("".join(ch for ch in name if ch.isprintable()).split())
    if not cleaned:
        raise Rejected("invalid_value", N_("Write a name or initials for this person."))
    if len(cleaned) > MAX_NAME:
        raise Rejected(
            "invalid_value", N_("Please use a name of %(most)s letters or fewer."), most=MAX_NAME
        )
    if state.ended:
        raise Rejected("ended", N_("This session has ended."))
    if state.mode == SELF_PACED:
        raise Rejected("self_paced", SELF_PACED_REFUSAL)
    return cleaned


def person_to_answer_for(
    state: LiveState, participant: Mapping[str, Any] | None, session_id: str
) -> str:
    """The participant id answers go under: only someone without a phone added to this very
    session. Another session's person, or anyone with a phone, is unknown here (said the same
    way, so an id of another session gives nothing away)."""
    if (
        participant is None
        or participant["session_id"] != session_id
        or not participant.get("no_phone")
    ):
        raise Rejected("unknown_person", N_("There is no such person without a phone here."))
    if state.mode == SELF_PACED:
        raise Rejected("self_paced", SELF_PACED_REFUSAL)
    return str(participant["id"])
