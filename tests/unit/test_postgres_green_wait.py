"""Under eventlet and gevent a PostgreSQL query that waits (here, for a row another connection
holds locked) must yield: other green threads go on meanwhile. Each mode runs in its own
interpreter, since monkey patching cannot be undone."""

from __future__ import annotations

import subprocess
import sys

import pytest

PATCH = {
    "eventlet": "import eventlet; eventlet.monkey_patch()",
    "gevent": "from gevent import monkey; monkey.patch_all()",
}

PROBE = """
import threading, time
import sessions.store.postgres  # chooses psycopg's wait before psycopg is imported
import psycopg, psycopg.waiting
conn = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres")
ticks = []
def tick():
    end = time.monotonic() + 0.8
    while time.monotonic() < end:
        ticks.append(1)
        time.sleep(0.02)
t = threading.Thread(target=tick)
t.start()
conn.execute("SELECT pg_sleep(1)")
t.join()
print(psycopg.waiting.wait.__name__, len(ticks))
"""


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_a_waiting_query_lets_other_green_threads_run(mode):
    done = subprocess.run(
        [sys.executable, "-c", PATCH[mode] + "\n" + PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wait, ticks = done.stdout.split()
    assert wait == "wait_select"
    assert int(ticks) >= 20  # about 40 in 0.8 s; a frozen loop would let through one or two
