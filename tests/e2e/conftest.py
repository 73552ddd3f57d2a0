"""A real server process (run.py, eventlet, a real SQLite file) for end-to-end suites.

A Server keeps its port and database across restarts, so that clients reconnecting on their own
find the next process where the last one was. Every process started here is killed when the
test that started it ends, and again at the end of the run, whatever happened."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-password-e2e"

_STARTED: list[Server] = []  # every server of this run, so that none outlives it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, database: Path, log_path: Path, env: dict[str, str] | None = None):
        self.database = database
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = dict(env or {})
        self.process: subprocess.Popen | None = None
        self.log = None
        _STARTED.append(self)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 20, env: dict[str, str] | None = None) -> Server:
        """Start run.py on this server's port and database. `env` replaces the extra
        environment given at construction, for this and later starts."""
        assert not self.running, "the server is already running"
        if env is not None:
            self.extra_env = dict(env)
        env_vars = {**os.environ, "TALKBACK_DEMO_PASSWORD": DEMO_PASSWORD, **self.extra_env}
        if self.log is None:
            self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.log.write(f"--- start with {sorted(self.extra_env.items())}\n".encode())
        self.log.flush()
        self.process = subprocess.Popen(
            [sys.executable, "run.py", "--demo", "--port", str(self.port),
             "--database", str(self.database)],
            cwd=ROOT, env=env_vars, stdout=self.log, stderr=subprocess.STDOUT,
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

    def restart(self, timeout: float = 20, env: dict[str, str] | None = None) -> Server:
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
            f"{self.url}/api/tokens", json={"username": "demo", "password": DEMO_PASSWORD},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["token"]


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path / "talkback.db", tmp_path / "server.log").start()
    yield running
    running.stop()


@pytest.fixture
def make_server(tmp_path):
    """Start servers with extra environment (TALKBACK_...); all are stopped after the test."""
    made: list[Server] = []

    def make(env: dict[str, str] | None = None, name: str = "talkback") -> Server:
        server = Server(tmp_path / f"{name}.db", tmp_path / f"{name}.log", env)
        made.append(server)
        return server.start()

    yield make
    for server in made:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def _no_server_outlives_the_run():
    yield
    for server in _STARTED:
        if server.running:
            server.kill9()
        if server.log is not None:
            server.log.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
