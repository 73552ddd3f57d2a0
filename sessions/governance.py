"""Who answers for a deck: its clinical owner, its review date and its approval, and the
service's rules on which decks may be approved and started. Pure: today's date, the approval
and the settings come in as arguments."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sessions.fields import DeckError, no_unknown_fields, text_field
from sessions.words import N_, Words, words

if TYPE_CHECKING:
    from sessions.deck import Deck

MAX_NAME = 120
# The approval a deck file carries is honoured only for a deck the service installs from a file
# (the bundled decks): in the editor, approval is an act recorded in the store, never a field.
FILE_ONLY = ("approved_by", "approved_on")
ORDER = ("owner", "owner_role", "review_by", *FILE_ONLY)
FIELDS = frozenset(ORDER)

# "Every deck must open with a locked safety step": a locked step among the first few, so a
# welcome and a group agreement may come before it, as in the bundled deck.
SAFETY_WITHIN = 3
# Who may approve a version: the clinical leads who review the service (and admins), never the
# person who saved that version, so that every approved deck has had a second pair of eyes.
APPROVING_ROLES = ("reviewer", "admin")

APPROVED_ONLY = "decks_approved_only"  # settings keys; "1" or "0"
SAFETY_FIRST = "decks_safety_first"


@dataclass(frozen=True)
class Governance:
    owner: str = ""
    owner_role: str = ""
    review_by: str = ""  # an ISO date (year-month-day), or empty
    approved_by: str = ""
    approved_on: str = ""

    @property
    def approval(self) -> tuple[str, str] | None:
        """The approval a deck file carries: (who, on which day), when it names both."""
        return (
            (self.approved_by, self.approved_on) if self.approved_by and self.approved_on else None
        )

    def without_approval(self) -> Governance:
        return Governance(self.owner, self.owner_role, self.review_by)


NONE = Governance()


class Refusal:
    """Why a deck may not be approved or started: `code` for programs, `words` for people
    (translated where it is shown; `message` is its English)."""

    def __init__(self, code: str, message: str | Words, **values: Any):
        self.code = code
        self.words = words(message, values)
        self.message = self.words.english()

    def __repr__(self) -> str:
        return f"Refusal({self.code!r}, {self.message!r})"


@dataclass(frozen=True)
class DeckRules:
    """The admin's settings for decks: only approved decks start (on unless turned off);
    every deck opens with a locked safety step (off unless turned on)."""

    approved_only: bool = True
    safety_first: bool = False

    @classmethod
    def from_settings(cls, get: Callable[[str], str | None]) -> DeckRules:
        return cls(approved_only=get(APPROVED_ONLY) != "0", safety_first=get(SAFETY_FIRST) == "1")


# The deck file's block -------------------------------------------------------------------------


def parse_governance(raw: Any, where: str = "governance") -> Governance:
    if not isinstance(raw, Mapping):
        raise DeckError(where, f"must be a set of fields: {', '.join(ORDER)} (each optional)")
    no_unknown_fields(raw, FIELDS, where, owner="the governance block")
    found = Governance(
        owner=text_field(raw, "owner", f"{where}.owner", limit=MAX_NAME),
        owner_role=text_field(raw, "owner_role", f"{where}.owner_role", limit=MAX_NAME),
        review_by=_date(raw.get("review_by"), f"{where}.review_by"),
        approved_by=text_field(raw, "approved_by", f"{where}.approved_by", limit=MAX_NAME),
        approved_on=_date(raw.get("approved_on"), f"{where}.approved_on"),
    )
    if bool(found.approved_by) != bool(found.approved_on):
        missing = "approved_on" if found.approved_by else "approved_by"
        raise DeckError(f"{where}.{missing}", "an approval needs both who approved it and when")
    return found


def governance_to_data(found: Governance) -> dict[str, str]:
    """The block as a deck file holds it: empty fields left out."""
    return {key: value for key in ORDER if (value := getattr(found, key))}


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _date(value: Any, where: str) -> str:
    """A calendar date as year-month-day text. YAML reads an unquoted 2027-06-30 as a date
    object, which gives the same text."""
    if value is None or value == "":
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else value
    found = _ISO_DATE.fullmatch(text.strip()) if isinstance(text, str) else None
    if found:
        year, month, day = (int(part) for part in found.groups())
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            return found.group(0)
    raise DeckError(where, "must be a date written as year-month-day, such as 2027-06-30")


# Review dates ----------------------------------------------------------------------------------


def review_overdue(found: Governance, today: str) -> bool:
    """Past its review date (`today` as year-month-day, so the texts compare as dates); the
    day itself is still in date."""
    return bool(found.review_by) and found.review_by < today


def review_warning(title: str, found: Governance, today: str) -> Words | None:
    if not review_overdue(found, today):
        return None
    if found.owner:
        return Words(
            N_(
                "“%(title)s” was due for clinical review on %(date)s. It can still be used, but"
                " its content may be out of date. Tell its clinical owner, %(owner)s."
            ),
            {"title": title, "date": found.review_by, "owner": found.owner},
        )
    return Words(
        N_(
            "“%(title)s” was due for clinical review on %(date)s. It can still be used, but"
            " its content may be out of date."
        ),
        {"title": title, "date": found.review_by},
    )


# Approving and starting ------------------------------------------------------------------------


def safety_step_problem(deck: Deck) -> Words | None:
    """Why the deck does not open with a locked safety step, or None when it does."""
    if any(step.locked for step in deck.steps[:SAFETY_WITHIN]):
        return None
    return Words(
        N_(
            "This service needs every deck to show a locked safety step within its first"
            " %(count)s steps. Add a slide such as “When to get help”, tick “Locked safety"
            " step”, and move it into the first %(count)s steps."
        ),
        {"count": SAFETY_WITHIN},
    )


def approval_refusal(
    deck: Deck,
    *,
    role: str,
    user_id: str,
    saved_by: str | None,
    already_approved: bool,
    rules: DeckRules,
) -> Refusal | None:
    """Why this person may not approve this version, or None when they may."""
    if role not in APPROVING_ROLES:
        return Refusal(
            "forbidden",
            N_("Only a reviewer or an admin can approve a deck. Ask one to approve it."),
        )
    if already_approved:
        return Refusal("already_approved", N_("This version is already approved."))
    if saved_by == user_id:
        return Refusal(
            "own_version",
            N_(
                "You saved this version, so someone else must approve it: a deck is approved by"
                " a second person."
            ),
        )
    if rules.safety_first and (problem := safety_step_problem(deck)):
        return Refusal("no_safety_step", problem)
    return None


def start_refusal(deck: Deck, *, approved: bool, rules: DeckRules) -> Refusal | None:
    """Why a real session of this deck may not start, or None when it may. A trial from the
    editor is never asked."""
    if rules.approved_only and not approved:
        return Refusal(
            "not_approved",
            N_(
                "“%(title)s” is a draft: this version has not been approved. Try it from the"
                " editor, or ask a reviewer to approve it on the deck's Versions page."
            ),
            title=deck.title,
        )
    if rules.safety_first and (problem := safety_step_problem(deck)):
        return Refusal("no_safety_step", problem)
    return None
