"""Reading a step's deck fields: ids, labels, pictures, option and item lists, numbers and
switches, each refused with a DeckError that says where and what is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from sessions.fields import DeckError, text_field

ITEM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
MAX_LABEL = 120
IMAGE_SRC = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.(png|jpe?g|webp)")
MAX_ALT = 300

MIN_OPTIONS = 2


def parse_image(image: Any, where: str) -> dict[str, str]:
    """A picture from the deck's files, {src, alt}, as a slide or an option shows it. The
    description is required: without it a screen reader user cannot tell what is shown."""
    if not isinstance(image, dict) or set(image) - {"src", "alt"}:
        raise DeckError(where, "needs src and alt, and nothing else")
    src = text_field(image, "src", f"{where}.src", required=True, limit=200)
    if not IMAGE_SRC.fullmatch(src):
        raise DeckError(f"{where}.src", "must be a PNG, JPEG or WebP file name from the deck")
    alt = text_field(image, "alt", f"{where}.alt", required=True, limit=MAX_ALT)
    return {"src": src, "alt": alt}


def parse_options(
    raw: Mapping[str, Any], where: str, *, noun: str, maximum: int
) -> list[dict[str, Any]]:
    """A step's options: 2 to `maximum` of {id, label}, each with a picture if the deck gives
    one (polls, quizzes, rankings, points)."""

    def count_problem(options: Any) -> str:
        if isinstance(options, list) and len(options) > maximum:
            return f"{noun} can have at most {maximum} options"
        return f"{noun} needs at least two options"

    return parse_items(
        raw,
        "options",
        where,
        text_key="label",
        minimum=MIN_OPTIONS,
        maximum=maximum,
        entry="option",
        count_problem=count_problem,
        pictures=True,
    )


def parse_items(
    raw: Mapping[str, Any],
    key: str,
    where: str,
    *,
    text_key: str,
    minimum: int,
    maximum: int,
    limit: int = MAX_LABEL,
    entry: str = "entry",
    count_problem: Callable[[Any], str] | None = None,
    pictures: bool = False,
) -> list[dict[str, Any]]:
    """A list of {id, <text_key>} items (options, cards, prompts) with unique ids: the one
    parser of such lists. `entry` names an item in the messages; `count_problem(items)` words
    the message for a list too short or too long, where the default will not do; with
    `pictures`, an item may also have an `image`."""
    items = raw.get(key)
    if not isinstance(items, list) or not minimum <= len(items) <= maximum:
        problem = count_problem(items) if count_problem else f"needs {minimum} to {maximum} entries"
        raise DeckError(f"{where}.{key}", problem)
    allowed = {"id", text_key, "image"} if pictures else {"id", text_key}
    shape = f"each {entry} needs an id and a {text_key}"
    shape += ", may have an image, and nothing else" if pictures else ", and nothing else"
    parsed: list[dict[str, Any]] = []
    seen = set()
    for i, item in enumerate(items):
        here = f"{where}.{key}[{i}]"
        if not isinstance(item, dict) or set(item) - allowed:
            raise DeckError(here, shape)
        item_id = item.get("id")
        if not isinstance(item_id, str) or not ITEM_ID.fullmatch(item_id):
            raise DeckError(
                f"{here}.id", "needs a short id of lowercase letters, digits and hyphens"
            )
        if item_id in seen:
            raise DeckError(f"{here}.id", f"'{item_id}' is used by an earlier {entry}")
        seen.add(item_id)
        text = text_field(item, text_key, f"{here}.{text_key}", required=True, limit=limit)
        parsed.append({"id": item_id, text_key: text})
        if item.get("image") is not None:
            parsed[-1]["image"] = parse_image(item["image"], f"{here}.image")
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
