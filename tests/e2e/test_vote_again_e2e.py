"""Peer instruction on the real server: thirty python-socketio phones vote on a myth-or-fact
quiz, the room talks, the console opens a second vote and they vote again. The console's
results for both votes, and how many moved to the right answer, are exactly those of the
votes that were sent; the screen sees the same once revealed."""

from __future__ import annotations

import random
import threading

import pytest
import requests

from tests.e2e.browser import save_deck
from tests.e2e.clients import Listener, join
from tests.e2e.peer_instruction import open_second_vote, second_vote_results

pytestmark = pytest.mark.e2e

PEOPLE = 30
DECK = {
    "title": "Bed rest and back pain",
    "min_responses": 3,
    # Installed from a file, with its approval, as the service's own decks are, so it starts.
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-01"},
    "steps": [
        {"id": "hello", "kind": "slide", "title": "Hello"},
        {
            "id": "bed-rest",
            "kind": "quiz",
            "title": "Bed rest is the best thing for back pain.",
            "options": [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}],
            "correct": "myth",
            "vote_again": True,
        },
    ],
}


@pytest.fixture
def session(server):
    save_deck(server, "bed-rest", DECK)
    token = server.token()
    created = requests.post(
        f"{server.url}/api/sessions",
        json={"deck_id": "bed-rest"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    return {"token": token, **created}


def all_at_once(phones, send):
    """Every phone sends at the same moment, on a thread of its own."""
    start = threading.Barrier(len(phones), timeout=20)
    failures: list[BaseException] = []

    def run(i):
        start.wait()
        try:
            send(i, phones[i])
        except BaseException as exc:  # noqa: BLE001 - reported below, on the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(phones))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures, failures


def counts(votes):
    return {"myth": votes.count("myth"), "fact": votes.count("fact")}


def test_thirty_phones_vote_twice_and_the_console_counts_both_votes(server, session):
    console = Listener(
        server.url, "/facilitator", {"token": session["token"], "session_id": session["id"]}
    )
    screen_key = session["screen_url"].rstrip("/").rsplit("/", 1)[-1]
    screen = Listener(server.url, "/screen", {"key": screen_key})
    phones = [
        Listener(server.url, "/participant", {"token": join(server, session["code"], f"P{i}")})
        for i in range(PEOPLE)
    ]
    try:
        ack = console.call("goto", {"index": 1})
        assert ack["ok"], ack
        rng = random.Random(16)
        first = [rng.choice(("myth", "fact", "fact")) for _ in range(PEOPLE)]
        # After talking it over most move to the right answer; a few move away from it, and
        # the last two do not vote again.
        second = [
            "myth" if rng.random() < 0.8 else rng.choice(("myth", "fact")) for _ in range(PEOPLE)
        ][: PEOPLE - 2]

        def vote_first(i, phone):
            assert phone.call("answer", {"step_id": "bed-rest", "value": first[i], "id": f"a{i}"})[
                "ok"
            ]

        all_at_once(phones, vote_first)
        open_second_vote(console, phones)

        def vote_second(i, phone):
            if i >= len(second):
                return
            answer = {"step_id": "bed-rest", "value": second[i], "id": f"b{i}"}
            assert phone.call("answer", answer)["ok"]
            assert phone.call("answer", answer)["ok"]  # the same vote again is one vote
            # The first vote's id again is the first vote, acknowledged and not counted again.
            again = {"step_id": "bed-rest", "value": first[i], "id": f"a{i}"}
            assert phone.call("answer", again)["ok"]

        all_at_once(phones, vote_second)
        moved = sum(
            1
            for before, after in zip(first, second, strict=False)
            if (before, after) == ("fact", "myth")
        )
        expected_second = {
            **second_vote_results(
                ("myth", "fact"), "myth", dict(enumerate(first)), dict(enumerate(second))
            ),
            "withheld": False,
        }
        assert expected_second["counts"] == counts(second)
        assert expected_second["moved_to_correct"] == moved
        console.wait_for(
            lambda c: (
                c.results.get("bed-rest", {}).get("second_vote", {}).get("total") == len(second)
            )
        )
        results = console.results["bed-rest"]
        assert (results["total"], results["counts"]) == (PEOPLE, counts(first))
        assert results["correct_count"] == first.count("myth")
        assert results["second_vote"] == expected_second
        assert moved > 0

        assert console.call("close")["ok"]
        assert console.call("reveal")["ok"]
        screen.wait_for(lambda s: (s.snapshot.get("results") or {}).get("second_vote"))
        shown = screen.snapshot["results"]
        assert shown["counts"] == counts(first)
        assert shown["second_vote"] == expected_second
        refused = console.call("vote_again")
        assert refused["error"]["code"] == "no_second_vote"
    finally:
        for client in (console, screen, *phones):
            client.close()
