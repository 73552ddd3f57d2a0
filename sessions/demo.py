"""Demo data for `run.py --demo`: a few finished sessions of the back-pain class over the last
months, with realistic answers, so that the review pages show something on first start.
Seeded once per database (a setting records it) and deterministic for a given seed and date.
Each is marked as demo, which keeps it out of trends and the FFT return."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sessions import groups
from sessions.deck import Step
from sessions.names import friendly_name
from sessions.store import Store

SETTING = "demo_seeded"
DECK_ID = "back-pain-1"

# How likely a person is to get each myth-or-fact right: scans and posture catch people out.
RIGHT = {
    "myth-scan": 0.6,
    "myth-bed-rest": 0.85,
    "myth-exercise": 0.5,
    "myth-common": 0.9,
    "myth-posture": 0.4,
    "myth-stress": 0.8,
    "myth-flare-up": 0.6,
    "myth-red-flags": 0.9,
}
FFT_WEIGHTS = {"very-good": 56, "good": 28, "neither": 7, "poor": 4, "very-poor": 1, "dont-know": 4}
COMMENTS = {
    "very-good": [
        "The physio explained pain in a way that finally made sense.",
        "Really helpful to hear I'm not the only one.",
        "I feel less scared about moving now.",
        "Good mix of talking and doing. The myth quiz was an eye-opener.",
    ],
    "good": [
        "Useful, though the room was a bit cold.",
        "Helpful session. Would have liked more time for questions.",
        "Good, the plan sheet is something I will actually use.",
    ],
    "neither": ["Some of it I knew already.", "OK but a lot to take in."],
    "poor": ["Hard to hear at the back of the room.", "Too rushed at the end."],
    "very-poor": ["Not what I expected, I wanted exercises."],
    "dont-know": [],
}
NOTES = [
    "Walking a little every day helped more than resting.",
    "We all got told different things about scans.",
    "Gardening in short bursts with breaks.",
    "Telling family when it's a bad day so they can help.",
    "Heat and a slow walk before bed.",
]
QUESTIONS = [
    "Is it safe to go back to the gym?",
    "How long do flare-ups usually last?",
    "Should I use a back support at work?",
    "Does swimming help?",
]
REMEMBER = [
    "Hurt doesn't always mean harm.",
    "Pace it: start small and build up.",
    "A flare-up is not new damage.",
    "Keep moving gently.",
]
GOALS = [
    "Walk to the shops",
    "Play with my grandchildren",
    "Get back to gardening",
    "Sit through a film",
    "Go swimming again",
]


def seed_demo(
    store: Store,
    facilitator_id: str,
    *,
    now: datetime,
    sessions: int = 4,
    people: int = 8,
    seed: int = 2025,
) -> int:
    """Add `sessions` finished sessions about four weeks apart, the last three weeks before
    `now`; how many were added (none when the database was seeded before)."""
    if store.setting(SETTING) or store.deck_row(DECK_ID) is None:
        return 0
    rng = random.Random(seed)
    for n in range(sessions):
        days_ago = 21 + 28 * (sessions - 1 - n) + rng.randint(0, 4)
        start = (now - timedelta(days=days_ago)).replace(hour=10, minute=0, second=0, microsecond=0)
        _seed_session(store, facilitator_id, rng, start, people + rng.randint(-1, 2))
    store.set_setting(SETTING, now.isoformat(timespec="seconds"))
    return sessions


def _seed_session(
    store: Store, facilitator_id: str, rng: random.Random, start: datetime, size: int
) -> None:
    row = store.create_session(DECK_ID, facilitator_id)
    session_id = row["id"]
    store.mark_demo(session_id)
    deck = store.deck_of(session_id)
    everyone = [store.add_participant(session_id, friendly_name(rng))[0]["id"] for _ in range(size)]
    leave_at = len(deck.steps) - rng.randint(3, 6)  # one or two slip out before the end
    leavers = set(rng.sample(everyone, rng.randint(0, 2)))
    before: dict[str, int] = {}
    for index, step in enumerate(deck.steps):
        present = [p for p in everyone if p not in leavers or index < leave_at]
        store.set_attendance(session_id, step.id, index, len(present))
        if step.kind == "discuss":
            _discuss(store, session_id, step, present, rng)
            continue
        if not step.takes_responses:
            continue
        for person in present:
            value = _answer(step, person, rng, before)
            if value is not None:
                _record(store, session_id, person, step, value, rng)
    for text in rng.sample(QUESTIONS, 2):
        asker = rng.choice(everyone)
        question_id, _ = store.add_question(session_id, asker, _id(rng), text)
        store.set_question(session_id, question_id, status="approved")
        for voter in rng.sample([p for p in everyone if p != asker], rng.randint(1, 3)):
            store.vote(session_id, question_id, voter)
    state = store.load_live(session_id)
    ended = replace(state, seq=state.seq + 1, step_index=len(deck.steps) - 1, ended=True)
    store.save_live(session_id, ended, expected_seq=state.seq)
    end = start + timedelta(minutes=75 + rng.randint(0, 20))
    store.backdate_session(
        session_id, start.isoformat(timespec="seconds"), end.isoformat(timespec="seconds")
    )


def _id(rng: random.Random) -> str:
    return f"demo-{rng.getrandbits(64):016x}"


def _record(
    store: Store, session_id: str, person: str, step: Step, value: Any, rng: random.Random
) -> None:
    store.record_response(
        session_id=session_id,
        participant_id=person,
        step_id=step.id,
        answer_id=_id(rng),
        value=step.activity.validate_response(step, value),
        check=lambda state: None,
    )


def _discuss(
    store: Store, session_id: str, step: Step, present: list[str], rng: random.Random
) -> None:
    made = groups.split(present, step.fields["group_size"], rng)
    store.save_groups(session_id, step.id, made)
    if step.takes_responses:
        for members, note in zip(made, rng.sample(NOTES, len(made)), strict=False):
            _record(store, session_id, members[0], step, note, rng)


def _answer(step: Step, person: str, rng: random.Random, before: dict[str, int]) -> Any:
    options = [o["id"] for o in step.fields.get("options", ())]
    if step.kind == "scale":
        low, high = step.fields["min"], step.fields["max"]
        if step.fields.get("measure") and person in before:
            return max(low, min(high, before[person] + rng.choice((-1, 0, 1, 1, 2, 2, 3))))
        middle = low + (high - low) * 0.45
        before[person] = max(low, min(high, round(rng.gauss(middle, (high - low) / 6))))
        return before[person]
    if step.kind == "quiz":
        correct = step.fields["correct"]
        if rng.random() < RIGHT.get(step.id, 0.7):
            return correct[0] if len(correct) == 1 else list(correct)
        return rng.choice([o for o in options if o not in correct])
    if step.kind == "poll":
        if step.fields["multiple"]:
            return rng.sample(options[:-1], rng.randint(1, 3))
        return rng.choices(options, weights=range(len(options), 0, -1))[0]
    if step.kind == "feedback":
        fft = rng.choices(list(FFT_WEIGHTS), weights=list(FFT_WEIGHTS.values()))[0]
        why = rng.choice(COMMENTS[fft]) if COMMENTS[fft] and rng.random() < 0.5 else ""
        return {"fft": fft, "why": why}
    if step.kind == "reflect":
        first = step.fields["prompts"][0]["id"]
        return {first: rng.choice(REMEMBER)} if rng.random() < 0.6 else None
    if step.kind == "plan":
        if rng.random() < 0.25:
            return None
        return {
            "goal": rng.choice(GOALS),
            "goal_rating": rng.randint(2, 6),
            "confidence": rng.randint(5, 9),
            "done": rng.random() < 0.6,
            "share": rng.random() < 0.3,
        }
    return None
