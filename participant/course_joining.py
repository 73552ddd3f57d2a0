"""Joining a course's session as the course member one is: by the course link (a new member,
or this browser's member again) or by the member's notebook link (any device). Joining a
session by its plain code stays anonymous and single-session (participant/joining.py)."""

from __future__ import annotations

from typing import Any

from flask import current_app, session

from participant.joining import JoinRefused, clean_name
from participant.rejoin_codes import remember
from sessions.courses import current_session
from sessions.words import N_

MEMBERS_KEY = "course_members"  # course id -> the member id this browser is, in the signed cookie
NOT_STARTED = N_("This course has no session running just now. Try again when your physio says.")


def browser_member(course_id: str) -> str | None:
    members = session.get(MEMBERS_KEY)
    found = members.get(course_id) if isinstance(members, dict) else None
    return found if isinstance(found, str) else None


def remember_member(course_id: str, member_id: str) -> None:
    members = session.get(MEMBERS_KEY)
    kept = dict(members) if isinstance(members, dict) else {}
    kept.pop(course_id, None)
    kept[course_id] = member_id
    session[MEMBERS_KEY] = dict(list(kept.items())[-10:])  # the cookie stays small
    session.permanent = True


def live_session_of(course_id: str) -> dict[str, Any] | None:
    """The course's session a link joins now, or None (an unknown course is None too)."""
    store = current_app.extensions["talkback"].store
    store.sessions.close_due()  # a self-paced session past its closing date takes nobody new
    found = current_session(store.courses.sessions_of(course_id))
    return None if found is None else store.sessions.get(found["session_id"])


def join_by_course_link(course_id: str, raw_name: object):
    """(session row, participant, token) in the course's live session: this browser's member
    if it is one of this course's, else a new member with the name given."""
    store = current_app.extensions["talkback"].store
    if store.courses.get(course_id) is None:
        raise JoinRefused(404, "unknown_course", N_("There is no such course. Check the link."))
    session_row = live_session_of(course_id)
    if session_row is None:
        raise JoinRefused(409, "not_started", NOT_STARTED)
    member_id = browser_member(course_id)
    member = _member(member_id, course_id) if member_id else None
    if member is None:
        member, _key = store.courses.add_member(course_id, clean_name(raw_name))
    return _enter_as(member, session_row)


def join_as_member(member: dict[str, Any]):
    """The member (found by their notebook link) in their course's live session, on this
    device: (session row, participant, token)."""
    session_row = live_session_of(member["course_id"])
    if session_row is None:
        raise JoinRefused(409, "not_started", NOT_STARTED)
    return _enter_as(member, session_row)


def _member(member_id: str, course_id: str) -> dict[str, Any] | None:
    """This browser's member of the course, unless they deleted their data since."""
    member = current_app.extensions["talkback"].store.courses.member(member_id)
    return member if member is not None and member["course_id"] == course_id else None


def _enter_as(member: dict[str, Any], session_row: dict[str, Any]):
    """The member's participant in the session: the one they already are there (this device
    takes over, as with a rejoin code), or a new one linked to them."""
    store = current_app.extensions["talkback"].store
    remember_member(member["course_id"], member["id"])
    existing = store.courses.participant_in(member["id"], session_row["id"])
    token = store.participants.new_token(existing) if existing else None
    if existing and token:
        participant = store.participants.get(existing)
    else:
        participant, token = store.participants.add(session_row["id"], member["name"])
        store.courses.link(participant["id"], member["id"])
    remember(participant["id"])
    current_app.extensions["talkback"].publish_presence(session_row["id"])
    return session_row, participant, token
