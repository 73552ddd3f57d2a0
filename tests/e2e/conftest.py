"""A real server process (run.py, eventlet, a real SQLite file) for end-to-end suites."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "demo-password-e2e"


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
        self.extra_env = env or {}
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> Server:
        env = {**os.environ, "TALKBACK_DEMO_PASSWORD": DEMO_PASSWORD, **self.extra_env}
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "run.py", "--demo", "--port", str(self.port),
             "--database", str(self.database)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{self.url}/signin", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("server did not start in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

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


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
