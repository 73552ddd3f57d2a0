"""Heavy requests do not freeze a running class: while one arrives, a phone still follows the
facilitator's steps about as fast as on an idle server. Measured on the real eventlet server,
the way the security probe measured it: the time from the console's `next` to the phone's
snapshot of the new step."""

from __future__ import annotations

import io
import socket
import statistics
import threading
import time

import pytest
import requests
import socketio
import yaml
from PIL import Image

from sessions import deck_files
from tests.conftest import csrf_token
from tests.e2e.clients import Listener, create_session, join
from tests.e2e.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

IDLE_STEPS = 15
NOISE = 0.05  # seconds: a busy test machine's jitter, on top of twice the idle latency


@pytest.fixture
def server(make_server, request):
    """eventlet, or the mode given by indirect parametrization. The console steps faster here
    than a physio would: its event limit is raised to match."""
    return make_server(
        {"TALKBACK_EVENT_LIMIT_FACILITATOR": "1000 per 5 seconds"},
        async_mode=getattr(request, "param", "eventlet"),
    )


@pytest.fixture
def room(server):
    token = server.token()
    created = create_session(server, token)
    console = Listener(server.url, "/facilitator", {"token": token, "session_id": created["id"]})
    phone = Listener(server.url, "/participant", {"token": join(server, created["code"])})
    phone.wait_for(lambda p: p.snapshot is not None)
    phone.code = created["code"]
    yield console, phone
    console.close()
    phone.close()


def step_latency(console: Listener, phone: Listener, command: str) -> float:
    seen = phone.seq
    started = time.perf_counter()
    ack = console.call(command, timeout=60)
    assert ack["ok"], ack
    phone.wait_for(lambda p: p.seq > seen, timeout=60)
    return time.perf_counter() - started


def latencies_while(console: Listener, phone: Listener, busy: threading.Thread) -> list[float]:
    """Step forward and back while `busy` runs; at least a few steps."""
    taken: list[float] = []
    busy.start()
    while busy.is_alive() or len(taken) < 5:
        taken.append(step_latency(console, phone, "next" if len(taken) % 2 == 0 else "back"))
    busy.join()
    return taken


def idle_median(console: Listener, phone: Listener) -> float:
    taken = [
        step_latency(console, phone, "next" if n % 2 == 0 else "back") for n in range(IDLE_STEPS)
    ]
    return statistics.median(taken)


def within_twice_idle(busy: list[float], idle: float) -> bool:
    """The mean step while busy: a freeze holds up a step for its whole length, and few steps
    are taken meanwhile, so it shows here however quick the steps after it are."""
    return statistics.mean(busy) <= 2 * idle + NOISE


def large_pictures_zip(count: int = 3, side: int = 3000) -> bytes:
    """A small zip of pictures that take seconds to decode and re-encode."""
    picture = io.BytesIO()
    Image.radial_gradient("L").resize((side, side)).convert("RGB").save(picture, "PNG")
    steps = [
        {
            "id": f"picture-{n}",
            "kind": "slide",
            "title": f"Picture {n}",
            "image": {"src": f"picture-{n}.png", "alt": "A grey circle"},
        }
        for n in range(count)
    ]
    yaml_text = yaml.safe_dump({"title": "Large pictures", "steps": steps}, sort_keys=False)
    return deck_files.write_zip(
        yaml_text, {f"picture-{n}.png": picture.getvalue() for n in range(count)}
    )


def signed_in_editor(server) -> requests.Session:
    http = requests.Session()
    page = http.get(f"{server.url}/signin", timeout=10).text
    signed = http.post(
        f"{server.url}/signin",
        data={"username": "demo", "password": DEMO_PASSWORD, "csrf_token": csrf_token(page)},
        timeout=10,
    )
    assert signed.ok, signed.text[:300]
    return http


@pytest.mark.parametrize("server", ["eventlet", "gevent"], indirect=True)
def test_importing_large_pictures_leaves_a_class_running_smoothly(server, room):
    console, phone = room
    editor = signed_in_editor(server)
    token = csrf_token(editor.get(f"{server.url}/decks/import", timeout=10).text)
    data = large_pictures_zip()
    outcome: list[int] = []

    def import_deck():
        response = editor.post(
            f"{server.url}/decks/import",
            data={"csrf_token": token},
            files={"file": ("pictures.zip", data)},
            timeout=120,
            allow_redirects=False,
        )
        outcome.append(response.status_code)

    idle = idle_median(console, phone)
    busy = latencies_while(console, phone, threading.Thread(target=import_deck))
    assert outcome == [302], "the deck was imported"
    assert within_twice_idle(busy, idle), (idle, busy)


def test_signing_in_leaves_a_class_running_smoothly(server, room):
    console, phone = room

    def sign_in_five_times():
        for _ in range(5):
            http = requests.Session()
            token = csrf_token(http.get(f"{server.url}/signin", timeout=10).text)
            form = {"username": "demo", "password": DEMO_PASSWORD, "csrf_token": token}
            signed = http.post(f"{server.url}/signin", data=form, timeout=60, allow_redirects=False)
            assert signed.status_code == 302

    def sign_in_from_two_places():
        places = [threading.Thread(target=sign_in_five_times) for _ in range(2)]
        for place in places:
            place.start()
        for place in places:
            place.join(120)

    idle = idle_median(console, phone)
    busy = latencies_while(console, phone, threading.Thread(target=sign_in_from_two_places))
    assert within_twice_idle(busy, idle), (idle, busy)


def test_a_25_mib_json_body_is_refused_without_freezing_a_class(server, room):
    console, phone = room
    answers: list[bytes] = []

    def send_huge_join():
        body = b'{"code": "' + b"1" * (25 * 1024 * 1024) + b'"}'
        head = (
            "POST /api/join HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as conn:
            conn.sendall(head)
            try:
                conn.sendall(body)
            except OSError:
                pass  # the server may close the connection once it has answered
            answers.append(conn.recv(4096))

    idle = idle_median(console, phone)
    busy = latencies_while(console, phone, threading.Thread(target=send_huge_join))
    assert within_twice_idle(busy, idle), (idle, busy)
    assert len(answers) == 1
    assert answers[0].startswith(b"HTTP/1.1 413"), answers
    assert b'"too_large"' in answers[0]


def test_a_flood_of_reserved_event_names_is_cut_off_without_slowing_the_class(server, room):
    console, phone = room
    joined = requests.post(f"{server.url}/api/join", json={"code": phone.code}, timeout=10)
    flooder = Listener(server.url, "/participant", {"token": joined.json()["participant_token"]})
    flooder.wait_for(lambda p: p.snapshot is not None)

    def flood():
        """About 2,000 a second, faster than the probe's 1,000; the pauses leave this
        process's other clients their share of its interpreter."""
        for n in range(3000):
            if not flooder.connected:
                return
            try:
                flooder.client.emit("connect" if n % 2 else "disconnect", namespace="/participant")
            except socketio.exceptions.SocketIOError:
                return
            if n % 20 == 0:
                time.sleep(0.01)

    try:
        idle = idle_median(console, phone)
        busy = latencies_while(console, phone, threading.Thread(target=flood))
        assert within_twice_idle(busy, idle), (idle, busy)
        flooder.wait_for(lambda p: not p.connected, timeout=10)
    finally:
        flooder.close()


def test_a_40_page_slide_import_leaves_a_class_running_smoothly(server, room):
    """Each page is drawn and kept at three sizes off the loop, so the class does not wait."""
    from tests.slide_samples import image_pdf

    console, phone = room
    editor = signed_in_editor(server)
    token = csrf_token(editor.get(f"{server.url}/decks/import", timeout=10).text)
    data = image_pdf(40, size=(1280, 720))
    outcome: list[int] = []

    def import_slides():
        response = editor.post(
            f"{server.url}/decks/import",
            data={"csrf_token": token},
            files={"file": ("forty pages.pdf", data)},
            timeout=300,
            allow_redirects=False,
        )
        outcome.append(response.status_code)

    idle = idle_median(console, phone)
    busy = latencies_while(console, phone, threading.Thread(target=import_slides))
    assert outcome == [302], "the slides were imported"
    assert within_twice_idle(busy, idle), (idle, busy)


def test_a_40_page_slide_import_job_leaves_a_class_running_smoothly(server, room):
    """The import page's way: the upload starts a job, answered at once, and the page asks
    how far it has gone while the pages are drawn off the loop."""
    from tests.slide_samples import image_pdf

    console, phone = room
    editor = signed_in_editor(server)
    token = csrf_token(editor.get(f"{server.url}/decks/import", timeout=10).text)
    data = image_pdf(40, size=(1280, 720))
    outcome: list[dict] = []
    json = {"Accept": "application/json"}

    def import_and_follow():
        started = editor.post(
            f"{server.url}/decks/import/jobs",
            data={"csrf_token": token},
            files={"file": ("forty pages.pdf", data)},
            headers=json,
            timeout=60,
        )
        assert started.status_code == 202, started.text[:300]
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            job = editor.get(server.url + started.json()["status"], headers=json, timeout=10)
            if job.json()["state"] != "running":
                outcome.append(job.json())
                return
            time.sleep(0.5)

    idle = idle_median(console, phone)
    busy = latencies_while(console, phone, threading.Thread(target=import_and_follow))
    assert [o["state"] for o in outcome] == ["done"], "the slides were imported"
    assert within_twice_idle(busy, idle), (idle, busy)
