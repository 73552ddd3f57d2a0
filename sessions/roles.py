"""Who may do what on a session's console. The session's facilitator (or an admin stepping in)
may invite other staff to help run it: a co-facilitator, who has full control, or a moderator,
who looks after questions, open answers and alerts but cannot move the room or end it.

Every console event is in CONSOLE_EVENTS with the roles allowed to send it, so a new event
must be placed here before any role can send it (tests/unit/test_roles.py checks the table
against the events the console's namespace takes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sessions.live import Rejected
from sessions.words import N_, Words

FACILITATOR = "facilitator"  # the session's own facilitator, or an admin stepping in
CO_FACILITATOR = "co-facilitator"
MODERATOR = "moderator"
INVITED = (CO_FACILITATOR, MODERATOR)  # the roles one may be invited to
ROLE_WORDS = {
    FACILITATOR: N_("facilitator"),
    CO_FACILITATOR: N_("co-facilitator"),
    MODERATOR: N_("moderator"),
}

RUNS = frozenset({FACILITATOR, CO_FACILITATOR})
EVERYONE = frozenset({FACILITATOR, CO_FACILITATOR, MODERATOR})


@dataclass(frozen=True)
class Allowed:
    """The roles that may send one console event, and what it does in words, for a refusal."""

    roles: frozenset[str]
    does: str


CONSOLE_EVENTS: dict[str, Allowed] = {
    # Moving the room, its answers and its screen is the facilitator's: two people steering one
    # room at once confuses it, so a moderator leaves it to those who run the class.
    "next": Allowed(RUNS, N_("move the room on")),
    "back": Allowed(RUNS, N_("move the room back")),
    "goto": Allowed(RUNS, N_("move the room to another step")),
    "open": Allowed(RUNS, N_("open answers")),
    "close": Allowed(RUNS, N_("close answers")),
    "reveal": Allowed(RUNS, N_("reveal results to the room")),
    "hide": Allowed(RUNS, N_("hide results from the room")),
    "vote_again": Allowed(RUNS, N_("start a second vote")),
    "blank": Allowed(RUNS, N_("blank the screen")),
    "timer": Allowed(RUNS, N_("use the timer")),
    "end": Allowed(RUNS, N_("end the session")),
    # Groups decide who talks with whom: part of running the room.
    "regroup": Allowed(RUNS, N_("make new groups")),
    # The projector's language is what the whole room reads: part of running it.
    "room_language": Allowed(RUNS, N_("set the screen's language")),
    # Answering for someone without a phone adds to the room's answers; a written reply to a
    # private question goes into that person's notebook as the clinician's advice.
    "add_person": Allowed(RUNS, N_("add someone without a phone")),
    "answer_for": Allowed(RUNS, N_("answer for someone without a phone")),
    "reply_later": Allowed(RUNS, N_("reply to a private question")),
    # What a moderator is there for: the room's questions, open answers and red-flag alerts,
    # and reading the results and the session's state to do it.
    "question": Allowed(EVERYONE, N_("act on a question")),
    "moderate": Allowed(EVERYONE, N_("moderate answers")),
    "alert_seen": Allowed(EVERYONE, N_("mark an alert seen")),
    "step_results": Allowed(EVERYONE, N_("read a step's results")),
    "snapshot": Allowed(EVERYONE, N_("read the session")),
}

# Reads change nothing, so they leave nothing to audit.
READS = frozenset({"step_results", "snapshot"})


def role_of(
    account_role: str, user_id: str, facilitator_id: str | None, invited: str | None
) -> str | None:
    """The part a staff account plays on one session's console, or None when it has none. The
    session's own facilitator and admins run it in full; others only as they were invited."""
    if user_id == facilitator_id or account_role == "admin":
        return FACILITATOR
    return invited if invited in INVITED else None


def check_event(role: str | None, event: str) -> None:
    """Refuse (`not_allowed`) a console event this role may not send; an event missing from
    the table is refused to everyone, so nothing new is allowed by accident."""
    allowed = CONSOLE_EVENTS.get(event)
    if role is None:
        raise Rejected("not_allowed", N_("You no longer help run this session."))
    if allowed is None:
        raise Rejected(
            "not_allowed", N_("%(event)s is not a console command anyone may send."), event=event
        )
    if role not in allowed.roles:
        raise Rejected(
            "not_allowed",
            N_("As this session's %(role)s you cannot %(does)s. Ask the facilitator to do it."),
            role=Words(ROLE_WORDS[role]),
            does=Words(allowed.does),
        )


def may_invite(role: str | None) -> bool:
    """Only the session's own facilitator (or an admin) chooses who helps run it."""
    return role == FACILITATOR


def check_invite(
    role: Any, invitee: dict[str, Any] | None, session: dict[str, Any]
) -> tuple[str, str]:
    """The invitee's id and role, or Rejected saying why not: a role one may be invited to, an
    active staff account other than the session's own facilitator, while the session is live."""
    if not isinstance(role, str) or role not in INVITED:
        raise Rejected("bad_request", N_("Choose a role: %(roles)s."), roles=" or ".join(INVITED))
    if invitee is None or invitee.get("disabled"):
        raise Rejected("not_found", N_("There is no active staff account with that username."))
    if invitee["id"] == session["facilitator_id"]:
        raise Rejected(
            "bad_request",
            N_("%(username)s already runs this session."),
            username=invitee["username"],
        )
    if session["status"] != "live":
        raise Rejected("closed", N_("This session has ended, so nobody more can help run it."))
    return invitee["id"], role


SAFE_DETAILS = ("action", "step_id", "question_id", "alert_id", "participant_id", "index", "on")


def audit_detail(role: str, command: Any) -> str:
    """What the audit log keeps of a console action: the role it was done in and the ids it
    named, never free text or an answer (which may hold personal or clinical detail)."""
    inner = getattr(command, "command", command)
    parts = [f"as {ROLE_WORDS.get(role, role)}"]
    for name in SAFE_DETAILS:
        for source in (command, inner):
            value = getattr(source, name, None)
            if value is not None and not isinstance(value, dict | list):
                parts.append(f"{name} {value}")
                break
    return "; ".join(parts)
