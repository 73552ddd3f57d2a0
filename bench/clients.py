"""Two Socket.IO clients for the load generator, with one interface:

- RawConn speaks Engine.IO 4 / Socket.IO 5 over one aiohttp WebSocket per phone, all sharing one
  aiohttp session. It reads a snapshot's `seq` without decoding the rest (`seq` is the first key
  Talkback and the baseline send), so that one core can drive a thousand phones.
- SioConn is python-socketio's AsyncClient, the reference client, one per phone.

Both record what the scenarios measure: when each `seq` was first seen, results as they arrive,
acknowledgement times, bytes and counts per event. Every wait has a timeout.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import aiohttp

now = time.monotonic


class Tracker:
    """Counts the phones that have seen a target `seq`, so that a round can wait for the last
    one without polling."""

    def __init__(self) -> None:
        self.target: int | None = None
        self.count = 0
        self.needed = 0
        self.done = asyncio.Event()

    def arm(self, target: int, conns: list[Conn]) -> None:
        self.target = target
        self.needed = len(conns)
        self.count = sum(1 for c in conns if c.max_seq >= target)
        self.done = asyncio.Event()
        if self.count >= self.needed:
            self.done.set()

    def saw(self, before: int, seq: int) -> None:
        if self.target is not None and before < self.target <= seq:
            self.count += 1
            if self.count >= self.needed:
                self.done.set()


class Conn:
    """What both clients record."""

    def __init__(
        self,
        namespace: str,
        auth: dict,
        *,
        tracker: Tracker | None = None,
        keep_results: bool = False,
    ):
        self.namespace = namespace
        self.auth = auth
        self.tracker = tracker
        self.keep_results = keep_results
        self.seq_seen: dict[int, float] = {}  # seq -> when first seen
        self.max_seq = -1
        self.first_snapshot = asyncio.get_running_loop().create_future()
        self.results: list[tuple[float, int | None]] = []  # (when, total or count)
        self.events: dict[str, int] = {}
        self.bytes: dict[str, int] = {}
        self.disconnected = False
        self.errors: list[str] = []

    def _saw_seq(self, seq: int, t: float) -> None:
        if seq not in self.seq_seen:
            self.seq_seen[seq] = t
        if seq > self.max_seq:
            before, self.max_seq = self.max_seq, seq
            if self.tracker is not None:
                self.tracker.saw(before, seq)
        if not self.first_snapshot.done():
            self.first_snapshot.set_result(t)

    def seen_at(self, seq: int) -> float | None:
        """When this phone first had `seq` or later."""
        if seq in self.seq_seen:
            return self.seq_seen[seq]
        later = [t for s, t in self.seq_seen.items() if s >= seq]
        return min(later) if later else None

    def _count(self, event: str, size: int) -> None:
        self.events[event] = self.events.get(event, 0) + 1
        self.bytes[event] = self.bytes.get(event, 0) + size


class RawConn(Conn):
    def __init__(self, http: aiohttp.ClientSession, url: str, namespace: str, auth: dict, **kwargs):
        super().__init__(namespace, auth, **kwargs)
        self.http = http
        self.url = url
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self._acks: dict[int, asyncio.Future | Any] = {}
        self._next_id = 0
        self._reader: asyncio.Task | None = None
        self._connected = asyncio.get_running_loop().create_future()
        self._prefix = f"42{namespace},"
        self._ack_prefix = f"43{namespace},"

    async def connect(self, timeout: float = 30) -> float:
        """Open the WebSocket, join the namespace; returns when the first snapshot came."""
        url = self.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await asyncio.wait_for(
            self.http.ws_connect(url, autoping=True, max_msg_size=0, compress=0), timeout
        )
        opening = await asyncio.wait_for(self.ws.receive(), timeout)
        if opening.type != aiohttp.WSMsgType.TEXT or not opening.data.startswith("0"):
            raise ConnectionError(f"no Engine.IO open packet: {opening!r}")
        await self.ws.send_str(f"40{self.namespace},{json.dumps(self.auth)}")
        self._reader = asyncio.create_task(self._read())
        await asyncio.wait_for(self._connected, timeout)
        return await asyncio.wait_for(asyncio.shield(self.first_snapshot), timeout)

    async def _read(self) -> None:
        ws = self.ws
        try:
            async for message in ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                self._handle(message.data, now())
        except (aiohttp.ClientError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.disconnected = True
            if not self._connected.done():
                self._connected.set_exception(ConnectionError("closed before connect"))
            for waiter in self._acks.values():
                if isinstance(waiter, asyncio.Future) and not waiter.done():
                    waiter.set_exception(ConnectionError("disconnected"))

    def _handle(self, text: str, t: float) -> None:
        if text.startswith(self._prefix):  # an event: 42/ns,["name",{...}]
            body = text[len(self._prefix) :]
            end = body.find('"', 2)
            event = body[2:end]
            self._count(event, len(text))
            if event == "snapshot":
                rest = body[end + 2 :]
                if rest.startswith('{"seq":'):
                    stop = rest.find(",", 7)
                    self._saw_seq(int(rest[7:stop]), t)
                else:
                    self._saw_seq(json.loads(body)[1]["seq"], t)
            elif event == "results" and self.keep_results:
                data = json.loads(body)[1]
                self.results.append((t, data.get("total", data.get("count"))))
        elif text.startswith(self._ack_prefix):  # 43/ns,ID[...]
            body = text[len(self._ack_prefix) :]
            bracket = body.find("[")
            waiter = self._acks.pop(int(body[:bracket]), None)
            if waiter is None:
                return
            data = json.loads(body[bracket:])
            value = data[0] if data else None
            if isinstance(waiter, asyncio.Future):
                if not waiter.done():
                    waiter.set_result(value)
            else:
                waiter(value, t)
        elif text == "2":  # Engine.IO ping
            asyncio.ensure_future(self.ws.send_str("3"))
        elif text.startswith(f"40{self.namespace},"):
            if not self._connected.done():
                self._connected.set_result(t)
        elif text.startswith(f"44{self.namespace},"):
            message = json.loads(text[len(self.namespace) + 3 :]).get("message", "refused")
            self.errors.append(f"connect_error: {message}")
            if not self._connected.done():
                self._connected.set_exception(ConnectionRefusedError(message))
        elif text.startswith("41"):
            self.disconnected = True

    def _packet(self, event: str, data: Any, ack_id: int) -> str:
        args = [event] if data is None else [event, data]
        return f"42{self.namespace},{ack_id}{json.dumps(args, separators=(',', ':'))}"

    async def call(self, event: str, data: Any = None, timeout: float = 30) -> Any:
        self._next_id += 1
        future = asyncio.get_running_loop().create_future()
        self._acks[self._next_id] = future
        await self.ws.send_str(self._packet(event, data, self._next_id))
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self._acks.pop(self._next_id, None)

    async def send(self, event: str, data: Any, on_ack) -> None:
        """Open loop: send now, and call on_ack(value, when) when the acknowledgement comes."""
        self._next_id += 1
        self._acks[self._next_id] = on_ack
        await self.ws.send_str(self._packet(event, data, self._next_id))

    async def close(self) -> None:
        if self.ws is not None and not self.ws.closed:
            try:
                await asyncio.wait_for(self.ws.close(), 2)
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                pass
        if self._reader is not None:
            self._reader.cancel()


class SioConn(Conn):
    """python-socketio's AsyncClient: decodes everything, runs each handler as a task."""

    def __init__(self, http: aiohttp.ClientSession, url: str, namespace: str, auth: dict, **kwargs):
        import socketio

        super().__init__(namespace, auth, **kwargs)
        self.url = url
        self.client = socketio.AsyncClient(
            reconnection=False, http_session=http, handle_sigint=False
        )
        self.client.on("snapshot", self._on_snapshot, namespace=namespace)
        self.client.on("results", self._on_results, namespace=namespace)
        self.client.on("presence", self._on_other("presence"), namespace=namespace)
        self.client.on("disconnect", self._on_disconnect, namespace=namespace)

    async def connect(self, timeout: float = 30) -> float:
        await self.client.connect(
            self.url,
            namespaces=[self.namespace],
            auth=self.auth,
            transports=["websocket"],
            wait_timeout=timeout,
        )
        return await asyncio.wait_for(asyncio.shield(self.first_snapshot), timeout)

    def _on_snapshot(self, data):
        self._count("snapshot", 0)
        self._saw_seq(data["seq"], now())

    def _on_results(self, data):
        self._count("results", 0)
        if self.keep_results:
            self.results.append((now(), data.get("total", data.get("count"))))

    def _on_other(self, name):
        def handler(data=None):
            self._count(name, 0)

        return handler

    def _on_disconnect(self, reason=None):
        self.disconnected = True

    async def call(self, event: str, data: Any = None, timeout: float = 30) -> Any:
        return await self.client.call(event, data, namespace=self.namespace, timeout=timeout)

    async def send(self, event: str, data: Any, on_ack) -> None:
        await self.client.emit(
            event, data, namespace=self.namespace, callback=lambda value=None: on_ack(value, now())
        )

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.client.disconnect(), 2)
        except (TimeoutError, Exception):  # noqa: BLE001 - closing at the end of a run
            pass


CLIENTS = {"raw": RawConn, "sio": SioConn}
