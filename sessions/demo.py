"""Demo data for `run.py --demo`: a few finished sessions of each bundled back-pain class over
the last months, with realistic answers (second votes too, where a question is asked again),
so that the review pages show something on first start.
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
# The back pain group's bundled classes, session 1 then its follow-up, which the demo runs
# about a week after each session 1 so that every kind has results to look at.
BUNDLED = (DECK_ID, "back-pain-2")
FOLLOW_UP_DAYS = 7

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
    return seed_demo_classes(
        store,
        facilitator_id,
        now=now,
        sessions=sessions,
        people=people,
        seed=seed,
        decks=(deck_id,),
    )


def seed_demo_classes(
    store: Store,
    facilitator_id: str,
    *,
    now: datetime,
    sessions: int = 4,
    people: int = 8,
    seed: int = 2025,
    decks: tuple[str, ...] = BUNDLED,
) -> int:
    """`seed_demo` for each of `decks` that is installed (the bundled classes unless told): the
    first as `seed_demo` makes it, each later one about a week after the one before, with a
    generator of its own so the first deck's answers stay what the same seed has always made.
    How many sessions were added in all (none when the database was seeded before)."""
    if store.settings.get(SETTING):
        return 0
    added = 0
    for position, deck_id in enumerate(decks):
        if store.decks.get(deck_id) is None:
            continue
        rng = random.Random(seed if position == 0 else f"{seed} {deck_id}")
        for n in range(sessions):
            days_ago = 21 + 28 * (sessions - 1 - n) + rng.randint(0, 4)
            days_ago -= FOLLOW_UP_DAYS * position
            start = (now - timedelta(days=days_ago)).replace(
                hour=10, minute=0, second=0, microsecond=0
            )
            _seed_session(store, facilitator_id, deck_id, rng, start, people + rng.randint(-1, 2))
            added += 1
    if added:
        store.settings.set(SETTING, now.isoformat(timespec="seconds"))
    return added


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
        if step.activity.votes_again(step):
            _vote_again(store, session_id, step, present, rng)
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


def _vote_again(
    store: Store, session_id: str, step: Step, present: list[str], rng: random.Random
) -> None:
    """The room talks it over in groups, then votes again, as the console's "Vote again" does:
    the second vote is opened on the live state, so the store keeps it apart from the first."""
    store.room.save_groups(
        session_id, step.id, groups.split(present, step.activity.group_size(step), rng)
    )
    state = store.sessions.load_live(session_id)
    opened = replace(state, seq=state.seq + 1, voted_again=state.voted_again | {step.id})
    store.sessions.save_live(session_id, opened, expected_seq=state.seq)
    first = store.responses.values_by_participant(session_id, step.id)
    for person, value in step.activity.demo_second_votes(step, first, rng):
        _record(store, session_id, person, step, value, rng)


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
