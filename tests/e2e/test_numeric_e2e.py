"""Thirty python-socketio phones on the real server answer a number question at once, a few
with numbers it must refuse; the console's and the screen's figures are exactly those of the
numbers that were sent and taken."""

from __future__ import annotations

import random
import statistics
import threading

import pytest
import requests

from tests.e2e.browser import save_deck
from tests.e2e.clients import Listener

pytestmark = pytest.mark.e2e

PEOPLE = 30
DECK = {
    "title": "A walking check",
    "min_responses": 3,
    # Installed from a file, with its approval, as the service's own decks are, so it starts.
    "governance": {"approved_by": "Clinical lead", "approved_on": "2026-11-30"},
    "steps": [
        {"id": "hello", "kind": "slide", "title": "Hello"},
        {
            "id": "walk",
            "kind": "numeric",
            "title": "How many minutes can you walk today?",
            "min": 0,
            "max": 120,
            "unit": "minutes",
        },
    ],
}
REFUSED = [150, -1, 12.5, "30", True, None, "NaN"]


@pytest.fixture
def session(server):
    save_deck(server, "moving-more", DECK)
    token = server.token()
    created = requests.post(
        f"{server.url}/api/sessions",
        json={"deck_id": "moving-more"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    return {"token": token, **created}


def join(server, session, name):
    response = requests.post(
        f"{server.url}/api/join", json={"code": session["code"], "name": name}, timeout=10
    )
    return response.json()["participant_token"]


def test_thirty_phones_send_numbers_and_the_console_counts_exactly_those_taken(server, session):
    console = Listener(
        server.url, "/facilitator", {"token": session["token"], "session_id": session["id"]}
    )
    screen_key = session["screen_url"].rstrip("/").rsplit("/", 1)[-1]
    screen = Listener(server.url, "/screen", {"key": screen_key})
    phones = [
        Listener(server.url, "/participant", {"token": join(server, session, f"P{i}")})
        for i in range(PEOPLE)
    ]
    try:
        ack = console.call("goto", {"index": 1, "force": True})
        assert ack["ok"], ack
        for phone in phones:
            phone.wait_for(lambda p, seq=ack["seq"]: p.seq >= seq)

        rng = random.Random(16)
        sent = [rng.randint(0, 120) for _ in range(PEOPLE)]
        refusals: list[dict] = []
        start = threading.Barrier(PEOPLE, timeout=20)

        def answer(i):
            start.wait()
            phone = phones[i]
            if i < len(REFUSED):  # first a number it must refuse, then a good one
                refusals.append(
                    phone.call("answer", {"step_id": "walk", "value": REFUSED[i], "id": f"bad-{i}"})
                )
            assert phone.call("answer", {"step_id": "walk", "value": sent[i], "id": f"a-{i}"})["ok"]
            again = phone.call("answer", {"step_id": "walk", "value": sent[i], "id": f"a-{i}"})
            assert again["ok"]  # the same answer again is one answer

        threads = [threading.Thread(target=answer, args=(i,)) for i in range(PEOPLE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert len(refusals) == len(REFUSED)
        assert {r["error"]["code"] for r in refusals} == {"invalid_value"}

        console.wait_for(lambda c: c.results.get("walk", {}).get("count") == PEOPLE)
        results = console.results["walk"]
        ordered = sorted(sent)
        lower, middle, upper = statistics.quantiles(ordered, n=4, method="inclusive")
        # One decimal more than the answers have, as docs/protocol.md says.
        assert results["median"] == round(middle, 1)
        assert results["quartiles"] == [round(lower, 1), round(middle, 1), round(upper, 1)]
        assert results["mean"] == round(statistics.fmean(sent), 1)
        by_bin = [sum(1 for v in sent if b["from"] <= v <= b["to"]) for b in results["bins"]]
        assert [b["count"] for b in results["bins"]] == by_bin

        assert console.call("reveal")["ok"]
        screen.wait_for(lambda s: s.results.get("walk", {}).get("withheld") is False)
        shown = screen.results["walk"]
        for key in ("count", "mean", "median", "quartiles", "bins"):
            assert shown[key] == results[key]
    finally:
        for client in (console, screen, *phones):
            client.close()
