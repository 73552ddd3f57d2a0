"""Loaded by a server started with `python -m bench --gc-log` (PYTHONPATH points here): logs
every full (generation 2) garbage collection that takes 5 ms or more to $BENCH_GC_LOG, one line
each: wall-clock time, milliseconds, objects collected. An experiment, never in production."""

import gc
import os
import time

_LOG = os.environ.get("BENCH_GC_LOG")
_started: list[float] = []


def _watch(phase: str, info: dict) -> None:
    if info.get("generation") != 2:
        return
    if phase == "start":
        _started[:] = [time.perf_counter()]
    elif _started:
        took = time.perf_counter() - _started[0]
        if took >= 0.005:
            with open(_LOG, "a") as log:
                log.write(f"{time.time():.3f} {took * 1000:.1f} {info.get('collected', 0)}\n")


if _LOG:
    gc.callbacks.append(_watch)
