"""The bare framework, for ratios: a minimal Flask-SocketIO app under eventlet that speaks the
same wire protocol as Talkback (docs/protocol.md) with no store and no logic.

It answers the same HTTP calls the load generator makes (/api/tokens, /api/sessions, /api/join),
accepts the same `auth` on /facilitator, /participant and /screen, joins the same rooms, and
sends the same pattern of messages: a snapshot on connect, a snapshot to every audience on each
facilitator command, an acknowledgement for each answer, presence on each join, and results
coalesced every RESULTS_INTERVAL seconds. Payloads are padded to the sizes Talkback sends
(BENCH_SNAPSHOT_BYTES, BENCH_FACILITATOR_BYTES) so that the framework moves as many bytes.
Everything lives in dicts in memory; nothing is validated, stored or looked up on disk.

With BENCH_MESSAGE_QUEUE=redis://... several of these run as workers of one app, as Talkback's
do: emits go through Redis (Flask-SocketIO's message queue), and the little state that a phone
on one worker needs from a command on another (sequence number, revealed, head count, tokens and
codes) is kept in Redis hashes instead of dicts. Answers stay counted per worker.

    python bench/baseline_app.py --port 5001
    BENCH_MESSAGE_QUEUE=redis://127.0.0.1:6379/0 python bench/baseline_app.py --port 5002
"""

import os
import warnings

warnings.filterwarnings("ignore", message=r"(?s)\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import argparse  # noqa: E402
import json  # noqa: E402
import secrets  # noqa: E402
import time  # noqa: E402
from collections import deque  # noqa: E402

from flask import Flask, jsonify, request  # noqa: E402
from flask_socketio import ConnectionRefusedError, Namespace, SocketIO, emit, join_room  # noqa: E402

RESULTS_INTERVAL = float(os.environ.get("TALKBACK_RESULTS_INTERVAL", "0.25"))
SNAPSHOT_BYTES = int(os.environ.get("BENCH_SNAPSHOT_BYTES", "1500"))
FACILITATOR_BYTES = int(os.environ.get("BENCH_FACILITATOR_BYTES", "6000"))
AUDIENCES = ("facilitator", "screen", "participant")

MESSAGE_QUEUE = os.environ.get("BENCH_MESSAGE_QUEUE") or None

app = Flask(__name__)
socketio = SocketIO(
    app,
    async_mode="eventlet",
    max_http_buffer_size=64 * 1024,
    ping_interval=25,
    ping_timeout=20,
    json=None,
    message_queue=MESSAGE_QUEUE,
)


class LocalState:
    """One process: every session in dicts."""

    def __init__(self) -> None:
        self.sessions: dict[str, dict] = {}  # id -> {"seq", "revealed", "people"}
        self.by_code: dict[str, str] = {}
        self.by_key: dict[str, str] = {}
        self.staff: set[str] = set()
        self.participants: dict[str, str] = {}  # token -> session id

    def create(self, session_id: str, code: str, key: str) -> None:
        self.sessions[session_id] = {"seq": 0, "revealed": False, "people": 0}
        self.by_code[code], self.by_key[key] = session_id, session_id

    def session_for_code(self, code: str) -> str | None:
        return self.by_code.get(code)

    def session_for_key(self, key: str) -> str | None:
        return self.by_key.get(key)

    def add_staff(self, token: str) -> None:
        self.staff.add(token)

    def is_staff(self, token) -> bool:
        return token in self.staff

    def add_participant(self, token: str, session_id: str) -> int:
        """Returns the session's head count."""
        self.participants[token] = session_id
        self.sessions[session_id]["people"] += 1
        return self.sessions[session_id]["people"]

    def session_for_participant(self, token) -> str | None:
        return self.participants.get(token)

    def get(self, session_id: str) -> dict | None:
        return self.sessions.get(session_id)

    def command(self, session_id: str, reveal: bool | None) -> int:
        s = self.sessions[session_id]
        s["seq"] += 1
        if reveal is not None:
            s["revealed"] = reveal
        return s["seq"]


class SharedState(LocalState):
    """Several workers: the same, in Redis, so that any worker can serve any session."""

    def __init__(self, url: str) -> None:
        import redis

        self.redis = redis.Redis.from_url(url, decode_responses=True)

    def create(self, session_id, code, key):
        with self.redis.pipeline() as pipe:
            pipe.hset(f"b:s:{session_id}", mapping={"seq": 0, "revealed": 0, "people": 0})
            pipe.set(f"b:code:{code}", session_id)
            pipe.set(f"b:key:{key}", session_id)
            pipe.execute()

    def session_for_code(self, code):
        return self.redis.get(f"b:code:{code}")

    def session_for_key(self, key):
        return self.redis.get(f"b:key:{key}") if isinstance(key, str) else None

    def add_staff(self, token):
        self.redis.sadd("b:staff", token)

    def is_staff(self, token):
        return isinstance(token, str) and bool(self.redis.sismember("b:staff", token))

    def add_participant(self, token, session_id):
        with self.redis.pipeline() as pipe:
            pipe.set(f"b:p:{token}", session_id)
            pipe.hincrby(f"b:s:{session_id}", "people", 1)
            return pipe.execute()[1]

    def session_for_participant(self, token):
        return self.redis.get(f"b:p:{token}") if isinstance(token, str) else None

    def get(self, session_id):
        found = self.redis.hgetall(f"b:s:{session_id}")
        if not found:
            return None
        return {
            "seq": int(found["seq"]),
            "revealed": found["revealed"] == "1",
            "people": int(found["people"]),
        }

    def command(self, session_id, reveal):
        with self.redis.pipeline() as pipe:
            pipe.hincrby(f"b:s:{session_id}", "seq", 1)
            if reveal is not None:
                pipe.hset(f"b:s:{session_id}", "revealed", int(reveal))
            return pipe.execute()[0]


state = SharedState(MESSAGE_QUEUE) if MESSAGE_QUEUE else LocalState()
answers: dict[str, set] = {}  # session id -> (sid, answer id), on this worker
dirty: set[str] = set()


def room(session_id: str, audience: str) -> str:
    return f"s:{session_id}:{audience}"


def snapshot(session_id: str, audience: str, s: dict | None = None) -> dict:
    """A snapshot-shaped message of about the size Talkback sends to this audience."""
    s = s or state.get(session_id)
    size = FACILITATOR_BYTES if audience == "facilitator" else SNAPSHOT_BYTES
    view = {
        "seq": s["seq"],
        "stage": "step",
        "open": True,
        "revealed": s["revealed"],
        "participant_count": s["people"],
        "pad": "",
    }
    view["pad"] = "x" * max(0, size - len(json.dumps(view)))
    return view


def publish(session_id: str) -> None:
    s = state.get(session_id)
    for audience in AUDIENCES:
        socketio.emit(
            "snapshot",
            snapshot(session_id, audience, s),
            to=room(session_id, audience),
            namespace=f"/{audience}",
        )


def results(session_id: str, s: dict) -> dict:
    count = len(answers.get(session_id, ()))
    return {
        "seq": s["seq"],
        "step_id": "step",
        "kind": "poll",
        "total": count,
        "counts": {"a": count},
        "withheld": False,
    }


def flush_forever() -> None:
    while True:
        socketio.sleep(RESULTS_INTERVAL)
        for session_id in list(dirty):
            dirty.discard(session_id)
            s = state.get(session_id)
            message = results(session_id, s)
            audiences = AUDIENCES if s["revealed"] else ("facilitator",)
            for audience in audiences:
                socketio.emit(
                    "results", message, to=room(session_id, audience), namespace=f"/{audience}"
                )


# HTTP ------------------------------------------------------------------------------------------


@app.get("/signin")
def signin():
    return "ok"


@app.post("/api/tokens")
def tokens():
    token = secrets.token_urlsafe(16)
    state.add_staff(token)
    return jsonify({"token": token}), 201


@app.post("/api/sessions")
def new_session():
    session_id, key = secrets.token_hex(8), secrets.token_urlsafe(16)
    code = f"{secrets.randbelow(10**6):06d}"
    state.create(session_id, code, key)
    base = request.host_url.rstrip("/")
    return jsonify(
        {
            "id": session_id,
            "code": code,
            "join_url": f"{base}/join/{code}",
            "screen_url": f"{base}/screen/{key}",
        }
    ), 201


@app.post("/api/join")
def join():
    body = request.get_json(silent=True) or {}
    session_id = state.session_for_code(str(body.get("code", "")).replace(" ", ""))
    if session_id is None:
        return jsonify({"error": {"code": "unknown_code", "message": "No such code."}}), 404
    token = secrets.token_urlsafe(32)
    count = {"participant_count": state.add_participant(token, session_id)}
    for audience in ("facilitator", "screen"):
        socketio.emit("presence", count, to=room(session_id, audience), namespace=f"/{audience}")
    return jsonify(
        {
            "participant_token": token,
            "session_id": session_id,
            "name": body.get("name") or "Blue Heron",
        }
    ), 201


# Socket.IO -------------------------------------------------------------------------------------


class Audience(Namespace):
    audience = ""

    def __init__(self, namespace: str):
        super().__init__(namespace)
        self.who: dict[str, str] = {}  # sid -> session id

    def session_of(self, auth: dict) -> str | None:
        raise NotImplementedError

    def on_connect(self, auth=None):
        session_id = self.session_of(auth if isinstance(auth, dict) else {})
        s = state.get(session_id) if session_id else None
        if s is None:
            raise ConnectionRefusedError("refused")
        self.who[request.sid] = session_id
        join_room(room(session_id, self.audience))
        emit("snapshot", snapshot(session_id, self.audience, s))

    def on_disconnect(self, reason=None):
        self.who.pop(request.sid, None)

    def on_snapshot(self, payload=None):
        return {"ok": True, "snapshot": snapshot(self.who[request.sid], self.audience)}


class Facilitator(Audience):
    audience = "facilitator"

    def session_of(self, auth):
        return auth.get("session_id") if state.is_staff(auth.get("token")) else None

    def command(self, *, step_changes: bool = False, reveal: bool | None = None):
        session_id = self.who[request.sid]
        if step_changes:
            answers.pop(session_id, None)
            reveal = False
        seq = state.command(session_id, reveal)
        publish(session_id)
        return {"ok": True, "seq": seq}

    def on_next(self, payload=None):
        return self.command(step_changes=True)

    def on_back(self, payload=None):
        return self.command(step_changes=True)

    def on_goto(self, payload=None):
        return self.command(step_changes=True)

    def on_reveal(self, payload=None):
        return self.command(reveal=True)

    def on_hide(self, payload=None):
        return self.command(reveal=False)

    def on_open(self, payload=None):
        return self.command()

    def on_close(self, payload=None):
        return self.command()


class Screen(Audience):
    audience = "screen"

    def session_of(self, auth):
        return state.session_for_key(auth.get("key"))


class Participant(Audience):
    audience = "participant"

    def session_of(self, auth):
        return state.session_for_participant(auth.get("token"))

    def on_answer(self, payload=None):
        session_id = self.who[request.sid]
        answers.setdefault(session_id, set()).add((request.sid, (payload or {}).get("id")))
        dirty.add(session_id)
        return {"ok": True, "seq": state.get(session_id)["seq"]}


# The same lag probe as Talkback's housekeeping.LagProbe, so that both report alike.
lag_samples: deque[float] = deque(maxlen=20_000)
LAG_INTERVAL = 0.05


def probe_lag() -> None:
    while True:
        started = time.monotonic()
        socketio.sleep(LAG_INTERVAL)
        lag_samples.append(max(0.0, time.monotonic() - started - LAG_INTERVAL))


@app.get("/_bench/lag")
def bench_lag():
    ordered = sorted(lag_samples)
    if request.args.get("reset") == "1":
        lag_samples.clear()

    def ms(q: float):
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)

    with open("/proc/self/statm") as statm:
        rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return jsonify(
        {
            "samples": len(ordered),
            "interval_ms": LAG_INTERVAL * 1000,
            "p50_ms": ms(0.5),
            "p99_ms": ms(0.99),
            "max_ms": ms(1.0),
            "rss_bytes": rss,
        }
    )


for namespace in (Facilitator("/facilitator"), Screen("/screen"), Participant("/participant")):
    socketio.on_namespace(namespace)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    args = parser.parse_args()
    socketio.start_background_task(flush_forever)
    socketio.start_background_task(probe_lag)
    socketio.run(
        app,
        host=args.host,
        port=args.port,
        log_output=False,
        max_size=int(os.environ.get("TALKBACK_MAX_CONNECTIONS", "5000")),
    )


if __name__ == "__main__":
    main()
