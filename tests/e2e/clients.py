"""Clients for the end-to-end suites, all on 127.0.0.1:

- Listener: a Socket.IO client that keeps the latest snapshot (by `seq`) and results it was sent;
- Phone: a participant's phone as docs/protocol.md describes one: it keeps every answer it sent
  until the server acknowledges it, and sends the unacknowledged ones again, with the same id,
  after it reconnects on its own;
- PhoneProcess: the same phone in a process of its own, so that a test can freeze it (SIGSTOP);
  run as `python clients.py phone URL TOKEN`, it reports on stdout and takes commands on stdin;
- Proxy: a TCP forwarder between clients and the server whose links a test can cut.

Every loop here is bounded in time; every thread is a daemon and ends when its sockets close.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import requests
import socketio

RECONNECTING = {"reconnection": True, "reconnection_delay": 0.2, "reconnection_delay_max": 1}


class _Client(socketio.Client):
    """python-engineio leaves the WebSocket of a connection that broke (server gone, link cut)
    for the garbage collector to close: a ResourceWarning, which this suite treats as an error.
    Its read loop has ended by then, so the socket can be closed here."""

    def _handle_eio_disconnect(self, reason):
        ws = getattr(self.eio, "ws", None)
        try:
            super()._handle_eio_disconnect(reason)
        finally:
            if ws is not None and reason == self.eio.reason.TRANSPORT_ERROR:
                with contextlib.suppress(Exception):
                    ws.shutdown()


class Listener:
    """A Socket.IO client that keeps the latest snapshot and results it was sent.

    Handlers of python-socketio's client run on threads of their own, so messages can be
    handled out of order: a snapshot is kept only if its `seq` is not lower than the one held,
    as the protocol tells every client to do."""

    def __init__(
        self,
        url: str,
        namespace: str,
        auth: dict,
        *,
        reconnection: bool = False,
        connect: bool = True,
    ):
        self.url = url
        self.namespace = namespace
        self.auth = auth
        self.snapshot: dict | None = None
        self.results: dict[str, dict] = {}
        self.connects = 0
        self.disconnects = 0
        self.fresh = False  # a snapshot came on the current connection
        self.changed = threading.Condition(threading.RLock())
        self.client = _Client(**(RECONNECTING if reconnection else {"reconnection": False}))
        self.client.on("connect", self._on_connect, namespace=namespace)
        self.client.on("disconnect", self._on_disconnect, namespace=namespace)
        self.client.on("snapshot", self._on_snapshot, namespace=namespace)
        self.client.on("results", self._on_results, namespace=namespace)
        if connect:
            self.connect()

    def connect(self, wait_timeout: float = 10) -> None:
        self.client.connect(
            self.url,
            namespaces=[self.namespace],
            auth=self.auth,
            transports=["websocket"],
            wait_timeout=wait_timeout,
        )

    @property
    def connected(self) -> bool:
        return self.namespace in self.client.namespaces

    @property
    def seq(self) -> int:
        return self.snapshot["seq"] if self.snapshot else -1

    def _on_connect(self):
        with self.changed:
            self.connects += 1
            self.changed.notify_all()

    def _on_disconnect(self, reason=None):
        with self.changed:
            self.disconnects += 1
            self.fresh = False
            self.changed.notify_all()

    def _on_snapshot(self, snap):
        with self.changed:
            self.fresh = True
            if self.snapshot is None or snap["seq"] >= self.snapshot["seq"]:
                self.snapshot = snap
                if snap.get("results"):
                    self.results[snap["results"]["step_id"]] = snap["results"]
            self.changed.notify_all()

    def _on_results(self, results):
        with self.changed:
            self.results[results["step_id"]] = results
            self.changed.notify_all()

    def wait_for(self, predicate, timeout: float = 10.0) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: predicate(self), timeout), (
                f"{self.namespace}: timed out; last snapshot seq {self.seq}, "
                f"connected {self.connected}, connects {self.connects}"
            )

    def on_step(self, seq: int, step_id: str | None) -> bool:
        """Whether this client is connected and shows the room's state `seq` on the step
        `step_id`, from a snapshot sent on its current connection."""
        snap = self.snapshot
        return bool(
            self.connected
            and self.fresh
            and snap
            and snap["seq"] == seq
            and (snap["step"] or {}).get("id") == step_id
        )

    def call(self, event: str, data: Any = None, timeout: float = 10):
        return self.client.call(event, data, namespace=self.namespace, timeout=timeout)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.shutdown()


class Phone(Listener):
    """A participant's phone. `answer()` sends at once if connected; the answer stays in the
    outbox until an acknowledgement (of any kind) arrives, and everything in the outbox is sent
    again, with the same id, each time the phone (re)connects."""

    def __init__(self, url: str, token: str, *, connect: bool = True, report=None):
        self.token = token
        self.sent: dict[str, dict] = {}  # id -> payload, every answer ever sent
        self.outbox: dict[str, dict] = {}  # id -> payload, sent and not yet acknowledged
        self.acks: dict[str, list[dict]] = {}  # id -> every acknowledgement received
        self.responses: dict[str, Any] = {}  # the `me.responses` of the latest personal snapshot
        self.report = report or (lambda kind, data: None)
        super().__init__(url, "/participant", {"token": token}, reconnection=True, connect=connect)

    def answer(self, step_id: str, value: Any, answer_id: str | None = None) -> str:
        answer_id = answer_id or uuid.uuid4().hex
        payload = {"step_id": step_id, "value": value, "id": answer_id}
        with self.changed:
            self.sent[answer_id] = payload
            self.outbox[answer_id] = payload
            self._emit(payload)
        return answer_id

    def retry(self, answer_id: str) -> None:
        """Send an answer again with the same id (as a person tapping "try again" does)."""
        with self.changed:
            self.outbox[answer_id] = self.sent[answer_id]
            self._emit(self.sent[answer_id])

    def _emit(self, payload: dict) -> None:
        def acknowledged(ack=None, answer_id=payload["id"]):
            self._on_ack(answer_id, ack)

        try:
            self.client.emit("answer", payload, namespace=self.namespace, callback=acknowledged)
        except socketio.exceptions.BadNamespaceError:
            pass  # not connected: _on_connect sends it

    def _on_ack(self, answer_id: str, ack) -> None:
        with self.changed:
            self.acks.setdefault(answer_id, []).append(ack)
            self.outbox.pop(answer_id, None)
            self.changed.notify_all()
        self.report("ack", {"id": answer_id, "ack": ack})

    def _on_connect(self):
        with self.changed:
            super()._on_connect()
            for payload in list(self.outbox.values()):
                self._emit(payload)
        self.report("connect", {"connects": self.connects})

    def _on_disconnect(self, reason=None):
        super()._on_disconnect(reason)
        self.report("disconnect", {"reason": str(reason)})

    def _on_snapshot(self, snap):
        with self.changed:
            fresh = self.snapshot is None or snap["seq"] >= self.snapshot["seq"]
            if "me" in snap:
                self.responses = dict(snap["me"]["responses"])
            super()._on_snapshot(snap)
        if fresh:
            self.report(
                "snapshot",
                {
                    "seq": snap["seq"],
                    "stage": snap["stage"],
                    "open": snap["open"],
                    "step_id": (snap["step"] or {}).get("id"),
                    "responses": snap["me"]["responses"] if "me" in snap else None,
                },
            )

    def ok(self, answer_id: str) -> bool:
        """Whether the phone showed this answer as sent (an `ok` acknowledgement)."""
        return any(ack and ack.get("ok") for ack in self.acks.get(answer_id, []))

    def codes(self, answer_id: str) -> list[str]:
        return [
            "ok" if ack and ack.get("ok") else (ack or {}).get("error", {}).get("code", "?")
            for ack in self.acks.get(answer_id, [])
        ]


class PhoneProcess:
    """A Phone running in a child process (see main() below), driven through pipes: the test
    can SIGSTOP it like a phone whose browser the OS froze. The child exits by itself after
    `lifetime` seconds or when its stdin closes."""

    def __init__(
        self, url: str, token: str, *, log_path: Path | None = None, lifetime: float = 240
    ):
        self.log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "phone",
                url,
                token,
                "--lifetime",
                str(lifetime),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            bufsize=1,
        )
        self.snapshot: dict | None = None  # the latest reported, by seq
        self.responses: dict[str, Any] = {}
        self.acks: dict[str, list[dict]] = {}
        self.connects = 0
        self.disconnects = 0
        self.connected = False
        self.fresh = False
        self.changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            try:
                message = json.loads(line)
            except ValueError:
                continue
            kind, data = message["event"], message["data"]
            with self.changed:
                if kind == "snapshot":
                    self.fresh = True
                    if self.snapshot is None or data["seq"] >= self.snapshot["seq"]:
                        self.snapshot = data
                    if data["responses"] is not None:
                        self.responses = data["responses"]
                elif kind == "ack":
                    self.acks.setdefault(data["id"], []).append(data["ack"])
                elif kind == "connect":
                    self.connects = data["connects"]
                    self.connected = True
                elif kind == "disconnect":
                    self.disconnects += 1
                    self.connected = self.fresh = False
                self.changed.notify_all()

    def wait_for(self, predicate, timeout: float = 10.0) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: predicate(self), timeout), (
                f"phone process: timed out; last snapshot {self.snapshot}, "
                f"connects {self.connects}, alive {self.process.poll() is None}"
            )

    def on_step(self, seq: int, step_id: str | None) -> bool:
        snap = self.snapshot
        return bool(
            self.connected
            and self.fresh
            and snap
            and snap["seq"] == seq
            and snap["step_id"] == step_id
        )

    def ok(self, answer_id: str) -> bool:
        return any(ack and ack.get("ok") for ack in self.acks.get(answer_id, []))

    def answer(self, step_id: str, value: Any, answer_id: str) -> str:
        self._command({"cmd": "answer", "step_id": step_id, "value": value, "id": answer_id})
        return answer_id

    def _command(self, command: dict) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                os.kill(self.process.pid, signal.SIGCONT)
            with contextlib.suppress(OSError, ValueError):
                self._command({"cmd": "quit"})
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        self._reader.join(5)
        if self.log is not subprocess.DEVNULL:
            self.log.close()


class Proxy:
    """A TCP forwarder from 127.0.0.1:<port> to 127.0.0.1:<target>.

    - `blackhole()`: the network goes silent. Bytes already in flight and any that arrive are
      dropped; new connections are accepted and then ignored (as on a train in a tunnel).
    - `restore()`: the network is back. The links from before are gone (their TCP state is
      lost), as are the connections attempted meanwhile; new ones are forwarded.
    - `drop_all()`: every link is reset at once (RST to both ends).
    - `cut_after_next_upload()`: the next bytes a client sends reach the server, then the link
      is reset, so the server's reply is lost.
    It stops by itself after `lifetime` seconds."""

    def __init__(self, target_port: int, *, lifetime: float = 300):
        self.target_port = target_port
        self.deadline = time.monotonic() + lifetime
        self.silent = False
        self.closed = False
        self._links: list[tuple[socket.socket, socket.socket | None]] = []
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.accepted = 0
        self._cut_after_upload = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _running(self) -> bool:
        return not self.closed and time.monotonic() < self.deadline

    def _accept(self) -> None:
        while self._running():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                break
            self.accepted += 1
            upstream = None
            if not self.silent:
                try:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port), 2)
                except OSError:
                    _reset(client)  # the server is down: refuse, as a closed port would
                    continue
            with self._lock:
                self._links.append((client, upstream))
            link = (client, upstream)
            threading.Thread(target=self._pump, args=(client, upstream, link), daemon=True).start()
            if upstream is not None:
                threading.Thread(
                    target=self._pump, args=(upstream, client, link), daemon=True
                ).start()
        self.close()

    def _pump(self, source: socket.socket, target: socket.socket | None, link) -> None:
        source.settimeout(0.2)
        while self._running():
            try:
                data = source.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                break
            if not data:
                break
            if self.silent or target is None:
                continue  # lost in the outage
            try:
                target.sendall(data)
            except OSError:
                break
            if source is link[0] and self._cut_after_upload.is_set():
                self._cut_after_upload.clear()
                break  # the bytes reached the server; its answer never comes back
        if self.silent:
            return  # in an outage nobody learns that the other end went away: restore() resets
        self._close_link(link)

    def _close_link(self, link) -> None:
        with self._lock:
            if link in self._links:
                self._links.remove(link)
        for sock in link:
            if sock is not None:
                _reset(sock)

    def cut_after_next_upload(self) -> None:
        """Reset the link right after it next carries bytes from a client to the server: the
        server gets the message, and its acknowledgement is lost."""
        self._cut_after_upload.set()

    def blackhole(self) -> None:
        self.silent = True

    def restore(self) -> None:
        self.drop_all()
        self.silent = False

    def drop_all(self) -> None:
        with self._lock:
            links, self._links = self._links, []
        for link in links:
            for sock in link:
                if sock is not None:
                    _reset(sock)

    def close(self) -> None:
        self.closed = True
        self.drop_all()
        with contextlib.suppress(OSError):
            self._listener.close()


def _reset(sock: socket.socket) -> None:
    """Close with RST rather than FIN: the other end learns at once that the link is gone."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


# Setting up a class over the HTTP API ----------------------------------------------------------


def create_session(server, token: str, deck_id: str = "back-pain-1") -> dict:
    response = requests.post(
        f"{server.url}/api/sessions",
        json={"deck_id": deck_id},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()


def join(server, code: str, name: str = "") -> str:
    """A participant joins; returns the participant token."""
    response = requests.post(
        f"{server.url}/api/join", json={"code": code, "name": name}, timeout=10
    )
    response.raise_for_status()
    return response.json()["participant_token"]


def token_hash(token: str) -> str:
    """How the store keeps a token (to find a participant's rows in the database file)."""
    return hashlib.sha256(token.encode()).hexdigest()


# The child process of PhoneProcess ---------------------------------------------------------------


def main(argv: list[str]) -> int:
    if len(argv) != 5 or argv[0] != "phone" or argv[3] != "--lifetime":
        print("usage: clients.py phone URL TOKEN --lifetime SECONDS", file=sys.stderr)
        return 2
    url, token, lifetime = argv[1], argv[2], float(argv[4])
    out = threading.Lock()

    def report(kind: str, data: dict) -> None:
        with out:
            sys.stdout.write(json.dumps({"event": kind, "data": data}) + "\n")
            sys.stdout.flush()

    threading.Timer(lifetime, lambda: os._exit(3)).start()  # never outlive the test run
    phone = Phone(url, token, report=report)
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "answer":
            phone.answer(command["step_id"], command["value"], command["id"])
        elif command["cmd"] == "quit":
            break
    phone.close()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
