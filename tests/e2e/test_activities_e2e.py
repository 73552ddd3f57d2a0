"""Twelve phones on the real server through the peer-support part of the class: discussion
groups with a late joiner, the action plan across a reload, the Friends and Family Test and
anonymous questions, checked against what the console sees."""

from __future__ import annotations

import threading

import pytest
import requests

from tests.e2e.clients import Listener

pytestmark = pytest.mark.e2e

PEOPLE = 12


class Phone(Listener):
    """A participant's client that also keeps its discussion group and the question list."""

    def __init__(self, url, token):
        self.group = None
        self.questions = []
        super().__init__(url, "/participant", {"token": token}, connect=False)
        self.client.on("group", self._on_group, namespace="/participant")
        self.client.on("questions", self._on_questions, namespace="/participant")
        self.connect()

    def _on_group(self, group):
        with self.changed:
            self.group = group
            self.changed.notify_all()

    def _on_questions(self, message):
        with self.changed:
            self.questions = message["questions"]
            self.changed.notify_all()


class Console(Listener):
    def __init__(self, url, auth):
        self.alerts = []
        self.questions = []
        super().__init__(url, "/facilitator", auth, connect=False)
        self.client.on("alert", self._on_alert, namespace="/facilitator")
        self.client.on("questions", self._on_questions, namespace="/facilitator")
        self.connect()

    def _on_alert(self, alert):
        with self.changed:
            self.alerts.append(alert)
            self.changed.notify_all()

    def _on_questions(self, message):
        with self.changed:
            self.questions = message["questions"]
            self.changed.notify_all()


@pytest.fixture
def session(server):
    token = server.token()
    created = requests.post(
        f"{server.url}/api/sessions",
        json={"deck_id": "back-pain-1"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    return {"token": token, **created}


def join(server, session, name):
    return requests.post(
        f"{server.url}/api/join", json={"code": session["code"], "name": name}, timeout=10
    ).json()["participant_token"]


def goto(console, index):
    ack = console.call("goto", {"index": index, "force": True})
    assert ack["ok"], ack
    return ack["seq"]


def test_twelve_phones_run_the_peer_support_steps(server, session):
    console = Console(server.url, {"token": session["token"], "session_id": session["id"]})
    tokens = [join(server, session, f"P{i}") for i in range(PEOPLE)]
    phones = [Phone(server.url, token) for token in tokens[:-1]]  # one joins late
    outline = {s["id"]: s["index"] for s in console.snapshot["outline"]}
    try:
        # Discussion: groups of three, and a late joiner goes to the smallest group.
        seq = goto(console, outline["talk-in-groups"])
        console.wait_for(lambda c: c.snapshot["seq"] >= seq and c.snapshot.get("groups"))
        sizes = sorted(len(g["members"]) for g in console.snapshot["groups"])
        assert sizes == [3, 4, 4]  # eleven connected people in threes
        for phone in phones:
            phone.wait_for(lambda p: p.group is not None)
        late = Phone(server.url, tokens[-1])
        phones.append(late)
        late.wait_for(lambda p: p.snapshot and p.snapshot.get("me", {}).get("group"))
        assert "P11" in late.snapshot["me"]["group"]["members"]
        console.wait_for(
            lambda c: sorted(len(g["members"]) for g in c.snapshot["groups"]) == [4, 4, 4]
        )
        numbers = {
            phone.snapshot["me"]["group"]["number"] if phone is late else phone.group["number"]
            for phone in phones
        }
        assert numbers == {1, 2, 3}
        note = phones[0].call(
            "answer", {"step_id": "talk-in-groups", "value": "Walk daily", "id": "note-1"}
        )
        assert note["ok"]
        console.wait_for(lambda c: c.results.get("talk-in-groups", {}).get("total") == 1)
        assert console.results["talk-in-groups"]["notes"][0]["text"] == "Walk daily"

        # The action plan: typed in pieces, the phone reloads, nothing is lost.
        seq = goto(console, outline["my-plan"])
        phones[1].wait_for(lambda p: p.snapshot["seq"] >= seq)
        draft = {"matters": "Gardening", "step_what": "Walk", "confidence": 5}
        assert phones[1].call("answer", {"step_id": "my-plan", "value": draft, "id": "plan-1"})[
            "ok"
        ]
        phones[1].close()
        reloaded = Phone(server.url, tokens[1])
        phones[1] = reloaded
        reloaded.wait_for(lambda p: p.snapshot and "me" in p.snapshot)
        assert reloaded.snapshot["me"]["responses"]["my-plan"] == draft
        finished = {**draft, "confidence": 7, "share": True, "done": True}
        assert reloaded.call("answer", {"step_id": "my-plan", "value": finished, "id": "plan-2"})[
            "ok"
        ]
        console.wait_for(lambda c: c.results.get("my-plan", {}).get("finished") == 1)
        assert console.results["my-plan"]["shared"] == [{"name": "P1", "plan": finished}]

        # The Friends and Family Test, answered by everyone, anonymously.
        seq = goto(console, outline["feedback"])
        answers = ["very-good"] * 6 + ["good"] * 3 + ["poor", "dont-know", "neither"]
        done = threading.Barrier(PEOPLE + 1, timeout=20)

        def send(phone, i, answer):
            phone.wait_for(lambda p: p.snapshot["seq"] >= seq)
            ack = phone.call(
                "answer", {"step_id": "feedback", "value": {"fft": answer}, "id": f"fft-{i}"}
            )
            assert ack["ok"], ack
            done.wait()

        threads = [
            threading.Thread(target=send, args=(p, i, a))
            for i, (p, a) in enumerate(zip(phones, answers, strict=True))
        ]
        for thread in threads:
            thread.start()
        done.wait()
        console.wait_for(lambda c: c.results.get("feedback", {}).get("total") == PEOPLE)
        fft = console.results["feedback"]
        assert fft["counts"]["very-good"] == 6
        assert fft["positive"] == 75.0
        assert fft["negative"] == 8.3

        # Anonymous questions: asked, approved, voted, ranked; a red flag alerts the console.
        asked = phones[2].call("ask", {"id": "q-1", "text": "Can I still swim?"})
        other = phones[3].call("ask", {"id": "q-2", "text": "Both legs go numb at night"})
        assert asked["ok"]
        assert other["ok"]
        console.wait_for(lambda c: len(c.questions) == 2)
        console.wait_for(lambda c: any("both legs" in a["matched"] for a in c.alerts))
        assert console.alerts[0]["name"] == "P3"
        for question_id in (asked["question_id"], other["question_id"]):
            assert console.call("question", {"question_id": question_id, "action": "approve"})["ok"]
        for phone in phones[4:9]:
            assert phone.call("upvote", {"question_id": other["question_id"]})["ok"]
        console.wait_for(lambda c: c.questions and c.questions[0]["votes"] == 5)
        assert console.questions[0]["id"] == other["question_id"]
        phones[5].wait_for(lambda p: len(p.questions) == 2)
        assert "P3" not in str(phones[5].questions)
    finally:
        for client in [*phones, console]:
            client.close()
