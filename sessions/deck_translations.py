"""A deck's translations: the participant-facing texts of a deck in another language, each keyed
by where the text is in the deck ("safety.help", "how-long.title", "how-long.options.cold"),
with the translation's review status.

Options, cards and prompts are translated by their id, never by their label, so a step shown in
another language keeps every id and answers from phones in any language add up together."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sessions.activities.feedback import FFT_OPTIONS, FFT_QUESTION
from sessions.fields import DeckError, no_unknown_fields
from sessions.markup import render_markdown

if TYPE_CHECKING:
    from sessions.deck import Step

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
REVIEWED = re.compile(r"reviewed by a fluent speaker on \d{4}-\d{2}-\d{2}")
DRAFTED = "drafted"
MAX_TRANSLATED = 5000

SAFETY_TEXTS = ("help", "when_to_get_help", "plan_reminder")
# A step's own words a phone shows, beyond its title and body, and the item lists whose
# entries are translated by id (with the key that holds each entry's words).
STEP_TEXT_FIELDS = ("explanation", "min_label", "max_label", "contact", "unit")
ITEM_LISTS = {"options": "label", "cards": "text", "prompts": "label"}
_MARKDOWN_KEYS = ("body", "help", "when_to_get_help", "plan_reminder")
_LINK = re.compile(r"\]\(")
# The Friends and Family Test's question and answers are fixed, not the deck's: one wording per
# language serves every feedback step, and only an official one may replace the English.
FFT_KEYS = {"fft.question": FFT_QUESTION} | {
    f"fft.options.{option['id']}": option["label"] for option in FFT_OPTIONS
}


@dataclass(frozen=True)
class Translation:
    """One language's translation: `texts` maps a text's key to its translated words."""

    language: str
    status: str = DRAFTED
    texts: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    fft_official: bool = False  # its FFT wording is the official one (NHS England's)

    @property
    def drafted(self) -> bool:
        return self.status == DRAFTED


def source_texts(title: str, steps: tuple[Step, ...], safety: Any) -> dict[str, str]:
    """Every participant-facing text of a deck, by key, in the deck's own language."""
    texts: dict[str, str] = {"title": title}
    if safety is not None:
        for name in SAFETY_TEXTS:
            if getattr(safety, name):
                texts[f"safety.{name}"] = getattr(safety, name)
    for step in steps:
        texts[f"{step.id}.title"] = step.title
        if step.body:
            texts[f"{step.id}.body"] = step.body
        for name in STEP_TEXT_FIELDS:
            value = step.fields.get(name)
            if isinstance(value, str) and value:
                texts[f"{step.id}.{name}"] = value
        for list_key, text_key in ITEM_LISTS.items():
            for item in step.fields.get(list_key) or ():
                if isinstance(item, Mapping) and item.get(text_key):
                    texts[f"{step.id}.{list_key}.{item['id']}"] = item[text_key]
    if any(step.activity.takes_fft_cards for step in steps):  # the kind that asks the FFT
        texts.update(FFT_KEYS)
    return texts


def parse_translations(
    raw: Any, sources: Mapping[str, str], *, where: str = "translations"
) -> dict[str, Translation]:
    """The deck's `translations:` section, checked against the deck's own texts: a key naming
    no text of the deck, an empty text, or markup the source does not have is refused."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise DeckError(where, "must list each language by its code, such as cy")
    parsed: dict[str, Translation] = {}
    for language, entry in raw.items():
        here = f"{where}.{language}"
        if not isinstance(language, str) or not LANGUAGE_CODE.fullmatch(language):
            raise DeckError(here, "must be a language code of two or three lowercase letters")
        parsed[language] = parse_translation(language, entry, sources, where=here)
    return parsed


def parse_translation(
    language: str, entry: Any, sources: Mapping[str, str], *, where: str
) -> Translation:
    if not isinstance(entry, Mapping):
        raise DeckError(where, "needs a status and the texts")
    no_unknown_fields(
        entry, frozenset({"status", "texts", "fft_official"}), where, owner="a translation"
    )
    status = entry.get("status", DRAFTED)
    if not isinstance(status, str) or not (status == DRAFTED or REVIEWED.fullmatch(status)):
        raise DeckError(
            f"{where}.status",
            "must be 'drafted' or 'reviewed by a fluent speaker on YYYY-MM-DD'",
        )
    raw_texts = entry.get("texts") or {}
    if not isinstance(raw_texts, Mapping):
        raise DeckError(f"{where}.texts", "must map each text's key to its translation")
    texts: dict[str, str] = {}
    for key, value in raw_texts.items():
        here = f"{where}.texts.{key}"
        if key not in sources:
            raise DeckError(here, "names no text of this deck (no such step, option or field)")
        if not isinstance(value, str) or not value.strip():
            raise DeckError(here, "must be the translated text, not empty")
        text = value.strip()
        if len(text) > MAX_TRANSLATED:
            raise DeckError(here, f"is too long (at most {MAX_TRANSLATED} characters)")
        _check_markup(str(key), sources[key], text, here)
        texts[str(key)] = text
    fft_official = _fft_official(entry.get("fft_official", False), sources, texts, where)
    return Translation(
        language=language,
        status=status,
        texts=MappingProxyType(texts),
        fft_official=fft_official,
    )


def _fft_official(
    value: Any, sources: Mapping[str, str], texts: Mapping[str, str], where: str
) -> bool:
    """An official FFT wording must be whole: the question and every answer, so that a phone
    never mixes it with the English."""
    here = f"{where}.fft_official"
    if not isinstance(value, bool):
        raise DeckError(here, "must be true (the FFT wording is the official one) or false")
    if not value:
        return False
    if "fft.question" not in sources:
        raise DeckError(here, "this deck has no feedback step, so it has no FFT wording")
    missing = [key for key in FFT_KEYS if key not in texts]
    if missing:
        raise DeckError(
            here,
            "an official FFT wording needs the question and all six answers translated "
            f"(missing: {', '.join(missing)})",
        )
    return True


def _check_markup(key: str, source: str, text: str, where: str) -> None:
    """A translation keeps the source's markup whole: bold marks in pairs, as many links."""
    if text.count("**") % 2:
        raise DeckError(where, "has a ** with no closing **: bold text needs both")
    if len(_LINK.findall(text)) != len(_LINK.findall(source)):
        raise DeckError(where, "must keep the same links as the deck's own text")
    if key.rsplit(".", 1)[-1] in _MARKDOWN_KEYS and text.count("`") % 2:
        raise DeckError(where, "has a ` with no closing `")


def translations_to_data(translations: Mapping[str, Translation]) -> dict[str, Any]:
    return {
        language: {
            "status": t.status,
            **({"fft_official": True} if t.fft_official else {}),
            "texts": dict(t.texts),
        }
        for language, t in translations.items()
    }


def missing_texts(sources: Mapping[str, str], translation: Translation | None) -> list[str]:
    """The keys of the deck's texts this language has no translation of, in deck order."""
    done = translation.texts if translation is not None else {}
    return [key for key in sources if key not in done]


def translated_step(step: Step, translation: Translation | None) -> tuple[Step, list[str]]:
    """The step in the translation's language where it has the words, and the keys of the
    texts left in the deck's own language. Ids are kept, so answers add up across languages."""
    if translation is None:
        return step, list(_step_keys(step))
    texts = translation.texts
    untranslated = [key for key in _step_keys(step) if key not in texts]
    fields: dict[str, Any] = dict(step.fields)
    for name in STEP_TEXT_FIELDS:
        if f"{step.id}.{name}" in texts:
            fields[name] = texts[f"{step.id}.{name}"]
    for list_key, text_key in ITEM_LISTS.items():
        items = fields.get(list_key)
        if isinstance(items, list):
            fields[list_key] = [
                {**item, text_key: texts.get(f"{step.id}.{list_key}.{item['id']}", item[text_key])}
                for item in items
            ]
    body = texts.get(f"{step.id}.body", step.body)
    shown = replace(
        step,
        title=texts.get(f"{step.id}.title", step.title),
        body=body,
        body_html=render_markdown(body),
        fields=MappingProxyType(fields),
    )
    return shown, untranslated


def _step_keys(step: Step) -> dict[str, str]:
    return {
        key: text
        for key, text in source_texts("", (step,), None).items()
        if key.startswith(f"{step.id}.")
    }


__all__ = [
    "DRAFTED",
    "FFT_KEYS",
    "Translation",
    "missing_texts",
    "parse_translation",
    "parse_translations",
    "source_texts",
    "translated_step",
    "translations_to_data",
]
