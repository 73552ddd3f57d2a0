"""The load generator: one asyncio process driving a server with many Socket.IO clients.

    python -m bench.generator CONFIG.json OUT.json

The harness (bench/harness.py) starts it pinned to its own core, with the server's pid, and
reads OUT.json. Every scenario is bounded: a fixed number of phones and steps, and a timeout on
every wait. All traffic goes to the server's 127.0.0.1 URL.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from bench.clients import CLIENTS, Conn, Tracker, now
from bench.stats import summarize

ROOT = Path(__file__).resolve().parents[1]
DECK = yaml.safe_load((ROOT / "sessions" / "decks" / "back-pain-1.yaml").read_text())
STEPS = DECK["steps"]
ANSWERABLE = ("poll", "quiz", "scale")
POLL_INDEX = next(i for i, s in enumerate(STEPS) if s["id"] == "how-long")
TICK = os.sysconf("SC_CLK_TCK")


# CPU and memory, read from /proc ----------------------------------------------------------------


def _cpu_seconds(pid: int | str) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def _cores() -> dict[str, tuple[float, float]]:
    """Per core: (busy, total) seconds since boot."""
    cores = {}
    with open("/proc/stat") as stat:
        for line in stat:
            if line.startswith("cpu") and line[3].isdigit():
                name, *values = line.split()
                values = [int(v) / TICK for v in values[:8]]
                idle = values[3] + values[4]
                cores[name] = (sum(values) - idle, sum(values))
    return cores


def rss_bytes(pids: int | list[int]) -> int:
    """Resident memory of the server, summed over its workers."""
    total = 0
    for pid in pids if isinstance(pids, list) else [pids]:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
    return total


class Monitor:
    """Samples this process's and the server's CPU (each worker's, and Redis's when there is
    one), and every core's busy time, twice a second, so that a run can say whether the
    generator (or anything else) was short of CPU."""

    def __init__(self, server_pids: list[int], redis_pid: int | None = None, every: float = 0.5):
        self.pids = [*server_pids, *([redis_pid] if redis_pid else [])]
        self.workers = len(server_pids)
        self.every = every
        self.samples: list[tuple[float, float, tuple[float, ...], dict]] = []
        self.marks: dict[str, int] = {}
        self._task: asyncio.Task | None = None

    def sample(self) -> int:
        self.samples.append(
            (now(), _cpu_seconds("self"), tuple(_cpu_seconds(pid) for pid in self.pids), _cores())
        )
        return len(self.samples) - 1

    def mark(self, name: str) -> None:
        self.marks[name] = self.sample()
        print(f"WINDOW {name}", flush=True)  # the harness profiles the window only

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            self.sample()

    def start(self) -> None:
        self.sample()
        self._task = asyncio.create_task(self._run())

    def stop(self) -> None:
        if self._task:
            self._task.cancel()

    def window(self, start: str = "start", end: str = "end") -> dict[str, Any]:
        a, b = self.samples[self.marks[start]], self.samples[self.marks[end]]
        span = max(1e-9, b[0] - a[0])
        cores = {
            name: round(
                100 * (b[3][name][0] - a[3][name][0]) / max(1e-9, b[3][name][1] - a[3][name][1]), 1
            )
            for name in b[3]
        }
        inside = self.samples[self.marks[start] : self.marks[end] + 1]
        peak = 0.0
        for i, first in enumerate(inside):  # the busiest second of the generator
            for last in inside[i + 1 :]:
                if last[0] - first[0] >= 0.95:
                    peak = max(peak, (last[1] - first[1]) / (last[0] - first[0]))
                    break
        each = [round(100 * (y - x) / span, 1) for x, y in zip(a[2], b[2], strict=True)]
        window = {
            "seconds": round(span, 2),
            "generator_cpu_pct": round(100 * (b[1] - a[1]) / span, 1),
            "generator_peak_1s_pct": round(100 * peak, 1),
            "server_cpu_pct": round(sum(each[: self.workers]), 1),  # % of one core
            "core_busy_pct": cores,
        }
        if self.workers > 1:
            window["worker_cpu_pct"] = each[: self.workers]
        if len(each) > self.workers:
            window["redis_cpu_pct"] = each[-1]
        return window


# Scenarios ---------------------------------------------------------------------------------------


@dataclass
class Session:
    id: str
    code: str
    screen_key: str
    index: int = 0  # with several workers, which one each of its connections uses
    facilitator: Conn | None = None
    screen: Conn | None = None
    phones: list[Conn] = field(default_factory=list)
    tracker: Tracker = field(default_factory=Tracker)


class Generator:
    def __init__(self, config: dict, http: aiohttp.ClientSession):
        self.config = config
        self.url = config["url"]
        self.urls = config.get("urls") or [self.url]  # one per worker
        self.http = http
        self.client = CLIENTS[config["client"]]
        self.monitor = Monitor(
            config.get("server_pids") or [config["server_pid"]], config.get("redis_pid")
        )
        self.rng = random.Random(config.get("seed", 1))
        self.errors: dict[str, int] = {}
        self.token = ""
        self.sessions_made = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def worker(self, session: Session, offset: int) -> str:
        """The worker of a session's connection: the console, screen and phones of one class
        alternate between workers, starting from a different one in each class, as a proxy
        spreading browsers at random would leave them."""
        return self.urls[(session.index + offset) % len(self.urls)]

    async def post(
        self, path: str, body: dict, token: str | None = None, url: str | None = None
    ) -> dict:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        async with self.http.post(
            (url or self.url) + path,
            json=body,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=30),
        ) as response:
            data = await response.json()
            if response.status >= 400:
                raise RuntimeError(f"{path}: {response.status} {data}")
            return data

    async def lag(self, reset: bool = False) -> dict:
        """The lag probe; with several workers, each one's, and the worst of them."""
        found = []
        for url in self.urls:
            async with self.http.get(
                url + "/_bench/lag" + ("?reset=1" if reset else ""),
                timeout=aiohttp.ClientTimeout(total=10),
            ) as response:
                found.append(await response.json())
        if len(found) == 1:
            return found[0]
        worst = {
            key: max((f[key] for f in found if f.get(key) is not None), default=None)
            for key in ("p50_ms", "p99_ms", "max_ms")
        }
        return {**worst, "samples": sum(f["samples"] for f in found), "workers": found}

    def conn(self, namespace: str, auth: dict, url: str | None = None, **kwargs) -> Conn:
        return self.client(self.http, url or self.url, namespace, auth, **kwargs)

    async def new_session(self) -> Session:
        if not self.token:
            self.token = (
                await self.post(
                    "/api/tokens", {"username": "demo", "password": self.config["password"]}
                )
            )["token"]
        index, self.sessions_made = self.sessions_made, self.sessions_made + 1
        console = self.urls[index % len(self.urls)]
        made = await self.post("/api/sessions", {"deck_id": "back-pain-1"}, self.token, url=console)
        session = Session(
            made["id"], made["code"], made["screen_url"].rsplit("/", 1)[-1], index=index
        )
        session.facilitator = self.conn(
            "/facilitator",
            {"token": self.token, "session_id": session.id},
            url=console,
            keep_results=True,
        )
        session.screen = self.conn(
            "/screen", {"key": session.screen_key}, url=self.worker(session, 1), keep_results=True
        )
        await session.facilitator.connect()
        await session.screen.connect()
        return session

    async def join(self, session: Session, i: int, timing: dict | None = None) -> Conn | None:
        """POST /api/join, connect, wait for the first snapshot. None if any of it failed."""
        t = {"start": now()}
        url = self.worker(session, i)
        try:
            joined = await self.post("/api/join", {"code": session.code, "name": f"P{i}"}, url=url)
            t["joined"] = now()
            phone = self.conn(
                "/participant",
                {"token": joined["participant_token"]},
                url=url,
                tracker=session.tracker,
            )
            t["snapshot"] = await phone.connect()
        except Exception as exc:  # noqa: BLE001 - counted, the run goes on
            self.error(f"join: {type(exc).__name__}: {str(exc)[:80]}")
            return None
        if timing is not None:
            timing.update(t)
        session.phones.append(phone)
        return phone

    async def join_many(self, session: Session, n: int, concurrency: int = 20) -> None:
        """Set-up, not measured: join as fast as the server takes it, a few at a time."""
        gate = asyncio.Semaphore(concurrency)

        async def one(i):
            async with gate:
                await self.join(session, i)

        await asyncio.gather(*(one(i) for i in range(n)))

    async def command(self, session: Session, event: str, data: Any = None) -> dict:
        ack = await session.facilitator.call(event, data, timeout=30)
        if not (isinstance(ack, dict) and ack.get("ok")):
            self.error(f"{event}: {ack}")
        return ack

    async def step_round(
        self, session: Session, event: str, data: Any = None, timeout: float = 30
    ) -> dict:
        """A facilitator command and its fan-out: ack time, and when each phone had it."""
        t0 = now()
        ack = await self.command(session, event, data)
        t_ack = now()
        if not (isinstance(ack, dict) and ack.get("ok")):
            return {"ack": t_ack - t0, "latencies": [], "missing": len(session.phones)}
        seq = ack["seq"]
        session.tracker.arm(seq, session.phones)
        try:
            await asyncio.wait_for(session.tracker.done.wait(), timeout)
        except TimeoutError:
            self.error("step: not every phone got the snapshot in time")
        seen = [p.seen_at(seq) for p in session.phones]
        latencies = [t - t0 for t in seen if t is not None]
        return {
            "ack": t_ack - t0,
            "latencies": latencies,
            "missing": sum(1 for t in seen if t is None),
            "seq": seq,
        }

    async def answer_window(self, session: Session, step: dict, window: float, tag: str) -> dict:
        """Every phone answers `step` once, at times spread uniformly over `window` seconds,
        sent on schedule whatever the acknowledgements are doing (open loop)."""
        plan = sorted(self.rng.uniform(0, window) for _ in session.phones)
        acks: list[tuple[float, float, bool]] = []  # (sent, acked, ok)
        all_acked = asyncio.Event()
        slips = []
        sends = []
        t0 = now()
        for i, (offset, phone) in enumerate(zip(plan, session.phones, strict=True)):
            wait = t0 + offset - now()
            if wait > 0:
                await asyncio.sleep(wait)
            sent = now()
            slips.append(sent - t0 - offset)

            def on_ack(value, t, sent=sent):
                good = isinstance(value, dict) and value.get("ok") is True
                if not good:
                    self.error(f"answer: {value}"[:120])
                acks.append((sent, t, good))
                if len(acks) == len(plan):
                    all_acked.set()

            sends.append(sent)
            try:
                await phone.send(
                    "answer",
                    {"step_id": step["id"], "value": value_for(step, i), "id": f"{tag}-{i}"},
                    on_ack,
                )
            except Exception as exc:  # noqa: BLE001
                self.error(f"send: {type(exc).__name__}")
        try:
            await asyncio.wait_for(all_acked.wait(), 60)
        except TimeoutError:
            self.error("answer: not every answer was acknowledged in 60 s")
        return {"t0": t0, "sends": sends, "acks": acks, "slips": slips}


def value_for(step: dict, i: int):
    if step["kind"] == "scale":
        return step["min"] + i % (step["max"] - step["min"] + 1)
    ids = [o["id"] for o in step["options"]]
    return [ids[i % len(ids)]] if step.get("multiple") else ids[i % len(ids)]


async def wait_until(predicate, timeout: float, every: float = 0.002) -> float | None:
    deadline = now() + timeout
    while now() < deadline:
        if predicate():
            return now()
        await asyncio.sleep(every)
    return None


def first_at_least(results: list[tuple[float, int | None]], n: int, after: float) -> float | None:
    return next((t for t, total in results if t >= after and (total or 0) >= n), None)


def message_sizes(session: Session) -> dict[str, float]:
    def mean(conns, event):
        count = sum(c.events.get(event, 0) for c in conns)
        size = sum(c.bytes.get(event, 0) for c in conns)
        return round(size / count) if count and size else None

    return {
        "participant_snapshot": mean(session.phones, "snapshot"),
        "facilitator_snapshot": mean([session.facilitator], "snapshot"),
        "results": mean([session.facilitator], "results"),
    }


async def b1_join_ramp(gen: Generator) -> dict:
    n, rate = gen.config["n"], gen.config.get("rate", 50)
    session = await gen.new_session()
    await asyncio.sleep(0.5)
    rss_before = rss_bytes(gen.monitor.pids[: gen.monitor.workers])
    await gen.lag(reset=True)
    gen.monitor.mark("start")
    timings = [{} for _ in range(n)]
    t0 = now()
    tasks = []
    slips = []
    for i in range(n):  # open loop: the i-th phone starts at i/rate, whatever the others do
        wait = t0 + i / rate - now()
        if wait > 0:
            await asyncio.sleep(wait)
        slips.append(now() - t0 - i / rate)
        tasks.append(asyncio.create_task(gen.join(session, i, timings[i])))
    await asyncio.wait_for(asyncio.gather(*tasks), n / rate + 120)
    gen.monitor.mark("end")
    lag = await gen.lag()
    await asyncio.sleep(0.5)
    rss_after = rss_bytes(gen.monitor.pids[: gen.monitor.workers])
    done = [t for t in timings if "snapshot" in t]
    to_snapshot = [t["snapshot"] - t["start"] for t in done]
    last = max((t["snapshot"] for t in done), default=t0)
    return {
        "joined": len(done),
        "time_to_snapshot": summarize(to_snapshot),
        "join_http": summarize([t["joined"] - t["start"] for t in done]),
        "connect_to_snapshot": summarize([t["snapshot"] - t["joined"] for t in done]),
        "ramp_seconds": round(last - t0, 2),
        "achieved_rate": round(len(done) / max(1e-9, last - t0), 1),
        "start_slip": summarize(slips),
        "rss_per_connection_kb": round((rss_after - rss_before) / max(1, len(done)) / 1024, 1),
        "lag": lag,
        "sizes": message_sizes(session),
        "_session": session,
        "_ops": len(done),
    }


B2_COMMANDS = ["next"] * len(STEPS) + ["back"] * (30 - len(STEPS))


def b2_indices() -> list[int]:
    """The step the room is on after each B2 command."""
    index, out = -1, []
    for event in B2_COMMANDS:
        index += 1 if event == "next" else -1
        out.append(index)
    return out


async def b2_class_step(gen: Generator) -> dict:
    session = await gen.new_session()
    await gen.join_many(session, gen.config["n"])
    await asyncio.sleep(1)
    await gen.lag(reset=True)
    gen.monitor.mark("start")
    rounds = []
    for event in B2_COMMANDS:
        rounds.append(await gen.step_round(session, event))
        await asyncio.sleep(gen.config.get("think", 0.2))
    gen.monitor.mark("end")
    lag = await gen.lag()
    last = [max(r["latencies"]) for r in rounds if r["latencies"] and not r["missing"]]
    return {
        "phones": len(session.phones),
        "rounds": len(rounds),
        "commands": f"next x{len(STEPS)} (lobby to the last step), then back x{30 - len(STEPS)}",
        "last_phone": summarize(last),
        "all_receipts": summarize([x for r in rounds for x in r["latencies"]]),
        "ack": summarize([r["ack"] for r in rounds]),
        "per_step_last_ms": [
            [STEPS[i]["id"], round(1000 * max(r["latencies"]), 1) if r["latencies"] else None]
            for i, r in zip(b2_indices(), rounds, strict=True)
        ],
        "missing": sum(r["missing"] for r in rounds),
        "lag": lag,
        "sizes": message_sizes(session),
        "_session": session,
        "_ops": len(rounds),
    }


async def _answer_scenario(gen: Generator, window: float, reveal: bool) -> dict:
    session = await gen.new_session()
    await gen.join_many(session, gen.config["n"])
    await gen.step_round(session, "goto", {"index": POLL_INDEX, "force": True})
    if reveal:  # the room watches the results come in, as the screen does in class
        await gen.step_round(session, "reveal")
    await asyncio.sleep(1)
    n = len(session.phones)
    await gen.lag(reset=True)
    gen.monitor.mark("start")
    sent = await gen.answer_window(session, STEPS[POLL_INDEX], window, "a")
    t_last_send = max(sent["sends"], default=sent["t0"])
    t_last_ack = max((a[1] for a in sent["acks"]), default=t_last_send)
    watcher = session.screen if reveal else session.facilitator
    t_final = await wait_until(
        lambda: first_at_least(watcher.results, n, sent["t0"]) is not None, 30
    )
    t_final = first_at_least(watcher.results, n, sent["t0"]) if t_final else None
    if t_final is None:
        gen.error("results: the final count never arrived")
    gen.monitor.mark("end")
    lag = await gen.lag()
    ok = [a for a in sent["acks"] if a[2]]
    span = max(1e-9, t_last_ack - sent["t0"])
    end = t_final or now()
    pushes = [t for t, _ in watcher.results if sent["t0"] <= t <= end]
    to_phones = sum(p.events.get("results", 0) for p in session.phones)  # all in the window
    return {
        "phones": n,
        "window_s": window,
        "answers_acked": len(ok),
        "ack": summarize([a[1] - a[0] for a in sent["acks"]]),
        "acked_per_s": round(len(ok) / span, 1),
        "last_answer_to_final_count_ms": round(1000 * (t_final - t_last_send), 1)
        if t_final
        else None,
        "last_ack_to_final_count_ms": round(1000 * (t_final - t_last_ack), 1) if t_final else None,
        "watcher": "screen" if reveal else "facilitator",
        "result_pushes_per_s": round(len(pushes) / max(1e-9, end - sent["t0"]), 2),
        "results_to_phones_per_s": round(to_phones / max(1e-9, end - sent["t0"]), 1),
        "send_slip": summarize(sent["slips"]),
        "lag": lag,
        "sizes": message_sizes(session),
        "_session": session,
        "_ops": len(ok),
    }


async def b3_answer_window(gen: Generator) -> dict:
    return await _answer_scenario(gen, window=gen.config.get("window", 10.0), reveal=True)


async def b4_answer_burst(gen: Generator) -> dict:
    return await _answer_scenario(gen, window=gen.config.get("window", 1.0), reveal=False)


async def _class_loop(
    gen: Generator, session: Session, deadline: float, start_after: float, out: dict
) -> None:
    """One class for B5: step on, let everyone answer the questions over a few seconds,
    reveal, move on; round the deck again at its end; stop at the deadline."""
    await asyncio.sleep(start_after)
    index = -1  # the lobby
    answered = 0
    while now() < deadline:
        if index + 1 >= len(STEPS):
            index = 0
            step = await gen.step_round(session, "goto", {"index": 0, "force": True})
        else:
            index += 1
            step = await gen.step_round(session, "next")
        out["step_latencies"].extend(step["latencies"])
        out["step_acks"].append(step["ack"])
        kind = STEPS[index]["kind"]
        if kind in ANSWERABLE and now() + 15 < deadline:
            answered += 1
            sent = await gen.answer_window(
                session, STEPS[index], gen.config["b5_window"], f"{index}-{answered}"
            )
            out["answer_acks"].extend(a[1] - a[0] for a in sent["acks"])
            out["answers"] += sum(1 for a in sent["acks"] if a[2])
            await asyncio.sleep(1)
            reveal = await gen.step_round(session, "reveal")
            out["step_latencies"].extend(reveal["latencies"])
            await asyncio.sleep(2)
        else:
            await asyncio.sleep(gen.config["b5_dwell"])
        out["steps"] += 1


async def b5_hospital_day(gen: Generator) -> dict:
    sessions_n, per = gen.config.get("sessions", 20), gen.config["n"]
    duration = gen.config.get("duration", 300)
    gen.config.setdefault("b5_window", 10.0)
    gen.config.setdefault("b5_dwell", 3.0)
    server = gen.monitor.pids[: gen.monitor.workers]
    rss_idle = rss_bytes(server)
    sessions = []
    for _ in range(sessions_n):
        session = await gen.new_session()
        await gen.join_many(session, per)
        sessions.append(session)
    await asyncio.sleep(2)
    connections = sum(len(s.phones) + 2 for s in sessions)
    rss_connected = rss_bytes(server)
    await gen.lag(reset=True)
    gen.monitor.mark("start")
    out = {"step_latencies": [], "step_acks": [], "answer_acks": [], "answers": 0, "steps": 0}
    started = now()
    deadline = started + duration
    await asyncio.gather(
        *(_class_loop(gen, s, deadline, k * 3.0 / sessions_n, out) for k, s in enumerate(sessions))
    )
    gen.monitor.mark("end")
    elapsed = now() - started
    lag = await gen.lag()
    disconnected = sum(
        1 for s in sessions for c in [*s.phones, s.facilitator, s.screen] if c.disconnected
    )
    return {
        "workers": len(gen.urls),
        "sessions": sessions_n,
        "phones": sum(len(s.phones) for s in sessions),
        "connections": connections,
        "duration_s": duration,
        "steps_taken": out["steps"],
        "answers_acked": out["answers"],
        "answers_per_s": round(out["answers"] / max(1e-9, elapsed), 1),
        "step_receipts": summarize(out["step_latencies"]),
        "step_ack": summarize(out["step_acks"]),
        "answer_ack": summarize(out["answer_acks"]),
        "lag": lag,
        "rss_idle_mb": round(rss_idle / 2**20, 1),
        "rss_connected_mb": round(rss_connected / 2**20, 1),
        "rss_end_mb": round(rss_bytes(server) / 2**20, 1),
        "rss_per_connection_kb": round((rss_connected - rss_idle) / connections / 1024, 1),
        "disconnected": disconnected,
        "sizes": message_sizes(sessions[0]),
        "session_ids": [s.id for s in sessions],  # the harness counts their stored answers
        "_sessions": sessions,
        "_ops": out["answers"],  # server CPU per acknowledged answer
    }


SCENARIOS = {
    "B1": b1_join_ramp,
    "B2": b2_class_step,
    "B3": b3_answer_window,
    "B4": b4_answer_burst,
    "B5": b5_hospital_day,
    "B5x2": b5_hospital_day,
}  # the harness doubles the sessions and starts 2 workers


async def run(config: dict) -> dict:
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as http:
        gen = Generator(config, http)
        gen.monitor.start()
        started = now()
        try:
            result = await asyncio.wait_for(
                SCENARIOS[config["scenario"]](gen), config.get("timeout", 900)
            )
        finally:
            gen.monitor.stop()
        sessions = result.pop("_sessions", None) or [result.pop("_session", None)]
        ops = result.pop("_ops", None)
        if "start" in gen.monitor.marks and "end" in gen.monitor.marks:
            cpu = result["cpu"] = gen.monitor.window()
            if ops:  # server CPU per join, command or answer: what one more of them costs
                cpu["server_cpu_ms_per_op"] = round(
                    10 * cpu["server_cpu_pct"] * cpu["seconds"] / ops, 2
                )
                cpu["generator_cpu_ms_per_op"] = round(
                    10 * cpu["generator_cpu_pct"] * cpu["seconds"] / ops, 2
                )
        result["errors"] = gen.errors
        result["generator_seconds"] = round(now() - started, 1)
        conns = [c for s in sessions if s for c in [s.facilitator, s.screen, *s.phones] if c]
        result["disconnected_during_run"] = sum(1 for c in conns if c.disconnected)
        await asyncio.gather(*(c.close() for c in conns), return_exceptions=True)
        return result


def main() -> int:
    config = json.loads(Path(sys.argv[1]).read_text())
    started = time.time()
    result = asyncio.run(run(config))
    result["wall_s"] = round(time.time() - started, 1)
    Path(sys.argv[2]).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
