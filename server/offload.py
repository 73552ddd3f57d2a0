"""Work that would hold the event loop (decoding and re-encoding pictures, hashing passwords)
runs on a real operating-system thread, a few at a time.

Under eventlet or gevent, `threading` and `concurrent.futures` give green threads that share
the loop's one OS thread, so CPU work in them still freezes every class. run.py, the only
module that knows the server's mode, hands create_app the mode's own pool of real threads
(eventlet's tpool, gevent's hub threadpool); without one (the threading mode of the tests,
where each request has its own OS thread already) the work runs in the caller's thread. Either
way a semaphore bounds how many run at once, so a burst of uploads queues instead of taking
every core; under monkey-patching it is a green semaphore, so waiting for it yields.

A pool's threads also run at a lower CPU priority (on Linux, where it is per thread), as do
the threads they start (Argon2 hashes with four): on a small host the loop then still gets
the CPU it needs the moment a message arrives, however busy the pool is."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app

T = TypeVar("T")
RunOnThread = Callable[..., Any]  # run(fn, *args, **kwargs) on a real thread, return its result

EXTENSION = "talkback.offload"


BACKGROUND_NICENESS = 10


def _in_this_thread(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return fn(*args, **kwargs)


def _in_the_background(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """On a pool thread: lower its priority (Linux applies who=0 to the calling thread only;
    elsewhere it would be the whole process, so it is left alone), then run."""
    if sys.platform == "linux":
        try:
            current = os.getpriority(os.PRIO_PROCESS, 0)
            os.setpriority(os.PRIO_PROCESS, 0, max(current, BACKGROUND_NICENESS))
        except OSError:
            pass
    return fn(*args, **kwargs)


class Offload:
    """Runs a function on `run_on_thread`, at most `at_once` of them together."""

    def __init__(self, run_on_thread: RunOnThread | None, at_once: int):
        if at_once < 1:
            raise ValueError("TALKBACK_OFFLOAD_AT_ONCE must be at least 1")
        self.run_on_thread = run_on_thread or _in_this_thread
        self._slots = threading.BoundedSemaphore(at_once)

    def __call__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._slots:
            if self.run_on_thread is _in_this_thread:
                return fn(*args, **kwargs)
            return self.run_on_thread(_in_the_background, fn, *args, **kwargs)


def install(app: Flask, run_on_thread: RunOnThread | None) -> Offload:
    offload = Offload(run_on_thread, int(app.config["OFFLOAD_AT_ONCE"]))
    app.extensions[EXTENSION] = offload
    return offload


def off_the_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """fn(*args, **kwargs) on the app's offload; exceptions come back as raised."""
    return current_app.extensions[EXTENSION](fn, *args, **kwargs)
