"""Demo data for `run.py --demo`: a few finished sessions of the back-pain class over the last
months, with realistic answers, so that the review pages show something on first start.
Seeded once per database (a setting records it) and deterministic for a given seed and date.
Each is marked as demo, which keeps it out of trends and the FFT return."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sessions import groups, reactions
from sessions.deck import Deck, Step
from sessions.names import friendly_name
from sessions.store import Store

SETTING = "demo_seeded"
DECK_ID = "back-pain-1"

QUESTIONS = [
    "Is it safe to go back to the gym?",
    "How long do flare-ups usually last?",
    "Should I use a back support at work?",
    "Does swimming help?",
]


def seed_demo(
    store: Store,
    facilitator_id: str,
    *,
    now: datetime,
    sessions: int = 4,
    people: int = 8,
    seed: int = 2025,
    deck_id: str = DECK_ID,
) -> int:
    """Add `sessions` finished sessions of a deck (the bundled back-pain class unless told)
    about four weeks apart, the last three weeks before `now`; how many were added (none when
    the database was seeded before)."""
    if store.settings.get(SETTING) or store.decks.get(deck_id) is None:
        return 0
    rng = random.Random(seed)
    for n in range(sessions):
        days_ago = 21 + 28 * (sessions - 1 - n) + rng.randint(0, 4)
        start = (now - timedelta(days=days_ago)).replace(hour=10, minute=0, second=0, microsecond=0)
        _seed_session(store, facilitator_id, deck_id, rng, start, people + rng.randint(-1, 2))
    store.settings.set(SETTING, now.isoformat(timespec="seconds"))
    return sessions


def _seed_session(
    store: Store,
    facilitator_id: str,
    deck_id: str,
    rng: random.Random,
    start: datetime,
    size: int,
) -> None:
    row = store.sessions.create(deck_id, facilitator_id)
    session_id = row["id"]
    store.demo.mark(session_id)
    deck = store.sessions.deck_of(session_id)
    everyone = [
        store.participants.add(session_id, friendly_name(rng))[0]["id"] for _ in range(size)
    ]
    leave_at = len(deck.steps) - rng.randint(3, 6)  # one or two slip out before the end
    leavers = set(rng.sample(everyone, rng.randint(0, 2)))
    memory: dict[str, Any] = {}  # what people answered before, for the kinds that look back
    for index, step in enumerate(deck.steps):
        present = [p for p in everyone if p not in leavers or index < leave_at]
        store.review.set_attendance(session_id, step.id, index, len(present))
        answering = present
        if step.activity.makes_groups:
            made = groups.split(present, step.activity.group_size(step), rng)
            store.room.save_groups(session_id, step.id, made)
            answering = [members[0] for members in made]  # one answer for each group
        if not step.takes_responses:
            continue
        for person, value in step.activity.demo_answers(step, answering, rng, memory):
            _record(store, session_id, person, step, value, rng)
    for text in rng.sample(QUESTIONS, 2):
        asker = rng.choice(everyone)
        question_id, _ = store.room.add_question(session_id, asker, _id(rng), text)
        store.room.set_question(session_id, question_id, status="approved")
        for voter in rng.sample([p for p in everyone if p != asker], rng.randint(1, 3)):
            store.room.vote(session_id, question_id, voter)
    _react(store, session_id, deck, random.Random(f"{start.isoformat()} {size}"), size)
    state = store.sessions.load_live(session_id)
    ended = replace(state, seq=state.seq + 1, step_index=len(deck.steps) - 1, ended=True)
    store.sessions.save_live(session_id, ended, expected_seq=state.seq)
    end = start + timedelta(minutes=75 + rng.randint(0, 20))
    store.review.backdate(
        session_id, start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")
    )
    _time_steps(store, session_id, deck, random.Random(f"{start.isoformat()} steps"), start)


def _time_steps(
    store: Store, session_id: str, deck: Deck, rng: random.Random, start: datetime
) -> None:
    """The room's time on each step, near its plan, discussions most often over it; from a
    generator of its own, as reactions are, so the answers stay what the seed made."""
    at = start + timedelta(minutes=rng.randint(3, 8))  # the lobby, while people join
    visits = []
    for step in deck.steps:
        longest = 1.6 if step.activity.makes_groups else 1.3
        spent = timedelta(minutes=(step.minutes or 1) * rng.uniform(0.8, longest))
        visits.append((step.id, _stamp(at), _stamp(at + spent)))
        at += spent
    store.timings.keep(session_id, visits)


def _stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat(timespec="seconds")


def _react(store: Store, session_id: str, deck: Deck, rng: random.Random, size: int) -> None:
    """A few live reactions on some steps, drawn from a generator of their own (made from the
    session's date) so that the answers above stay what the same seed has always made."""
    for step in rng.sample(deck.steps, min(4, len(deck.steps))):
        for _ in range(rng.randint(1, size)):
            store.reactions.add(session_id, step.id, rng.choice(reactions.REACTIONS).id)


def _id(rng: random.Random) -> str:
    return f"demo-{rng.getrandbits(64):016x}"


def _record(
    store: Store, session_id: str, person: str, step: Step, value: Any, rng: random.Random
) -> None:
    store.responses.record(
        session_id=session_id,
        participant_id=person,
        step_id=step.id,
        answer_id=_id(rng),
        value=step.activity.validate_response(step, value),
        check=lambda state: None,
    )
