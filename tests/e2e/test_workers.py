"""Several workers on one host (docs/deploy.md): run.py processes sharing the SQLite file and
passing Socket.IO events through a Redis of the test's own, with nginx in front.

- A whole class runs with the console on one worker and phones on both, and Redis is killed and
  started again in the middle: every phone sees every step, every answer is stored once.
- `run.py --workers 2` starts workers that share the secret key, the store and the queue,
  starts again one that dies (which forgets only its own connections), and stops them all.
- deploy/nginx.conf, as written, terminates TLS, upgrades WebSockets, keeps each long-polling
  client on one worker without putting one address on one worker, and checks origins."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import socketio

from tests.e2e.clients import Listener, Phone, create_session, join, token_hash
from tests.e2e.conftest import ASYNC_MODES, ROOT, Launcher, free_port
from tests.e2e.front import Nginx, nginx_site, self_signed
from tests.e2e.test_class_protocol import answer_for
from tests.e2e.test_faults import Stored, read_only

pytestmark = pytest.mark.e2e

PER_WORKER = 8  # phones on each worker
BACK_WITHIN = 10.0  # seconds for every device to show a step, even across a Redis restart
ANSWERED_KINDS = ("poll", "quiz", "scale")


class WatchingPhone(Phone):
    """A phone that remembers every step it was shown."""

    def __init__(self, url: str, token: str):
        self.steps_seen: set[str | None] = set()
        super().__init__(url, token)

    def _on_snapshot(self, snap):
        super()._on_snapshot(snap)
        with self.changed:
            self.steps_seen.add((snap["step"] or {}).get("id"))


def queue_env(redis_server, **more: str) -> dict[str, str]:
    return {"TALKBACK_MESSAGE_QUEUE": redis_server.url, **more}


def connection_rows(database) -> dict[str, int]:
    """worker id -> connections it counts, straight from the file."""
    with read_only(database) as db:
        return dict(
            db.execute("SELECT worker, sum(count) FROM connections GROUP BY worker").fetchall()
        )


# 1. A class across two workers, with Redis restarted in the middle -------------------------------


@pytest.mark.parametrize("async_mode", ASYNC_MODES)
def test_a_class_on_two_workers_survives_a_redis_restart(
    make_server, redis_server, tmp_path, async_mode
):
    database = tmp_path / "shared.db"
    env = queue_env(redis_server)
    first = make_server(env, "worker-a", async_mode=async_mode, database=database)
    second = make_server(env, "worker-b", async_mode=async_mode, database=database)
    token = first.token()
    session = create_session(first, token)
    console = Listener(
        first.url, "/facilitator", {"token": token, "session_id": session["id"]}, reconnection=True
    )
    devices: list = [console]
    try:
        screen = Listener(
            second.url,
            "/screen",
            {"key": session["screen_url"].rsplit("/", 1)[1]},
            reconnection=True,
        )
        devices.append(screen)
        with ThreadPoolExecutor(max_workers=16) as pool:
            places = [first] * PER_WORKER + [second] * PER_WORKER
            tokens = list(
                pool.map(lambda ip: join(ip[1], session["code"], f"P{ip[0]}"), enumerate(places))
            )
            phones = list(
                pool.map(
                    lambda pt: WatchingPhone(pt[0].url, pt[1]), zip(places, tokens, strict=True)
                )
            )
        devices += phones
        outline = console.snapshot["outline"]
        restart_at = len(outline) // 2 - 3  # a quiz in the middle of the demo deck
        assert outline[restart_at]["kind"] == "quiz"
        sent: list[tuple[WatchingPhone, str]] = []
        recovered_in = None

        for index, entry in enumerate(outline):
            outage = index == restart_at
            if outage:
                redis_server.kill()
                time.sleep(0.3)  # every worker has lost its link to the queue
            ack = console.call("next")
            assert ack["ok"], ack
            seq = ack["seq"]
            if outage:
                # The console's worker tells its own clients; the other worker's hear nothing.
                for phone in phones[:PER_WORKER]:
                    phone.wait_for(lambda p, seq=seq: p.seq == seq, timeout=BACK_WITHIN)
                time.sleep(0.5)
                assert all(phone.seq < seq for phone in phones[PER_WORKER:])
            else:
                for device in [screen, *phones]:
                    device.wait_for(lambda d, seq=seq: d.seq >= seq, timeout=BACK_WITHIN)

            step = phones[0].snapshot["step"]
            assert step["id"] == entry["id"]
            if step["kind"] in ANSWERED_KINDS:
                # Phones on both workers answer; in the outage, their acknowledgements still
                # come (the store, not the queue, says an answer is kept).
                ids = []
                for person, phone in enumerate(phones):
                    ids.append(
                        phone.answer(step["id"], answer_for(step, person), f"{step['id']}-{person}")
                    )
                for phone, answer_id in zip(phones, ids, strict=True):
                    phone.wait_for(lambda p, i=answer_id: p.ok(i), timeout=BACK_WITHIN)
                sent += list(zip(phones, ids, strict=True))
            if outage:
                redis_server.start()
                back = time.monotonic()
                for device in [screen, *phones]:
                    device.wait_for(lambda d, seq=seq: d.seq >= seq, timeout=BACK_WITHIN)
                recovered_in = time.monotonic() - back
            if step["kind"] in ANSWERED_KINDS:
                size = "count" if step["kind"] == "scale" else "total"
                # Answers taken by the other worker reach the console through the queue, or,
                # for those given in the outage, in the snapshot sent after it.
                console.wait_for(
                    lambda c, s=step["id"], k=size: c.results.get(s, {}).get(k) == len(phones),
                    timeout=BACK_WITHIN,
                )

        assert console.call("end")["ok"]
        for phone in phones:
            phone.wait_for(lambda p: p.snapshot["stage"] == "ended", timeout=BACK_WITHIN)

        # Every phone saw every step, on the connection it started with: the ones that missed
        # a step in the outage were sent a snapshot, not made to reconnect.
        every_step = {entry["id"] for entry in outline}
        for phone in phones:
            assert every_step <= phone.steps_seen, every_step - phone.steps_seen
            assert phone.connects == 1
        # Every answer acknowledged is stored once; nothing else is stored.
        stored = Stored.read(database, session["id"])
        for phone, answer_id in sent:
            stored.assert_once(phone, answer_id)
        assert len(stored.answer_ids) == len(stored.responses) == len(sent)
        assert len({token_hash(p.token) for p in phones} & set(stored.participant)) == len(phones)
        print(
            f"\n{async_mode}: {len(sent)} answers, every device back on the step "
            f"{recovered_in:.2f}s after Redis came back"
        )
    finally:
        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(lambda d: d.close(), devices))
        time.sleep(0.1)


# 2. The launcher ---------------------------------------------------------------------------------


def test_the_launcher_refuses_several_workers_without_a_queue(tmp_path):
    finished = subprocess.run(
        [
            sys.executable,
            "run.py",
            "--workers",
            "2",
            "--port",
            str(free_port()),
            "--database",
            str(tmp_path / "t.db"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "TALKBACK_MESSAGE_QUEUE": ""},
    )
    assert finished.returncode == 2
    assert "TALKBACK_MESSAGE_QUEUE" in finished.stderr


def test_the_launcher_runs_workers_that_share_key_store_and_queue(tmp_path, redis_server):
    launcher = Launcher(
        tmp_path / "talkback.db", tmp_path / "launcher.log", 2, queue_env(redis_server)
    ).start()
    devices: list = []
    try:
        first, second = launcher.urls
        token = launcher.token()

        class At:
            def __init__(self, url):
                self.url = url

        session = create_session(At(first), token)
        console = Listener(first, "/facilitator", {"token": token, "session_id": session["id"]})
        devices.append(console)

        # A phone joins with the page on one worker and its socket lands on the other: the
        # signed cookie holds there too, because both read the same secret key.
        browser = requests.Session()
        page = browser.get(f"{first}/join?code={session['code']}", timeout=10).text
        csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        joined = browser.post(
            f"{first}/join",
            data={"code": session["code"], "name": "Cookie", "csrf_token": csrf},
            timeout=10,
        )
        assert joined.ok, joined.status_code
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.cookies)
        by_cookie = socketio.Client(reconnection=False)
        seen: list[dict] = []
        by_cookie.on("snapshot", seen.append, namespace="/participant")
        by_cookie.connect(
            second,
            namespaces=["/participant"],
            transports=["websocket"],
            headers={"Cookie": cookie},
            auth={"session_id": session["id"]},
            wait_timeout=10,
        )
        devices.append(type("Closer", (), {"close": lambda self: by_cookie.shutdown()})())

        here = Phone(first, join(At(first), session["code"], "Here"))
        there = Phone(second, join(At(second), session["code"], "There"))
        devices += [here, there]
        seq = console.call("next")["seq"]
        for phone in (here, there):
            phone.wait_for(lambda p: p.seq == seq)
        deadline = time.monotonic() + 10
        while not any(s["seq"] == seq for s in seen):
            assert time.monotonic() < deadline, "the cookie phone missed the step"
            time.sleep(0.05)

        ids = {
            url: f"{socket.gethostname()}:{port}"
            for url, port in zip(launcher.urls, launcher.ports, strict=True)
        }
        assert connection_rows(launcher.database) == {ids[first]: 1, ids[second]: 2}

        # The second worker dies: the launcher starts it again, and it forgets only the
        # connections it held; the first worker's phone still counts as connected.
        old_pid = launcher.pids()[launcher.ports[1]]
        launcher_pid_before = launcher.process.pid
        os.kill(old_pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while launcher.pids()[launcher.ports[1]] == old_pid:
            assert time.monotonic() < deadline, "the launcher did not start the worker again"
            time.sleep(0.1)
        launcher.wait_ready(second)
        assert launcher.process.pid == launcher_pid_before
        assert launcher.running
        there.wait_for(lambda p: p.connects >= 2 and p.fresh, timeout=BACK_WITHIN)
        rows = connection_rows(launcher.database)
        assert rows[ids[first]] == 1  # untouched by the restart
        assert rows[ids[second]] == 1  # the reconnected phone (the cookie one did not retry)
        seq = console.call("next")["seq"]
        there.wait_for(lambda p: p.seq == seq)
    finally:
        for device in devices:
            device.close()
        status = launcher.stop()
    assert status == 0
    pids = launcher.pids()
    for pid in pids.values():
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


# 3. nginx in front -------------------------------------------------------------------------------


PHONES_BEHIND_ONE_ADDRESS = 24


@pytest.fixture
def behind_nginx(make_server, redis_server, tmp_path):
    """Two workers sharing a store and a queue, behind deploy/nginx.conf on https://127.0.0.1."""
    listen, plain = free_port(), free_port()
    public = f"https://127.0.0.1:{listen}"
    env = queue_env(redis_server, TALKBACK_TRUST_PROXY_HOPS="1", TALKBACK_PUBLIC_URL=public)
    database = tmp_path / "shared.db"
    workers = [make_server(env, f"worker-{n}", database=database) for n in range(2)]
    cert, key = self_signed(tmp_path)
    site = nginx_site([w.port for w in workers], listen, plain, cert, key)
    proxy = Nginx(tmp_path / "nginx", site, listen).start()
    proxy.plain_url = f"http://127.0.0.1:{plain}"
    yield public, cert, workers, database, proxy
    proxy.stop()


def https_session(cert: Path) -> requests.Session:
    """A client with a cookie jar of its own (a phone), trusting the test's certificate."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE and proxies from the environment would win
    session.verify = str(cert)
    return session


def test_nginx_terminates_tls_and_tells_the_workers(behind_nginx):
    public, cert, workers, _, proxy = behind_nginx
    page = https_session(cert).get(f"{public}/signin", timeout=10)
    assert page.status_code == 200
    # The worker knows the request came over HTTPS: HSTS, and the cookie-less page is secure.
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert f"wss://127.0.0.1:{public.rsplit(':', 1)[1]}" in page.headers["Content-Security-Policy"]
    # The route cookie is set once, secure, and only where the browser has none.
    assert "talkback_route=" in page.headers["Set-Cookie"]
    assert "Secure" in page.headers["Set-Cookie"]
    again = https_session(cert)
    again.cookies.set("talkback_route", "kept")
    assert "talkback_route" not in again.get(f"{public}/signin", timeout=10).headers.get(
        "Set-Cookie", ""
    )
    # Plain HTTP is sent to HTTPS.
    moved = https_session(cert).get(f"{proxy.plain_url}/join", allow_redirects=False, timeout=5)
    assert moved.status_code == 301
    assert moved.headers["Location"].startswith("https://127.0.0.1/join")


def test_long_polling_phones_from_one_address_spread_over_both_workers(behind_nginx):
    """Every phone here comes from 127.0.0.1, as a whole hospital behind one NAT address does.
    Each long-polling phone must stay on one worker (its Engine.IO session lives there), and
    the phones together must not all land on the same one."""
    public, cert, workers, database, _ = behind_nginx
    token = workers[0].token()
    session = create_session(workers[0], token)
    console = Listener(
        workers[0].url, "/facilitator", {"token": token, "session_id": session["id"]}
    )
    phones: list[socketio.Client] = []
    snapshots: dict[int, list[dict]] = {}
    try:
        for n in range(PHONES_BEHIND_ONE_ADDRESS):
            http = https_session(cert)
            participant = http.post(
                f"{public}/api/join", json={"code": session["code"]}, timeout=10
            ).json()["participant_token"]
            phone = socketio.Client(reconnection=False, http_session=http)
            snapshots[n] = []
            phone.on("snapshot", snapshots[n].append, namespace="/participant")
            phone.connect(
                public,
                namespaces=["/participant"],
                transports=["polling"],
                auth={"token": participant},
                wait_timeout=10,
            )
            phones.append(phone)
        for phone in phones:  # round trips on the same Engine.IO session still work
            assert phone.call("snapshot", namespace="/participant", timeout=10)["ok"]
        rows = connection_rows(database)
        assert len(rows) == 2, rows
        assert sum(rows.values()) == PHONES_BEHIND_ONE_ADDRESS, rows
        assert min(rows.values()) >= 3, f"the phones were not spread over the workers: {rows}"
        seq = console.call("next")["seq"]
        deadline = time.monotonic() + 10
        while not all(any(s["seq"] == seq for s in got) for got in snapshots.values()):
            assert time.monotonic() < deadline, "a long-polling phone missed the step"
            time.sleep(0.05)
    finally:
        for phone in phones:
            phone.shutdown()
        console.close()


def test_websockets_pass_nginx_and_foreign_origins_are_refused(behind_nginx):
    public, cert, workers, _, _ = behind_nginx
    token = workers[0].token()
    session = create_session(workers[0], token)
    participant = join(workers[1], session["code"], "Via nginx")
    http = https_session(cert)
    phone = socketio.Client(reconnection=False, http_session=http)
    seen: list[dict] = []
    phone.on("snapshot", seen.append, namespace="/participant")
    console = Listener(
        workers[1].url, "/facilitator", {"token": token, "session_id": session["id"]}
    )
    try:
        # websocket-client sends the Origin a browser on this page would: https://host:port.
        phone.connect(
            public,
            namespaces=["/participant"],
            transports=["websocket"],
            auth={"token": participant},
            wait_timeout=10,
        )
        assert phone.transport() == "websocket"
        seq = console.call("next")["seq"]
        deadline = time.monotonic() + 10
        while not any(s["seq"] == seq for s in seen):
            assert time.monotonic() < deadline, "the phone behind nginx missed the step"
            time.sleep(0.05)

        stranger = socketio.Client(reconnection=False, http_session=https_session(cert))
        with pytest.raises(socketio.exceptions.ConnectionError):
            stranger.connect(
                public,
                namespaces=["/participant"],
                transports=["websocket"],
                headers={"Origin": "https://evil.example"},
                auth={"token": participant},
                wait_timeout=5,
            )
        stranger.shutdown()
    finally:
        phone.shutdown()
        console.close()
