"""The start-up heap is frozen after one last collection, so later collections skip it."""

from __future__ import annotations

import gc
import weakref

import pytest

from server.heap import freeze_start_up_heap


class Node:
    def __init__(self):
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_what_is_alive_is_frozen_and_garbage_is_collected_first(unfrozen):
    kept = Node()
    garbage = Node()
    gone = weakref.ref(garbage)
    del garbage
    frozen = freeze_start_up_heap()
    assert gone() is None  # collected before the freeze, not kept for ever
    assert frozen == gc.get_freeze_count() > 0
    assert not any(obj is kept for obj in gc.get_objects())  # out of every generation


def test_what_is_made_after_is_still_collected(unfrozen):
    freeze_start_up_heap()
    later = Node()
    gone = weakref.ref(later)
    del later
    gc.collect()
    assert gone() is None


def test_the_served_process_freezes_its_heap_before_it_serves():
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "run.py").read_text(encoding="utf-8")
    serve = source[source.index("def serve(") :]
    serve = serve[: serve.index("\ndef ")]
    assert serve.index("freeze_start_up_heap()") < serve.index("_serve_eventlet(")
