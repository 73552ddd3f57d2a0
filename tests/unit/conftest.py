"""Fixtures for the unit suite: the bundled deck, a small deck with every kind of step, and a
store on a real SQLite file in tmp_path. No Flask here."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions.deck import Deck, parse_deck
from sessions.passwords import hash_password
from sessions.store import Store

DECKS = Path(__file__).resolve().parents[2] / "sessions" / "decks"
BACK_PAIN = DECKS / "back-pain-1.yaml"

# Every kind of step, a locked safety slide at index 1, and the last step a slide.
# Indexes: 0 welcome, 1 safety, 2 colour, 3 foods, 4 myth, 5 pick-two, 6 confidence,
# 7 change, 8 thanks.
SMALL_DECK = """\
title: Small class
min_responses: 3
steps:
  - id: welcome
    kind: slide
    title: Welcome
    body: Hello **everyone**.
    notes: Say hello.
    minutes: 2
    image: {src: welcome.png, alt: People sitting in a circle}
  - id: safety
    kind: slide
    title: When to get help
    locked: true
    notes: Cannot be removed.
  - id: colour
    kind: poll
    title: Favourite colour?
    notes: Warm-up.
    options:
      - {id: red, label: Red}
      - {id: green, label: Green}
      - {id: blue, label: Blue}
  - id: foods
    kind: poll
    title: Which foods do you like?
    multiple: true
    options:
      - {id: apple, label: Apple}
      - {id: bread, label: Bread}
      - {id: cheese, label: Cheese}
  - id: myth
    kind: quiz
    title: Bed rest is best.
    body: Myth or fact?
    notes: Ask before revealing.
    options:
      - {id: myth, label: Myth}
      - {id: fact, label: Fact}
    correct: myth
    explanation: Staying active helps.
  - id: pick-two
    kind: quiz
    title: Which two help?
    options:
      - {id: a, label: Walking}
      - {id: b, label: Heat}
      - {id: c, label: Bed rest}
      - {id: d, label: Pacing}
    correct: [d, b]
    explanation: Walking helps too, but the question asked for two.
  - id: confidence
    kind: scale
    title: How confident are you?
    min_label: Not at all
    max_label: Completely
  - id: change
    kind: scale
    title: How has your pain changed?
    min: -5
    max: 5
  - id: thanks
    kind: slide
    title: Thank you
    takeaway: true
"""


@pytest.fixture(scope="session")
def back_pain_text() -> str:
    return BACK_PAIN.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def back_pain(back_pain_text) -> Deck:
    return parse_deck(back_pain_text, source=BACK_PAIN.name)


@pytest.fixture(scope="session")
def small() -> Deck:
    return parse_deck(SMALL_DECK, source="small.yaml")


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "talkback.db"


@pytest.fixture
def store(db_path):
    """A Store on a real file, with a fixed clock. Overrides the app-backed `store` fixture of
    tests/conftest.py, so that no Flask app is built."""
    store = Store(str(db_path), clock=lambda: "2025-03-01T10:00:00+00:00")
    yield store
    store.close()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password("correct horse battery")


@pytest.fixture
def facilitator_id(store, password_hash) -> str:
    return store.create_user("physio", password_hash)


@pytest.fixture
def small_deck_id(store) -> str:
    store.save_deck("small", SMALL_DECK)
    return "small"


@pytest.fixture
def live_session(store, small_deck_id, facilitator_id) -> dict:
    return store.create_session(small_deck_id, facilitator_id)
