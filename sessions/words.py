"""Messages for people, written in English in the domain and translated where they are sent.
The domain knows no language: it marks each message with `N_` (Babel's default no-op keyword,
so `make messages` extracts it) and keeps the values of its `%(name)s` placeholders apart, in
`Words`, so that the adapter that answers a person can translate the English template into
that person's language before the values go in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:  # noqa: N802  (Babel's keyword for a message marked, not translated)
    """Mark `message` for extraction; it stays English here."""
    return message


@dataclass(frozen=True)
class Words:
    """A message's English template and its placeholders' values. A value may itself be
    `Words` (a phrase translated with the sentence around it)."""

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str]) -> str:
        """The message with each template passed through `translate` first."""
        text = translate(self.template)
        if not self.values:
            return text
        return text % {
            name: value.render(translate) if isinstance(value, Words) else value
            for name, value in self.values.items()
        }

    def english(self) -> str:
        return self.render(lambda template: template)

    def __str__(self) -> str:
        return self.english()


def words(message: str | Words, values: Mapping[str, Any] | None = None) -> Words:
    """`message` as Words: already Words, or a template with these values."""
    if isinstance(message, Words):
        return message
    return Words(message, dict(values or {}))
