"""Group commit: answers that arrive together are stored by one commit, each caller returns
only after it, a refused answer fails alone, and a failed commit acknowledges nobody."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from sessions.live import GoToStep, LiveState, decide
from sessions.store import Conflict, StoreError
from sessions.store.group_commit import GroupCommit
from sessions.store.responses import Responses


@pytest.fixture
def poll(store, live_session):
    """The small deck's colour poll (index 2), open, with four participants."""
    session_id = live_session["id"]
    state = decide(LiveState(), store.sessions.deck_of(session_id), GoToStep(2, force=True)).state
    assert store.sessions.save_live(session_id, state, expected_seq=0)
    people = [store.participants.add(session_id, f"Person {n}")[0]["id"] for n in range(4)]
    return {"session_id": session_id, "people": people, "seen": state}


def answers(store, *, wait_ms: float, max_batch: int) -> Responses:
    return Responses(
        store.database, GroupCommit(store.database, wait_ms=wait_ms, max_batch=max_batch)
    )


def answer(responses: Responses, poll, person: int, value="red", answer_id="a1"):
    return responses.record_answer(
        session_id=poll["session_id"],
        participant_id=poll["people"][person],
        step_id="colour",
        answer_id=answer_id,
        value=value,
        seen=poll["seen"],
    )


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Each call on its own thread, all at once; what each returned or raised."""
    outcomes: list[Any] = [None] * len(calls)

    def run(n: int) -> None:
        try:
            outcomes[n] = calls[n]()
        except Exception as exc:
            outcomes[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return outcomes


def stored(store) -> list[tuple[str, str]]:
    return [
        (row["participant_id"], row["value"])
        for row in store.database.rows(
            "SELECT participant_id, value FROM responses ORDER BY participant_id"
        )
    ]


@pytest.mark.sqlite_only  # counts the COMMITs SQLite traces
def test_answers_arriving_together_are_stored_by_one_commit(store, poll, commits):
    # A long wait, so the batch is closed by being full (two), not by the clock.
    responses = answers(store, wait_ms=5000, max_batch=2)
    started = time.monotonic()
    first, second = together(lambda: answer(responses, poll, 0), lambda: answer(responses, poll, 1))
    assert time.monotonic() - started < 4  # a full batch does not wait out the clock
    assert first.duplicate is False
    assert second.duplicate is False
    assert len(commits) == 1
    assert stored(store) == sorted((p, '"red"') for p in poll["people"][:2])


@pytest.mark.sqlite_only  # counts the COMMITs SQLite traces
def test_a_lone_answer_waits_no_longer_than_the_wait(store, poll, commits):
    responses = answers(store, wait_ms=200, max_batch=64)
    started = time.monotonic()
    recorded = answer(responses, poll, 0)
    took = time.monotonic() - started
    assert recorded.duplicate is False
    assert 0.19 <= took < 1.5  # the wait for company, then one commit
    assert len(commits) == 1
    assert len(stored(store)) == 1


def test_with_the_default_wait_a_lone_answer_is_not_held_up(store, poll):
    started = time.monotonic()
    answer(store.responses, poll, 0)
    assert time.monotonic() - started < 0.5


@pytest.mark.sqlite_only  # counts the COMMITs SQLite traces
def test_a_refused_answer_in_a_batch_does_not_lose_the_others(store, poll, commits):
    responses = answers(store, wait_ms=5000, max_batch=1)
    answer(responses, poll, 1, "red", answer_id="x")  # person 1 used id x for red already
    commits.clear()
    responses = answers(store, wait_ms=5000, max_batch=3)
    outcomes = together(
        lambda: answer(responses, poll, 0, "blue"),
        lambda: answer(responses, poll, 1, "blue", answer_id="x"),  # the same id, another answer
        lambda: answer(responses, poll, 2, "green"),
    )
    assert outcomes[0].duplicate is False
    assert outcomes[2].duplicate is False
    assert isinstance(outcomes[1], Conflict)
    assert len(commits) == 1
    people = poll["people"]
    assert stored(store) == sorted(
        [(people[0], '"blue"'), (people[1], '"red"'), (people[2], '"green"')]
    )


def test_a_write_that_fails_half_way_is_undone_alone(store, poll):
    """What a refused write had already changed is rolled back to its savepoint."""
    batch = GroupCommit(store.database, wait_ms=5000, max_batch=2)
    responses = Responses(store.database, batch)

    def half_then_fail():
        store.database.execute(
            "UPDATE participants SET name = 'changed' WHERE id = ?", (poll["people"][3],)
        )
        raise StoreError("bad_request", "No.")

    refused, accepted = together(
        lambda: batch.run(half_then_fail), lambda: answer(responses, poll, 0)
    )
    assert isinstance(refused, StoreError)
    assert refused.code == "bad_request"
    assert accepted.duplicate is False
    assert store.participants.get(poll["people"][3])["name"] == "Person 3"
    assert len(stored(store)) == 1


@pytest.mark.sqlite_only  # defers SQLite's foreign keys to the commit
def test_a_failed_commit_acknowledges_nobody(store, poll):
    """A foreign key checked at COMMIT fails it: every answer of the batch hears so, and none
    is stored."""
    batch = GroupCommit(store.database, wait_ms=5000, max_batch=3)
    responses = Responses(store.database, batch)

    def breaks_the_commit():
        store.database.execute("PRAGMA defer_foreign_keys = ON")
        store.database.execute(
            "INSERT INTO step_visits (session_id, visit, step_id, reached_at)"
            " VALUES ('no-such-session', 1, 'colour', 'now')"
        )

    outcomes = together(
        lambda: answer(responses, poll, 0),
        lambda: batch.run(breaks_the_commit),
        lambda: answer(responses, poll, 1),
    )
    assert all(isinstance(o, StoreError) and o.code == "unavailable" for o in outcomes)
    assert stored(store) == []
    assert store.database.one("SELECT count(*) AS n FROM answer_ids")["n"] == 0
    # The connection is usable again: the next answer is stored.
    assert answer(responses, poll, 0, answer_id="a2").duplicate is False


@pytest.mark.sqlite_only  # counts the COMMITs SQLite traces
def test_the_same_answer_twice_in_one_batch_is_stored_once(store, poll, commits):
    responses = answers(store, wait_ms=5000, max_batch=2)
    first, second = together(lambda: answer(responses, poll, 0), lambda: answer(responses, poll, 0))
    assert sorted([first.duplicate, second.duplicate]) == [False, True]
    assert len(commits) == 1
    assert len(stored(store)) == 1


@pytest.mark.sqlite_only  # counts the COMMITs SQLite traces
def test_a_write_inside_a_transaction_joins_it(store, poll, commits):
    """A write already in a transaction (a console command) does not wait for a batch."""
    responses = answers(store, wait_ms=5000, max_batch=64)
    started = time.monotonic()
    with store.database.write():
        answer(responses, poll, 0)
    assert time.monotonic() - started < 2
    assert len(commits) == 1
    assert len(stored(store)) == 1


@pytest.mark.parametrize(("wait_ms", "max_batch"), [(-1, 8), (2, 0)])
def test_a_bad_setting_is_refused_with_its_name(store, wait_ms, max_batch):
    with pytest.raises(ValueError, match="TALKBACK_ANSWER_BATCH"):
        GroupCommit(store.database, wait_ms=wait_ms, max_batch=max_batch)
