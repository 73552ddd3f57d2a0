"""Decks: the authored list of steps, parsed from YAML and checked with errors a physio can
act on."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml

from sessions.activities import KINDS, Activity
from sessions.deck_translations import (
    Translation,
    parse_translations,
    source_texts,
    translations_to_data,
)
from sessions.fields import DeckError, is_int, is_number, no_unknown_fields, text_field
from sessions.governance import NONE as NO_GOVERNANCE
from sessions.governance import Governance, governance_to_data, parse_governance
from sessions.markup import render_markdown
from sessions.measures import check_measures
from sessions.safety import NEUTRAL, Safety, parse_safety, safety_to_data

__all__ = [
    "Deck",
    "DeckError",
    "Step",
    "deck_from_data",
    "deck_to_data",
    "dump_deck",
    "parse_deck",
    "step_from_data",
]

STEP_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
MAX_STEPS = 200
MAX_TITLE = 200
MAX_TEXT = 5000
DEFAULT_MIN_RESPONSES = 3

_COMMON_FIELDS = frozenset(
    {"id", "kind", "title", "body", "notes", "minutes", "optional", "locked", "library"}
)
LIBRARY_FIELDS = ("id", "version")
"""A step's `library` marker: which approved step, at which version, it is a copy of."""
_DECK_FIELDS = frozenset(
    {"title", "description", "min_responses", "safety", "governance", "steps", "translations"}
)


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: str
    body: str = ""
    body_html: str = ""
    notes: str = ""
    minutes: float | None = None
    optional: bool = False  # the pacing co-pilot may suggest leaving it out when time is short
    locked: bool = False
    fields: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    library: tuple[str, int] | None = None  # (approved step id, version) it was inserted from

    @property
    def activity(self) -> Activity:
        return KINDS[self.kind]

    @property
    def takes_responses(self) -> bool:
        return self.activity.accepts_responses(self)


@dataclass(frozen=True)
class Deck:
    title: str
    steps: tuple[Step, ...]
    description: str = ""
    min_responses: int = DEFAULT_MIN_RESPONSES
    safety: Safety | None = None
    governance: Governance = NO_GOVERNANCE
    translations: Mapping[str, Translation] = field(
        default_factory=lambda: MappingProxyType({})
    )  # by language code; see sessions/deck_translations.py

    def source_texts(self) -> dict[str, str]:
        """Every participant-facing text, by the key a translation names it with."""
        return source_texts(self.title, self.steps, self.safety)

    @property
    def safety_wording(self) -> Safety:
        """The deck's safety block, or neutral wording that names no condition."""
        return self.safety or NEUTRAL

    def step_by_id(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def index_of(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.steps) if s.id == step_id)


# libyaml's parser where PyYAML was built with it (its wheels are): the same safe loader,
# about ten times faster than the pure-Python one on a deck.
SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def yaml_data(text: str) -> Any:
    """YAML as data, with the safe loader: plain values, lists and mappings only."""
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def parse_deck(text: str, *, source: str = "deck") -> Deck:
    """Parse a deck's YAML; errors name the source, the step and the field."""
    try:
        data = yaml_data(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise DeckError(f"{source}: {where}", "this is not valid YAML") from None
    try:
        return deck_from_data(data)
    except DeckError as exc:
        raise DeckError(f"{source}: {exc.where}", exc.problem) from None


def deck_from_data(data: Any) -> Deck:
    if not isinstance(data, dict):
        raise DeckError("deck", "a deck needs a title and a list of steps")
    no_unknown_fields(data, _DECK_FIELDS, "deck", owner="a deck")
    title = text_field(data, "title", "title", required=True, limit=MAX_TITLE)
    description = text_field(data, "description", "description", limit=MAX_TEXT)
    min_responses = data.get("min_responses", DEFAULT_MIN_RESPONSES)
    if not is_int(min_responses) or not 1 <= min_responses <= 50:
        raise DeckError("min_responses", "must be a whole number from 1 to 50")
    safety = parse_safety(data["safety"]) if data.get("safety") is not None else None
    if safety == Safety():
        safety = None  # an empty block says nothing, as if there were none
    raw_governance = data.get("governance")
    governance = NO_GOVERNANCE if raw_governance is None else parse_governance(raw_governance)
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise DeckError("steps", "a deck needs at least one step")
    if len(raw_steps) > MAX_STEPS:
        raise DeckError("steps", f"a deck can have at most {MAX_STEPS} steps")
    steps = tuple(_parse_step(raw, f"steps[{i}]") for i, raw in enumerate(raw_steps))
    seen: set[str] = set()
    for i, step in enumerate(steps):
        if step.id in seen:
            raise DeckError(f"steps[{i}].id", f"'{step.id}' is used by an earlier step")
        seen.add(step.id)
    check_measures(steps)
    translations = parse_translations(data.get("translations"), source_texts(title, steps, safety))
    return Deck(
        title=title,
        description=description,
        min_responses=min_responses,
        steps=steps,
        safety=safety,
        governance=governance,
        translations=MappingProxyType(translations),
    )


def _parse_step(raw: Any, where: str) -> Step:
    if not isinstance(raw, dict):
        raise DeckError(where, "each step needs fields such as id, kind and title")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        raise DeckError(f"{where}.kind", f"must be one of: {known}")
    activity = KINDS[kind]
    no_unknown_fields(raw, _COMMON_FIELDS | activity.fields, where, owner=f"a {kind} step")
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not STEP_ID.fullmatch(step_id):
        raise DeckError(
            f"{where}.id",
            "needs a short id of lowercase letters, digits and hyphens (at most 40)",
        )
    minutes = raw.get("minutes")
    if minutes is not None and (not is_number(minutes) or not 0 < minutes <= 240):
        raise DeckError(f"{where}.minutes", "must be a number of minutes, above 0 and up to 240")
    locked = raw.get("locked", False)
    if not isinstance(locked, bool):
        raise DeckError(f"{where}.locked", "must be true or false")
    optional = raw.get("optional", False)
    if not isinstance(optional, bool):
        raise DeckError(f"{where}.optional", "must be true or false")
    if optional and locked:
        raise DeckError(f"{where}.optional", "a locked safety step cannot be optional")
    body = text_field(raw, "body", f"{where}.body", limit=MAX_TEXT)
    return Step(
        id=step_id,
        kind=kind,
        title=text_field(raw, "title", f"{where}.title", required=True, limit=MAX_TITLE),
        body=body,
        body_html=render_markdown(body),
        notes=text_field(raw, "notes", f"{where}.notes", limit=MAX_TEXT),
        minutes=minutes,
        optional=optional,
        locked=locked,
        fields=MappingProxyType(activity.parse_fields(raw, where)),
        library=_library_marker(raw.get("library"), f"{where}.library"),
    )


def _library_marker(raw: Any, where: str) -> tuple[str, int] | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise DeckError(where, "must name the approved step and its version: {id, version}")
    no_unknown_fields(raw, frozenset(LIBRARY_FIELDS), where, owner="a library marker")
    entry, version = raw.get("id"), raw.get("version")
    if not isinstance(entry, str) or not STEP_ID.fullmatch(entry):
        raise DeckError(f"{where}.id", "must be the id of an approved step in the library")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DeckError(f"{where}.version", "must be a version number, 1 or more")
    return entry, version


def step_from_data(raw: Any, where: str) -> Step:
    """One step on its own, checked as the loader checks it (ids across the deck aside)."""
    return _parse_step(raw, where)


STEP_FIELDS = _COMMON_FIELDS  # every kind's fields are these and the kind's own
DECK_FIELDS = _DECK_FIELDS


# Writing decks back out ----------------------------------------------------------------------


def deck_to_data(deck: Deck) -> dict[str, Any]:
    """The deck as plain data a deck file may hold: deck_from_data(deck_to_data(d)) == d.
    Defaults and empty fields are left out, so the file stays short."""
    data: dict[str, Any] = {"title": deck.title}
    if deck.description:
        data["description"] = deck.description
    if deck.min_responses != DEFAULT_MIN_RESPONSES:
        data["min_responses"] = deck.min_responses
    if deck.safety is not None and safety_to_data(deck.safety):
        data["safety"] = safety_to_data(deck.safety)
    if governance_to_data(deck.governance):
        data["governance"] = governance_to_data(deck.governance)
    data["steps"] = [_step_data(step) for step in deck.steps]
    if deck.translations:
        data["translations"] = translations_to_data(deck.translations)
    return data


def _step_data(step: Step) -> dict[str, Any]:
    raw: dict[str, Any] = {"id": step.id, "kind": step.kind, "title": step.title}
    for key in ("body", "notes"):
        if getattr(step, key):
            raw[key] = getattr(step, key)
    if step.minutes is not None:
        raw["minutes"] = step.minutes
    if step.optional:
        raw["optional"] = True
    if step.locked:
        raw["locked"] = True
    if step.library is not None:
        raw["library"] = dict(zip(LIBRARY_FIELDS, step.library, strict=True))
    for key, value in step.fields.items():
        if _is_empty(value):
            continue
        if isinstance(value, list):
            dropped = step.activity.derived_item_keys.get(key, frozenset())
            value = [
                {k: v for k, v in item.items() if k not in dropped and not _is_empty(v)}
                if isinstance(item, Mapping)
                else item
                for item in value
            ]
        elif isinstance(value, Mapping):
            value = {k: v for k, v in value.items() if not _is_empty(v)}
        raw[key] = step.activity.field_data(key, value)
    return raw


def _is_empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str | list) and not value)


class _DeckDumper(yaml.SafeDumper):
    """Lists indented under their key and text of several lines written as a block (|), as
    people write decks by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


# Characters YAML reads as line breaks (or drops) unless escaped, as only double quotes do: text
# pasted from a word processor can carry them.
_ESCAPED_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style: str | None
    if any(ch in text for ch in _ESCAPED_BREAKS):
        style = '"'
    else:
        style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_DeckDumper.add_representer(str, _represent_text)


def dump_deck(deck: Deck) -> str:
    """YAML that parses back to an equal deck."""
    return yaml.dump(
        deck_to_data(deck), Dumper=_DeckDumper, sort_keys=False, allow_unicode=True, width=88
    )
