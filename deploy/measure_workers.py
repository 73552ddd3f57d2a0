"""Measure one worker against several on this machine: the figures in docs/deploy.md.

    .venv/bin/python deploy/measure_workers.py --phones 400 --workers 1
    .venv/bin/python deploy/measure_workers.py --phones 400 --workers 2

It starts a Redis of its own (when there are several workers), the workers (run.py, sharing a
fresh SQLite file in a temporary folder) and phones in a few client processes, spread evenly
over the workers; the console sits on the first worker. The class is the demo deck's first
STEPS steps. For each step the console presses "next"; the script records how long each phone
took to show it, then every phone answers at once (when the step takes answers) and it records
how long each acknowledgement took and how long until the console's results counted everyone.
Everything is on 127.0.0.1 and every process it starts is stopped at the end.

The load generator shares the machine's cores with the workers, so the figures are what this
machine holds with its own clients, not what a server would hold with phones elsewhere."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.e2e.clients import Listener, Phone, create_session, join  # noqa: E402
from tests.e2e.conftest import DEMO_PASSWORD, free_port  # noqa: E402

ANSWERED = ("poll", "quiz", "scale")


def answer_for(step: dict, person: int):
    if step["kind"] == "scale":
        return step["min"] + person % (step["max"] - step["min"] + 1)
    ids = [o["id"] for o in step["options"]]
    return ids[: 1 + person % len(ids)] if step["multiple"] else ids[person % len(ids)]


class TimedPhone(Phone):
    def __init__(self, url: str, token: str):
        self.arrived: dict[int, float] = {}  # seq -> wall-clock time the snapshot came
        super().__init__(url, token)

    def _on_snapshot(self, snap):
        self.arrived.setdefault(snap["seq"], time.time())
        super()._on_snapshot(snap)


def client_process(urls_tokens: list[tuple[str, str]], offset: int, commands, reports) -> None:
    """Phones of one client process. Commands: ("step", seq, step, sent_at) or ("quit",)."""
    phones = []
    for url, token in urls_tokens:
        phones.append(TimedPhone(url, token))
    reports.put(("ready", len(phones)))
    while True:
        command = commands.get()
        if command[0] == "quit":
            break
        _, seq, step, sent_at = command
        deadline = time.monotonic() + 60
        for phone in phones:
            while seq not in phone.arrived and time.monotonic() < deadline:
                time.sleep(0.005)
        shown = [phone.arrived.get(seq, float("nan")) - sent_at for phone in phones]
        acks = answer_all(phones, step, offset) if step["kind"] in ANSWERED else []
        reports.put(("step", shown, acks))
    for phone in phones:
        phone.close()
    reports.put(("done",))


def answer_all(phones: list[TimedPhone], step: dict, offset: int) -> list[float]:
    """Every phone answers at once; how long each acknowledgement took (nan: refused)."""
    acks: list[float] = []
    done = threading.Semaphore(0)
    lock = threading.Lock()

    def send(phone, person):
        started = time.monotonic()

        def acked(ack=None):
            with lock:
                acks.append(time.monotonic() - started if ack and ack.get("ok") else float("nan"))
            done.release()

        phone.client.emit(
            "answer",
            {
                "step_id": step["id"],
                "value": answer_for(step, person),
                "id": f"{step['id']}-{person}",
            },
            namespace="/participant",
            callback=acked,
        )

    for i, phone in enumerate(phones):
        send(phone, offset + i)
    for _ in phones:
        done.acquire(timeout=60)
    return acks


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(v for v in values if v == v)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(name: str, values: list[float]) -> dict:
    lost = sum(1 for v in values if v != v)
    kept = [v for v in values if v == v]
    return {
        "what": name,
        "n": len(values),
        "lost": lost,
        "p50_ms": round(1000 * statistics.median(kept), 1) if kept else None,
        "p95_ms": round(1000 * percentile(kept, 0.95), 1) if kept else None,
        "max_ms": round(1000 * max(kept), 1) if kept else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--async-mode", default="eventlet", choices=("eventlet", "gevent"))
    args = parser.parse_args()

    started: list[subprocess.Popen] = []
    folder = Path(tempfile.mkdtemp(prefix="talkback-measure-"))
    try:
        env = {
            **os.environ,
            "TALKBACK_DEMO_PASSWORD": DEMO_PASSWORD,
            "TALKBACK_ASYNC_MODE": args.async_mode,
            "TALKBACK_EVENT_LIMIT_FACILITATOR": "1000 per 5 seconds",
        }
        if args.workers > 1:
            redis_port = free_port()
            started.append(
                subprocess.Popen(
                    [
                        "redis-server",
                        "--port",
                        str(redis_port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        str(folder),
                    ],
                    stdout=subprocess.DEVNULL,
                )
            )
            env["TALKBACK_MESSAGE_QUEUE"] = f"redis://127.0.0.1:{redis_port}/0"
        urls = []
        for n in range(args.workers):
            port = free_port()
            started.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "run.py",
                        "--port",
                        str(port),
                        "--database",
                        str(folder / "talkback.db"),
                    ]
                    + (["--demo"] if n == 0 else []),
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=open(  # noqa: SIM115
                        folder / f"worker-{n}.log", "ab"
                    ),
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
            wait_ready(urls[-1])

        class At:
            def __init__(self, url):
                self.url = url

        import requests

        token = requests.post(
            f"{urls[0]}/api/tokens",
            json={"username": "demo", "password": DEMO_PASSWORD},
            timeout=10,
        ).json()["token"]
        session = create_session(At(urls[0]), token)
        places = [urls[i % len(urls)] for i in range(args.phones)]
        tokens = [join(At(url), session["code"], f"P{i}") for i, url in enumerate(places)]
        console = Listener(urls[0], "/facilitator", {"token": token, "session_id": session["id"]})

        context = multiprocessing.get_context("spawn")
        reports = context.Queue()
        queues, processes = [], []
        share = -(-args.phones // args.clients)
        for c in range(args.clients):
            part = list(zip(places, tokens, strict=True))[c * share : (c + 1) * share]
            if not part:
                continue
            commands = context.Queue()
            process = context.Process(
                target=client_process, args=(part, c * share, commands, reports), daemon=True
            )
            process.start()
            queues.append(commands)
            processes.append(process)
        connected = sum(reports.get(timeout=300)[1] for _ in processes)
        assert connected == args.phones

        shown_all, acks_all, counted_all = [], [], []
        for _ in range(args.steps):
            sent_at = time.time()
            ack = console.call("next", timeout=30)
            assert ack["ok"], ack
            console.wait_for(lambda c, seq=ack["seq"]: c.seq >= seq, timeout=30)
            step = console.snapshot["step"]
            for commands in queues:
                commands.put(("step", ack["seq"], step, sent_at))
            answers_from = time.monotonic()
            for _ in processes:
                _, shown, acks = reports.get(timeout=300)
                shown_all += shown
                acks_all += acks
            if step["kind"] in ANSWERED:
                size = "count" if step["kind"] == "scale" else "total"
                console.wait_for(
                    lambda c, s=step["id"], k=size: c.results.get(s, {}).get(k) == args.phones,
                    timeout=60,
                )
                counted_all.append(time.monotonic() - answers_from)
        for commands in queues:
            commands.put(("quit",))
        for process in processes:
            process.join(60)
        console.close()
        print(
            json.dumps(
                {
                    "workers": args.workers,
                    "phones": args.phones,
                    "steps": args.steps,
                    "async_mode": args.async_mode,
                    "cpus": os.cpu_count(),
                    "results": [
                        summary("step shown on every phone (from the console's next)", shown_all),
                        summary("answer acknowledged", acks_all),
                        summary("console counted every answer (from the first sent)", counted_all),
                    ],
                },
                indent=2,
            )
        )
        return 0
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)


def wait_ready(url: str, timeout: float = 30) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/signin", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


if __name__ == "__main__":
    sys.exit(main())
