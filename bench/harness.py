"""Runs scenarios: starts a server as in production, pinned to one core, runs the load generator
pinned to the other, and compares Talkback with the bare framework (bench/baseline_app.py).

Every server and generator started here is stopped when its run ends, whatever happened, and
every wait has a timeout. Servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.stores import STORES, error_count, fresh_database, stored_answers, stored_cell, unstored

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
DEMO_PASSWORD = "bench-demo-password"

SCENARIOS = {
    "B1": "join ramp: N phones join at 50/s; time from POST /api/join to the first snapshot",
    "B2": "class step: 30 facilitator commands; latency to the last of N phones",
    "B3": "answer window: N answers spread over 10 s, open loop; acks and the screen's count",
    "B4": "answer burst: N answers within 1 s; acknowledged answers per second",
    "B5": "hospital day: 20 sessions x N phones stepping and answering for 5 minutes",
    "B5x2": "B5 doubled on two workers and Redis: 40 sessions x N phones, spread over both",
}
SIZES = {
    "B1": [30, 200, 1000],
    "B2": [30, 200, 1000],
    "B3": [30, 200, 1000],
    "B4": [30, 200, 1000],
    "B5": [30],
    "B5x2": [30],
}
WORKERS = {"B5x2": 2}  # scenarios run on several workers; their load is multiplied as much

# Generous limits: the bench measures the server's work, not its flood protection.
TALKBACK_ENV = {
    "TALKBACK_ASYNC_MODE": "eventlet",
    "TALKBACK_DEMO_PASSWORD": DEMO_PASSWORD,
    "TALKBACK_LAG_PROBE": "true",
    "TALKBACK_SECRET_KEY": "bench-only-secret-key",
    "TALKBACK_EVENT_LIMIT_FACILITATOR": "10000 per 5 seconds",
    "TALKBACK_EVENT_LIMIT_PARTICIPANT": "10000 per 5 seconds",
    "TALKBACK_EVENT_LIMIT_SCREEN": "10000 per 5 seconds",
    "TALKBACK_EVENT_REFUSALS_BEFORE_DISCONNECT": "10000 per minute",
    "TALKBACK_JOIN_WRONG_CODE_LIMIT": "10000 per minute",
    "TALKBACK_MAX_CONNECTIONS": "5000",
}

SERVER_CORE, GENERATOR_CORE = 0, 1
WORKER_CORES = (0, 1)  # with two workers, one on each core; Redis shares the first
GEN_SATURATED = 85.0  # % of a core over the measured window: the run is not valid
CORE_SHARED = 15.0  # % of a core used by other processes during the window: noted


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int, attempts: int = 50) -> int:
    """The first of `count` consecutive free ports (run.py --workers takes PORT to PORT+N-1)."""
    for _ in range(attempts):
        first = free_port()
        if first + count > 65535:
            continue
        taken = []
        try:
            for port in range(first, first + count):
                s = socket.socket()
                taken.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in taken:
                s.close()
    raise RuntimeError(f"no {count} consecutive free ports")


def can_pin() -> bool:
    return shutil.which("taskset") is not None and len(os.sched_getaffinity(0)) >= 2


class Server:
    """Talkback's run.py, or the baseline app, on a free port and a fresh SQLite file (or the
    fresh PostgreSQL database named by `database`).

    With workers=2 and a Redis URL: two workers on consecutive ports sharing the file and the
    queue, started as in production for Talkback (run.py --workers 2, its own supervisor) and
    as two processes for the baseline. Pinned, each worker gets a core of its own."""

    def __init__(
        self,
        app: str,
        workdir: Path,
        *,
        pin: bool,
        sizes: dict | None = None,
        nodelay: bool = False,
        extra_env: dict[str, str] | None = None,
        gc_log: Path | None = None,
        base_env: dict[str, str] | None = None,
        workers: int = 1,
        message_queue: str | None = None,
        database: str | None = None,
    ):
        if workers > 1 and (nodelay or not message_queue):
            raise ValueError("several workers need a message queue, and --nodelay is one only")
        self.app = app
        self.workers = workers
        self.port = free_ports(workers) if workers > 1 else free_port()
        self.urls = [f"http://127.0.0.1:{self.port + i}" for i in range(workers)]
        self.url = self.urls[0]
        self.log_path = workdir / f"{app}-server.log"
        self.database = database or str(workdir / "talkback.db")
        if app == "talkback":
            command = [
                PYTHON,
                "run.py",
                "--demo",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--database",
                self.database,
            ]
            base = TALKBACK_ENV if base_env is None else base_env
            env = {**os.environ, **base, **(extra_env or {})}
            if workers > 1:
                command += ["--workers", str(workers)]
                env["TALKBACK_MESSAGE_QUEUE"] = message_queue
            commands = [command]
        else:
            commands = [
                [PYTHON, "bench/baseline_app.py", "--port", str(self.port + i)]
                for i in range(workers)
            ]
            env = {**os.environ}
            for key, name in (
                ("participant_snapshot", "BENCH_SNAPSHOT_BYTES"),
                ("facilitator_snapshot", "BENCH_FACILITATOR_BYTES"),
            ):
                if sizes and sizes.get(key):
                    env[name] = str(sizes[key])
            if workers > 1:
                env["BENCH_MESSAGE_QUEUE"] = message_queue
        if gc_log is not None:  # bench/gcwatch: log the server's full collections
            env["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(ROOT / "bench" / "gcwatch"), env.get("PYTHONPATH")])
            )
            env["BENCH_GC_LOG"] = str(gc_log)
        if nodelay:  # the experiment of bench/nodelay.py, never the default
            commands = [[PYTHON, "bench/nodelay.py", *commands[0][1:]]]
        if pin:
            # Talkback's workers start on the supervisor's core and are moved once known.
            cores = WORKER_CORES if app == "baseline" and workers > 1 else [SERVER_CORE]
            commands = [
                ["taskset", "-c", str(core), *c] for core, c in zip(cores, commands, strict=True)
            ]
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.processes = [
            subprocess.Popen(c, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
            for c in commands
        ]
        self.process = self.processes[0]
        self._wait_ready()
        self.pids = self._worker_pids()  # taskset execs the server: same pid
        self.pid = self.pids[0]
        if pin and workers > 1:
            for pid, core in zip(self.pids, WORKER_CORES, strict=False):
                os.sched_setaffinity(pid, {core})

    def _wait_ready(self, timeout: float = 120) -> None:
        # Generous: start-up migrates a fresh database and adds the demo classes, which has
        # taken 20 s on PostgreSQL, and over 30 s on SQLite, pinned on a shared machine.
        deadline = time.monotonic() + timeout
        waiting = list(self.urls)
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                self.stop()
                raise RuntimeError(f"{self.app} exited: {self.log_path.read_text()[-1500:]}")
            try:
                with urllib.request.urlopen(f"{waiting[0]}/signin", timeout=1) as response:
                    if response.status == 200:
                        waiting.pop(0)
                        if not waiting:
                            return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.app} did not start in {timeout} s")

    def _worker_pids(self) -> list[int]:
        if self.app != "talkback" or self.workers == 1:
            return [p.pid for p in self.processes]
        # run.py's supervisor says "Worker HOST:PORT started (pid N)." for each, in port order.
        found = re.findall(
            r"Worker \S+:(\d+) started \(pid (\d+)\)", self.log_path.read_text(errors="replace")
        )
        by_port = {int(port): int(pid) for port, pid in found}
        pids = [by_port.get(self.port + i) for i in range(self.workers)]
        if None in pids:
            self.stop()
            raise RuntimeError(f"workers not found in the log: {found}")
        return pids

    def stop(self) -> None:
        """SIGTERM (Talkback's graceful stop; the supervisor passes it to each worker), then
        SIGKILL if it lingers."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        self.log.close()


class Redis:
    """A redis-server of the run's own on a free port, keeping nothing on disk, so that no other
    Redis user on the machine shares its channels or its CPU accounting."""

    def __init__(self, workdir: Path, *, pin: bool, timeout: float = 10):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed: apt-get install redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        command = [
            binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ]
        if pin:
            command = ["taskset", "-c", str(SERVER_CORE), *command]
        self.log = open(workdir / "redis.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.5) as link:
                    link.sendall(b"PING\r\n")
                    if link.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(
            "redis-server did not start: " + (workdir / "redis.log").read_text()[-1500:]
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()


def profile_start(pid: int, path: Path, pin: bool) -> subprocess.Popen | None:
    spy = shutil.which("py-spy") or str(Path(PYTHON).parent / "py-spy")
    if not Path(spy).exists():
        print("py-spy is not installed (pip install py-spy): no profile", file=sys.stderr)
        return None
    command = [
        spy,
        "record",
        "--pid",
        str(pid),
        "--rate",
        "200",
        "--format",
        "raw",
        "--nonblocking",
        "--output",
        str(path),
    ]
    if pin:
        command = ["taskset", "-c", str(GENERATOR_CORE), *command]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def profile_stop(spy: subprocess.Popen | None) -> None:
    if spy is None or spy.poll() is not None:
        return
    spy.send_signal(signal.SIGINT)
    try:
        spy.wait(30)
    except subprocess.TimeoutExpired:
        spy.kill()
        spy.wait(5)


# Where the time goes: py-spy's collapsed stacks, grouped -------------------------------------

GROUPS = [  # first match wins, checked from the leaf up
    ("sqlite (queries, commits, fsync)", ("sqlite3", "sqlite_utils")),
    ("json encode/decode", ("json/encoder", "json/decoder", "json/__init__")),
    (
        "talkback: views and results",
        ("sessions/views", "sessions/activities", "sessions/classroom"),
    ),
    ("talkback: store (python side)", ("sessions/store",)),
    ("talkback: realtime/handlers", ("server/", "participant/", "facilitator/", "sessions/live")),
    ("rate limits (limits)", ("limits/",)),
    ("socket.io / engine.io", ("socketio/", "engineio/", "flask_socketio/")),
    ("websocket framing", ("simple_websocket", "wsproto")),
    ("flask/werkzeug (HTTP)", ("flask/", "werkzeug/")),
    ("eventlet hub and sockets", ("eventlet/", "greenlet", "socket.py", "ssl.py")),
]


def summarize_profile(path: Path, top: int = 20) -> dict[str, Any]:
    """Self time by function and by group, inclusive time by Talkback function."""
    if not path.exists():
        return {}
    own, inclusive, groups = Counter(), Counter(), Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        count = int(count)
        frames = [
            f
            for f in stack.split(";")
            if not f.startswith("process ") and not f.startswith("thread ")
        ]
        if not frames:
            continue
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            if (
                any(
                    m in frame
                    for m in (
                        "(run.py",
                        "(app.py",
                        "server/",
                        "sessions/",
                        "facilitator/",
                        "participant/",
                    )
                )
                and "site-packages" not in frame
                and ".venv" not in frame
            ):
                inclusive[frame] += count
        for frame in reversed(frames):
            group = next((g for g, marks in GROUPS if any(m in frame for m in marks)), None)
            if group:
                groups[group] += count
                break
        else:
            groups["other"] += count

    def pct(counter):
        return [(name, round(100 * c / total, 1)) for name, c in counter.most_common(top)]

    return {
        "samples": total,
        "self": pct(own),
        "inclusive_talkback": pct(inclusive),
        "groups": pct(groups),
    }


# One run ------------------------------------------------------------------------------------


def run_one(
    app: str, scenario: str, n: int, options: dict, sizes: dict | None, store: str = "sqlite"
) -> dict:
    """One run of one app; Talkback's store is SQLite or PostgreSQL (a fresh database on
    options["postgres_server"], dropped after the run)."""
    if store not in STORES:
        raise ValueError(f"store must be one of {', '.join(STORES)}, not {store!r}")
    with contextlib.ExitStack() as stack:
        database = None
        if app == "talkback" and store == "postgresql":
            database = stack.enter_context(fresh_database(options["postgres_server"]))
        return _run_on(app, scenario, n, options, sizes, database)


def _run_on(
    app: str, scenario: str, n: int, options: dict, sizes: dict | None, database: str | None
) -> dict:
    pin = options["pin"]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    record: dict[str, Any] = {
        "app": app,
        "scenario": scenario,
        "n": n,
        "client": options["client"],
        "started": stamp,
        "pinned": pin,
        "nodelay": options["nodelay"],
        "env": options["env"],
        "store": None if app != "talkback" else "postgresql" if database else "sqlite",
    }
    workers = WORKERS.get(scenario, 1)
    record["workers"] = workers
    with tempfile.TemporaryDirectory(prefix="talkback-bench-") as tmp:
        workdir = Path(tmp)
        gc_log = workdir / "gc.log" if options["gc_log"] else None
        redis = Redis(workdir, pin=pin) if workers > 1 else None
        try:
            server = Server(
                app,
                workdir,
                pin=pin,
                sizes=sizes,
                nodelay=options["nodelay"],
                extra_env=options["env"],
                gc_log=gc_log,
                workers=workers,
                message_queue=redis and redis.url,
                database=database,
            )
        except BaseException:
            if redis is not None:
                redis.stop()
            raise
        record["server_cores"] = [sorted(os.sched_getaffinity(pid)) for pid in server.pids]
        spy = None
        try:
            config = {
                "scenario": scenario,
                "n": n,
                "url": server.url,
                "server_pid": server.pid,
                "urls": server.urls,
                "server_pids": server.pids,
                "redis_pid": redis and redis.pid,
                "client": options["client"],
                "password": DEMO_PASSWORD,
                "seed": 1,
                "duration": options["duration"],
                "sessions": options["sessions"] * workers,
                "rate": options["rate"],
                "timeout": options["duration"] + 600,
            }
            config_path, out_path = workdir / "config.json", workdir / "out.json"
            config_path.write_text(json.dumps(config))
            command = [PYTHON, "-m", "bench.generator", str(config_path), str(out_path)]
            if pin:
                command = ["taskset", "-c", str(GENERATOR_CORE), *command]
            errors = open(workdir / "generator.err", "w+")  # noqa: SIM115 - closed below
            generator = subprocess.Popen(
                command, cwd=ROOT, stdout=subprocess.PIPE, stderr=errors, text=True
            )
            watchdog = threading.Timer(config["timeout"] + 60, generator.kill)
            watchdog.start()
            try:
                for line in generator.stdout:  # "WINDOW start" and "WINDOW end"
                    if line.strip() == "WINDOW start" and options["profile"]:
                        spy = profile_start(server.pid, workdir / "profile.txt", pin)
                    elif line.strip() == "WINDOW end":
                        profile_stop(spy)
                generator.wait(30)
            finally:
                watchdog.cancel()
                errors.seek(0)
                stderr = errors.read()
                errors.close()
            profile_stop(spy)
            if generator.returncode != 0 or not out_path.exists():
                record["failed"] = stderr[-3000:] or f"generator exited {generator.returncode}"
            else:
                record["result"] = json.loads(out_path.read_text())
            if gc_log is not None:
                lines = gc_log.read_text().split("\n") if gc_log.exists() else []
                record["gc_pauses_ms"] = [float(line.split()[1]) for line in lines if line]
            if options["profile"]:
                record["profile"] = summarize_profile(workdir / "profile.txt")
                kept = RESULTS / "runs" / f"{stamp}-{scenario}-{n}-{app}-pyspy.txt"
                kept.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(OSError):
                    shutil.copy(workdir / "profile.txt", kept)
        finally:
            if spy is not None and spy.poll() is None:
                spy.kill()
            server.stop()
            if redis is not None:
                redis.stop()
            log_tail = server.log_path.read_text(errors="replace")[-1500:]
            if "Traceback" in log_tail or "ERROR" in log_tail:
                record["server_log_tail"] = log_tail
        sessions = record.get("result", {}).get("session_ids")
        if app == "talkback" and sessions:  # after the stop: every commit is in the store
            record["stored_answers"] = stored_answers(server.database, sessions)
    record["flags"] = flags(record)
    return record


def flags(record: dict) -> list[str]:
    found = []
    if "failed" in record:
        return ["FAILED"]
    result = record["result"]
    cpu = result.get("cpu", {})
    if cpu.get("generator_cpu_pct", 0) >= GEN_SATURATED:
        found.append("GEN-SATURATED")
    elif cpu.get("generator_peak_1s_pct", 0) >= 95:
        found.append("gen-peak")
    each = cpu.get("worker_cpu_pct") or [cpu.get("server_cpu_pct", 0)]
    if max(each) >= 95:
        found.append("server-saturated")
    cores = cpu.get("core_busy_pct", {})
    if record.get("pinned") and cores:
        # What ran on each core besides the processes placed there: worker 1 (and Redis) on
        # core 0, the generator (and worker 2) on core 1.
        gen_other = cores.get(f"cpu{GENERATOR_CORE}", 0) - cpu.get("generator_cpu_pct", 0)
        srv_other = cores.get(f"cpu{SERVER_CORE}", 0) - each[0]
        if len(each) > 1:
            gen_other -= each[1]
            srv_other -= cpu.get("redis_cpu_pct", 0)
        if max(gen_other, srv_other) >= CORE_SHARED:
            found.append(f"cores-shared({srv_other:.0f}%/{gen_other:.0f}%)")
    if result.get("errors"):
        found.append("errors")
    if mismatch := unstored(record):
        found.append(mismatch)
    if result.get("disconnected_during_run"):
        found.append("disconnects")
    if record.get("profile") is not None:
        found.append("profiled")
    if record.get("nodelay"):
        found.append("nodelay")
    if "gc_pauses_ms" in record:
        pauses = record["gc_pauses_ms"]
        found.append(f"gc:{len(pauses)}x,max{max(pauses, default=0):.0f}ms")
    if record.get("env") and record["app"] == "talkback":
        found.append("env:" + ",".join(sorted(record["env"])))
    return found


# Tables -------------------------------------------------------------------------------------

COLUMNS = {  # (heading, path into the result, better: "low" or "high")
    "B1": [
        ("snap p50", "time_to_snapshot.p50_ms", "low"),
        ("snap p99", "time_to_snapshot.p99_ms", "low"),
        ("snap max", "time_to_snapshot.max_ms", "low"),
        ("joins/s", "achieved_rate", "high"),
        ("KB/conn", "rss_per_connection_kb", "low"),
        ("srv ms/join", "cpu.server_cpu_ms_per_op", "low"),
        ("lag p99", "lag.p99_ms", "low"),
    ],
    "B2": [
        ("last p50", "last_phone.p50_ms", "low"),
        ("last p99", "last_phone.p99_ms", "low"),
        ("all p50", "all_receipts.p50_ms", "low"),
        ("all p99", "all_receipts.p99_ms", "low"),
        ("ack p50", "ack.p50_ms", "low"),
        ("srv ms/cmd", "cpu.server_cpu_ms_per_op", "low"),
        ("lag p99", "lag.p99_ms", "low"),
    ],
    "B3": [
        ("ack p50", "ack.p50_ms", "low"),
        ("ack p99", "ack.p99_ms", "low"),
        ("last→count", "last_answer_to_final_count_ms", "low"),
        ("pushes/s", "result_pushes_per_s", "high"),
        ("to phones/s", "results_to_phones_per_s", "high"),
        ("srv ms/ans", "cpu.server_cpu_ms_per_op", "low"),
        ("lag p99", "lag.p99_ms", "low"),
    ],
    "B4": [
        ("acked/s", "acked_per_s", "high"),
        ("ack p50", "ack.p50_ms", "low"),
        ("ack p99", "ack.p99_ms", "low"),
        ("last→count", "last_answer_to_final_count_ms", "low"),
        ("srv ms/ans", "cpu.server_cpu_ms_per_op", "low"),
        ("lag p99", "lag.p99_ms", "low"),
    ],
    "B5": [
        ("lag p50", "lag.p50_ms", "low"),
        ("lag p99", "lag.p99_ms", "low"),
        ("lag max", "lag.max_ms", "low"),
        ("KB/conn", "rss_per_connection_kb", "low"),
        ("step p99", "step_receipts.p99_ms", "low"),
        ("ans p99", "answer_ack.p99_ms", "low"),
        ("answers", "answers_acked", "high"),
    ],
}
# Lag is the worse worker's; KB/conn is over both workers' memory; Redis's CPU is its own.
COLUMNS["B5x2"] = [*COLUMNS["B5"], ("redis CPU%", "cpu.redis_cpu_pct", "low")]


def get(result: dict, path: str):
    value: Any = result
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def server_cpu(cpu: dict) -> str:
    each = cpu.get("worker_cpu_pct")
    return "+".join(fmt(x) for x in each) if each else fmt(cpu.get("server_cpu_pct"))


def table(scenario: str, records: list[dict], single: list[dict] | None = None) -> str:
    """One row per app and size, the ratio Talkback/baseline; for a several-worker scenario,
    also its ratio to the one-worker runs of the same invocation (`single`), per app."""
    columns = COLUMNS[scenario]
    head = ["app", "N", *[c[0] for c in columns], "srv CPU%", "gen CPU%", "flags"]
    rows = []
    by_n: dict[int, dict[str, dict]] = {}
    for record in records:
        by_n.setdefault(record["n"], {})[record["app"]] = record
    one: dict[tuple[int, str], dict] = {
        (r["n"], r["app"]): r.get("result", {}) for r in single or []
    }
    workers = WORKERS.get(scenario, 1)
    for n in sorted(by_n):
        for app in ("talkback", "baseline"):
            record = by_n[n].get(app)
            if record is None:
                continue
            result = record.get("result", {})
            cpu = result.get("cpu", {})
            rows.append(
                [
                    app,
                    str(n),
                    *[fmt(get(result, c[1])) for c in columns],
                    server_cpu(cpu),
                    fmt(cpu.get("generator_cpu_pct")),
                    " ".join(record["flags"]),
                ]
            )
        if {"talkback", "baseline"} <= by_n[n].keys():
            t, b = by_n[n]["talkback"].get("result", {}), by_n[n]["baseline"].get("result", {})
            rows.append(
                [
                    "ratio T/B",
                    str(n),
                    *[ratio(get(t, c[1]), get(b, c[1])) for c in columns],
                    "",
                    "",
                    "",
                ]
            )
        for app in ("talkback", "baseline"):
            if app in by_n[n] and (n, app) in one:
                mine, theirs = by_n[n][app].get("result", {}), one[(n, app)]
                rows.append(
                    [
                        f"{app} {workers}w/1w",
                        str(n),
                        *[ratio(get(mine, c[1]), get(theirs, c[1])) for c in columns],
                        ratio(get(mine, "cpu.server_cpu_pct"), get(theirs, "cpu.server_cpu_pct")),
                        "",
                        "",
                    ]
                )
    return render(f"{scenario}: {SCENARIOS[scenario]}", head, rows)


def render(title: str, head: list[str], rows: list[list[str]]) -> str:
    """A title and a Markdown table, its columns padded to their widest cell."""
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [title, line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    return "\n".join(out)


# B5 on each store: (heading, path into the result, better: "low" or "high")
ENGINE_COLUMNS = [
    ("answers/s", "answers_per_s", "high"),
    ("ans p50", "answer_ack.p50_ms", "low"),
    ("ans p99", "answer_ack.p99_ms", "low"),
    ("lag p99", "lag.p99_ms", "low"),
    ("srv ms/ans", "cpu.server_cpu_ms_per_op", "low"),
    ("KB/conn", "rss_per_connection_kb", "low"),
]


def engine_rows(records: list[dict]) -> list[list[str]]:
    """Talkback's rows on each store, N by N, and PostgreSQL's figures over SQLite's where
    both ran: above 1 is slower or bigger, except answers/s, where below 1 is slower."""
    by_n: dict[int, dict[str, dict]] = {}
    for record in records:
        if record["app"] == "talkback" and record.get("store") in STORES:
            by_n.setdefault(record["n"], {})[record["store"]] = record
    rows = []
    for n in sorted(by_n):
        for store in STORES:
            run = by_n[n].get(store)
            if run is None:
                continue
            result = run.get("result", {})
            rows.append(
                [
                    f"talkback {store}",
                    str(n),
                    *[fmt(get(result, c[1])) for c in ENGINE_COLUMNS],
                    str(error_count(result)) if result else "–",
                    stored_cell(run),
                    server_cpu(result.get("cpu", {})),
                    " ".join(run.get("flags", [])),
                ]
            )
        if set(STORES) <= by_n[n].keys():
            lite = by_n[n]["sqlite"].get("result", {})
            pg = by_n[n]["postgresql"].get("result", {})
            rows.append(
                [
                    "ratio PG/SQLite",
                    str(n),
                    *[ratio(get(pg, c[1]), get(lite, c[1])) for c in ENGINE_COLUMNS],
                    "",
                    "",
                    ratio(get(pg, "cpu.server_cpu_pct"), get(lite, "cpu.server_cpu_pct")),
                    "",
                ]
            )
    return rows


def engine_table(scenario: str, records: list[dict]) -> str:
    """The PostgreSQL-against-SQLite table of one scenario, or "" if Talkback ran on one
    store only."""
    rows = engine_rows(records)
    if not any(row[0] == "ratio PG/SQLite" for row in rows):
        return ""
    head = ["store", "N", *[c[0] for c in ENGINE_COLUMNS], "errors", "stored", "srv CPU%", "flags"]
    return render(f"{scenario} on PostgreSQL against SQLite", head, rows)


def ratio(a, b) -> str:
    if not isinstance(a, int | float) or not isinstance(b, int | float) or b == 0:
        return "–"
    return f"{a / b:.2f}x"


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        model = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), ""
        )
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout.strip()
        )
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", False
    versions = {}
    for name in ("flask_socketio", "socketio", "engineio", "eventlet", "aiohttp"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[name] = version(
                {
                    "flask_socketio": "flask-socketio",
                    "socketio": "python-socketio",
                    "engineio": "python-engineio",
                }.get(name, name)
            )
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_before": os.getloadavg(),
        "commit": commit + ("+dirty" if dirty else ""),
        "versions": versions,
    }
