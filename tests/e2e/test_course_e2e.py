"""A three-session course on the real server (group, group, self-paced), with twelve people on
python-socketio clients. Each joins by the course link and stays the same person in each
session: the plan made in session 1 is shown back to its maker alone in session 2's plan
review, where they change it, and the changed plan is what session 3 shows them. One person
missed session 1 and is told they have no plan yet; one deletes their data after session 2
and joins again as someone new. The console only ever sees counts. Sessions 1 and 3 both ask
the `confidence` measure (session 3's deck is the second class with its measure named so), and
the course report's attendance, retention, measure first -> last and FFT counts are checked
against what the twelve sent."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from sessions.passwords import hash_password
from sessions.store import Store
from tests.e2e.clients import Listener
from tests.e2e.conftest import DEMO_PASSWORD
from tests.integration.test_review_exports import csv_blocks

pytestmark = pytest.mark.e2e

PEOPLE = 12
MISSED_FIRST = 11  # joins the course only at session 2
DELETES = 5  # deletes everything after session 2
SKIPS_PLAN = 10  # in session 1 but makes no plan
OUTCOMES = ("did", "partly", "not_yet")
FFT_ANSWERS = ("very-good", "good", "neither", "poor")
CHECK_IN = (  # the second class, asking the first class's measure again
    (Path(__file__).parents[2] / "sessions/decks/back-pain-2.yaml")
    .read_text(encoding="utf-8")
    .replace("title: Moving more, day to day", "title: Moving more, the check-in", 1)
    .replace("measure: moving-confidence", "measure: confidence")
)
ENV = {
    "TALKBACK_EVENT_LIMIT_PARTICIPANT": "500 per 5 seconds",
    "TALKBACK_EVENT_LIMIT_FACILITATOR": "500 per 5 seconds",
}


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def cookie_of(browser: requests.Session) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


class CookieListener(Listener):
    """A Socket.IO client that carries its browser's cookie, as a page's script does."""

    def __init__(self, url: str, namespace: str, session_id: str, cookie: str):
        super().__init__(url, namespace, {"session_id": session_id}, connect=False)
        self.client.connect(
            url,
            namespaces=[namespace],
            auth=self.auth,
            headers={"Cookie": cookie},
            transports=["websocket"],
            wait_timeout=10,
        )


class Staff:
    def __init__(self, server):
        self.url = server.url
        self.browser = requests.Session()
        page = self.browser.get(f"{self.url}/signin", timeout=10).text
        signed = self.browser.post(
            f"{self.url}/signin",
            data={"username": "demo", "password": DEMO_PASSWORD, "csrf_token": csrf(page)},
            timeout=10,
        )
        assert signed.ok

    def post(self, path: str, data: dict, page: str = "/courses") -> requests.Response:
        token = csrf(self.browser.get(f"{self.url}{page}", timeout=10).text)
        return self.browser.post(
            f"{self.url}{path}",
            data={**data, "csrf_token": token},
            timeout=10,
            allow_redirects=False,
        )

    def import_deck(self, text: str) -> str:
        token = csrf(self.browser.get(f"{self.url}/decks/import", timeout=10).text)
        imported = self.browser.post(
            f"{self.url}/decks/import",
            data={"csrf_token": token},
            files={"file": ("check-in.yaml", text.encode("utf-8"))},
            timeout=30,
            allow_redirects=False,
        )
        assert imported.status_code in (302, 303), imported.text
        return re.search(r"/decks/([^/]+)/edit", imported.headers["Location"]).group(1)

    def approve_as_reviewer(self, database, deck_id: str) -> None:
        """A second person, a reviewer, approves the imported deck, so that it may start."""
        store = Store(str(database))
        try:
            user_id = store.accounts.create_user("rita", hash_password(DEMO_PASSWORD), "reviewer")
            reviewer = store.accounts.account(user_id)
            version = store.approvals.latest(deck_id)["version"]
            store.approvals.approve(deck_id, version, user=reviewer)
        finally:
            store.close()

    def make_course(self, last_deck: str) -> str:
        made = self.post(
            "/courses",
            {
                "title": "Back pain group, Tuesdays",
                "deck_id": ["back-pain-1", "back-pain-2", last_deck],
                "mode": ["group", "group", "self-paced"],
            },
        )
        assert made.status_code == 303, made.text
        return made.headers["Location"].rstrip("/").rsplit("/", 1)[-1]

    def start(self, course_id: str, position: int, **form) -> tuple[str, CookieListener]:
        started = self.post(
            f"/courses/{course_id}/sessions/{position}/start", form, page=f"/courses/{course_id}"
        )
        assert started.status_code == 303, started.text
        session_id = re.search(r"/console/([^/?]+)", started.headers["Location"]).group(1)
        console = CookieListener(self.url, "/facilitator", session_id, cookie_of(self.browser))
        console.wait_for(lambda c: c.snapshot is not None)
        return session_id, console


class Member:
    """One person's phone browser: the course link's cookie makes them the same member."""

    def __init__(self, server, course_id: str, number: int):
        self.url, self.course_id, self.number = server.url, course_id, number
        self.browser = requests.Session()
        self.phone: CookieListener | None = None

    def join(self, session_id: str) -> dict:
        page = self.browser.get(f"{self.url}/c/{self.course_id}", timeout=10).text
        joined = self.browser.post(
            f"{self.url}/c/{self.course_id}",
            data={"name": f"Person {self.number}", "csrf_token": csrf(page)},
            timeout=10,
        )
        assert joined.status_code == 200, joined.text
        if self.phone is not None:
            self.phone.close()
        self.phone = CookieListener(self.url, "/participant", session_id, cookie_of(self.browser))
        self.phone.wait_for(lambda p: p.snapshot is not None and "me" in p.snapshot)
        return self.phone.snapshot

    def own_snapshot(self) -> dict:
        ack = self.phone.call("snapshot")
        assert ack["ok"], ack
        return ack["snapshot"]

    def answer(self, step_id: str, value, answer_id: str) -> None:
        ack = self.phone.call("answer", {"step_id": step_id, "value": value, "id": answer_id})
        assert ack["ok"], (self.number, ack)

    def walk_to(self, step_id: str) -> None:
        """Self-paced: Next, step by step, until this phone is on `step_id`."""
        step = self.own_snapshot()["step"]
        while step is None or step["id"] != step_id:
            ack = self.phone.call("next")
            assert ack["ok"], (self.number, ack)
            step = ack["snapshot"]["step"]


def first_confidence(number: int) -> int:
    return 2 + number % 5


def last_confidence(number: int) -> int:
    return first_confidence(number) + (number % 3) - 1  # down, same, up in turn


def plan_of(number: int) -> dict:
    return {"step_what": f"Walk {5 + number} minutes", "step_when": "After breakfast"}


def changed_plan_of(number: int) -> dict:
    return {"step_what": f"Walk {5 + number} minutes", "step_when": "After lunch"}


def goto(console: CookieListener, step_id: str) -> None:
    outline = console.snapshot["outline"]
    index = next(i for i, s in enumerate(outline) if s["id"] == step_id)
    ack = console.call("goto", {"index": index, "force": True})
    assert ack["ok"], ack
    console.wait_for(lambda c: c.snapshot["step"] and c.snapshot["step"]["id"] == step_id)


def test_twelve_people_follow_a_three_session_course_with_their_own_plan(make_server):
    server = make_server(ENV)
    staff = Staff(server)
    check_in = staff.import_deck(CHECK_IN)
    staff.approve_as_reviewer(server.database, check_in)
    course_id = staff.make_course(check_in)
    people = [Member(server, course_id, n) for n in range(PEOPLE)]
    try:
        # Session 1, in a room: everyone but one makes a plan.
        first, console = staff.start(course_id, 0)
        for person in people:
            if person.number != MISSED_FIRST:
                person.join(first)
        in_first = [p for p in people if p.number != MISSED_FIRST]
        goto(console, "confidence-before")
        for person in in_first:
            person.answer(
                "confidence-before", first_confidence(person.number), f"c1-{person.number}"
            )
        goto(console, "my-plan")
        for person in people:
            if person.number not in (MISSED_FIRST, SKIPS_PLAN):
                person.answer("my-plan", plan_of(person.number), f"plan-{person.number}")
        assert console.call("step_results", {"step_id": "my-plan"})["results"]["started"] == 10
        goto(console, "feedback")
        fft = dict.fromkeys(FFT_ANSWERS, 0)
        for person in in_first:
            answer = FFT_ANSWERS[person.number % 4]
            fft[answer] += 1
            person.answer("feedback", {"fft": answer}, f"f1-{person.number}")
        assert console.call("end")["ok"]
        console.close()

        # Session 2, in a room: each person sees their own plan from last week.
        second, console = staff.start(course_id, 1)
        for person in people:
            person.join(second)
        goto(console, "last-plan")
        for person in people:
            shown = person.own_snapshot()["me"]["looking_back"]["last-plan"]
            if person.number in (MISSED_FIRST, SKIPS_PLAN):
                assert shown is None, person.number
                continue
            assert shown["plan"] == plan_of(person.number)
            assert shown["earlier_session"] is True
        expected = dict.fromkeys(OUTCOMES, 0)
        for person in people:
            went = OUTCOMES[person.number % 3]
            expected[went] += 1
            person.answer(
                "last-plan",
                {"went": went, "in_the_way": "Rain", "plan": changed_plan_of(person.number)},
                f"review-{person.number}",
            )
        results = console.call("step_results", {"step_id": "last-plan"})["results"]
        assert results == {"reviewed": PEOPLE, **expected, "changed": PEOPLE}
        assert "Person" not in str(results)
        assert "Walk" not in str(results)
        kept = people[DELETES].phone.call("keep_notebook")
        assert "/course-notebook/" in kept["url"]
        goto(console, "feedback")
        for person in people:
            fft["good"] += 1
            person.answer("feedback", {"fft": "good"}, f"f2-{person.number}")
        assert console.call("end")["ok"]
        console.close()
        midway = staff.browser.get(f"{server.url}/courses/{course_id}/report", timeout=10)
        assert midway.status_code == 200  # staff look mid-course: each session's totals kept
        assert (
            "Shown once the course&#39;s first and last sessions have both finished"
            in (midway.text)
            or "Shown once the course's first and last sessions have both finished" in midway.text
        )

        # One person deletes everything they gave; the ended session's totals stay.
        link = kept["url"].split("://", 1)[-1].split("/", 1)[1]
        confirm = people[DELETES].browser.get(f"{server.url}/{link}/delete", timeout=10).text
        deleted = people[DELETES].browser.post(
            f"{server.url}/{link}/delete", data={"csrf_token": csrf(confirm)}, timeout=10
        )
        assert deleted.ok
        assert people[DELETES].browser.get(f"{server.url}/{link}", timeout=10).status_code == 404

        # Session 3, self-paced: the changed plan is the latest plan.
        closes_on = (datetime.now(UTC).date() + timedelta(days=7)).isoformat()
        third, console = staff.start(course_id, 2, closes_on=closes_on)
        for person in people:
            if person.number == DELETES:
                continue
            snapshot = person.join(third)
            assert snapshot["mode"] == "self-paced"
            shown = snapshot["me"]["looking_back"]["last-plan"]
            assert shown["plan"] == changed_plan_of(person.number), person.number
        newcomer = Member(server, course_id, DELETES)  # the same browser would be new anyway
        newcomer.browser = people[DELETES].browser
        snapshot = newcomer.join(third)
        assert snapshot["me"]["looking_back"]["last-plan"] is None  # a new member: no plan
        in_third = [p for p in people if p.number != DELETES] + [newcomer]
        for person in in_third:
            person.walk_to("confidence-after")
            person.answer("confidence-after", last_confidence(person.number), f"c3-{person.number}")
        on_console = console.call("step_results", {"step_id": "confidence-after"})["results"]
        newcomer.phone.close()
        assert console.call("end")["ok"]
        console.close()

        # The course report, checked against what was sent.
        paired = [p.number for p in people if p.number not in (MISSED_FIRST, DELETES)]
        first_mean = round(sum(first_confidence(n) for n in paired) / len(paired), 1)
        last_mean = round(sum(last_confidence(n) for n in paired) / len(paired), 1)
        moved = [last_confidence(n) - first_confidence(n) for n in paired]
        expected_measure = [
            "confidence",
            str(first_mean),
            str(last_mean),
            str(round(last_mean - first_mean, 1)),
            str(len(paired)),
            str(sum(1 for m in moved if m > 0)),
            str(sum(1 for m in moved if m < 0)),
            str(sum(1 for m in moved if m == 0)),
        ]
        course_change = on_console["course_change"]
        assert (course_change["paired"], course_change["before_mean"]) == (10, first_mean)
        assert "Person" not in str(on_console)
        page = staff.browser.get(f"{server.url}/courses/{course_id}/report", timeout=10)
        assert page.status_code == 200
        assert "Person" not in page.text
        report = staff.browser.get(f"{server.url}/courses/{course_id}/report.csv", timeout=10)
        blocks = csv_blocks(report.content)
        # Joined: the totals kept as each session ended stay after person 5 deleted theirs.
        assert [row[5] for row in blocks["Sessions"][1:]] == ["11", "12", "12"]
        # Retention counts members with rows: person 5's are gone, person 11 missed session 1.
        assert [row[1:3] for row in blocks["Retention"][1:]] == [
            ["10", "10"],
            ["11", "10"],
            ["12", "10"],
        ]
        assert blocks["Measures first to last"][1] == expected_measure
        counts = {row[0]: row[1] for row in blocks["FFT"][1:]}
        assert counts["Very good"] == str(fft["very-good"])
        assert counts["Good"] == str(fft["good"])
        assert counts["Neither good nor poor"] == str(fft["neither"])
        assert counts["Poor"] == str(fft["poor"])
        assert counts["Total"] == str(len(in_first) + PEOPLE)
    finally:
        for person in people:
            if person.phone is not None:
                person.phone.close()
