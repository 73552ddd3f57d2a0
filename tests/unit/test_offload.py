"""Offload runs work on the thread runner it is given, a bounded number at once."""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from server.offload import BACKGROUND_NICENESS, Offload


def test_work_runs_on_the_given_runner_and_returns_its_result():
    ran_by = []

    def runner(fn, *args, **kwargs):
        ran_by.append("runner")
        return fn(*args, **kwargs)

    def double(n, *, plus=0):
        return 2 * n + plus

    assert Offload(runner, 2)(double, 4, plus=1) == 9
    assert ran_by == ["runner"]


@pytest.mark.skipif(sys.platform != "linux", reason="thread priorities are per thread on Linux")
def test_a_pool_thread_runs_at_a_lower_priority_and_the_caller_keeps_its_own():
    before = os.getpriority(os.PRIO_PROCESS, 0)
    with ThreadPoolExecutor(1) as pool:
        offload = Offload(lambda fn, *a, **k: pool.submit(fn, *a, **k).result(), 1)
        assert offload(os.getpriority, os.PRIO_PROCESS, 0) >= BACKGROUND_NICENESS
    assert os.getpriority(os.PRIO_PROCESS, 0) == before


def test_without_a_runner_work_runs_in_the_callers_thread():
    assert Offload(None, 1)(threading.get_ident) == threading.get_ident()


def test_an_exception_comes_back_to_the_caller_and_frees_its_slot():
    offload = Offload(None, 1)

    def refuse():
        raise ValueError("not a picture")

    with pytest.raises(ValueError, match="not a picture"):
        offload(refuse)
    assert offload(lambda: "next") == "next"


def test_no_more_than_the_limit_run_at_once():
    offload = Offload(None, 2)
    lock = threading.Lock()
    running, most = [0], [0]

    def work():
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1

    threads = [threading.Thread(target=offload, args=(work,)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert most[0] == 2


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        Offload(None, 0)
