"""What every step kind shares: the Activity surface, the shapes it works on, and helpers for
checking deck fields and answers."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from sessions.fields import DeckError, text_field

if TYPE_CHECKING:
    from sessions.deck import Step

FACILITATOR = "facilitator"
SCREEN = "screen"
PARTICIPANT = "participant"
AUDIENCES = (FACILITATOR, SCREEN, PARTICIPANT)

ITEM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
MAX_LABEL = 120


class InvalidResponse(ValueError):
    """A response that does not fit its step; the message is shown to the participant."""


@dataclass(frozen=True)
class Response:
    """One participant's stored answer to a step, as the results are made from it. `name` and
    `group` are for the few views that may show them (a shared plan, a group's report-back)."""

    value: Any
    answer_id: str = ""
    name: str = ""
    group: int | None = None


@dataclass(frozen=True)
class Moderation:
    """The facilitator's decisions on a step's items (answer ids or normalised words)."""

    approved: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()


NO_MODERATION = Moderation()


class Activity:
    """The behaviour shared by every step kind; subclasses override what differs."""

    kind: ClassVar[str]
    takes_responses: ClassVar[bool] = False
    fields: ClassVar[frozenset[str]] = frozenset()
    room_sees_results: ClassVar[bool] = True
    """False for private kinds (reflection, discussion, plan): only the facilitator gets any
    results."""
    uses_threshold: ClassVar[bool] = True
    """False where the facilitator approves each item shown (open answers)."""
    moderated: ClassVar[bool] = False
    """True where the facilitator may approve, hide or star the answers."""
    has_groups: ClassVar[bool] = False
    """True where the room splits into discussion groups."""
    is_activity: ClassVar[bool] = True
    """False for a slide: there is nothing to do but read it."""

    @property
    def private(self) -> bool:
        """The room never sees any result of this kind, one person's or everyone's together."""
        return not self.room_sees_results

    def flags(self, step: Step) -> dict[str, bool]:
        """What the browser needs to know about the step's kind without knowing its name."""
        return {
            "is_activity": self.is_activity,
            "takes_answers": self.accepts_responses(step),
            "room_sees_results": self.room_sees_results,
            "private": self.private,
        }

    shows_safety_reminder: ClassVar[bool] = False
    """True where the step shows the deck's safety reminder (its view gets `safety`)."""

    def parse_fields(self, raw: Mapping[str, Any], where: str) -> dict[str, Any]:
        """The kind's own deck fields, checked; raises DeckError naming the field."""
        return {}

    def accepts_responses(self, step: Step) -> bool:
        return self.takes_responses

    def validate_response(self, step: Step, value: Any) -> Any:
        """The response in its stored form, or InvalidResponse."""
        raise InvalidResponse("This step takes no answers.")

    def aggregate(self, step: Step, values: Iterable[Any]) -> dict[str, Any]:
        return {}

    def results(
        self, step: Step, responses: Sequence[Response], moderation: Moderation = NO_MODERATION
    ) -> dict[str, Any]:
        """The facilitator's results; kinds that need more than the values override this."""
        return self.aggregate(step, [r.value for r in responses])

    def room_results(self, step: Step, results: Mapping[str, Any]) -> dict[str, Any]:
        """What of the facilitator's results the room (screen and phones) may see."""
        return dict(results)

    def result_size(self, results: Mapping[str, Any]) -> int:
        """How many people the results are made of, for the privacy threshold."""
        return int(results.get("total", 0))

    def free_text(self, step: Step, value: Any) -> list[str]:
        """The free text in a stored response, to look for red flags."""
        return []

    def view_for(self, step: Step, audience: str, *, revealed: bool) -> dict[str, Any]:
        """The kind's own part of a step's view for one audience."""
        return {}


def clean_text(value: Any, *, limit: int, what: str = "Your answer") -> str:
    """Free text as typed, trimmed, without control characters (new lines kept), within a limit."""
    if not isinstance(value, str):
        raise InvalidResponse(f"{what} must be text.")
    text = "".join(ch for ch in value if ch.isprintable() or ch == "\n").strip()
    if len(text) > limit:
        raise InvalidResponse(f"{what} is too long: please keep it to {limit} characters.")
    return text


def parse_items(
    raw: Mapping[str, Any],
    key: str,
    where: str,
    *,
    text_key: str,
    minimum: int,
    maximum: int,
    limit: int = MAX_LABEL,
) -> list[dict[str, str]]:
    """A list of {id, <text_key>} items (options, cards, prompts) with unique ids."""
    items = raw.get(key)
    if not isinstance(items, list) or not minimum <= len(items) <= maximum:
        raise DeckError(f"{where}.{key}", f"needs {minimum} to {maximum} entries")
    parsed, seen = [], set()
    for i, item in enumerate(items):
        here = f"{where}.{key}[{i}]"
        if not isinstance(item, dict) or set(item) - {"id", text_key}:
            raise DeckError(here, f"each entry needs an id and a {text_key}, and nothing else")
        item_id = item.get("id")
        if not isinstance(item_id, str) or not ITEM_ID.fullmatch(item_id):
            raise DeckError(
                f"{here}.id", "needs a short id of lowercase letters, digits and hyphens"
            )
        if item_id in seen:
            raise DeckError(f"{here}.id", f"'{item_id}' is used by an earlier entry")
        seen.add(item_id)
        text = text_field(item, text_key, f"{here}.{text_key}", required=True, limit=limit)
        parsed.append({"id": item_id, text_key: text})
    return parsed


def whole_number_field(
    raw: Mapping[str, Any], key: str, where: str, *, default: int, low: int, high: int
) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DeckError(f"{where}.{key}", f"must be a whole number from {low} to {high}")
    return value


def bool_field(raw: Mapping[str, Any], key: str, where: str, *, default: bool = False) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise DeckError(f"{where}.{key}", "must be true or false")
    return value
