"""The screen's room language: the one or two languages the projector speaks for a session,
chosen on the console. Two show side by side, the first first. Stored with the session as the
codes joined by commas ("cy,en")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sessions.live import Rejected
from sessions.words import N_

DEFAULT = ("en",)
MOST = 2  # two side by side still fit a projector; a third would not be read


def choose(value: Any, shipped: Iterable[str]) -> tuple[str, ...]:
    """The room language(s) asked for, checked: a list of one or two shipped language codes,
    different from each other. Anything else is refused (`bad_language`) with what was wrong."""
    known = tuple(shipped)
    if not isinstance(value, list | tuple) or not all(isinstance(code, str) for code in value):
        raise Rejected("bad_language", N_("Send languages: a list of one or two language codes."))
    if not 1 <= len(value) <= MOST:
        raise Rejected("bad_language", N_("The screen shows one language, or two side by side."))
    unknown = [code for code in value if code not in known]
    if unknown:
        raise Rejected(
            "bad_language",
            N_("Talkback has no %(unknown)s translation; choose from %(known)s."),
            unknown=", ".join(unknown),
            known=", ".join(known),
        )
    if len(set(value)) != len(value):
        raise Rejected("bad_language", N_("Choose two different languages, or just one."))
    return tuple(value)


def stored(languages: tuple[str, ...]) -> str:
    return ",".join(languages)


def read(text: str | None, shipped: Iterable[str]) -> tuple[str, ...]:
    """The stored choice; a language no longer shipped is dropped (English if none is left)."""
    known = set(shipped)
    codes = tuple(code for code in (text or "").split(",") if code in known)
    return codes[:MOST] or DEFAULT
