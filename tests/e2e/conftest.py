"""A real server process (run.py, eventlet or gevent, a real SQLite file) for end-to-end suites,
and what several workers need: a Redis of the test's own, and run.py's worker launcher.

A Server keeps its port and database across restarts, so that clients reconnecting on their own
find the next process where the last one was; so does a RedisServer. Every process started here
is killed when the test that started it ends, and again at the end of the run, whatever
happened."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

from tests.postgres_server import fresh_database

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-password-e2e"

_STARTED: list[Server | RedisServer | Launcher] = []  # every process of this run: none outlives it
ASYNC_MODES = ("eventlet", "gevent")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(
        self,
        database: Path | str,  # an SQLite file, or a PostgreSQL address
        log_path: Path,
        env: dict[str, str] | None = None,
        *,
        async_mode: str = "eventlet",
        entry: str = "run.py",
    ):
        """`entry`: the script to run, run.py or one that wraps its main()."""
        assert async_mode in ASYNC_MODES, async_mode
        self.entry = entry
        self.database = database
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = dict(env or {})
        self.async_mode = async_mode
        self.process: subprocess.Popen | None = None
        self.log = None
        _STARTED.append(self)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(
        self, timeout: float = 60, env: dict[str, str] | None = None, script: str | None = None
    ) -> Server:
        """Start the entry script (or, for this start only, a test's own `script` that serves
        as run.py does) on this server's port and database. `env` replaces the extra
        environment given at construction, for this and later starts. A server that exits
        fails at once; one still starting is waited for up to `timeout` (on two busy cores a
        start has taken over 20 s)."""
        assert not self.running, "the server is already running"
        if env is not None:
            self.extra_env = dict(env)
        env_vars = {
            **os.environ,
            "TALKBACK_DEMO_PASSWORD": DEMO_PASSWORD,
            "TALKBACK_ASYNC_MODE": self.async_mode,
            **self.extra_env,
        }
        if self.log is None:
            self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.log.write(f"--- start with {sorted(self.extra_env.items())}\n".encode())
        self.log.flush()
        self.process = subprocess.Popen(
            [
                sys.executable,
                script or self.entry,
                "--demo",
                "--port",
                str(self.port),
                "--database",
                str(self.database),
            ],
            cwd=ROOT,
            env=env_vars,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.url}/signin", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        self.kill9()
        raise RuntimeError("server did not start in time")

    def restart(self, timeout: float = 60, env: dict[str, str] | None = None) -> Server:
        """Start again on the same port and database (after a crash, kill or stop)."""
        if self.running:
            self.terminate()
            self.wait_exit(timeout)
        return self.start(timeout, env)

    def kill9(self) -> int | None:
        """SIGKILL: no handler runs, nothing is flushed; returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        return self.process.wait(10)

    def terminate(self) -> None:
        """SIGTERM: the graceful stop. Does not wait; see wait_exit()."""
        if self.running:
            self.process.send_signal(signal.SIGTERM)

    def wait_exit(self, timeout: float = 10) -> int:
        assert self.process is not None
        return self.process.wait(timeout)

    def stop(self) -> None:
        """Stop gracefully if it is running, killing it if it will not go; idempotent."""
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.log is not None:
            self.log.close()
            self.log = None

    def token(self) -> str:
        response = requests.post(
            f"{self.url}/api/tokens",
            json={"username": "demo", "password": DEMO_PASSWORD},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["token"]


@pytest.fixture
def server(tmp_path, request):
    """A server under eventlet; parametrize it indirectly with "gevent" for the other mode.
    With `--engine postgresql` its store is a PostgreSQL database of its own."""
    mode = getattr(request, "param", "eventlet")
    yield from _serving(request.config.getoption("engine"), tmp_path, mode)


@pytest.fixture(params=["sqlite", "postgresql"])
def server_on_each_engine(request, tmp_path):
    """A server under eventlet on an SQLite file, then on a PostgreSQL database of its own
    (made for the test and dropped after; its address is the server's `database`)."""
    yield from _serving(request.param, tmp_path)


def _serving(engine: str, tmp_path: Path, mode: str = "eventlet") -> Iterator[Server]:
    with contextlib.ExitStack() as stack:
        database = (
            stack.enter_context(fresh_database())
            if engine == "postgresql"
            else tmp_path / "talkback.db"
        )
        running = Server(database, tmp_path / "server.log", async_mode=mode).start()
        stack.callback(running.stop)
        yield running


def stored_count(server, table: str) -> int:
    """The rows in one of the server's tables, read from its database whichever engine."""
    database = str(server.database)
    if database.startswith("postgresql://"):
        with psycopg.connect(database) as conn:
            (count,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    else:
        with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
            (count,) = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


@pytest.fixture
def make_server(tmp_path):
    """Start servers with extra environment (TALKBACK_...); all are stopped after the test.
    Servers given the same `database` share its file, as the workers of one host do. `script`
    starts the first process from a test-only entry script instead of run.py."""
    made: list[Server] = []

    def make(
        env: dict[str, str] | None = None,
        name: str = "talkback",
        *,
        async_mode: str = "eventlet",
        database: Path | None = None,
        script: str | None = None,
    ) -> Server:
        server = Server(
            database or tmp_path / f"{name}.db",
            tmp_path / f"{name}.log",
            env,
            async_mode=async_mode,
        )
        made.append(server)
        return server.start(script=script)

    yield make
    for server in made:
        server.stop()


# Several workers: Redis, and run.py's launcher ---------------------------------------------------


def redis_binary() -> str:
    """redis-server, or a failure (never a skip): CI installs it (.ci/run)."""
    found = shutil.which("redis-server")
    if found is None:
        pytest.fail("redis-server is not installed: apt-get install redis-server (.ci/run does)")
    return found


class RedisServer:
    """A redis-server of the test's own, on a free port, keeping nothing on disk. stop() and
    start() again on the same port are a Redis restart. `bind`: the addresses it listens on
    (the first is the one its url names), for clients in other network namespaces."""

    def __init__(self, workdir: Path, bind: tuple[str, ...] = ("127.0.0.1",)):
        self.binary = redis_binary()
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.bind = bind
        self.port = free_port()
        self.url = f"redis://{bind[0]}:{self.port}/0"
        self.process: subprocess.Popen | None = None
        self.log = None
        _STARTED.append(self)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 10) -> RedisServer:
        assert not self.running, "redis is already running"
        if self.log is None:
            self.log = open(self.workdir / "redis.log", "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                *self.bind,
                # Without a password Redis answers only loopback clients unless told otherwise;
                # the addresses here are the test's own.
                "--protected-mode",
                "yes" if self.bind == ("127.0.0.1",) else "no",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "redis-server exited: " + (self.workdir / "redis.log").read_text()[-2000:]
                )
            try:
                with socket.create_connection((self.bind[0], self.port), 0.5) as link:
                    link.sendall(b"PING\r\n")
                    if link.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.05)
        self.kill()
        raise RuntimeError("redis-server did not start in time")

    def kill(self) -> None:
        """SIGKILL, as a crash or a restart by the host would be: every link breaks at once."""
        if self.running:
            self.process.kill()
        if self.process is not None:
            self.process.wait(10)

    def stop(self) -> None:
        self.kill()
        if self.log is not None:
            self.log.close()
            self.log = None


@pytest.fixture
def redis_server(tmp_path):
    running = RedisServer(tmp_path / "redis").start()
    yield running
    running.stop()


def free_ports(count: int, attempts: int = 50) -> int:
    """The first of `count` consecutive free ports."""
    for _ in range(attempts):
        first = free_port()
        if first + count > 65535:
            continue
        sockets = []
        try:
            for port in range(first, first + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError(f"no {count} consecutive free ports")


class Launcher:
    """`run.py --workers N`: N workers on consecutive ports behind one supervising process."""

    WORKER_LINE = re.compile(rb"Worker \S+:(\d+) started \(pid (\d+)\)")

    def __init__(self, database: Path, log_path: Path, workers: int, env: dict[str, str]):
        self.database = database
        self.log_path = log_path
        self.count = workers
        self.first_port = free_ports(workers)
        self.ports = list(range(self.first_port, self.first_port + workers))
        self.urls = [f"http://127.0.0.1:{port}" for port in self.ports]
        self.env = env
        self.process: subprocess.Popen | None = None
        self.log = None
        _STARTED.append(self)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 30) -> Launcher:
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "run.py",
                "--demo",
                "--workers",
                str(self.count),
                "--port",
                str(self.first_port),
                "--database",
                str(self.database),
            ],
            cwd=ROOT,
            env={**os.environ, "TALKBACK_DEMO_PASSWORD": DEMO_PASSWORD, **self.env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for url in self.urls:
            self.wait_ready(url, timeout)
        return self

    def wait_ready(self, url: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"launcher exited: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{url}/signin", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"worker {url} did not start in time")

    def pids(self) -> dict[int, int]:
        """port -> pid of the latest worker started on it, from the launcher's output."""
        return {
            int(port): int(pid)
            for port, pid in self.WORKER_LINE.findall(self.log_path.read_bytes())
        }

    def token(self) -> str:
        response = requests.post(
            f"{self.urls[0]}/api/tokens",
            json={"username": "demo", "password": DEMO_PASSWORD},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["token"]

    def stop(self, timeout: float = 20) -> int | None:
        """SIGTERM to the launcher, which stops its workers; SIGKILL for all if it will not."""
        status = None
        if self.running:
            self.process.send_signal(signal.SIGTERM)
            try:
                status = self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        for port, pid in self.pids().items():  # they die with it anyway: belt and braces
            if _is_worker(pid, port):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        if self.log is not None:
            self.log.close()
            self.log = None
        return status

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def _is_worker(pid: int, port: int) -> bool:
    """Whether `pid` is still a run.py worker on `port` (and not a new process with its id)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(a.endswith(b"run.py") for a in argv) and str(port).encode() in argv


@pytest.fixture(scope="session", autouse=True)
def _no_server_outlives_the_run():
    yield
    for process in _STARTED:
        if isinstance(process, Launcher):
            process.stop(timeout=5)
            continue
        if process.running and isinstance(process, Server):
            process.kill9()
        elif process.running:
            process.kill()
        if process.log is not None:
            process.log.close()


@pytest.fixture
def browser():
    """Headless Debian Chromium, one per test."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
