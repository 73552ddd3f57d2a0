"""Messages for people, written in English in the domain and translated where they are sent.
The domain knows no language: it marks each message with `N_` (Babel's default no-op keyword,
so `make messages` extracts it) and keeps the values of its `%(name)s` placeholders apart, in
`Words`, so that the adapter that answers a person can translate the English template into
that person's language before the values go in."""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

ENGLISH = gettext.NullTranslations()  # the templates as they are written


class Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


def N_(message: str) -> str:  # noqa: N802  (Babel's keyword for a message marked, not translated)
    """Mark `message` for extraction; it stays English here."""
    return message


def plural_words(singular: str, plural: str, count: str, /, **values: Any) -> Words:
    """A message with a singular and a plural form (extracted as a pair: `plural_words:1,2`),
    chosen in the reader's language by the value named `count`."""
    return Words(singular, values, plural=plural, count=count)


@dataclass(frozen=True)
class Words:
    """A message's English template and its placeholders' values. A value may itself be
    `Words` (a phrase translated with the sentence around it). With `plural`, the form is
    chosen by the number in the value named `count`."""

    template: str
    values: Mapping[str, Any] = field(default_factory=dict)
    plural: str | None = None
    count: str | None = None

    def render(self, translations: Translations) -> str:
        """The message translated first, then its values put in (each Words one translated)."""
        if self.plural is not None and self.count is not None:
            text = translations.ngettext(self.template, self.plural, self.values[self.count])
        else:
            text = translations.gettext(self.template)
        if not self.values:
            return text
        values = {
            name: value.render(translations) if isinstance(value, Words) else value
            for name, value in self.values.items()
        }
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            if translations is ENGLISH:
                raise  # the template itself is broken: a mistake in the code
            # A translation whose placeholders are broken (a stray %, a renamed value) must
            # not stop the refusal reaching its reader: the English says it instead.
            return self.english()

    def english(self) -> str:
        return self.render(ENGLISH)

    def __str__(self) -> str:
        return self.english()


def words(message: str | Words, values: Mapping[str, Any] | None = None) -> Words:
    """`message` as Words: already Words, or a template with these values."""
    if isinstance(message, Words):
        return message
    return Words(message, dict(values or {}))
