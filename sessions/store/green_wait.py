"""How psycopg 3 waits on its socket under eventlet or gevent.

psycopg picks its wait function once, on import. Its C wait (psycopg[binary]) calls poll()
inside C, which would freeze every green thread of the server for the length of a query or a
lock wait. It already uses the Python select() wait when gevent has patched select; eventlet
it does not detect, so here it is told to (PSYCOPG_WAIT_FUNC, psycopg's own switch), and
eventlet's patched select() then yields to other green threads while the server works."""

from __future__ import annotations

import os
import sys


def choose_green_wait() -> None:
    """Call before psycopg is first imported."""
    if "psycopg" in sys.modules or "PSYCOPG_WAIT_FUNC" in os.environ:
        return
    if _patched("eventlet.patcher", "is_monkey_patched") or _patched(
        "gevent.monkey", "is_module_patched"
    ):
        os.environ["PSYCOPG_WAIT_FUNC"] = "wait_select"


def _patched(module: str, check: str) -> bool:
    loaded = sys.modules.get(module)
    return bool(loaded and getattr(loaded, check)("select"))
