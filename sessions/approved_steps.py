"""The service's approved steps: the steps decks reuse (the locked safety slide, the FFT step,
the confidence before/after pair, the group agreement), kept in one library with a version for
each change. A deck holds a copy of each one it uses, marked `library: {id, version}`; the
copy's wording stays the approved wording until it is updated or detached. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sessions import authoring
from sessions.deck import MAX_TEXT, MAX_TITLE, STEP_ID, DeckError, deck_from_data, deck_to_data

MAX_BLOCK = 4
"""An approved step is one step, or a few that go together (a before and an after)."""
FREE_FIELDS = ("id", "notes", "minutes", "optional", "library")
"""What a deck may change in its copy of an approved step: its id (to fit among the deck's
own), the presenter's notes and the timing (minutes, and whether it may be left out).
Everything people see is the approved wording."""
ENTRY_FIELDS = frozenset({"title", "description", "steps"})


@dataclass(frozen=True)
class ApprovedStep:
    id: str
    version: int
    title: str
    description: str
    steps: tuple[Mapping[str, Any], ...]  # each as a deck file writes it, without a marker


Lookup = Callable[[str, int], ApprovedStep | None]


# Checking an approved step ---------------------------------------------------------------------


def entry_problems(entry_id: Any, data: Any) -> list[DeckError]:
    """Every mistake in an approved step as someone wrote it: its id, its name, and its steps,
    checked by the deck loader as a deck of their own."""
    found = []
    if not isinstance(entry_id, str) or not STEP_ID.fullmatch(entry_id):
        found.append(
            DeckError(
                "id", "needs a short id of lowercase letters, digits and hyphens (at most 40)"
            )
        )
    if not isinstance(data, dict):
        return found + [DeckError("entry", "needs a title and a list of steps")]
    found += [
        DeckError(str(key), "is not a field an approved step can have")
        for key in sorted(str(k) for k in data if k not in ENTRY_FIELDS)
    ]
    title = data.get("title")
    if not isinstance(title, str) or not title.strip() or len(title.strip()) > MAX_TITLE:
        found.append(DeckError("title", f"needs a name of 1 to {MAX_TITLE} characters"))
    description = data.get("description", "")
    if not isinstance(description, str) or len(description) > MAX_TEXT:
        found.append(DeckError("description", f"must be text of at most {MAX_TEXT} characters"))
    steps = data.get("steps")
    if not isinstance(steps, list) or not 1 <= len(steps) <= MAX_BLOCK:
        return found + [DeckError("steps", f"needs 1 to {MAX_BLOCK} steps")]
    for i, raw in enumerate(steps):
        if isinstance(raw, dict) and "library" in raw:
            found.append(DeckError(f"steps[{i}].library", "an approved step cannot be a reference"))
    found += authoring.problems({"title": "x", "steps": steps})
    return found


def make_entry(entry_id: str, version: int, data: Mapping[str, Any]) -> ApprovedStep:
    """The approved step, its steps written as a deck file writes them; raises the first of
    entry_problems()."""
    found = entry_problems(entry_id, data)
    if found:
        raise found[0]
    deck = deck_from_data({"title": "x", "steps": data["steps"]})
    return ApprovedStep(
        id=entry_id,
        version=version,
        title=data["title"].strip(),
        description=str(data.get("description", "")).strip(),
        steps=tuple(deck_to_data(deck)["steps"]),
    )


def changed_shape(old: ApprovedStep, data: Mapping[str, Any]) -> DeckError | None:
    """A new version keeps the number and kinds of its steps, so each deck's copy can follow."""
    new = data["steps"]
    if [s.get("kind") for s in new] != [s["kind"] for s in old.steps]:
        kinds = ", ".join(s["kind"] for s in old.steps)
        return DeckError("steps", f"a new version keeps the same steps, of the same kinds: {kinds}")
    return None


# A deck's references ---------------------------------------------------------------------------


def marked(raw_steps: Any) -> dict[str, list[int]]:
    """Which steps of a deck's data are copies of which approved step, in deck order."""
    found: dict[str, list[int]] = {}
    for i, raw in enumerate(raw_steps if isinstance(raw_steps, list) else []):
        marker = raw.get("library") if isinstance(raw, dict) else None
        if isinstance(marker, dict) and isinstance(marker.get("id"), str):
            found.setdefault(marker["id"], []).append(i)
    return found


def references(raw_steps: Any) -> dict[str, int]:
    """Each approved step a deck uses, with the version its copy is of."""
    return {
        entry: version
        for entry, indexes in marked(raw_steps).items()
        if isinstance(version := raw_steps[indexes[0]]["library"].get("version"), int)
    }


def reference_problems(raw_steps: Any, lookup: Lookup) -> list[DeckError]:
    """A deck's copy of an approved step keeps every one of its steps, in order, with the
    approved wording; only FREE_FIELDS may differ. Markers the loader refuses are its to name."""
    found = []
    for entry_id, indexes in marked(raw_steps).items():
        first = f"steps[{indexes[0]}].library"
        versions = {raw_steps[i]["library"].get("version") for i in indexes}
        if len(versions) != 1 or not all(isinstance(v, int) for v in versions):
            found.append(DeckError(first, f"the copies of '{entry_id}' name different versions"))
            continue
        version = versions.pop()
        entry = lookup(entry_id, version)
        if entry is None:
            found.append(DeckError(first, f"the library has no version {version} of '{entry_id}'"))
            continue
        if len(entry.steps) == 1 and len(indexes) > 1:
            again = f"steps[{indexes[1]}].library"
            found.append(
                DeckError(again, f"“{entry.title}” is already in this deck: detach this copy")
            )
            continue
        if len(indexes) != len(entry.steps):
            found.append(
                DeckError(
                    first,
                    f"“{entry.title}” is {len(entry.steps)} steps that go together: keep them"
                    " all, or detach them from the library",
                )
            )
            continue
        for i, approved in zip(indexes, entry.steps, strict=True):
            key = first_change(raw_steps[i], approved)
            if key is not None:
                found.append(
                    DeckError(
                        f"steps[{i}].{key}",
                        f"this is the approved step “{entry.title}”: its wording cannot change"
                        " here. Detach it from the library to change it",
                    )
                )
    return found


def first_change(raw: Mapping[str, Any], approved: Mapping[str, Any]) -> str | None:
    """The first field, other than FREE_FIELDS, in which a copy differs from the approved step."""
    keys = [k for k in (*approved, *raw) if k not in FREE_FIELDS]
    for key in dict.fromkeys(keys):
        if _normal(raw.get(key)) != _normal(approved.get(key)):
            return key
    return None


def _normal(value: Any) -> Any:
    """A field as the deck file keeps it: trimmed, and an empty or false field left out."""
    if isinstance(value, str):
        value = value.strip()
    return None if value in (False, "", [], {}) or value is None else value


def outdated(raw_steps: Any, latest: Mapping[str, int]) -> dict[str, int]:
    """The approved steps of which a deck holds an older version than the library's."""
    return {
        entry: version
        for entry, version in references(raw_steps).items()
        if entry in latest and version < latest[entry]
    }


# Putting approved steps into a deck ------------------------------------------------------------


def copy_of(entry: ApprovedStep, taken: Iterable[str]) -> list[dict[str, Any]]:
    """The deck's copy of an approved step: marked, with ids that no other step of it has."""
    used = set(taken)
    copies = []
    for step in entry.steps:
        step_id = _fresh(step["id"], used)
        used.add(step_id)
        copies.append(
            {**step, "id": step_id, "library": {"id": entry.id, "version": entry.version}}
        )
    return copies


def updated(raw_steps: Sequence[Any], entry: ApprovedStep) -> list[Any]:
    """The deck's steps with its copy of `entry` brought to that version: each copy takes the
    approved wording and keeps its own id, notes and timing."""
    indexes = marked(list(raw_steps)).get(entry.id, [])
    if len(indexes) != len(entry.steps):
        raise DeckError("steps", f"this deck does not hold a whole copy of “{entry.title}”")
    steps = list(raw_steps)
    for i, approved in zip(indexes, entry.steps, strict=True):
        own = {k: steps[i][k] for k in ("id", "notes", "minutes", "optional") if k in steps[i]}
        steps[i] = {**approved, **own, "library": {"id": entry.id, "version": entry.version}}
    return steps


def _fresh(step_id: str, used: set[str]) -> str:
    if step_id not in used:
        return step_id
    n = 2
    while f"{step_id[:36]}-{n}" in used:
        n += 1
    return f"{step_id[:36]}-{n}"
