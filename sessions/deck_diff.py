"""What changed between two versions of a deck: steps added, removed and moved, and, within a
step or the deck's own fields, which texts changed and how, word by word. Both versions are
compared as the deck writer stores them (`deck_to_data`), so a change of layout in the YAML
alone is no change."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import yaml

from sessions.deck import Deck, deck_to_data

Status = Literal["added", "removed", "moved", "changed"]
ADDED: Final = "added"
REMOVED: Final = "removed"
MOVED: Final = "moved"
CHANGED: Final = "changed"
Piece = tuple[Literal["same", "removed", "added"], str]

DECK_FIELDS = ("title", "description", "min_responses", "safety")
_WORDS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    """One field's text before and after, and the words between them marked."""

    name: str
    before: str
    after: str
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class StepChange:
    status: Status
    step_id: str
    kind: str
    title: str
    before_number: int | None  # 1-based place in the older version, None when added
    after_number: int | None  # in the newer version, None when removed
    fields: tuple[FieldChange, ...] = ()  # for a changed (or moved and changed) step
    moved: bool = False


@dataclass(frozen=True)
class DeckDiff:
    deck_fields: tuple[FieldChange, ...]
    steps: tuple[StepChange, ...]

    def count(self, status: str) -> int:
        if status == MOVED:
            return sum(1 for s in self.steps if s.moved)
        return sum(1 for s in self.steps if s.status == status)

    @property
    def unchanged(self) -> bool:
        return not self.deck_fields and not self.steps

    def summary(self) -> str:
        """In words, for the top of the page: "1 step added, 2 removed, 0 moved, 1 changed"."""
        if self.unchanged:
            return "The two versions are the same."
        added = self.count(ADDED)
        words = (
            f"{added} {'step' if added == 1 else 'steps'} added, {self.count(REMOVED)} removed,"
            f" {self.count(MOVED)} moved, {self.count(CHANGED)} changed"
        )
        return words + (", and the deck's own details changed." if self.deck_fields else ".")


def diff_decks(before: Deck, after: Deck) -> DeckDiff:
    old, new = deck_to_data(before), deck_to_data(after)
    return DeckDiff(
        deck_fields=_field_changes(old, new, DECK_FIELDS),
        steps=_step_changes(old["steps"], new["steps"]),
    )


def _step_changes(old: Sequence[Mapping], new: Sequence[Mapping]) -> tuple[StepChange, ...]:
    old_at = {s["id"]: n for n, s in enumerate(old, start=1)}
    new_at = {s["id"]: n for n, s in enumerate(new, start=1)}
    old_by_id = {s["id"]: s for s in old}
    kept = [s["id"] for s in new if s["id"] in old_at]
    in_order = _longest_in_order(kept, old_at)
    changes: list[StepChange] = []
    for step in new:  # in the newer version's order, each removed step where it stood
        step_id = step["id"]
        if step_id not in old_at:
            changes.append(_change(ADDED, step, None, new_at[step_id]))
            continue
        fields = _field_changes(old_by_id[step_id], step, _names(old_by_id[step_id], step))
        moved = step_id not in in_order
        if fields or moved:
            status: Status = CHANGED if fields else MOVED
            changes.append(
                _change(status, step, old_at[step_id], new_at[step_id], fields, moved=moved)
            )
    for step in old:
        if step["id"] not in new_at:
            place = _place_of_removed(changes, old_at[step["id"]])
            changes.insert(place, _change(REMOVED, step, old_at[step["id"]], None))
    return tuple(changes)


def _change(status: Status, step: Mapping, before, after, fields=(), *, moved=False):
    return StepChange(
        status=status,
        step_id=step["id"],
        kind=step["kind"],
        title=step["title"],
        before_number=before,
        after_number=after,
        fields=tuple(fields),
        moved=moved,
    )


def _place_of_removed(changes: list[StepChange], old_number: int) -> int:
    """A removed step is listed after the changes to steps that stood before it."""
    for i, change in enumerate(changes):
        if change.before_number is not None and change.before_number > old_number:
            return i
    return len(changes)


def _longest_in_order(ids: list[str], old_at: Mapping[str, int]) -> set[str]:
    """The largest set of kept steps whose order did not change; the others moved. (The
    longest increasing run of their old places, found by patience sorting.)"""
    tails: list[int] = []  # index into ids of the smallest tail of each run length
    back: list[int | None] = [None] * len(ids)
    for i, step_id in enumerate(ids):
        place = old_at[step_id]
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if old_at[ids[tails[mid]]] < place:
                lo = mid + 1
            else:
                hi = mid
        back[i] = tails[lo - 1] if lo else None
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    kept: set[str] = set()
    at = tails[-1] if tails else None
    while at is not None:
        kept.add(ids[at])
        at = back[at]
    return kept


def _names(old: Mapping, new: Mapping) -> tuple[str, ...]:
    first = ("kind", "title", "body", "notes", "minutes", "optional", "locked")
    rest = sorted((set(old) | set(new)) - set(first) - {"id"})
    return (*first, *rest)


def _field_changes(old: Mapping, new: Mapping, names: Sequence[str]) -> tuple[FieldChange, ...]:
    changes = []
    for name in names:
        before, after = _text(old.get(name)), _text(new.get(name))
        if before != after:
            changes.append(FieldChange(name, before, after, word_pieces(before, after)))
    return tuple(changes)


def _text(value: Any) -> str:
    """A field as a person reads it: text as it is, anything else as the YAML it is saved as."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True).strip()


def word_pieces(before: str, after: str) -> tuple[Piece, ...]:
    """The two texts as runs of words kept, removed and added (spaces kept with the words)."""
    old, new = _WORDS.findall(before), _WORDS.findall(after)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("same", "".join(old[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("removed", "".join(old[a1:a2])))
        if b2 > b1:
            pieces.append(("added", "".join(new[b1:b2])))
    return tuple(pieces)
