"""Fixtures for the unit suite: the bundled deck, a small deck with every kind of step, and a
store on a real database (a SQLite file in tmp_path, or the module's PostgreSQL database with
`--engine postgresql`). No Flask here."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sessions.deck import Deck, parse_deck
from sessions.passwords import hash_password
from sessions.store import Store
from tests.unit.room_store_calls import NAMES

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
def store(database_setting):
    """A Store on a real database, with a fixed clock. Overrides the app-backed `store` fixture
    of tests/conftest.py, so that no Flask app is built."""
    store = Store(database_setting, clock=lambda: "2025-03-01T10:00:00+00:00")
    yield store
    store.close()


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password("correct horse battery")


@pytest.fixture
def facilitator_id(store, password_hash) -> str:
    return store.accounts.create_user("physio", password_hash)


@pytest.fixture
def small_deck_id(store) -> str:
    store.decks.save("small", SMALL_DECK)
    return "small"


@pytest.fixture
def live_session(store, small_deck_id, facilitator_id) -> dict:
    return store.sessions.create(small_deck_id, facilitator_id)


# A deck with one step of each kind that came with the clinic's activities, and a before/after
# measure. Indexes: 0 words, 1 ideas, 2 notebook, 3 talk, 4 quiet-talk, 5 my-plan, 6 feedback,
# 7 before, 8 after, 9 long-talk, 10 bye.
ROOM_DECK = """\
title: Room activities
min_responses: 3
steps:
  - id: words
    kind: wordcloud
    title: One word for your back?
    max_words: 3
    max_length: 20
  - id: ideas
    kind: open
    title: What helps?
    max_length: 50
  - id: notebook
    kind: reflect
    title: Looking back
    prompts:
      - {id: remember, label: One thing to remember}
      - {id: ask, label: One question for next time}
    question_prompt: ask
  - id: talk
    kind: discuss
    title: Talk in threes
    minutes: 10
    group_size: 3
    cards_per_group: 2
    report_back: true
    cards:
      - {id: stopped, text: "What have you stopped doing?"}
      - {id: better, text: "Tell us about a better day."}
      - {id: advice, text: "What advice confused you?"}
  - id: quiet-talk
    kind: discuss
    title: Talk in pairs
    group_size: 2
    cards:
      - {id: friend, text: "What would you tell a friend?"}
  - id: my-plan
    kind: plan
    title: My plan
    minutes: 8
    contact: Ring the physio team.
  - id: feedback
    kind: feedback
    title: Your feedback
    extra:
      - {id: helpful, title: "How helpful was today?", min_label: Not at all, max_label: Very}
      - {id: pace, title: "Was the pace right?"}
  - id: before
    kind: scale
    title: How confident, before?
    measure: confidence
  - id: after
    kind: scale
    title: How confident, after?
    measure: confidence
  - id: long-talk
    kind: discuss
    title: A long talk
    minutes: 90
    cards:
      - {id: long, text: "Take your time."}
  - id: bye
    kind: slide
    title: Bye
"""


@pytest.fixture(scope="session")
def room_deck_text() -> str:
    return ROOM_DECK


@pytest.fixture(scope="session")
def room_deck(room_deck_text) -> Deck:
    return parse_deck(room_deck_text, source="room.yaml")


@pytest.fixture
def room_session(store, facilitator_id, room_deck_text) -> dict:
    """A live session of the room deck, in the store."""
    store.decks.save("room", room_deck_text)
    return store.sessions.create("room", facilitator_id)


@pytest.fixture
def sid(room_session) -> str:
    return room_session["id"]


@pytest.fixture
def people(store, sid) -> dict[str, str]:
    """Four participants of the room session, by name (joined in the order of NAMES)."""
    return {name: store.participants.add(sid, name)[0]["id"] for name in NAMES}


@pytest.fixture
def other_sid(store, room_session, facilitator_id) -> str:
    """A second live session of the same deck."""
    return store.sessions.create("room", facilitator_id)["id"]


@pytest.fixture
def clocked(database_setting, password_hash, room_deck_text):
    """A store whose clock moves on a second each time it is read, with a room session and
    four participants: for what is ordered by time."""
    ticks = itertools.count()
    start = datetime(2025, 3, 1, 10, 0, tzinfo=UTC)
    store = Store(
        database_setting,
        clock=lambda: (start + timedelta(seconds=next(ticks))).isoformat(timespec="seconds"),
    )
    user = store.accounts.create_user("physio", password_hash)
    store.decks.save("room", room_deck_text)
    session_id = store.sessions.create("room", user)["id"]
    ids = {name: store.participants.add(session_id, name)[0]["id"] for name in NAMES}
    yield store, session_id, ids
    store.close()
