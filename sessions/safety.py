"""A deck's safety wording: the phone's help text, when to get help, the action plan's
reminder, and the red-flag phrases its free text is scanned for. Read from the deck's
`safety:` block; a deck without one gets neutral wording and raises no red flags."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sessions.fields import DeckError, no_unknown_fields, text_field
from sessions.markup import render_markdown

MAX_TEXT = 5000
MAX_REMINDER = 1000
MAX_PHRASES = 200
MAX_PHRASE = 100
FIELDS = frozenset({"help", "when_to_get_help", "plan_reminder", "red_flags"})
# The named red-flag phrase lists, each a file data/red_flags/<name>.yaml kept by clinicians
# (named here so that checking a deck reads no file).
PHRASE_LISTS = ("back-pain",)
NEUTRAL_TEXT = (
    "If you are worried about your health, contact your GP or call 111. In an emergency, call 999."
)
_PHRASE = re.compile(r"[a-z0-9']+( [a-z0-9']+)*")


@dataclass(frozen=True)
class Safety:
    """`red_flags`: a phrase list's name, or the deck's own phrases ('word word')."""

    help: str = ""
    when_to_get_help: str = ""
    plan_reminder: str = ""
    red_flags: str | tuple[str, ...] = ()

    @property
    def help_html(self) -> str:
        return render_markdown(self.help or NEUTRAL_TEXT)

    @property
    def when_to_get_help_html(self) -> str:
        return render_markdown(self.when_to_get_help or NEUTRAL_TEXT)

    @property
    def reminder(self) -> str:
        return self.plan_reminder or NEUTRAL_TEXT


NEUTRAL = Safety()


def parse_safety(raw: Any, where: str = "safety") -> Safety:
    if not isinstance(raw, Mapping):
        raise DeckError(
            where, f"must be a set of fields: {', '.join(sorted(FIELDS))} (each optional)"
        )
    no_unknown_fields(raw, FIELDS, where, owner="the safety block")
    red_flags = _red_flags(raw.get("red_flags"), f"{where}.red_flags")
    return Safety(
        help=text_field(raw, "help", f"{where}.help", limit=MAX_TEXT),
        when_to_get_help=text_field(
            raw, "when_to_get_help", f"{where}.when_to_get_help", limit=MAX_TEXT
        ),
        plan_reminder=text_field(
            raw, "plan_reminder", f"{where}.plan_reminder", limit=MAX_REMINDER
        ),
        red_flags=red_flags,
    )


def _red_flags(value: Any, where: str) -> str | tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        if value not in PHRASE_LISTS:
            raise DeckError(
                where,
                f"'{value[:40]}' is not a phrase list; use one of: {', '.join(PHRASE_LISTS)},"
                " or give the phrases as a list",
            )
        return value
    if not isinstance(value, list) or not value:
        raise DeckError(where, "must name a phrase list or be a list of phrases")
    if len(value) > MAX_PHRASES:
        raise DeckError(where, f"can have at most {MAX_PHRASES} phrases")
    written: list[str] = []
    for i, item in enumerate(value):
        phrase = " ".join(str(item).lower().split()) if isinstance(item, str) else ""
        if not phrase or len(phrase) > MAX_PHRASE or not _PHRASE.fullmatch(phrase):
            raise DeckError(
                f"{where}[{i}]",
                f"must be a few words of letters and digits (at most {MAX_PHRASE} characters),"
                " such as 'chest pain'",
            )
        written.append(phrase)
    return tuple(written)


def safety_to_data(safety: Safety) -> dict[str, Any]:
    """The block as a deck file holds it; empty fields left out."""
    data: dict[str, Any] = {
        key: getattr(safety, key)
        for key in ("help", "when_to_get_help", "plan_reminder")
        if getattr(safety, key)
    }
    if safety.red_flags:
        data["red_flags"] = (
            safety.red_flags if isinstance(safety.red_flags, str) else list(safety.red_flags)
        )
    return data
