"""A service moves from its SQLite file to PostgreSQL with `run.py migrate-to`: a class run on
the real server over SQLite, the server stopped, the data moved, and the server started on the
PostgreSQL address finds the same session, people and answers, and takes new ones after them."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import psycopg
import pytest
import requests

from tests.e2e.clients import Listener
from tests.e2e.conftest import ROOT, Server
from tests.postgres_server import fresh_database

pytestmark = pytest.mark.e2e

PEOPLE = 3
STARTUP = 60  # seconds: a shared machine can be slow to start two servers


def join(server: Server, code: str, name: str) -> dict:
    response = requests.post(
        f"{server.url}/api/join", json={"code": code, "name": name}, timeout=10
    )
    response.raise_for_status()
    return response.json()


def answer(server: Server, phone: dict, step_id: str, value, answer_id: str) -> None:
    response = requests.post(
        f"{server.url}/api/answer",
        json={"step_id": step_id, "value": value, "id": answer_id},
        headers={"Authorization": f"Bearer {phone['participant_token']}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text


def run_a_poll_on(server: Server) -> tuple[dict, dict, list[dict]]:
    """A session moved on to its first poll, answered by every phone: the session, the
    poll step and the phones."""
    token = server.token()
    session = requests.post(
        f"{server.url}/api/sessions",
        json={"deck_id": "back-pain-1"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json()
    phones = [join(server, session["code"], f"Person {n}") for n in range(PEOPLE)]
    console = Listener(server.url, "/facilitator", {"token": token, "session_id": session["id"]})
    try:
        step = console.snapshot["step"]
        while step is None or step["kind"] != "poll":
            ack = console.call("next")
            assert ack["ok"], ack
            console.wait_for(lambda lis, seq=ack["seq"]: lis.seq >= seq)
            step = console.snapshot["step"]
        for n, phone in enumerate(phones):
            answer(server, phone, step["id"], step["options"][0]["id"], f"before-{n}")
        console.wait_for(lambda lis: lis.results.get(step["id"], {}).get("total") == PEOPLE)
    finally:
        console.close()
    return session, step, phones


def test_a_class_moved_to_postgresql_carries_on_where_it_was(tmp_path):
    sqlite_file = tmp_path / "talkback.db"
    before = Server(sqlite_file, tmp_path / "before.log").start(timeout=STARTUP)
    try:
        session, step, phones = run_a_poll_on(before)
    finally:
        before.stop()

    with fresh_database() as url:
        moved = subprocess.run(
            [sys.executable, "run.py", "--database", str(sqlite_file), "migrate-to", url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert moved.returncode == 0, moved.stderr
        assert "every count matches" in moved.stdout
        with sqlite3.connect(sqlite_file) as kept:  # the class's answers and the demo's
            (answers,) = kept.execute("SELECT count(*) FROM responses").fetchone()
        assert ["responses", str(answers)] in [line.split() for line in moved.stdout.splitlines()]

        again = subprocess.run(
            [sys.executable, "run.py", "--database", str(sqlite_file), "migrate-to", url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert again.returncode == 2
        assert "not empty" in again.stderr

        after = Server(url, tmp_path / "after.log").start(timeout=STARTUP)
        try:
            console = Listener(
                after.url, "/facilitator", {"token": after.token(), "session_id": session["id"]}
            )
            try:
                assert console.snapshot["step"]["id"] == step["id"]
                assert console.results[step["id"]]["total"] == PEOPLE
                # A phone from before the move is still known: its answer sent again is
                # the same answer (stored once, as the last check shows).
                answer(after, phones[1], step["id"], step["options"][0]["id"], "before-1")
                # One joining now answers after everyone before.
                newcomer = join(after, session["code"], "Late Arrival")
                answer(after, newcomer, step["id"], step["options"][-1]["id"], "after-new")
                console.wait_for(
                    lambda lis: lis.results.get(step["id"], {}).get("total") == PEOPLE + 1
                )
                rejoined = requests.post(
                    f"{after.url}/api/rejoin",
                    json={"rejoin_code": phones[0]["rejoin_code"]},
                    timeout=10,
                )
                assert rejoined.status_code == 200, rejoined.text
                assert rejoined.json()["name"] == "Person 0"
            finally:
                console.close()
                time.sleep(0.1)
        finally:
            after.stop()

        with psycopg.connect(url) as conn:
            order = conn.execute(
                "SELECT r.answer_id FROM responses r JOIN participants p"
                " ON p.id = r.participant_id WHERE r.session_id = %s ORDER BY r.rowid",
                (session["id"],),
            ).fetchall()
        assert [row[0] for row in order] == [f"before-{n}" for n in range(PEOPLE)] + ["after-new"]
