"""A self-paced session on the real server: the facilitator starts it from the home page's form,
ten people work through the demo deck on their own at different speeds (some finish, some stop
halfway, some go back and change an answer), and the console's progress view and the results it
fetches match what each person really did."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
import requests

from tests.e2e.clients import Listener, join
from tests.e2e.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PEOPLE = 10
LAST = 23  # the demo deck's last step, by index
# Where each person goes: positions to reach in turn (forwards or back), and a pause between
# moves so that they go at different speeds. Everyone starts on step 0.
ROUTES = {
    0: [LAST],
    1: [LAST],
    2: [LAST],
    3: [11],  # stops halfway
    4: [11],
    5: [15, 12],  # goes back three steps, answering again on the way (pain-up, myth-red-flags)
    6: [8, 5],
    7: [],  # joins and never moves
    8: [LAST, 20],  # finishes, then goes back to the reflection
    9: [4],
}
# Limits raised so that the test is about progress, not about the rate limiter.
ENV = {
    "TALKBACK_EVENT_LIMIT_PARTICIPANT": "500 per 5 seconds",
    "TALKBACK_EVENT_LIMIT_FACILITATOR": "500 per 5 seconds",
}


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def start_self_paced(server) -> tuple[requests.Session, str]:
    """Sign in and start a self-paced session with the home page's form; the session's id."""
    browser = requests.Session()
    signin = browser.get(f"{server.url}/signin", timeout=10).text
    signed = browser.post(
        f"{server.url}/signin",
        data={
            "username": "demo",
            "password": DEMO_PASSWORD,
            "csrf_token": csrf(signin),
        },
        timeout=10,
    )
    assert signed.ok, signed.status_code
    home = browser.get(f"{server.url}/", timeout=10).text
    closes_on = (datetime.now(UTC).date() + timedelta(days=14)).isoformat()
    started = browser.post(
        f"{server.url}/sessions",
        data={
            "deck_id": "back-pain-1",
            "mode": "self-paced",
            "closes_on": closes_on,
            "csrf_token": csrf(home),
        },
        timeout=10,
        allow_redirects=False,
    )
    assert started.status_code == 302, started.text
    return browser, re.search(r"/console/([^/?]+)", started.headers["Location"]).group(1)


class Console(Listener):
    """The console's connection, with the signed-in cookie, keeping the latest `progress`."""

    def __init__(self, url: str, session_id: str, cookie: str):
        super().__init__(url, "/facilitator", {"session_id": session_id}, connect=False)
        self.progress_events: list[list[int]] = []
        self.client.on("progress", self._on_progress, namespace="/facilitator")
        self.client.connect(
            url,
            namespaces=["/facilitator"],
            auth=self.auth,
            headers={"Cookie": cookie},
            transports=["websocket"],
            wait_timeout=10,
        )

    def _on_progress(self, data):
        with self.changed:
            self.progress_events.append(data["progress"])
            self.changed.notify_all()

    def latest_progress(self) -> list[int] | None:
        return self.progress_events[-1] if self.progress_events else None


def value_for(step: dict, person: int, attempt: int):
    """A different, valid answer from each person (and on each attempt) for each kind."""
    n = person + attempt
    kind = step["kind"]
    if kind == "scale":
        return step["min"] + n % (step["max"] - step["min"] + 1)
    if kind in ("poll", "quiz"):
        ids = [o["id"] for o in step["options"]]
        return ids[: 1 + n % len(ids)] if step["multiple"] else ids[n % len(ids)]
    if kind == "plan":
        return {
            "matters": f"Gardening with my family ({n})",
            "confidence": n % 11,
            "share": person % 2 == 0,
            "done": person % 3 == 0,
        }
    if kind == "reflect":
        return {step["prompts"][0]["id"]: f"Moving a little every day helps ({n})"}
    if kind == "feedback":
        return {"fft": ["very-good", "good", "neither", "dont-know"][n % 4]}
    return None  # slides, and the discussion (its notes are a group's, not a person's)


class Person:
    """One participant's phone, and a record of what they sent and where they are."""

    def __init__(self, server, code: str, number: int):
        self.number = number
        self.phone = Listener(
            server.url, "/participant", {"token": join(server, code, f"Person {number}")}
        )
        self.phone.wait_for(lambda p: p.snapshot is not None)
        self.step = self.phone.snapshot["step"]
        self.answers: dict[str, object] = {}  # step id -> the latest value acknowledged
        self.attempts: Counter[str] = Counter()
        self.failures: list = []

    @property
    def position(self) -> int:
        return self.step["index"]

    def answer_here(self) -> None:
        value = value_for(self.step, self.number, self.attempts[self.step["id"]])
        if value is None:
            return
        step_id = self.step["id"]
        self.attempts[step_id] += 1
        ack = self.phone.call(
            "answer",
            {
                "step_id": step_id,
                "value": value,
                "id": f"{step_id}-{self.number}-{self.attempts[step_id]}",
            },
        )
        if ack.get("ok"):
            self.answers[step_id] = value
        else:
            self.failures.append((step_id, ack))

    def move(self, direction: str) -> None:
        ack = self.phone.call(direction)
        if not ack.get("ok"):
            self.failures.append((direction, ack))
            return
        self.step = ack["snapshot"]["step"]

    def walk_to(self, target: int, pause: float) -> None:
        """Go to `target` one step at a time, answering each step reached (again, going back)."""
        while self.position != target and not self.failures:
            self.move("next" if target > self.position else "back")
            self.answer_here()
            time.sleep(pause)


def expected_progress(people: list[Person]) -> list[int]:
    counts = Counter(p.position for p in people)
    return [counts.get(i, 0) for i in range(LAST + 1)]


def check_results(step: dict, results: dict, values: list) -> None:
    kind = step["kind"]
    if kind in ("poll", "quiz", "feedback"):
        counts = Counter(
            v
            for value in values
            for v in (
                [value["fft"]]
                if kind == "feedback"
                else value
                if isinstance(value, list)
                else [value]
            )
        )
        assert results["total"] == len(values), step["id"]
        assert {k: n for k, n in results["counts"].items() if n} == dict(counts), step["id"]
    elif kind == "scale":
        assert results["count"] == len(values), step["id"]
        assert {int(k): n for k, n in results["histogram"].items() if n} == dict(Counter(values))
    elif kind == "plan":
        assert results["started"] == len(values)
        assert results["finished"] == sum(1 for v in values if v["done"])
        assert sorted(s["plan"]["matters"] for s in results["shared"]) == sorted(
            v["matters"] for v in values if v["share"]
        )
    elif kind == "reflect":
        assert results == {"count": len(values)}  # never the text


def run_everyone(people: list[Person], stage: int) -> None:
    """Each person walks the `stage`th leg of their route, all at once, at their own pace."""
    threads = []
    for person in people:
        route = ROUTES[person.number]
        if stage < len(route):
            pause = 0.005 * (person.number % 4)
            threads.append(
                threading.Thread(target=person.walk_to, args=(route[stage], pause), daemon=True)
            )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
        assert not thread.is_alive(), "a participant did not finish their route"
    failures = [(p.number, f) for p in people for f in p.failures]
    assert failures == []


def test_the_console_follows_ten_people_through_a_self_paced_deck(make_server):
    server = make_server(ENV)
    browser, session_id = start_self_paced(server)
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
    console = Console(server.url, session_id, cookie)
    people: list[Person] = []
    try:
        console.wait_for(lambda c: c.snapshot is not None)
        snap = console.snapshot
        assert snap["mode"] == "self-paced"
        assert snap["stage"] == "lobby"
        assert len(snap["outline"]) == LAST + 1
        assert snap["progress"] == [0] * (LAST + 1)
        refused = console.call("next")
        assert refused["error"]["code"] == "self_paced"

        people = [Person(server, snap["session"]["code"], i) for i in range(PEOPLE)]
        # Joining does not move anyone: a fresh snapshot counts everyone on the first step.
        fresh = console.call("snapshot")["snapshot"]
        assert fresh["progress"] == [PEOPLE] + [0] * LAST
        assert fresh["participant_count"] == PEOPLE

        for stage in range(max(len(route) for route in ROUTES.values())):
            run_everyone(people, stage)
            # Where each phone says it is, by its own last snapshot...
            where = expected_progress(people)
            assert sum(where) == PEOPLE
            # ...is what the coalesced `progress` events settle on, and what a snapshot says.
            console.wait_for(lambda c, w=where: c.latest_progress() == w, timeout=10)
            assert console.call("snapshot")["snapshot"]["progress"] == where

        final = expected_progress(people)
        assert {i: n for i, n in enumerate(final) if n} == {
            0: 1,
            4: 1,
            5: 1,
            11: 2,
            12: 1,
            20: 1,
            LAST: 3,
        }

        # Every question's results, fetched as the console does, count what was sent.
        answered = 0
        for entry in snap["outline"]:
            if entry["kind"] in ("slide", "discuss"):
                continue
            ack = console.call("step_results", {"step_id": entry["id"]})
            assert ack["ok"], ack
            assert ack["step"]["id"] == entry["id"]
            values = [p.answers[entry["id"]] for p in people if entry["id"] in p.answers]
            check_results(ack["step"], ack["results"], values)
            answered += len(values)
        assert answered > 50  # the routes above answer plenty, so the check means something

        # Going back and answering again replaced the answer (the counts above are one each).
        assert people[5].attempts["pain-up"] == 2
        assert people[8].attempts["confidence-after"] == 2

        assert console.call("end")["ok"]
        for person in people:
            person.phone.wait_for(lambda p: p.snapshot["stage"] == "ended")
    finally:
        for listener in [console, *(p.phone for p in people)]:
            listener.close()
        time.sleep(0.1)
