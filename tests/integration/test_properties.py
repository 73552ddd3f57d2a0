"""Random classes: Hypothesis drives a console and a few phones through random sequences of
commands (next, back, goto, open, close, reveal, hide, some with a stale `seq`) and answers
(valid and invalid values, new, repeated and conflicting ids, steps that are not current),
against the Flask-SocketIO test client on a real SQLite file (or, with `--engine postgresql`, a
PostgreSQL database emptied for each example). After every action:

- the acknowledgement is the one a small model of docs/protocol.md predicts;
- the answers stored are exactly those acknowledged `ok`, each once (the model's);
- the console's results for the current step (after a flush) equal a recount of stored rows;
- `seq` only grows, in the store and in every message each client receives;
- no phone or screen ever receives `notes`, nor `correct` or `explanation` before reveal, nor
  results before reveal, nor counts below the privacy threshold.
"""

from __future__ import annotations

import json
import math
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app import create_app, realtime_of
from tests.postgres_server import empty_database, fresh_database

MIN_RESPONSES = 2
STEPS: list[dict[str, Any]] = [
    {"id": "welcome", "kind": "slide", "title": "Welcome", "notes": "Say hello."},
    {
        "id": "safety",
        "kind": "slide",
        "title": "When to get help",
        "locked": True,
        "notes": "Never skip.",
    },
    {
        "id": "colour",
        "kind": "poll",
        "title": "Favourite colour?",
        "notes": "Warm-up.",
        "options": [
            {"id": "red", "label": "Red"},
            {"id": "green", "label": "Green"},
            {"id": "blue", "label": "Blue"},
        ],
    },
    {
        "id": "foods",
        "kind": "poll",
        "title": "Which foods?",
        "multiple": True,
        "notes": "Any.",
        "options": [
            {"id": "apple", "label": "Apple"},
            {"id": "bread", "label": "Bread"},
            {"id": "cheese", "label": "Cheese"},
        ],
    },
    {
        "id": "myth",
        "kind": "quiz",
        "title": "Bed rest is best.",
        "notes": "Ask first.",
        "options": [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}],
        "correct": "myth",
        "explanation": "Staying active helps.",
    },
    {
        "id": "pick-two",
        "kind": "quiz",
        "title": "Which two help?",
        "notes": "Two.",
        "options": [
            {"id": "a", "label": "Walking"},
            {"id": "b", "label": "Heat"},
            {"id": "c", "label": "Bed rest"},
            {"id": "d", "label": "Pacing"},
        ],
        "correct": ["d", "b"],
        "explanation": "Heat and pacing.",
    },
    {
        "id": "confidence",
        "kind": "scale",
        "title": "How confident?",
        "min": 0,
        "max": 4,
        "notes": "Again at the end.",
    },
    {
        "id": "matters",
        "kind": "rank",
        "title": "What matters most?",
        "options": [
            {"id": "sleep", "label": "Sleep"},
            {"id": "work", "label": "Work"},
            {"id": "walk", "label": "Walking"},
        ],
    },
    {
        "id": "share",
        "kind": "points",
        "title": "Share 10 points",
        "budget": 10,
        "options": [
            {"id": "sleep", "label": "Sleep"},
            {"id": "move", "label": "Moving"},
            {"id": "mood", "label": "Mood"},
        ],
    },
    {"id": "thanks", "kind": "slide", "title": "Thank you", "notes": "Bye."},
]
DECK_YAML = yaml.safe_dump(
    {"title": "Random class", "min_responses": MIN_RESPONSES, "steps": STEPS}, sort_keys=False
)
BY_ID = {s["id"]: s for s in STEPS}
LOBBY = -1
HIDDEN_BEFORE_REVEAL = ("correct", "explanation")


# The model: what docs/protocol.md says should happen ---------------------------------------------


def takes_answers(step: dict) -> bool:
    return step["kind"] != "slide"


def option_ids(step: dict) -> list[str]:
    return [o["id"] for o in step["options"]]


def correct_ids(step: dict) -> list[str]:
    correct = step["correct"]
    return [correct] if isinstance(correct, str) else correct


def is_multiple(step: dict) -> bool:
    if step["kind"] == "quiz":
        return len(correct_ids(step)) > 1
    return step.get("multiple", False)


def whole(value: Any) -> bool:
    """A JSON number that is a whole number (true and false are not numbers)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return False
    return math.isfinite(value) and value == int(value)


def normalise(step: dict, value: Any) -> Any:
    """The stored form of a valid value, or raise ValueError."""
    if step["kind"] == "rank":  # every option once, in the person's order
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError
        if sorted(value) != sorted(option_ids(step)):
            raise ValueError
        return value
    if step["kind"] == "points":  # whole points from 0, adding up to the budget
        if not isinstance(value, dict) or set(value) - set(option_ids(step)):
            raise ValueError
        shared = {o: value.get(o, 0) for o in option_ids(step)}
        if not all(whole(v) and v >= 0 for v in shared.values()):
            raise ValueError
        if sum(shared.values()) != step["budget"]:
            raise ValueError
        return {o: int(v) for o, v in shared.items()}
    if step["kind"] == "scale":
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValueError
        if not math.isfinite(value) or value != int(value):
            raise ValueError
        if not step["min"] <= value <= step["max"]:
            raise ValueError
        return int(value)
    ids = option_ids(step)
    if not is_multiple(step):
        if not isinstance(value, str) or value not in ids:
            raise ValueError
        return value
    if not isinstance(value, list) or not value:
        raise ValueError
    if any(not isinstance(v, str) or v not in ids for v in value) or len(set(value)) != len(value):
        raise ValueError
    return [i for i in ids if i in value]


def encode(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


@dataclass
class Model:
    seq: int = 0
    index: int = LOBBY
    open: bool = False
    revealed: bool = False
    shown_locked: set[str] = field(default_factory=set)
    answer_ids: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)
    responses: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)

    @property
    def step(self) -> dict | None:
        return STEPS[self.index] if self.index != LOBBY else None

    def command(self, name: str, args: dict) -> str | None:
        """Apply a facilitator command; returns the error code, or None for ok."""
        seen = args.get("seq")
        if seen is not None and seen != self.seq:
            return "stale"
        if name == "next":
            if self.index >= len(STEPS) - 1:
                return "at_end"
            return self._move(self.index + 1)
        if name == "back":
            if self.index == LOBBY:
                return "at_start"
            return self._move(self.index - 1)
        if name == "goto":
            target = args["index"]
            if not LOBBY <= target < len(STEPS):
                return "unknown_step"
            if not args.get("force") and any(
                s.get("locked") and s["id"] not in self.shown_locked
                for s in STEPS[: max(target, 0)]
            ):
                return "safety_unseen"
            return self._move(target)
        if self.step is None or not takes_answers(self.step):
            return "no_responses"
        attribute = "open" if name in ("open", "close") else "revealed"
        wanted = name in ("open", "reveal")
        if getattr(self, attribute) != wanted:
            setattr(self, attribute, wanted)
            self.seq += 1
        return None

    def _move(self, index: int) -> None:
        if index == self.index:
            return None
        self.index = index
        step = self.step
        self.open = bool(step and takes_answers(step))
        self.revealed = False
        if step and step.get("locked"):
            self.shown_locked.add(step["id"])
        self.seq += 1
        return None

    def answer(self, person: int, payload: Any) -> str | None:
        """Apply an answer; returns the error code, or None for ok."""
        if not isinstance(payload, dict):
            return "bad_request"
        step_id, answer_id = payload.get("step_id"), payload.get("id")
        if not isinstance(step_id, str) or not isinstance(answer_id, str):
            return "bad_request"
        if not 0 < len(answer_id) <= 64:
            return "bad_request"
        if "value" not in payload:
            return "bad_request"
        step = BY_ID.get(step_id)
        if step is None:
            return "unknown_step"
        if not takes_answers(step):
            return "no_responses"
        try:
            value = encode(normalise(step, payload["value"]))
        except ValueError:
            return "invalid_value"
        earlier = self.answer_ids.get((person, answer_id))
        if earlier is not None:
            return None if earlier == (step_id, value) else "conflict"
        if self.step is None or self.step["id"] != step_id:
            return "not_current"
        if not self.open:
            return "closed"
        self.answer_ids[(person, answer_id)] = (step_id, value)
        self.responses[(person, step_id)] = (answer_id, value)
        return None

    def responses_of(self, person: int) -> dict[str, Any]:
        return {s: json.loads(v) for (p, s), (_, v) in self.responses.items() if p == person}


def recount(step: dict, values: list[Any]) -> dict[str, Any]:
    """The aggregate docs/protocol.md describes, counted from stored values."""
    ids = option_ids(step) if "options" in step else []
    if step["kind"] == "rank":
        n = len(values)
        return {
            "total": n,
            "mean_position": {
                o: round(sum(v.index(o) + 1 for v in values) / n, 2) if n else None for o in ids
            },
            "first": {o: sum(1 for v in values if v[0] == o) for o in ids},
        }
    if step["kind"] == "points":
        n = len(values)
        means = {o: round(sum(v[o] for v in values) / n, 1) if n else None for o in ids}
        return {"total": n, "mean_points": means}
    if step["kind"] == "scale":
        histogram = {str(n): 0 for n in range(step["min"], step["max"] + 1)}
        for v in values:
            histogram[str(v)] += 1
        mean = round(sum(values) / len(values), 1) if values else None
        return {"count": len(values), "mean": mean, "histogram": histogram}
    counts = {o: 0 for o in option_ids(step)}
    for v in values:
        for o in v if isinstance(v, list) else [v]:
            counts[o] += 1
    result = {"total": len(values), "counts": counts}
    if step["kind"] == "quiz":
        right = sorted(correct_ids(step))
        result["correct_count"] = sum(
            1 for v in values if sorted(v if isinstance(v, list) else [v]) == right
        )
    return result


# The room: the app, its clients, and what each client has been sent ----------------------------


class Client:
    """A test-client connection that checks every message it is sent as it drains them."""

    def __init__(self, app, namespace: str, auth: dict, *, room_audience: bool):
        self.app, self.namespace, self.auth = app, namespace, auth
        self.room_audience = room_audience  # a phone or the screen: held to the privacy rules
        self.last_seq = -1
        self.latest_results: dict[str, dict] = {}  # step id -> latest results, in order sent
        self.last_snapshot: dict | None = None
        self.connect()

    def connect(self) -> None:
        self.sock = realtime_of(self.app).socketio.test_client(
            self.app, namespace=self.namespace, auth=self.auth
        )
        assert self.sock.is_connected(self.namespace)

    def reconnect(self) -> None:
        self.sock.disconnect(namespace=self.namespace)
        self.connect()

    def emit(self, event: str, payload: Any = None):
        if payload is None:
            return self.sock.emit(event, namespace=self.namespace, callback=True)
        return self.sock.emit(event, payload, namespace=self.namespace, callback=True)

    def drain(self, model: Model) -> list[dict]:
        """Check every message received since the last drain; returns the snapshots."""
        snapshots = []
        for message in self.sock.get_received(self.namespace):
            if message["name"] not in ("snapshot", "results"):
                continue
            body = message["args"][0]
            assert body["seq"] >= self.last_seq, (self.namespace, "seq went back", body)
            self.last_seq = body["seq"]
            if message["name"] == "snapshot":
                self.check_snapshot(body)
                snapshots.append(body)
                self.last_snapshot = body
                if body.get("results"):
                    self.latest_results[body["results"]["step_id"]] = body["results"]
            else:
                self.check_results(body, model)
                self.latest_results[body["step_id"]] = body
        return snapshots

    def check_snapshot(self, snap: dict) -> None:
        if not self.room_audience:
            return
        assert "notes" not in keys_in(snap), snap
        if not (snap["revealed"] and snap["step"] and snap["step"]["kind"] == "quiz"):
            assert not keys_in(snap) & set(HIDDEN_BEFORE_REVEAL), snap
        if snap.get("results"):
            assert snap["revealed"], snap
            self.check_privacy(snap["results"])

    def check_results(self, results: dict, model: Model) -> None:
        if not self.room_audience:
            return
        assert model.revealed, ("results reached the room before reveal", results)
        assert not keys_in(results) & {"notes", *HIDDEN_BEFORE_REVEAL}, results
        self.check_privacy(results)

    @staticmethod
    def check_privacy(results: dict) -> None:
        size = results.get("total", results.get("count"))
        if results["withheld"]:
            figures = {"counts", "histogram", "mean", "correct_count"}
            figures |= {"mean_position", "first", "mean_points"}
            assert not figures & set(results), results
        else:
            assert size >= MIN_RESPONSES, results

    def close(self) -> None:
        if self.sock.is_connected(self.namespace):
            self.sock.disconnect(namespace=self.namespace)


def keys_in(value: Any) -> set[str]:
    """Every dictionary key anywhere inside a message."""
    if isinstance(value, dict):
        return set(value).union(*(keys_in(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_in(v) for v in value))
    return set()


class Room:
    def __init__(self, database: str, people: int):
        self.database = database  # an SQLite file's path, or a PostgreSQL address
        self.app = create_app(
            {
                "DATABASE": database,
                "SECRET_KEY": "test-secret",
                "ASYNC_MODE": "threading",
                "RESULTS_INTERVAL": 0,
                "TESTING": True,
                "EVENT_LIMIT_FACILITATOR": "10000 per second",
                "EVENT_LIMIT_PARTICIPANT": "10000 per second",
                "EVENT_LIMIT_SCREEN": "10000 per second",
                "EVENT_REFUSALS_BEFORE_DISCONNECT": "10000 per second",
            }
        )
        self.realtime = realtime_of(self.app)
        store = self.realtime.store
        store.decks.save("random-class", DECK_YAML)
        user_id = store.accounts.create_user("physio", "not-a-password-hash", "facilitator")
        self.session = store.sessions.create("random-class", user_id)
        token = store.accounts.create_api_token(user_id)
        self.console = Client(
            self.app,
            "/facilitator",
            {"token": token, "session_id": self.session["id"]},
            room_audience=False,
        )
        self.screen = Client(
            self.app, "/screen", {"key": self.session["screen_key"]}, room_audience=True
        )
        self.participant_ids: list[str] = []
        self.phones: list[Client] = []
        for n in range(people):
            row, phone_token = store.participants.add(self.session["id"], f"P{n}")
            self.participant_ids.append(row["id"])
            self.phones.append(
                Client(self.app, "/participant", {"token": phone_token}, room_audience=True)
            )

    @property
    def clients(self) -> list[Client]:
        return [self.console, self.screen, *self.phones]

    def read(self) -> tuple[tuple, dict, dict]:
        """(live state, answer ids, responses) straight from the database, on a connection of
        the test's own rather than the store's."""
        person = {pid: n for n, pid in enumerate(self.participant_ids)}
        with self.connection() as db:
            state = db.execute(
                "SELECT seq, step_index, open, revealed FROM sessions WHERE id = ?",
                (self.session["id"],),
            ).fetchone()
            answer_ids = db.execute(
                "SELECT participant_id, answer_id, step_id, value FROM answer_ids"
            ).fetchall()
            responses = db.execute(
                "SELECT participant_id, step_id, answer_id, value FROM responses"
                " WHERE session_id = ?",
                (self.session["id"],),
            ).fetchall()
        stored_ids = {(person[p], a): (s, v) for p, a, s, v in answer_ids}
        stored_responses = {(person[p], s): (a, v) for p, s, a, v in responses}
        assert len(stored_ids) == len(answer_ids)  # no answer id twice
        assert len(stored_responses) == len(responses)  # one response per person and step
        return (state[0], state[1], bool(state[2]), bool(state[3])), stored_ids, stored_responses

    def connection(self) -> Any:
        """A read-only connection with SQLite's `?` placeholders on either engine."""
        if self.database.startswith("postgresql://"):
            return _QuestionMarks(psycopg.connect(self.database, autocommit=True))
        return closing(sqlite3.connect(f"file:{self.database}?mode=ro", uri=True))

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.realtime.store.close()


class _QuestionMarks:
    """A psycopg connection taking `?` placeholders, as the read above is written."""

    def __init__(self, connection: psycopg.Connection):
        self._connection = connection

    def __enter__(self) -> _QuestionMarks:
        return self

    def __exit__(self, *exc: object) -> None:
        self._connection.close()

    def execute(self, sql: str, params: tuple = ()) -> psycopg.Cursor:
        return self._connection.execute(sql.replace("?", "%s"), params)


@pytest.fixture(scope="module")
def postgres_url(pytestconfig) -> Iterator[str | None]:
    """With `--engine postgresql`, the module's database; on SQLite, none."""
    if pytestconfig.getoption("engine") != "postgresql":
        yield None
        return
    with fresh_database() as url:
        yield url


# The actions Hypothesis chooses from --------------------------------------------------------------


def value_for(step: dict) -> st.SearchStrategy:
    """Values for a step: mostly valid ones, and every kind of wrong one."""
    junk = st.sampled_from([None, True, "", "nope", 2.5, [], {"a": 1}, "red", 3])
    if step["kind"] == "scale":
        valid = st.integers(step["min"], step["max"])
        near = st.integers(step["min"] - 2, step["max"] + 2) | st.just(float(step["max"]))
        return st.one_of(valid, valid, near, junk)
    if step["kind"] == "slide":
        return junk
    ids = option_ids(step)
    if step["kind"] == "rank":
        ranked = st.permutations(ids).map(list)
        wrong = st.lists(st.sampled_from([*ids, "nope"]), max_size=4)  # missing, repeats, unknown
        return st.one_of(ranked, ranked, wrong, junk)
    if step["kind"] == "points":
        budget = step["budget"]
        shared = st.integers(0, budget).flatmap(
            lambda a: st.integers(0, budget - a).map(lambda b: (a, b, budget - a - b))
        )
        valid = shared.map(lambda three: dict(zip(ids, three, strict=True)))
        off = st.dictionaries(
            st.sampled_from([*ids, "nope"]),
            st.integers(-2, budget + 2) | st.sampled_from([True, 2.5, 5.0, "5", None]),
        )
        return st.one_of(valid, valid, off, junk)
    single = st.sampled_from(ids)
    many = st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True)
    wrong = st.lists(st.sampled_from([*ids, "nope"]), max_size=4)  # empty, repeats, unknown
    return (
        st.one_of(many, many, single, wrong, junk)
        if is_multiple(step)
        else st.one_of(single, single, many, junk)
    )


def draw_answer(data, model: Model, person: int, sent: list[dict], counter: list[int]) -> Any:
    current = model.step
    step_ids = [s["id"] for s in STEPS]
    if current is not None and data.draw(st.integers(0, 3), label="current step?") > 0:
        step_id = current["id"]
    else:
        step_id = data.draw(st.sampled_from([*step_ids, "no-such-step"]), label="step")
    step = BY_ID.get(step_id, STEPS[2])
    how = data.draw(
        st.sampled_from(
            [
                "new",
                "new",
                "new",
                "new",
                "same again",
                "same again",
                "reuse id",
                "reuse id",
                "bad id",
                "no value",
                "not an object",
            ]
        ),
        label="how",
    )
    if how in ("same again", "reuse id") and sent:
        earlier = data.draw(st.sampled_from(sent), label="earlier")
        if how == "same again":
            return dict(earlier)
        return {**earlier, "step_id": step_id, "value": data.draw(value_for(step), label="value")}
    if how == "bad id":
        answer_id = data.draw(st.sampled_from(["", "x" * 65, 7, None]), label="bad id")
        return {"step_id": step_id, "value": data.draw(value_for(step)), "id": answer_id}
    if how == "not an object":
        return data.draw(st.sampled_from(["an answer", ["how-long"], 5]), label="payload")
    counter[0] += 1
    payload = {"step_id": step_id, "id": f"answer-{person}-{counter[0]}"}
    if how != "no value":
        payload["value"] = data.draw(value_for(step), label="value")
    return payload


def draw_command(data, model: Model) -> tuple[str, dict]:
    name = data.draw(
        st.sampled_from(
            ["next", "next", "next", "back", "goto", "open", "close", "reveal", "reveal", "hide"]
        ),
        label="command",
    )
    args: dict[str, Any] = {}
    if name == "goto":
        args["index"] = data.draw(st.integers(LOBBY - 1, len(STEPS)), label="index")
        args["force"] = data.draw(st.booleans(), label="force")
    seq = data.draw(st.sampled_from(["none", "none", "none", "current", "stale"]), label="seq")
    if seq == "current":
        args["seq"] = model.seq
    elif seq == "stale":
        args["seq"] = model.seq + data.draw(st.sampled_from([-1, 1, -5]), label="off by")
    return name, args


# The property -------------------------------------------------------------------------------------


def expect(ack: dict, code: str | None, model: Model, what) -> None:
    event(f"{what[0] if isinstance(what, tuple) else 'answer'}: {code or 'ok'}")
    if code is None:
        assert ack == {"ok": True, "seq": model.seq}, (what, ack)
    else:
        assert ack["ok"] is False, (what, ack, code)
        assert ack["error"]["code"] == code, (what, ack)


def check_invariants(room: Room, model: Model, seen_seq: list[int]) -> None:
    state, stored_ids, stored_responses = room.read()
    assert state == (model.seq, model.index, model.open, model.revealed)
    assert state[0] >= seen_seq[0]  # seq only grows
    seen_seq[0] = state[0]
    assert stored_ids == model.answer_ids  # every ok answer stored once, nothing else
    assert stored_responses == model.responses

    room.realtime.flush()
    for client in room.clients:
        client.drain(model)
    step = model.step
    if step is not None and takes_answers(step):
        values = [json.loads(v) for (_, s), (_, v) in stored_responses.items() if s == step["id"]]
        expected = recount(step, values)
        got = room.console.latest_results[step["id"]]
        assert {k: got[k] for k in expected} == expected, (got, expected)
        assert got["seq"] == model.seq
        assert got["withheld"] == (len(values) < MIN_RESPONSES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), people=st.integers(1, 4), length=st.integers(1, 60))
def test_random_classes_keep_every_promise(tmp_path_factory, postgres_url, data, people, length):
    with tempfile.TemporaryDirectory(dir=tmp_path_factory.getbasetemp()) as directory:
        if postgres_url:
            empty_database(postgres_url)
        room = Room(postgres_url or str(Path(directory) / "talkback.db"), people)
        try:
            model = Model()
            sent: list[list[dict]] = [[] for _ in range(people)]
            counter = [0]
            seen_seq = [0]
            check_invariants(room, model, seen_seq)
            # Start anywhere in the deck, so that short runs reach the questions too.
            start = {
                "index": data.draw(st.integers(LOBBY, len(STEPS) - 1), label="start"),
                "force": True,
            }
            expect(
                room.console.emit("goto", start),
                model.command("goto", start),
                model,
                ("goto", start),
            )
            check_invariants(room, model, seen_seq)
            for _ in range(length):
                actor = data.draw(
                    st.sampled_from(
                        [
                            "console",
                            "console",
                            "phone",
                            "phone",
                            "phone",
                            "phone snapshot",
                            "phone reconnect",
                        ]
                    ),
                    label="actor",
                )
                if actor == "console":
                    name, args = draw_command(data, model)
                    ack = room.console.emit(name, args or None)
                    expect(ack, model.command(name, args), model, (name, args))
                elif actor == "phone":
                    person = data.draw(st.integers(0, people - 1), label="person")
                    payload = draw_answer(data, model, person, sent[person], counter)
                    ack = room.phones[person].emit("answer", payload)
                    expect(ack, model.answer(person, payload), model, payload)
                    if isinstance(payload, dict) and isinstance(payload.get("id"), str):
                        sent[person].append(payload)
                else:
                    person = data.draw(st.integers(0, people - 1), label="person")
                    phone = room.phones[person]
                    if actor == "phone reconnect":
                        phone.reconnect()
                        (mine,) = [s for s in phone.drain(model) if "me" in s]
                    else:
                        ack = phone.emit("snapshot")
                        assert ack["ok"]
                        mine = ack["snapshot"]
                        phone.check_snapshot(mine)
                    assert mine["seq"] == model.seq
                    assert (mine["step"] or {}).get("id") == (model.step or {}).get("id")
                    assert (mine["open"], mine["revealed"]) == (model.open, model.revealed)
                    assert mine["me"]["responses"] == model.responses_of(person)
                check_invariants(room, model, seen_seq)
        finally:
            room.close()
