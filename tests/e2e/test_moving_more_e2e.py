"""Thirty python-socketio phones on the real server take the bundled "Moving more, day to day"
class with quiz scores on: a number, a ranking, a share of 100 points, myth-or-fact quizzes (one
voted on again after talk) and before/after scales, with live reactions sent along the way.
The console's results, its reaction counts and each phone's own score at the end are exactly
what the test works out from what the phones sent; the screen, once shown, has the same
figures.

Each kind of step the phones answer has a Drive below: what each person sends, and the results
that makes. A round of a step is `answer_round`; the peer-instruction quiz (`vote_again`) runs
it twice, the second time after the console's "Vote again", and both votes and how many moved
to the right answer are checked against what was sent. Quiz scores count the first vote."""

from __future__ import annotations

import itertools
import statistics
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from sessions.deck import parse_deck
from sessions.reactions import REACTIONS
from tests.e2e.clients import Listener, join
from tests.e2e.peer_instruction import open_second_vote, second_vote_results

pytestmark = pytest.mark.e2e

PEOPLE = 30
DECK_ID = "back-pain-2"
DECK = parse_deck(
    (Path(__file__).resolve().parents[2] / "sessions" / "decks" / f"{DECK_ID}.yaml").read_text(
        encoding="utf-8"
    ),
    source=DECK_ID,
)
# Reactions are paced under the session's limit (20 a second by default), so every one counts.
REACTION_GAP = 0.08
# Steps the room reacts to while on them, and how many each person sends there (the limit per
# person is 5 in 10 seconds).
REACTING = {"walk-today": 1, "myth-good-day": 2, "share-100": 1}
PEOPLE_NAMES = [f"P{n}" for n in range(PEOPLE)]
Answers = dict[str, dict[int, Any]]  # step id -> person number -> the value they sent


class Console(Listener):
    """The facilitator's console, keeping the latest reaction counts of each step too."""

    def __init__(self, url, auth):
        self.reactions: dict[str, dict] = {}
        super().__init__(url, "/facilitator", auth, connect=False)
        self.client.on("reactions", self._on_reactions, namespace="/facilitator")
        self.connect()

    def _on_reactions(self, message):
        with self.changed:
            self.reactions[message["step_id"]] = message
            self.changed.notify_all()


# What each person sends, kind by kind -----------------------------------------------------------


def measured(step: dict) -> list[str]:
    """The ids of the steps of this scale's measure, in deck order: the before, the after."""
    return [
        s.id for s in DECK.steps if s.kind == "scale" and s.fields["measure"] == step["measure"]
    ]


def scale_answer(step: dict, person: int) -> int | None:
    """Spread over the scale; at the after, some go up, some stay and some go down (past the
    top they wrap to the bottom), and a different person skips each."""
    after = measured(step).index(step["id"])
    if person == PEOPLE - 1 - after:
        return None
    span = step["max"] - step["min"] + 1
    return step["min"] + (person * 7 + after * (person % 3)) % span


def scale_results(step: dict, sent: dict[int, Any], answers: Answers) -> dict:
    values = list(sent.values())
    histogram = {str(n): 0 for n in range(step["min"], step["max"] + 1)}
    for value in values:
        histogram[str(value)] += 1
    results = {"count": len(values), "mean": round(statistics.fmean(values), 1)}
    results["histogram"] = histogram
    first, *later = measured(step)
    if later == [step["id"]]:
        before = answers[first]
        paired = [n for n in sent if n in before]
        results["change"] = {
            "before_mean": round(statistics.fmean(before.values()), 1),
            "after_mean": results["mean"],
            "before_count": len(before),
            "after_count": len(sent),
            "paired": len(paired),
            "up": sum(1 for n in paired if sent[n] > before[n]),
            "down": sum(1 for n in paired if sent[n] < before[n]),
            "same": sum(1 for n in paired if sent[n] == before[n]),
        }
    return results


def numeric_answer(step: dict, person: int) -> int:
    """Both ends of the range, and a spread between them that repeats some numbers."""
    if person < 2:
        return (step["min"], step["max"])[person]
    return step["min"] + (person * person * 7 + person * 3) % (step["max"] - step["min"] + 1)


def numeric_results(step: dict, sent: dict[int, Any], answers: Answers) -> dict:
    values = list(sent.values())
    lower, middle, upper = statistics.quantiles(sorted(values), n=4, method="inclusive")
    # One decimal more than the answers have, as docs/protocol.md says.
    return {
        "count": len(values),
        "mean": round(statistics.fmean(values), 1),
        "median": round(middle, 1),
        "quartiles": [round(lower, 1), round(middle, 1), round(upper, 1)],
    }


def rank_answer(step: dict, person: int) -> list[str]:
    orders = list(itertools.permutations(o["id"] for o in step["options"]))
    return list(orders[(person * 17) % len(orders)])


def rank_results(step: dict, sent: dict[int, Any], answers: Answers) -> dict:
    ids, orders = [o["id"] for o in step["options"]], list(sent.values())
    places = {i: [order.index(i) + 1 for order in orders] for i in ids}
    return {
        "total": len(orders),
        "mean_position": {i: round(statistics.fmean(places[i]), 2) for i in ids},
        "first": {i: sum(1 for order in orders if order[0] == i) for i in ids},
    }


def points_answer(step: dict, person: int) -> dict[str, int]:
    """Every point given, unevenly; the first person gives the whole budget to one option."""
    ids, left = [o["id"] for o in step["options"]], step["budget"]
    if person == 0:
        return {option_id: left if n == 0 else 0 for n, option_id in enumerate(ids)}
    shared = {}
    for n, option_id in enumerate(ids[:-1]):
        shared[option_id] = (person * (13 + 8 * n) + 5 * n) % (left + 1)
        left -= shared[option_id]
    shared[ids[-1]] = left
    return shared


def points_results(step: dict, sent: dict[int, Any], answers: Answers) -> dict:
    ids = [o["id"] for o in step["options"]]
    return {
        "total": len(sent),
        "mean_points": {i: round(statistics.fmean(v[i] for v in sent.values()), 1) for i in ids},
    }


def quiz_answer(step: dict, person: int) -> str | None:
    """Mostly right, some wrong, and one person in ten leaves each quiz unanswered; who does
    what moves from quiz to quiz, so the scores differ."""
    number = DECK.index_of(step["id"])
    if (person + number) % 10 == 0:
        return None
    right = DECK.step_by_id(step["id"]).fields["correct"][0]
    wrong = next(o["id"] for o in step["options"] if o["id"] != right)
    return wrong if (person * 3 + number) % 4 == 0 else right


def quiz_results(step: dict, sent: dict[int, Any], answers: Answers) -> dict:
    counts = Counter(sent.values())
    right = DECK.step_by_id(step["id"]).fields["correct"][0]
    return {
        "total": len(sent),
        "counts": {o["id"]: counts[o["id"]] for o in step["options"]},
        "correct_count": counts[right],
    }


def second_vote(step: dict, person: int, first: str | None) -> str | None:
    """After talking it over: most who were wrong move to the right answer, a few who were
    right move away from it, one in ten does not vote again, and those who left the first vote
    vote now."""
    if person % 10 == 9:
        return None
    right = DECK.step_by_id(step["id"]).fields["correct"][0]
    wrong = next(o["id"] for o in step["options"] if o["id"] != right)
    if first is None:
        return right
    if first == wrong:
        return wrong if person % 4 == 0 else right
    return wrong if person % 7 == 3 else right


@dataclass(frozen=True)
class Drive:
    """How the phones answer one kind of step, and the results that makes on the console."""

    answer: Callable[[dict, int], Any]  # person number -> the value sent (None: no answer)
    # What each person sent, and what they sent at the steps before -> the results expected.
    results: Callable[[dict, dict[int, Any], Answers], dict]
    size: str  # the results' key for how many answered
    refused: Callable[[dict], Any]  # a value the server must refuse with a clear error


def ids(step: dict) -> list[str]:
    return [o["id"] for o in step["options"]]


DRIVES = {
    "scale": Drive(scale_answer, scale_results, "count", lambda step: step["max"] + 1),
    "numeric": Drive(numeric_answer, numeric_results, "count", lambda step: step["max"] + 1),
    "rank": Drive(rank_answer, rank_results, "total", lambda step: ids(step)[:-1]),
    "points": Drive(
        points_answer, points_results, "total", lambda step: {ids(step)[0]: step["budget"] - 1}
    ),
    "quiz": Drive(quiz_answer, quiz_results, "total", lambda step: "maybe"),
}


# Running the class ------------------------------------------------------------------------------


def answer_round(
    console: Console,
    phones: list[Listener],
    step: dict,
    drive: Drive,
    pool: ThreadPoolExecutor,
    *,
    vote: int = 1,
    answer: Callable[[dict, int], Any] | None = None,
) -> dict[int, Any]:
    """First one phone sends a value that must be refused; then every phone sends its answer
    (`answer`, the drive's own unless told) at about the same time, and each is taken. Returns
    who sent what, once the console's results of that vote (1, or 2 for a second vote) count
    every answer."""
    bad = {"step_id": step["id"], "value": drive.refused(step), "id": f"{step['id']}-{vote}-bad"}
    refusal = phones[0].call("answer", bad)
    assert refusal["ok"] is False
    assert refusal["error"]["code"] == "invalid_value", refusal
    sent = {n: (answer or drive.answer)(step, n) for n in range(len(phones))}
    sent = {n: value for n, value in sent.items() if value is not None}

    def send(n: int) -> dict:
        payload = {"step_id": step["id"], "value": sent[n], "id": f"{step['id']}-{vote}-{n}"}
        return phones[n].call("answer", payload)

    def counted(c: Console) -> bool:
        results = c.results.get(step["id"], {})
        return (results if vote == 1 else results.get("second_vote", {})).get(drive.size) == len(
            sent
        )

    acks = list(pool.map(send, sent))
    assert [a for a in acks if not a.get("ok")] == []
    console.wait_for(counted)
    return sent


def vote_again(
    console: Console, phones: list[Listener], step: dict, first: dict[int, Any], pool
) -> dict:
    """Peer instruction: the first vote closed, the room talks it over and votes again. The
    console's second vote is exactly the one sent, the first vote stays as it was, and the
    second vote's expected results are returned."""
    open_second_vote(console, phones)
    again = answer_round(
        console,
        phones,
        step,
        DRIVES["quiz"],
        pool,
        vote=2,
        answer=lambda s, n: second_vote(s, n, first.get(n)),
    )
    results = console.results[step["id"]]
    right = DECK.step_by_id(step["id"]).fields["correct"][0]
    expected = second_vote_results(ids(step), right, first, again)
    assert results["second_vote"] == {**expected, "withheld": False}
    assert expected["moved_to_correct"] > 0  # the talk moved some people, as it is meant to
    assert expected["total"] > expected["both"]  # and some voted only the second time
    assert {k: results[k] for k in ("total", "counts")} == {
        "total": len(first),
        "counts": quiz_results(step, first, {})["counts"],
    }
    return expected


def react(phones: list[Listener], step_id: str, each: int) -> Counter:
    """Each phone sends `each` reactions, cycling through the set; returns what was sent."""
    sent: Counter = Counter()
    for round_number in range(each):
        for n, phone in enumerate(phones):
            reaction = REACTIONS[(n + round_number) % len(REACTIONS)].id
            assert phone.call("react", {"reaction": reaction}) == {"ok": True}
            sent[reaction] += 1
            time.sleep(REACTION_GAP)
    return sent


def own_score(answers: Answers, person: int) -> dict[str, int]:
    quizzes = [s for s in DECK.steps if s.kind == "quiz"]
    right = sum(1 for s in quizzes if answers.get(s.id, {}).get(person) == s.fields["correct"][0])
    return {"right": right, "of": len(quizzes)}


@pytest.fixture
def session(server):
    token = server.token()
    created = requests.post(
        f"{server.url}/api/sessions",
        json={"deck_id": DECK_ID, "scoring": True},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert created.status_code == 201, created.text
    return {"token": token, **created.json()}


def test_thirty_phones_take_the_moving_more_class_and_the_console_counts_exactly_that(
    server, session
):
    assert {"numeric", "rank", "points", "quiz"} <= {s.kind for s in DECK.steps}
    phones = [
        Listener(server.url, "/participant", {"token": join(server, session["code"], name)})
        for name in PEOPLE_NAMES
    ]
    console = Console(server.url, {"token": session["token"], "session_id": session["id"]})
    screen = Listener(server.url, "/screen", {"key": session["screen_url"].rsplit("/", 1)[-1]})
    answers: Answers = {}
    reacted: dict[str, Counter] = {}
    voted_again: list[str] = []
    try:
        console.wait_for(lambda c: c.snapshot is not None)
        with ThreadPoolExecutor(max_workers=10) as pool:
            for index in range(len(console.snapshot["outline"])):
                ack = console.call("next")
                assert ack["ok"], ack
                for listener in (*phones, console, screen):
                    listener.wait_for(lambda lis, seq=ack["seq"]: lis.seq >= seq)
                step = phones[0].snapshot["step"]
                assert step["index"] == index
                if step["id"] in REACTING:
                    reacted[step["id"]] = react(phones, step["id"], REACTING[step["id"]])
                drive = DRIVES.get(step["kind"])
                if drive is None:
                    continue
                sent = answer_round(console, phones, step, drive, pool)
                answers[step["id"]] = sent
                results = console.results[step["id"]]
                expected = drive.results(step, sent, answers)
                assert {k: results[k] for k in expected} == expected, step["id"]
                second = None
                if step.get("vote_again"):
                    second = vote_again(console, phones, step, sent, pool)
                    voted_again.append(step["id"])
                if step["kind"] == "numeric":
                    counts = [
                        sum(1 for v in sent.values() if b["from"] <= v <= b["to"])
                        for b in results["bins"]
                    ]
                    assert [b["count"] for b in results["bins"]] == counts
                    assert sum(counts) == len(sent)  # the bins cover the range, without overlap

                assert console.call("reveal")["ok"]
                screen.wait_for(
                    lambda s, i=step["id"]: s.results.get(i, {}).get("withheld") is False
                )
                assert {k: screen.results[step["id"]][k] for k in expected} == expected
                if second is not None:
                    assert screen.results[step["id"]]["second_vote"] == {
                        **second,
                        "withheld": False,
                    }

        assert voted_again == [s.id for s in DECK.steps if s.fields.get("vote_again")]
        assert voted_again  # the deck has a peer-instruction quiz, and it was voted twice
        for step_id, sent in reacted.items():
            total = sum(sent.values())
            console.wait_for(lambda c, i=step_id, n=total: c.reactions.get(i, {}).get("total") == n)
            counts = {r["id"]: r["count"] for r in console.reactions[step_id]["reactions"]}
            assert counts == {r.id: sent[r.id] for r in REACTIONS}, step_id

        assert console.call("end")["ok"]
        for n, phone in enumerate(phones):
            phone.wait_for(lambda p: "score" in (p.snapshot or {}).get("me", {}))
            assert phone.snapshot["me"]["score"] == own_score(answers, n), f"P{n}"
        scores = {own_score(answers, n)["right"] for n in range(PEOPLE)}
        assert len(scores) > 1  # the answers were varied enough to tell scores apart
    finally:
        for client in (*phones, console, screen):
            client.close()
