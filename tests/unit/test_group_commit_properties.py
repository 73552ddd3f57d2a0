"""Random bursts of answers, sent at once from threads through group commit, with repeated and
conflicting client ids and batches of any size. Whatever the order they land in:

- an answer acknowledged (record_answer returned) is stored exactly once, with its value;
- an answer refused as a conflict is not what is stored under its id;
- nothing is stored that nobody was acknowledged for.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sessions.live import GoToStep, LiveState, decide
from sessions.store import Conflict, Store
from sessions.store.group_commit import GroupCommit
from sessions.store.responses import Responses
from tests.unit.conftest import SMALL_DECK

PEOPLE = 3
sent_answers = st.lists(
    st.tuples(
        st.integers(0, PEOPLE - 1),  # who
        st.sampled_from(["a", "b", "c"]),  # the client's answer id
        st.sampled_from(["red", "blue"]),  # the value
    ),
    min_size=1,
    max_size=12,
)


def burst(responses: Responses, session_id: str, people, seen, answers):
    """Every answer on its own thread at once; each one's outcome: 'ok', 'duplicate' or the
    exception it raised."""
    outcomes: list[object] = [None] * len(answers)
    start = threading.Barrier(len(answers))

    def send(n: int) -> None:
        person, answer_id, value = answers[n]
        start.wait()
        try:
            recorded = responses.record_answer(
                session_id=session_id,
                participant_id=people[person],
                step_id="colour",
                answer_id=answer_id,
                value=value,
                seen=seen,
            )
            outcomes[n] = "duplicate" if recorded.duplicate else "ok"
        except Exception as exc:
            outcomes[n] = exc

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(answers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return outcomes


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=sent_answers, max_batch=st.integers(1, 8), wait_ms=st.sampled_from([0, 2, 20]))
def test_every_acknowledged_answer_is_stored_once_and_nothing_else(answers, max_batch, wait_ms):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "talkback.db"))
        try:
            user = store.accounts.create_user("physio", "not-a-real-hash")
            store.decks.save("small", SMALL_DECK)
            session_id = store.sessions.create("small", user)["id"]
            deck = store.sessions.deck_of(session_id)
            seen = decide(LiveState(), deck, GoToStep(2, force=True)).state
            assert store.sessions.save_live(session_id, seen, expected_seq=0)
            people = [store.participants.add(session_id, f"P{n}")[0]["id"] for n in range(PEOPLE)]
            batches = GroupCommit(store.database, wait_ms=wait_ms, max_batch=max_batch)
            responses = Responses(store.database, batches)

            outcomes = burst(responses, session_id, people, seen, answers)

            rows = store.db.execute("SELECT participant_id, answer_id, value FROM answer_ids")
            kept = {(p, a): v for p, a, v in rows.fetchall()}
            assert len(kept) == store.db.execute("SELECT count(*) FROM answer_ids").fetchone()[0]
            acknowledged = set()
            for (person, answer_id, value), outcome in zip(answers, outcomes, strict=True):
                key = (people[person], answer_id)
                if outcome in ("ok", "duplicate"):
                    assert kept[key] == f'"{value}"'
                    acknowledged.add(key)
                else:
                    assert isinstance(outcome, Conflict), outcome
                    assert kept[key] != f'"{value}"'
            assert set(kept) == acknowledged
            firsts = [o for o in outcomes if o == "ok"]
            assert len(firsts) == len(kept)  # each id stored by exactly one of its senders
        finally:
            store.close()
