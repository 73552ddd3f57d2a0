"""Checks shared by every part of a deck: plain-text fields, numbers, unknown keys, and the
error they raise."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DeckError(ValueError):
    """A deck that cannot be used; `where` names the field, e.g. `steps[3].options`."""

    def __init__(self, where: str, problem: str):
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def text_field(
    raw: Mapping[str, Any], key: str, where: str, *, required: bool = False, limit: int
) -> str:
    """A plain-text field: a string (numbers are taken as text), trimmed, within a length."""
    value = raw.get(key)
    if value is None:
        if required:
            raise DeckError(where, "is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise DeckError(where, "must be text")
    text = str(value).strip()
    if required and not text:
        raise DeckError(where, "must not be empty")
    if len(text) > limit:
        raise DeckError(where, f"is too long (at most {limit} characters)")
    return text


def no_unknown_fields(
    raw: Mapping[str, Any], allowed: frozenset[str], where: str, *, owner: str
) -> None:
    unknown = sorted(str(k) for k in raw if k not in allowed)
    if unknown:
        raise DeckError(f"{where}.{unknown[0]}", f"is not a field {owner} can have")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def whole_number(text: str) -> int | None:
    """The number that plain digits 0-9 spell (spaces around are ignored), else None.
    str.isdigit() is also true of '²' and '①', which int() refuses."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None
