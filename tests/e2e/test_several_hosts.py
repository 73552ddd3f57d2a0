"""Talkback on two hosts (docs/deploy.md, "Several hosts"): each host is a network namespace of
the test's own, joined to this machine by a veth pair, running `run.py --workers 2`. Both share
a PostgreSQL cluster and a Redis of the test's own, listening on this machine's end of each
pair, and deploy/nginx.conf, on 127.0.0.1, lists the four workers.

- A class with its console on host A and phones on both: host B's workers are killed (SIGKILL)
  just after its phones answered; they reconnect through nginx to host A and carry on. Every
  acknowledged answer is stored exactly once and every phone is back on the step within 10 s.
- The same class with PostgreSQL stopped mid-class: answers meanwhile are refused with a clear
  error and not stored; once it is back, the same answers are taken, and nothing acknowledged
  is missing.

Everything (namespaces, processes, the cluster's files) is removed afterwards, even on failure.
Needs root (`ip netns`), nginx, redis-server and PostgreSQL 15's binaries: without them the
tests fail, they do not skip."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import requests

from tests.e2e.clients import Listener, Phone, create_session, token_hash
from tests.e2e.conftest import DEMO_PASSWORD, ROOT, RedisServer, free_port
from tests.e2e.front import Nginx, nginx_site, self_signed
from tests.e2e.test_class_protocol import answer_for
from tests.e2e.test_faults import Stored
from tests.e2e.test_workers import https_session

pytestmark = pytest.mark.e2e

PG_BIN = Path("/usr/lib/postgresql/15/bin")
WORKER_PORTS = (5000, 5001)  # inside each host's namespace, as docs/deploy.md runs them
PHONES = 16
BACK_WITHIN = 10.0  # seconds for every phone to be back on the step
ANSWERED_KINDS = ("poll", "quiz", "scale")


def run(*command: str, timeout: float = 60) -> str:
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(command)}: {done.stderr}"
    return done.stdout


# The parts: a host's network, the shared PostgreSQL, a host's workers ----------------------------


class Namespace:
    """A host's network: a namespace with one end of a veth pair (10.77.N.2), the other end
    (10.77.N.1) on this machine, where the shared services listen."""

    def __init__(self, name: str, subnet: int):
        self.name = name
        self.outside_link, self.inside_link = f"{name}o", f"{name}i"
        self.outside = f"10.77.{subnet}.1"
        self.address = f"10.77.{subnet}.2"

    def create(self) -> None:
        if os.geteuid() != 0:
            pytest.fail("several hosts need network namespaces: run as root")
        run("ip", "netns", "add", self.name)
        run(
            "ip", "link", "add", self.outside_link, "type", "veth", "peer", "name", self.inside_link
        )
        run("ip", "link", "set", self.inside_link, "netns", self.name)
        run("ip", "addr", "add", f"{self.outside}/24", "dev", self.outside_link)
        run("ip", "link", "set", self.outside_link, "up")
        inside = ("ip", "netns", "exec", self.name)
        run(*inside, "ip", "addr", "add", f"{self.address}/24", "dev", self.inside_link)
        run(*inside, "ip", "link", "set", self.inside_link, "up")
        run(*inside, "ip", "link", "set", "lo", "up")

    def delete(self) -> None:
        """Kill whatever still runs inside, then remove the namespace and both links."""
        listed = subprocess.run(
            ["ip", "netns", "pids", self.name], capture_output=True, text=True, timeout=30
        )
        for pid in listed.stdout.split():
            with contextlib.suppress(OSError):
                os.kill(int(pid), signal.SIGKILL)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True, timeout=30)
        subprocess.run(["ip", "link", "del", self.outside_link], capture_output=True, timeout=30)


class PostgresCluster:
    """A PostgreSQL 15 cluster of the test's own (the machine's listens on 127.0.0.1 only,
    which a namespace cannot reach), trusting the hosts' subnets. initdb refuses root, so the
    cluster belongs to the postgres OS user, in a directory of its own under /tmp."""

    def __init__(self, addresses: list[str]):
        for binary in ("initdb", "pg_ctl", "postgres"):
            if not (PG_BIN / binary).exists():
                pytest.fail(f"{PG_BIN / binary} is missing: apt-get install postgresql-15")
        self.addresses = addresses
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="talkback-hosts-pg-"))
        self.data = self.directory / "data"
        self.log = self.directory / "postgres.log"

    def as_postgres(self, *command: str) -> str:
        return run("runuser", "-u", "postgres", "--", *command, timeout=90)

    def create(self) -> None:
        shutil.chown(self.directory, "postgres", "postgres")
        self.as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-N"
        )
        with (self.data / "pg_hba.conf").open("a") as hba:
            hba.write("host all postgres 10.77.0.0/16 trust\n")

    def start(self) -> None:
        options = f"-k {self.directory} -h {','.join(self.addresses)} -p {self.port} -c fsync=off"
        self.as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60",
            "-o", options, "start",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, address: str, database: str = "postgres") -> str:
        return f"postgresql://postgres@{address}:{self.port}/{database}"

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
                self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


class Host:
    """`run.py --workers 2` inside a namespace, in a process group of its own, so that kill9()
    takes the supervisor and its workers at once, as a host that dies does."""

    def __init__(self, namespace: Namespace, env: dict[str, str], log_path: Path):
        self.namespace = namespace
        self.env = env
        self.log_path = log_path
        self.urls = [f"http://{namespace.address}:{port}" for port in WORKER_PORTS]
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Host:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    "ip", "netns", "exec", self.namespace.name,
                    sys.executable, "run.py", "--demo", "--workers", str(len(WORKER_PORTS)),
                    "--host", self.namespace.address, "--port", str(WORKER_PORTS[0]),
                ],
                cwd=ROOT,
                env={**os.environ, "TALKBACK_DEMO_PASSWORD": DEMO_PASSWORD, **self.env},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        for url in self.urls:
            self.wait_ready(url, timeout)
        return self

    def wait_ready(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"host exited: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"{url}/signin", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"worker {url} did not start in time")

    def kill9(self) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """SIGTERM to the supervisor (it stops its workers); SIGKILL for all if they linger."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(10)

    def token(self) -> str:
        response = requests.post(
            f"{self.urls[0]}/api/tokens",
            json={"username": "demo", "password": DEMO_PASSWORD},
            timeout=10,
        )
        response.raise_for_status()
        return response.json()["token"]


@dataclass
class Site:
    """Two hosts behind nginx, sharing a PostgreSQL cluster and a Redis."""

    a: Host
    b: Host
    cluster: PostgresCluster
    database: str  # the store's URL as this machine reaches it
    public: str  # nginx: https://127.0.0.1:<port>
    cert: Path


def site_for_hosts(hosts: list[Host], listen: int, plain: int, cert: Path, key: Path) -> str:
    """deploy/nginx.conf as shipped, its upstream listing every worker of every host."""
    site = nginx_site(list(WORKER_PORTS), listen, plain, cert, key)
    one_host = "".join(f"    server 127.0.0.1:{port};\n" for port in WORKER_PORTS)
    every_host = "".join(
        f"    server {url.removeprefix('http://')};\n" for h in hosts for url in h.urls
    )
    assert one_host in site
    return site.replace(one_host, every_host)


@pytest.fixture
def two_hosts(tmp_path) -> Iterator[Site]:
    subnet = secrets.randbelow(120) * 2 + 10  # two free /24s of 10.77, unlikely to be in use
    tag = secrets.token_hex(2)
    nets = [Namespace(f"tb{tag}a", subnet), Namespace(f"tb{tag}b", subnet + 1)]
    cluster = PostgresCluster([n.outside for n in nets])
    redis = RedisServer(tmp_path / "redis", bind=tuple(n.outside for n in nets))
    hosts: list[Host] = []
    proxy = None
    try:
        for net in nets:
            net.create()
        cluster.create()
        cluster.start()
        with psycopg.connect(cluster.url(nets[0].outside), autocommit=True) as admin:
            admin.execute("CREATE DATABASE talkback")
        redis.start()
        listen, plain = free_port(), free_port()
        public = f"https://127.0.0.1:{listen}"
        shared = {
            # One key for every host: a phone that joined through one is known to all.
            "TALKBACK_SECRET_KEY": "k" + secrets.token_hex(32),
            "TALKBACK_PUBLIC_URL": public,
            "TALKBACK_TRUST_PROXY_HOPS": "1",
        }
        for name, net in zip("ab", nets, strict=True):
            # Each host reaches the shared services at its own end of its link; the namespaces
            # share this machine's host name, so each host names its workers itself.
            env = {
                **shared,
                "TALKBACK_DATABASE": cluster.url(net.outside, "talkback"),
                "TALKBACK_MESSAGE_QUEUE": f"redis://{net.outside}:{redis.port}/0",
                "TALKBACK_WORKER_ID": f"host-{name}",
            }
            hosts.append(Host(net, env, tmp_path / f"host-{name}.log").start())
        cert, key = self_signed(tmp_path)
        proxy = Nginx(
            tmp_path / "nginx", site_for_hosts(hosts, listen, plain, cert, key), listen
        ).start()
        yield Site(
            hosts[0], hosts[1], cluster, cluster.url(nets[0].outside, "talkback"), public, cert
        )
    finally:
        if proxy is not None:
            proxy.stop()
        for host in hosts:
            host.stop()
        redis.stop()
        cluster.remove()
        for net in nets:
            net.delete()


# Clients through nginx, and what the store holds -------------------------------------------------


def join_through(site: Site, code: str, name: str) -> str:
    response = https_session(site.cert).post(
        f"{site.public}/api/join", json={"code": code, "name": name}, timeout=10
    )
    response.raise_for_status()
    return response.json()["participant_token"]


def phone_through(site: Site, token: str) -> Phone:
    """A phone on nginx's address, trusting the test's certificate, reconnecting on its own."""
    phone = Phone(site.public, token, connect=False)
    # Given after construction, the session must be marked as the caller's, or Engine.IO
    # drops it on a disconnect and reconnects without the test's certificate.
    phone.client.eio.http = https_session(site.cert)
    phone.client.eio.external_http = True
    phone.connect()
    return phone


def stored(site: Site, session_id: str) -> Stored:
    """Everything PostgreSQL holds for the session, read directly."""
    with psycopg.connect(site.database) as db:
        participant = dict(
            db.execute(
                "SELECT token_hash, id FROM participants WHERE session_id = %s", (session_id,)
            ).fetchall()
        )
        answer_ids = db.execute(
            "SELECT a.participant_id, a.answer_id, a.step_id, a.value FROM answer_ids a"
            " JOIN participants p ON p.id = a.participant_id WHERE p.session_id = %s",
            (session_id,),
        ).fetchall()
        responses = db.execute(
            "SELECT participant_id, step_id, answer_id, value FROM responses WHERE session_id = %s",
            (session_id,),
        ).fetchall()
    return Stored(participant, [tuple(r) for r in answer_ids], [tuple(r) for r in responses])


def host_of_each(site: Site, phones: list[Phone]) -> dict[str, set[str]]:
    """token hash -> the hosts ("host-a", "host-b") whose workers count it as connected."""
    with psycopg.connect(site.database) as db:
        rows = db.execute(
            "SELECT p.token_hash, c.worker FROM connections c"
            " JOIN participants p ON p.id = c.participant_id WHERE c.count > 0"
        ).fetchall()
    wanted = {token_hash(p.token) for p in phones}
    hosts: dict[str, set[str]] = {}
    for hashed, worker in rows:
        if hashed in wanted:
            hosts.setdefault(hashed, set()).add(worker.split(":")[0])
    return hosts


@dataclass
class Class:
    session: dict
    console: Listener
    phones: list[Phone]

    def close(self) -> None:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda d: d.close(), [self.console, *self.phones]))


def start_class(site: Site, phones: int) -> Class:
    """A session with its console on host A's first worker and `phones` phones on nginx."""
    token = site.a.token()
    session = create_session(type("At", (), {"url": site.a.urls[0]})(), token)
    console = Listener(
        site.a.urls[0],
        "/facilitator",
        {"token": token, "session_id": session["id"]},
        reconnection=True,
    )
    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = list(
            pool.map(lambda n: join_through(site, session["code"], f"P{n}"), range(phones))
        )
        joined = list(pool.map(lambda t: phone_through(site, t), tokens))
    return Class(session, console, joined)


def next_step(room: Class) -> tuple[int, dict]:
    """The console moves on; every phone shows the step. Returns (seq, step)."""
    ack = room.console.call("next")
    assert ack["ok"], ack
    seq = ack["seq"]
    for phone in room.phones:
        phone.wait_for(lambda p, seq=seq: p.seq >= seq, timeout=BACK_WITHIN)
    return seq, room.phones[0].snapshot["step"]


def next_answered_step(room: Class) -> tuple[int, dict]:
    while True:
        seq, step = next_step(room)
        if step["kind"] in ANSWERED_KINDS:
            return seq, step


def everyone_answers(room: Class, step: dict) -> list[tuple[Phone, str]]:
    return [
        (phone, phone.answer(step["id"], answer_for(step, person)))
        for person, phone in enumerate(room.phones)
    ]


def wait_all_ok(sent: list[tuple[Phone, str]], timeout: float = BACK_WITHIN) -> None:
    for phone, answer_id in sent:
        phone.wait_for(lambda p, i=answer_id: p.ok(i), timeout=timeout)


def assert_stored_once(site: Site, room: Class, sent: list[tuple[Phone, str]]) -> None:
    """Every answer acknowledged is stored once, as sent; nothing else is stored."""
    acknowledged = [(phone, answer_id) for phone, answer_id in sent if phone.ok(answer_id)]
    held = stored(site, room.session["id"])
    for phone, answer_id in acknowledged:
        held.assert_once(phone, answer_id)
    assert len(held.answer_ids) == len(held.responses) == len(acknowledged)


# 1. A host dies mid-class ------------------------------------------------------------------------


def test_phones_of_a_host_that_dies_carry_on_through_the_other(two_hosts):
    site = two_hosts
    room = start_class(site, PHONES)
    try:
        deadline = time.monotonic() + BACK_WITHIN
        while len(placed := host_of_each(site, room.phones)) < PHONES:
            assert time.monotonic() < deadline, "not every phone is counted as connected"
            time.sleep(0.1)
        on_b = [p for p in room.phones if placed[token_hash(p.token)] == {"host-b"}]
        # nginx spreads the phones by a random cookie: 16 of them land on both hosts.
        assert 2 <= len(on_b) <= PHONES - 2, placed

        _, step = next_answered_step(room)
        sent = everyone_answers(room, step)
        wait_all_ok(sent)

        # Mid-step: everyone answers and host B dies before its phones hear back.
        seq, step = next_answered_step(room)
        in_flight = everyone_answers(room, step)
        site.b.kill9()
        killed = time.monotonic()
        for phone in room.phones:
            phone.wait_for(lambda p, seq=seq, s=step["id"]: p.on_step(seq, s), timeout=BACK_WITHIN)
        wait_all_ok(in_flight, timeout=max(0.1, killed + BACK_WITHIN - time.monotonic()))
        back_in = time.monotonic() - killed
        sent += in_flight
        for phone in on_b:
            assert phone.connects >= 2, "a phone of host B did not reconnect"
        # Only host A counts them now (host B's rows are stale until its heartbeat expires).
        placed = host_of_each(site, room.phones)
        assert all("host-a" in placed[token_hash(p.token)] for p in room.phones), placed

        # The class carries on, every phone through host A.
        _, step = next_answered_step(room)
        after = everyone_answers(room, step)
        wait_all_ok(after)
        sent += after

        assert_stored_once(site, room, sent)
        assert len(sent) == 3 * PHONES
        print(f"\n{len(on_b)} phones moved to host A; every phone back in {back_in:.2f}s")
    finally:
        room.close()


# 2. PostgreSQL restarts mid-class ----------------------------------------------------------------


def test_a_postgresql_restart_refuses_answers_clearly_then_takes_them(two_hosts):
    site = two_hosts
    room = start_class(site, PHONES // 2)
    try:
        _, step = next_answered_step(room)
        sent = everyone_answers(room, step)
        wait_all_ok(sent)

        _, step = next_answered_step(room)
        site.cluster.stop()
        refused = everyone_answers(room, step)
        for phone, answer_id in refused:
            phone.wait_for(lambda p, i=answer_id: bool(p.acks.get(i)), timeout=BACK_WITHIN)
            (ack,) = phone.acks[answer_id]
            assert not ack["ok"], ack
            assert ack["error"]["code"] == "unavailable", ack
            assert "Nothing was saved" in ack["error"]["message"], ack

        site.cluster.start()
        back = time.monotonic()
        held = stored(site, room.session["id"])
        for phone, answer_id in refused:
            held.assert_absent(phone, answer_id)
        # The phones send the same answers again (the person taps "try again"); each worker
        # finds the database again by itself.
        for phone, answer_id in refused:
            retried_until = time.monotonic() + BACK_WITHIN
            while not phone.ok(answer_id):
                assert time.monotonic() < retried_until, phone.codes(answer_id)
                acks_before = len(phone.acks[answer_id])
                phone.retry(answer_id)
                phone.wait_for(
                    lambda p, i=answer_id, n=acks_before: len(p.acks[i]) > n,
                    timeout=BACK_WITHIN,
                )
                if not phone.ok(answer_id):
                    time.sleep(0.2)
        recovered_in = time.monotonic() - back
        sent += refused

        _, step = next_answered_step(room)
        after = everyone_answers(room, step)
        wait_all_ok(after)
        sent += after

        assert_stored_once(site, room, sent)
        assert len(sent) == 3 * len(room.phones)
        print(f"\nanswers taken again {recovered_in:.2f}s after PostgreSQL was back")
    finally:
        room.close()
