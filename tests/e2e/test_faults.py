"""The reliability promise under faults, on the real server process with real clients:

  an answer the phone showed as sent is stored exactly once,
  and every device comes back to the right step on its own.

Each test breaks something (the process, the network, a phone, the database, the timing of
two consoles) and then reads the SQLite file directly to check what was kept. docs/reliability.md
lists which test proves which promise."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
import requests

from tests.e2e.clients import Listener, Phone, PhoneProcess, Proxy, create_session, join, token_hash

pytestmark = pytest.mark.e2e

POLL = "how-long"  # a single-choice poll in the demo deck
OPTIONS = [
    "under-6-weeks",
    "6-weeks-to-3-months",
    "3-to-12-months",
    "over-a-year",
    "comes-and-goes",
]
CRASH_AFTER_COMMIT = "tests/e2e/crash_after_commit.py"  # run.py with the crash, for tests only
BACK_WITHIN = 10.0  # seconds for every device to be back on the current step


# The room ---------------------------------------------------------------------------------------


@dataclass
class Room:
    """A session of the demo deck with a console, a screen and phones, all reconnecting on
    their own."""

    server: object
    token: str
    session: dict
    console: Listener
    screen: Listener
    phones: list[Phone] = field(default_factory=list)
    others: list = field(default_factory=list)  # more consoles, phone processes

    @property
    def devices(self) -> list:
        """Every device in the room: the console, the projector and the phones."""
        return [self.console, self.screen, *self.phones, *self.others]

    def index_of(self, step_id: str) -> int:
        return next(s["index"] for s in self.console.snapshot["outline"] if s["id"] == step_id)

    def command(self, name: str, data=None) -> dict:
        ack = self.console.call(name, data)
        assert ack["ok"], (name, ack)
        self.console.wait_for(lambda c: c.seq >= ack["seq"])
        return ack

    def goto(self, step_id: str) -> int:
        return self.command("goto", {"index": self.index_of(step_id), "force": True})["seq"]

    @property
    def now(self) -> tuple[int, str | None]:
        """The room's (seq, step id), from the store itself."""
        with read_only(self.server.database) as db:
            seq, index = db.execute(
                "SELECT seq, step_index FROM sessions WHERE id = ?", (self.session["id"],)
            ).fetchone()
        outline = self.console.snapshot["outline"]
        return seq, outline[index]["id"] if index >= 0 else None

    def close(self) -> None:
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda c: c.close(), self.devices))


def open_room(server, people: int) -> Room:
    """A new session with its console, its projector and `people` phones, all connected."""
    token = server.token()
    session = create_session(server, token)
    console = Listener(
        server.url, "/facilitator", {"token": token, "session_id": session["id"]}, reconnection=True
    )
    try:
        screen = Listener(
            server.url,
            "/screen",
            {"key": session["screen_url"].rsplit("/", 1)[1]},
            reconnection=True,
        )
    except BaseException:
        console.close()
        raise
    room = Room(server, token, session, console, screen)
    try:
        with ThreadPoolExecutor(max_workers=16) as pool:
            tokens = list(pool.map(lambda i: join(server, session["code"], f"P{i}"), range(people)))
            for phone in pool.map(lambda t: Phone(server.url, t), tokens):
                room.phones.append(phone)
    except BaseException:
        room.close()
        raise
    return room


def wait_until(predicate, timeout: float, what: str, step: float = 0.02) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(step)


def all_back_on_step(room: Room, clients, started: float, budget: float = BACK_WITHIN) -> float:
    """Wait until every client shows the room's current state; returns the seconds it took."""
    seq, step_id = room.now
    for client in clients:
        remaining = max(0.0, started + budget - time.monotonic())
        client.wait_for(lambda c: c.on_step(seq, step_id), timeout=remaining)
    return time.monotonic() - started


# The store, read straight from the file ---------------------------------------------------------


@contextlib.contextmanager
def read_only(database):
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)
    try:
        yield db
    finally:
        db.close()


@dataclass
class Stored:
    """Everything the store holds for one session."""

    participant: dict[str, str]  # token hash -> participant id
    answer_ids: list[tuple]  # (participant id, answer id, step id, value)
    responses: list[tuple]  # (participant id, step id, answer id, value)

    @classmethod
    def read(cls, database, session_id: str) -> Stored:
        with read_only(database) as db:
            participant = dict(
                db.execute(
                    "SELECT token_hash, id FROM participants WHERE session_id = ?", (session_id,)
                ).fetchall()
            )
            answer_ids = db.execute(
                "SELECT a.participant_id, a.answer_id, a.step_id, a.value FROM answer_ids a"
                " JOIN participants p ON p.id = a.participant_id WHERE p.session_id = ?",
                (session_id,),
            ).fetchall()
            responses = db.execute(
                "SELECT participant_id, step_id, answer_id, value FROM responses"
                " WHERE session_id = ?",
                (session_id,),
            ).fetchall()
        return cls(participant, answer_ids, responses)

    def copies(self, phone, answer_id: str) -> tuple[int, int]:
        """How many times an answer is stored: (rows in answer_ids, rows in responses)."""
        pid = self.participant[token_hash(phone.token)]
        return (
            sum(1 for p, a, _, _ in self.answer_ids if (p, a) == (pid, answer_id)),
            sum(1 for p, _, a, _ in self.responses if (p, a) == (pid, answer_id)),
        )

    def assert_once(self, phone, answer_id: str) -> None:
        """The answer is stored exactly once, with the value and step the phone sent, and it is
        the participant's response to that step."""
        sent = phone.sent[answer_id]
        pid = self.participant[token_hash(phone.token)]
        assert self.copies(phone, answer_id) == (1, 1), (answer_id, self.copies(phone, answer_id))
        (row,) = [r for r in self.responses if r[0] == pid and r[2] == answer_id]
        assert row[1] == sent["step_id"]
        assert json.loads(row[3]) == sent["value"]

    def assert_absent(self, phone, answer_id: str) -> None:
        assert self.copies(phone, answer_id) == (0, 0), answer_id

    def recount(self, step_id: str) -> dict:
        """The poll's aggregate, counted again from the stored rows."""
        values = [json.loads(v) for _, s, _, v in self.responses if s == step_id]
        counts = Counter(values)
        return {"total": len(values), "counts": {o: counts.get(o, 0) for o in OPTIONS}}


def console_matches(console: Listener, expected: dict, step_id: str = POLL) -> bool:
    got = console.results.get(step_id) or {}
    return got.get("total") == expected["total"] and got.get("counts") == expected["counts"]


def acked_count(phones) -> int:
    return sum(1 for phone in phones if phone.acks)


def fire_staggered(
    phones, step_id: str, gap: float, burst: int = 1
) -> tuple[list[str], threading.Thread]:
    """The phones answer in bursts of `burst` at once, a burst every `gap` seconds, on a thread
    of their own; returns the answer ids (the answers are sent as the thread goes)."""
    ids: list[str] = [f"{step_id}-{i}" for i in range(len(phones))]

    def run():
        start = time.monotonic()
        for i, phone in enumerate(phones):
            time.sleep(max(0.0, start + (i // burst) * gap - time.monotonic()))
            phone.answer(step_id, OPTIONS[i % len(OPTIONS)], ids[i])

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return ids, thread


# 1. kill -9 while a hundred phones answer -------------------------------------------------------


@pytest.mark.parametrize(
    "batch_wait_ms", ["2", "25"], ids=["default-batching", "long-wait-big-batches"]
)
def test_kill_9_while_a_hundred_phones_answer_loses_and_doubles_nothing(make_server, batch_wait_ms):
    """Answers arriving together share one commit: the kill lands while some batches are
    stored and acknowledged, one is being gathered or committed, and more are on the way."""
    server = make_server({"TALKBACK_ANSWER_BATCH_WAIT_MS": batch_wait_ms})
    room = open_room(server, 100)
    try:
        room.goto(POLL)
        all_back_on_step(room, room.phones, time.monotonic())

        # 50 answers at once, and 50 more half a second later: the kill comes in the middle of
        # the first burst (some acknowledged, some in the server), the second finds it dead.
        ids, firing = fire_staggered(room.phones, POLL, gap=0.5, burst=50)
        wait_until(lambda: acked_count(room.phones) >= 20, 10, "20 acknowledgements", step=0.002)
        assert server.kill9() == -9
        died = time.monotonic()
        firing.join(5)
        time.sleep(0.2)  # let acknowledgements already delivered reach their handlers
        shown_as_sent = [(p, i) for p, i in zip(room.phones, ids, strict=True) if p.ok(i)]

        # Durability: every answer acknowledged before the kill is in the file, once.
        stored = Stored.read(server.database, room.session["id"])
        for phone, answer_id in shown_as_sent:
            stored.assert_once(phone, answer_id)
        stored_unacked = len(stored.responses) - len(shown_as_sent)
        assert 20 <= len(shown_as_sent) < 100

        server.restart()
        took = all_back_on_step(room, room.devices, time.monotonic())
        assert all(device.connects >= 2 for device in room.devices)  # each came back by itself

        # Unacknowledged answers were sent again, with the same ids, and acknowledged.
        wait_until(
            lambda: all(p.ok(i) for p, i in zip(room.phones, ids, strict=True)),
            20,
            "every answer to be acknowledged after the restart",
        )
        stored = Stored.read(server.database, room.session["id"])
        for phone, answer_id in zip(room.phones, ids, strict=True):
            stored.assert_once(phone, answer_id)
        assert len(stored.answer_ids) == len(stored.responses) == 100

        expected = stored.recount(POLL)
        room.console.wait_for(lambda c: console_matches(c, expected), timeout=5)
        print(
            f"\nacked before the kill: {len(shown_as_sent)}, stored but not acked: "
            f"{stored_unacked}, back on the step {took:.1f}s after the restart "
            f"({time.monotonic() - died:.1f}s after the kill)"
        )

        # The connections are live, not just restored: the whole room follows the next step.
        seq = room.command("next")["seq"]
        for phone in room.phones:
            phone.wait_for(lambda p, seq=seq: p.seq == seq, timeout=BACK_WITHIN)
    finally:
        room.close()


# 2. crash between commit and acknowledgement ----------------------------------------------------


def test_crash_after_commit_before_ack_then_the_retry_is_stored_once(make_server):
    server = make_server({"CRASH_AFTER_COMMIT": "crash-me"}, script=CRASH_AFTER_COMMIT)
    room = open_room(server, 2)
    try:
        room.goto(POLL)
        bystander, victim = room.phones
        bystander.answer(POLL, "over-a-year", "before-crash")
        bystander.wait_for(lambda p: p.ok("before-crash"))

        victim.answer(POLL, "under-6-weeks", "crash-me")
        assert server.wait_exit(10) == 70  # stored, then the process died before acking
        victim.wait_for(lambda p: p.disconnects >= 1)
        assert not victim.acks.get("crash-me"), "no acknowledgement came from the dead server"
        Stored.read(server.database, room.session["id"]).assert_once(victim, "crash-me")

        server.restart(env={})  # the same port and file, without the fault
        victim.wait_for(lambda p: p.ok("crash-me"), timeout=BACK_WITHIN)  # sent again by itself
        stored = Stored.read(server.database, room.session["id"])
        stored.assert_once(victim, "crash-me")
        stored.assert_once(bystander, "before-crash")
        assert len(stored.responses) == 2
        all_back_on_step(room, room.devices, time.monotonic())
        expected = stored.recount(POLL)
        room.console.wait_for(lambda c: console_matches(c, expected), timeout=5)
    finally:
        room.close()


def test_crash_after_a_shared_commit_before_any_ack_then_the_retries_are_stored_once(
    make_server,
):
    """The answer that crashes the server arrives first, so it gathers the burst behind it
    into its commit: the whole batch is stored, none of it acknowledged, and every phone's
    retry after the restart is found stored, once."""
    server = make_server(
        {"CRASH_AFTER_COMMIT": "crash-me", "TALKBACK_ANSWER_BATCH_WAIT_MS": "300"},
        script=CRASH_AFTER_COMMIT,
    )
    room = open_room(server, 20)
    try:
        room.goto(POLL)
        all_back_on_step(room, room.phones, time.monotonic())
        leader, *others = room.phones
        leader.answer(POLL, "under-6-weeks", "crash-me")
        time.sleep(0.01)
        ids = [f"burst-{n}" for n in range(len(others))]
        for n, (phone, answer_id) in enumerate(zip(others, ids, strict=True)):
            phone.answer(POLL, OPTIONS[n % len(OPTIONS)], answer_id)
        assert server.wait_exit(10) == 70  # the batch stored, then the process died
        time.sleep(0.2)  # let any acknowledgement already delivered reach its handler
        assert not any(p.acks for p in room.phones), "the dead server acknowledged nothing"
        stored = Stored.read(server.database, room.session["id"])
        stored.assert_once(leader, "crash-me")
        shared = [(p, i) for p, i in zip(others, ids, strict=True) if stored.copies(p, i)[0]]
        assert shared, "no other answer shared the crashed commit"
        for phone, answer_id in shared:
            stored.assert_once(phone, answer_id)

        server.restart(env={})  # the same port and file, without the fault
        everyone = [(leader, "crash-me"), *zip(others, ids, strict=True)]
        wait_until(lambda: all(p.ok(i) for p, i in everyone), 20, "every retry to be acknowledged")
        stored = Stored.read(server.database, room.session["id"])
        for phone, answer_id in everyone:
            stored.assert_once(phone, answer_id)
        assert len(stored.answer_ids) == len(stored.responses) == len(room.phones)
        print(f"\nstored by the crashed commit, unacknowledged: {len(shared) + 1}")
    finally:
        room.close()


# 3. dropped, cut off and frozen phones ----------------------------------------------------------


def test_a_connection_dropped_right_after_sending_loses_no_answer(make_server):
    server = make_server()
    proxy = Proxy(server.port)
    room = open_room(server, 1)
    try:
        room.goto(POLL)
        # One phone's link is reset as soon as its answer reaches the server (the ack is lost);
        via_proxy = Phone(proxy.url, join(server, room.session["code"], "cut"))
        room.phones.append(via_proxy)
        # another closes its own socket the moment it has emitted.
        self_closing = room.phones[0]
        all_back_on_step(room, room.phones, time.monotonic())

        proxy.cut_after_next_upload()
        via_proxy.answer(POLL, "over-a-year", "cut-after-upload")
        self_closing.answer(POLL, "comes-and-goes", "closed-after-emit")
        self_closing.client.eio.ws.sock.shutdown(socket.SHUT_RDWR)

        for phone, answer_id in (
            (via_proxy, "cut-after-upload"),
            (self_closing, "closed-after-emit"),
        ):
            phone.wait_for(lambda p: p.disconnects >= 1)
            phone.wait_for(lambda p, i=answer_id: p.ok(i), timeout=BACK_WITHIN)
        stored = Stored.read(server.database, room.session["id"])
        stored.assert_once(via_proxy, "cut-after-upload")
        stored.assert_once(self_closing, "closed-after-emit")

        seq = room.command("next")["seq"]
        all_back_on_step(room, room.phones, time.monotonic())
        for phone, answer_id in (
            (via_proxy, "cut-after-upload"),
            (self_closing, "closed-after-emit"),
        ):
            mine = phone.call("snapshot")["snapshot"]
            assert mine["seq"] == seq
            assert mine["me"]["responses"] == {POLL: phone.sent[answer_id]["value"]}
    finally:
        room.close()
        proxy.close()


def test_a_minute_offline_and_a_frozen_phone_come_back_to_the_current_step(make_server, tmp_path):
    server = make_server({"TALKBACK_PING_INTERVAL": "5", "TALKBACK_PING_TIMEOUT": "5"})
    proxy = Proxy(server.port)
    room = open_room(server, 0)
    try:
        offline = Phone(proxy.url, join(server, room.session["code"], "offline"))
        room.phones.append(offline)
        frozen = PhoneProcess(
            server.url,
            join(server, room.session["code"], "frozen"),
            log_path=tmp_path / "frozen-phone.log",
        )
        room.others.append(frozen)
        room.goto(POLL)
        all_back_on_step(room, [offline, frozen], time.monotonic())
        offline.answer(POLL, "over-a-year", "offline-poll")
        frozen.answer(POLL, "under-6-weeks", "frozen-poll")
        offline.wait_for(lambda p: p.ok("offline-poll"))
        frozen.wait_for(lambda p: p.ok("frozen-poll"))

        t0 = time.monotonic()
        proxy.blackhole()  # a minute without signal
        frozen.freeze()  # the OS stops the phone's browser

        def at(seconds):
            time.sleep(max(0.0, t0 + seconds - time.monotonic()))

        at(1)
        room.command("next")  # the room moves on without them
        # Still looking at the poll, the offline person changes their answer; it cannot leave.
        offline.answer(POLL, "comes-and-goes", "offline-stale")
        at(12)  # past ping interval + timeout: the server has dropped both
        room.command("next")
        at(20)
        frozen.thaw()
        all_back_on_step(room, [frozen], time.monotonic())
        _, step_id = room.now
        frozen.answer(step_id, "myth", "frozen-quiz")
        frozen.wait_for(lambda p: p.ok("frozen-quiz"))
        at(40)
        room.command("next")
        all_back_on_step(room, [frozen], time.monotonic())  # it follows live again
        at(60)
        assert not offline.connected, "the offline phone noticed its connection was dead"
        proxy.restore()
        all_back_on_step(room, room.devices, time.monotonic())
        # Its stale answer was sent again on reconnect and refused: the poll is over.
        offline.wait_for(lambda p: p.acks.get("offline-stale"))
        assert offline.codes("offline-stale") == ["not_current"]

        _, step_id = room.now
        offline.answer(step_id, "fact", "offline-quiz")
        offline.wait_for(lambda p: p.ok("offline-quiz"))
        assert offline.connects >= 2
        assert frozen.connects >= 2

        stored = Stored.read(server.database, room.session["id"])
        stored.assert_once(offline, "offline-poll")
        stored.assert_once(offline, "offline-quiz")
        stored.assert_absent(offline, "offline-stale")
        mine = offline.call("snapshot")["snapshot"]["me"]["responses"]
        assert mine == {POLL: "over-a-year", step_id: "fact"}
        frozen_pid = stored.participant[token_hash(frozen_token(frozen))]
        frozen_rows = {(s, a) for p, s, a, _ in stored.responses if p == frozen_pid}
        quiz_before = room.console.snapshot["outline"][room.index_of(step_id) - 1]["id"]
        assert frozen_rows == {(POLL, "frozen-poll"), (quiz_before, "frozen-quiz")}
    finally:
        room.close()
        proxy.close()


def frozen_token(phone: PhoneProcess) -> str:
    return phone.process.args[4]


# 4. two consoles press "next" together ----------------------------------------------------------


def test_two_consoles_pressing_next_together_move_the_room_one_step(server):
    room = open_room(server, 1)
    second = Listener(
        server.url,
        "/facilitator",
        {"token": room.token, "session_id": room.session["id"]},
        reconnection=True,
    )
    room.others.append(second)
    try:
        consoles = (room.console, second)
        for _ in range(8):
            seq = room.console.seq
            second.wait_for(lambda c, seq=seq: c.seq == seq)
            index = (room.console.snapshot["step"] or {"index": -1})["index"]
            together = threading.Barrier(2)
            acks: list[dict] = [{}, {}]

            def press(n, seq=seq, together=together, acks=acks):
                together.wait(5)
                acks[n] = consoles[n].call("next", {"seq": seq})

            threads = [threading.Thread(target=press, args=(n,)) for n in (0, 1)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(15)
            codes = sorted("ok" if a.get("ok") else a["error"]["code"] for a in acks)
            assert codes == ["ok", "stale"], acks
            (winner,) = [a for a in acks if a.get("ok")]
            assert winner["seq"] == seq + 1
            for client in (*consoles, room.phones[0]):
                client.wait_for(lambda c, seq=seq: c.seq == seq + 1)
                assert client.snapshot["step"]["index"] == index + 1
            assert room.now[0] == seq + 1
    finally:
        room.close()


# 5. answers racing "close" ------------------------------------------------------------------------


def test_answers_racing_close_are_stored_and_counted_or_refused_and_not(server):
    room = open_room(server, 60)
    try:
        room.goto(POLL)
        all_back_on_step(room, room.phones, time.monotonic())
        ids, firing = fire_staggered(room.phones, POLL, gap=0.01)  # 60 answers over ~0.6 s
        wait_until(lambda: acked_count(room.phones) >= 20, 10, "20 acknowledgements")
        room.command("close")
        firing.join(5)
        wait_until(lambda: all(p.acks for p in room.phones), 10, "every acknowledgement")

        outcome = {i: p.codes(i) for p, i in zip(room.phones, ids, strict=True)}
        assert all(len(c) == 1 and c[0] in ("ok", "closed") for c in outcome.values()), outcome
        stored = Stored.read(server.database, room.session["id"])
        for phone, answer_id in zip(room.phones, ids, strict=True):
            if outcome[answer_id] == ["ok"]:
                stored.assert_once(phone, answer_id)
            else:
                stored.assert_absent(phone, answer_id)
        accepted = sum(1 for c in outcome.values() if c == ["ok"])
        assert 20 <= accepted < 60  # the last ones came well after the close
        assert len(stored.responses) == len(stored.answer_ids) == accepted

        expected = stored.recount(POLL)
        room.console.wait_for(lambda c: console_matches(c, expected), timeout=5)
        final = room.console.call("snapshot")["snapshot"]["results"]
        assert (final["total"], final["counts"]) == (expected["total"], expected["counts"])
    finally:
        room.close()


# 6. the database locked by another process ------------------------------------------------------


def test_a_database_locked_for_three_seconds_gives_busy_and_retries_succeed(make_server):
    server = make_server({"TALKBACK_DB_BUSY_TIMEOUT_MS": "500"})
    room = open_room(server, 3)
    try:
        seq = room.goto(POLL)
        all_back_on_step(room, room.phones, time.monotonic())
        ids = [f"locked-{n}" for n in range(3)]

        lock = sqlite3.connect(server.database, timeout=5, isolation_level=None)
        try:
            lock.execute("BEGIN IMMEDIATE")  # another process holds the write lock
            locked_at = time.monotonic()
            for n, phone in enumerate(room.phones):
                phone.answer(POLL, OPTIONS[n], ids[n])
            wait_until(lambda: all(p.acks for p in room.phones), 2.5, "busy acknowledgements")
            refused = room.console.call("close")  # a command needs the write lock too
            # Reads still work (once no write is waiting: see the next test).
            responsive = room.console.call("snapshot", timeout=2)
            page = requests.get(f"{server.url}/signin", timeout=2)
            assert time.monotonic() - locked_at < 3, "all of this happened during the lock"
            time.sleep(max(0.0, locked_at + 3 - time.monotonic()))
        finally:
            lock.execute("ROLLBACK")
            lock.close()

        for phone, answer_id in zip(room.phones, ids, strict=True):
            assert phone.codes(answer_id) == ["busy"]
        assert refused["error"]["code"] == "busy"
        assert responsive["ok"]
        assert responsive["snapshot"]["seq"] == seq
        assert page.status_code == 200
        stored = Stored.read(server.database, room.session["id"])
        assert stored.responses == []
        assert stored.answer_ids == []

        for phone, answer_id in zip(room.phones, ids, strict=True):
            phone.retry(answer_id)
        wait_until(
            lambda: all(p.ok(i) for p, i in zip(room.phones, ids, strict=True)),
            5,
            "the retries to be acknowledged",
        )
        stored = Stored.read(server.database, room.session["id"])
        for phone, answer_id in zip(room.phones, ids, strict=True):
            stored.assert_once(phone, answer_id)
        room.console.wait_for(lambda c: console_matches(c, stored.recount(POLL)), timeout=5)
        assert room.command("close")["seq"] == seq + 1  # and commands work again
    finally:
        room.close()


def test_reads_are_answered_at_once_while_writes_wait_for_a_locked_database(make_server):
    server = make_server({"TALKBACK_DB_BUSY_TIMEOUT_MS": "1000"})
    room = open_room(server, 3)
    try:
        seq = room.goto(POLL)
        all_back_on_step(room, room.phones, time.monotonic())
        lock = sqlite3.connect(server.database, timeout=5, isolation_level=None)
        try:
            lock.execute("BEGIN IMMEDIATE")
            locked_at = time.monotonic()
            for n, phone in enumerate(room.phones):  # three writes wait for the lock
                phone.answer(POLL, OPTIONS[n], f"waiting-{n}")
            time.sleep(0.1)
            asked = time.monotonic()
            snapshot = room.console.call("snapshot", timeout=10)
            took = time.monotonic() - asked
            time.sleep(max(0.0, locked_at + 3 - time.monotonic()))
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        assert snapshot["snapshot"]["seq"] == seq
        assert took < 0.5, f"a snapshot took {took:.2f}s while three answers waited for the lock"
    finally:
        room.close()


# 7. graceful stop ---------------------------------------------------------------------------------


def test_sigterm_while_answers_are_in_flight_exits_0_and_keeps_every_acked_answer(make_server):
    server = make_server()
    room = open_room(server, 50)
    try:
        room.goto(POLL)
        all_back_on_step(room, room.phones, time.monotonic())
        ids, firing = fire_staggered(room.phones, POLL, gap=0.01)
        wait_until(lambda: acked_count(room.phones) >= 15, 10, "15 acknowledgements")
        server.terminate()
        assert server.wait_exit(10) == 0
        firing.join(5)
        time.sleep(0.2)

        stored = Stored.read(server.database, room.session["id"])
        outcome = {i: p.codes(i) for p, i in zip(room.phones, ids, strict=True)}
        for phone, answer_id in zip(room.phones, ids, strict=True):
            codes = outcome[answer_id]
            assert set(codes) <= {"ok", "unavailable"}, codes
            if "ok" in codes:
                stored.assert_once(phone, answer_id)
            elif codes:  # refused while stopping: nothing changed
                stored.assert_absent(phone, answer_id)
        acked = sum(1 for c in outcome.values() if "ok" in c)
        assert acked >= 15

        server.restart()
        all_back_on_step(room, room.devices, time.monotonic())
        # Unacknowledged answers went again by themselves; refused ones are tried again.
        for phone, answer_id in zip(room.phones, ids, strict=True):
            if "unavailable" in outcome[answer_id]:
                phone.retry(answer_id)
        wait_until(
            lambda: all(p.ok(i) for p, i in zip(room.phones, ids, strict=True)),
            10,
            "every answer to be acknowledged after the restart",
        )
        stored = Stored.read(server.database, room.session["id"])
        for phone, answer_id in zip(room.phones, ids, strict=True):
            stored.assert_once(phone, answer_id)
        room.console.wait_for(lambda c: console_matches(c, stored.recount(POLL)), timeout=5)
        print(
            f"\nacked before SIGTERM finished: {acked}, refused while stopping: "
            f"{sum(1 for c in outcome.values() if c == ['unavailable'])}"
        )
    finally:
        room.close()
