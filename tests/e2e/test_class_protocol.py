"""Thirty phones follow the whole demo deck on the real server with real Socket.IO clients;
every answer is checked against the results the console and the room receive. The class runs
on each engine: SQLite, the default, and a PostgreSQL server named by its address."""

from __future__ import annotations

import time

import pytest
import requests

from tests.e2e.clients import Listener
from tests.e2e.conftest import stored_count

pytestmark = pytest.mark.e2e

PEOPLE = 30


def answer_for(step: dict, person: int):
    """A different, predictable answer from each person."""
    if step["kind"] == "scale":
        return step["min"] + person % (step["max"] - step["min"] + 1)
    ids = [o["id"] for o in step["options"]]
    if step["multiple"]:
        return ids[: 1 + person % len(ids)]
    return ids[person % len(ids)]


def expected_results(step: dict, answers: list):
    if step["kind"] == "scale":
        return {"count": len(answers), "mean": round(sum(answers) / len(answers), 1)}
    counts = {o["id"]: 0 for o in step["options"]}
    for answer in answers:
        for option in answer if isinstance(answer, list) else [answer]:
            counts[option] += 1
    return {"total": len(answers), "counts": counts}


def test_thirty_phones_follow_the_whole_deck(server_on_each_engine):
    server = server_on_each_engine
    answers_before = stored_count(server, "responses")  # the demo's past sessions
    answered = 0
    token = server.token()
    created = requests.post(
        f"{server.url}/api/sessions",
        json={"deck_id": "back-pain-1"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    phones = []
    for i in range(PEOPLE):
        joined = requests.post(
            f"{server.url}/api/join", json={"code": created["code"], "name": f"P{i}"}, timeout=10
        ).json()
        phones.append(Listener(server.url, "/participant", {"token": joined["participant_token"]}))
    console = Listener(server.url, "/facilitator", {"token": token, "session_id": created["id"]})
    screen_key = created["screen_url"].rsplit("/", 1)[-1]
    projector = Listener(server.url, "/screen", {"key": screen_key})
    try:
        steps = console.snapshot["outline"]
        for index in range(len(steps)):
            ack = console.call("next")
            assert ack["ok"], ack
            seq = ack["seq"]
            for listener in [*phones, projector]:
                listener.wait_for(lambda lis, seq=seq: lis.snapshot["seq"] >= seq)
                assert listener.snapshot["step"]["index"] == index
            step = phones[0].snapshot["step"]
            assert "notes" not in step
            if step["kind"] not in ("poll", "quiz", "scale"):  # the rest: test_activities_e2e
                continue
            assert "correct" not in step
            answers = []
            for person, phone in enumerate(phones):
                value = answer_for(step, person)
                ack = phone.call(
                    "answer",
                    {"step_id": step["id"], "value": value, "id": f"{step['id']}-{person}"},
                )
                assert ack["ok"], ack
                answers.append(value)
                answered += 1
            expected = expected_results(step, answers)
            size_key = "count" if step["kind"] == "scale" else "total"
            console.wait_for(
                lambda lis, s=step["id"], k=size_key: lis.results.get(s, {}).get(k) == PEOPLE
            )
            for key, value in expected.items():
                assert console.results[step["id"]][key] == value
            assert phones[0].results.get(step["id"]) is None  # not revealed yet

            assert console.call("reveal")["ok"]
            for listener in (phones[0], phones[-1], projector):
                listener.wait_for(lambda lis, s=step["id"]: s in lis.results)
                for key, value in expected.items():
                    assert listener.results[step["id"]][key] == value
            if step["kind"] == "quiz":
                assert phones[0].snapshot["step"]["correct"]
        ack = console.call("end")
        assert ack["ok"]
        phones[0].wait_for(lambda lis: lis.snapshot["stage"] == "ended")
        # Every answer, once, in the database the server was given.
        assert stored_count(server, "responses") == answers_before + answered
    finally:
        for listener in [*phones, console, projector]:
            listener.close()
        time.sleep(0.1)
