"""Rules for writing decks in the browser: every problem at once (not just the first), YAML that
cannot blow up, locked steps a copy must keep, and when a save starts a new version.
Pure: no I/O, no clock; the messages are the file loader's own."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import yaml

from sessions.activities import KINDS, Slide
from sessions.activities.deck_fields import parse_image
from sessions.deck import (
    DECK_FIELDS,
    MAX_STEPS,
    STEP_FIELDS,
    STEP_ID,
    Deck,
    DeckError,
    deck_from_data,
    step_from_data,
    yaml_data,
)

MAX_YAML_BYTES = 256 * 1024
MAX_NESTING = 20
VERSION_WINDOW_SECONDS = 10 * 60
"""Saves by one person within this time of a version's start extend it rather than add one."""

_STEP_WHERE = re.compile(r"steps\[(\d+)\]")
_STEP_ORDER = (
    "id",
    "kind",
    "title",
    "body",
    "notes",
    "minutes",
    "optional",
    "locked",
    "library",
)


# Reading YAML safely -------------------------------------------------------------------------


def load_yaml(text: str, *, limit: int = MAX_YAML_BYTES) -> Any:
    """Parse a deck file someone uploaded. Refuses what could exhaust the server before the
    deck is even checked: a file over `limit` bytes, anchors and aliases (a "billion laughs"
    document expands a few lines into gigabytes), and nesting deeper than any deck needs."""
    if len(text.encode("utf-8")) > limit:
        raise DeckError("file", f"is too large (at most {limit // 1024} KB)")
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            assert event.start_mark is not None  # the parser marks where every event starts
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                where = f"line {event.start_mark.line + 1}"
                raise DeckError(where, "decks cannot use YAML anchors or aliases (& or *)")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_NESTING:
                    where = f"line {event.start_mark.line + 1}"
                    raise DeckError(where, "this is nested too deeply to be a deck")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        return yaml_data(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        raise DeckError(where, "this is not valid YAML") from None


# Every problem, not just the first -----------------------------------------------------------


def problems(
    data: Any,
    *,
    kept: Sequence[Mapping[str, Any]] = (),
    images: Iterable[str] | None = None,
) -> list[DeckError]:
    """Every mistake in a deck's data, each naming its field as the loader does. Empty exactly
    when deck_from_data(data) succeeds and the deck keeps its locked steps (`kept`) and uses
    only known `images` (None: image names are not checked)."""
    if not isinstance(data, dict):
        return [DeckError("deck", "a deck needs a title and a list of steps")]
    found = [
        DeckError(f"deck.{key}", "is not a field a deck can have")
        for key in sorted(str(k) for k in data if k not in DECK_FIELDS)
    ]
    data = {k: v for k, v in data.items() if k in DECK_FIELDS}
    one_step = [{"id": "x", "kind": Slide.kind, "title": "x"}]
    for key in ("title", "description", "min_responses", "safety", "governance"):
        trial = {"title": "x", "steps": one_step}
        trial.pop(key, None)
        if key in data:
            trial[key] = data[key]
        found.extend(_first_error(lambda t=trial: deck_from_data(t)))
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        return found + [DeckError("steps", "a deck needs at least one step")]
    if len(raw_steps) > MAX_STEPS:
        return found + [DeckError("steps", f"a deck can have at most {MAX_STEPS} steps")]
    step_problems = [step_problems_of(raw, f"steps[{i}]") for i, raw in enumerate(raw_steps)]
    for listed in step_problems:
        found.extend(listed)
    found.extend(_duplicate_ids(raw_steps))
    if images is not None:
        reported = {e.where for e in found}
        found.extend(e for e in _unknown_images(raw_steps, set(images)) if e.where not in reported)
    found.extend(kept_problems(raw_steps, kept))
    if not found:
        # Rules across steps (measures), and anything the field-by-field checks cannot see.
        found.extend(_first_error(lambda: deck_from_data(data)))
    return _unique(found)


def check(
    data: Any, *, kept: Sequence[Mapping[str, Any]] = (), images: Iterable[str] | None = None
) -> Deck:
    """The deck, or the first of its problems raised (the rest are in problems())."""
    found = problems(data, kept=kept, images=images)
    if found:
        raise found[0]
    return deck_from_data(data)


def step_problems_of(raw: Any, where: str) -> list[DeckError]:
    """Every mistake in one step: each field is tried on a valid step of the same kind."""
    if not isinstance(raw, dict):
        return [DeckError(where, "each step needs fields such as id, kind and title")]
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        known = ", ".join(sorted(KINDS))
        return [DeckError(f"{where}.kind", f"must be one of: {known}")]
    allowed = STEP_FIELDS | KINDS[kind].fields
    found = [
        DeckError(f"{where}.{key}", f"is not a field a {kind} step can have")
        for key in sorted(str(k) for k in raw if k not in allowed)
    ]
    raw = {k: v for k, v in raw.items() if k in allowed}
    whole = _first_error(lambda: step_from_data(raw, where))
    if not whole:
        return found
    skeleton = {"id": "x", "kind": kind, "title": "x", **KINDS[kind].skeleton_fields}
    if _first_error(lambda: step_from_data(skeleton, where)):
        return found + whole  # a kind without a skeleton: its first mistake only
    by_field: list[DeckError] = []
    for group in _field_groups(kind):
        trial = dict(skeleton)
        for key in group:
            trial.pop(key, None)
            if key in raw:
                trial[key] = raw[key]
        by_field.extend(_first_error(lambda t=trial: step_from_data(t, where)))
    found += by_field or whole
    # Each picture on its own as well: a step's options may have several, each with a mistake.
    for field, image in step_pictures(raw):
        for error in _first_error(lambda i=image, f=field: parse_image(i, f"{where}.{f}")):
            if (error.where, error.problem) not in {(e.where, e.problem) for e in found}:
                found.append(error)
    return found


def _field_groups(kind: str) -> list[frozenset[str]]:
    together = KINDS[kind].fields_checked_together
    grouped = set().union(*together) if together else set()
    singles = [frozenset({f}) for f in _STEP_ORDER if f != "kind"]
    singles += [frozenset({f}) for f in sorted(KINDS[kind].fields) if f not in grouped]
    return singles + list(together)


def _duplicate_ids(raw_steps: list[Any]) -> list[DeckError]:
    seen: set[str] = set()
    found = []
    for i, raw in enumerate(raw_steps):
        step_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(step_id, str) or not STEP_ID.fullmatch(step_id):
            continue
        if step_id in seen:
            found.append(DeckError(f"steps[{i}].id", f"'{step_id}' is used by an earlier step"))
        seen.add(step_id)
    return found


def step_pictures(raw: Any) -> list[tuple[str, dict[str, Any]]]:
    """Each picture a step's deck data names (its own, its options'), with its field under the
    step; none for data that is not a step of a known kind."""
    kind = raw.get("kind") if isinstance(raw, dict) else None
    return list(KINDS[kind].pictures(raw)) if isinstance(kind, str) and kind in KINDS else []


def _unknown_images(raw_steps: list[Any], images: set[str]) -> list[DeckError]:
    found = []
    for i, raw in enumerate(raw_steps):
        for field, image in step_pictures(raw):
            src = image.get("src")
            if isinstance(src, str) and src.strip() and src.strip() not in images:
                found.append(
                    DeckError(
                        f"steps[{i}].{field}.src",
                        f"there is no picture called {src.strip()} with this deck",
                    )
                )
    return found


def _first_error(action) -> list[DeckError]:
    try:
        action()
    except DeckError as exc:
        return [exc]
    return []


def _unique(found: list[DeckError]) -> list[DeckError]:
    """Each problem once, the deck's own first, then step by step in the deck's order."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for error in found:
        if (error.where, error.problem) not in seen:
            seen.add((error.where, error.problem))
            kept.append(error)
    return sorted(kept, key=_step_number)


def _step_number(error: DeckError) -> int:
    match = _STEP_WHERE.match(error.where)
    return int(match.group(1)) + 1 if match else 0


def as_json(found: Iterable[DeckError]) -> list[dict[str, str]]:
    return [{"where": e.where, "problem": e.problem} for e in found]


# Locked steps --------------------------------------------------------------------------------


def locked_steps(deck: Deck) -> list[dict[str, str]]:
    """A deck's locked steps as a copy of it must keep them."""
    return [
        {"id": s.id, "kind": s.kind, "title": s.title, "body": s.body}
        for s in deck.steps
        if s.locked
    ]


def kept_by_copy(source: Deck, source_kept: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """What a copy must keep: what its source had to keep, and the source's own locked steps.
    So a deck derived from the back-pain deck, or from a copy of it, keeps its safety slide."""
    kept = [dict(k) for k in source_kept]
    ids = {k["id"] for k in kept}
    kept += [step for step in locked_steps(source) if step["id"] not in ids]
    return kept


def kept_problems(raw_steps: Any, kept: Sequence[Mapping[str, Any]]) -> list[DeckError]:
    """A deck derived from one with a locked step keeps it: same id and kind, still locked,
    with its title and body unchanged. Other fields (notes, minutes, a picture) may change."""
    if not kept or not isinstance(raw_steps, list):
        return []
    index = {
        raw.get("id"): i
        for i, raw in enumerate(raw_steps)
        if isinstance(raw, dict) and isinstance(raw.get("id"), str)
    }
    found = []
    for step in kept:
        i = index.get(step["id"])
        if i is None:
            found.append(
                DeckError(
                    "steps", f"the locked step '{step['title']}' cannot be removed: put it back"
                )
            )
            continue
        raw, where = raw_steps[i], f"steps[{i}]"
        if raw.get("kind") != step["kind"]:
            found.append(DeckError(f"{where}.kind", f"this locked step stays a {step['kind']}"))
        if raw.get("locked") is not True:
            found.append(DeckError(f"{where}.locked", "this safety step stays locked"))
        if plain_text(raw.get("title")) != step["title"]:
            found.append(
                DeckError(
                    f"{where}.title", f"a locked step keeps its approved title: '{step['title']}'"
                )
            )
        if plain_text(raw.get("body")) != step["body"]:
            found.append(DeckError(f"{where}.body", "a locked step keeps its approved wording"))
    return found


def plain_text(value: Any) -> str:
    """A text field as the loader keeps it (trimmed), for comparing."""
    return "" if value is None else str(value).strip()


# Versions ------------------------------------------------------------------------------------


def extends_version(
    *,
    origin: str,
    saved_by: str | None,
    age_seconds: float,
    author: str,
    used: bool,
    approved: bool = False,
) -> bool:
    """Whether a save replaces the latest version rather than adding one. Only a version made
    by editing, by the same person, started within the window, and not yet used by a session:
    so typing does not bury the history in near-identical versions, and every version a
    session ran, or someone approved, stays as it was."""
    return (
        not approved
        and origin == "edit"
        and saved_by == author
        and 0 <= age_seconds < VERSION_WINDOW_SECONDS
        and not used
    )


# New decks -----------------------------------------------------------------------------------


def starter_deck(title: str = "Untitled deck") -> dict[str, Any]:
    """What "New deck" begins with: a title and one slide, so that it is a deck from the start."""
    return {
        "title": title.strip() or "Untitled deck",
        "steps": [{"id": "welcome", "kind": Slide.kind, "title": "Welcome"}],
    }


def copy_title(title: str, limit: int = 200) -> str:
    return f"Copy of {title}"[:limit]
