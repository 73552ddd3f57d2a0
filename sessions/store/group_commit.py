"""Group commit: writes that arrive together share one transaction, so one fsync stores them
all. With synchronous=FULL each commit waits for the disk; a burst of answers from a big room
would otherwise wait for one fsync each, one after another.

The first write to arrive leads: it waits a few milliseconds (or until the batch is full) for
others, then runs each in its own savepoint of one transaction and commits. Nobody's call
returns before that commit, so what a caller acknowledges is stored. A write that fails is
undone alone and fails alone; a commit that fails fails every write of the batch, none of
which is then stored. Only the standard library's threading is used, so it works the same
with real threads and with eventlet's or gevent's green ones (run.py patches threading)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sessions.store.base import Database, StoreError
from sessions.words import N_

if TYPE_CHECKING:
    from sessions.store.postgres import PostgresDatabase

T = TypeVar("T")
Work = Callable[[], Any]  # it writes through the database, in the transaction of its thread


@dataclass(eq=False)
class _Waiting:
    work: Work
    arrived: float
    done: bool = False
    result: Any = None
    failure: BaseException | None = None


class GroupCommit:
    """Runs writes in shared transactions: at most `max_batch` together, gathered for at most
    `wait_ms` after the oldest one arrived."""

    def __init__(self, database: Database | PostgresDatabase, *, wait_ms: float, max_batch: int):
        if wait_ms < 0:
            raise ValueError("TALKBACK_ANSWER_BATCH_WAIT_MS must not be negative")
        if max_batch < 1:
            raise ValueError("TALKBACK_ANSWER_BATCH_MAX must be at least 1")
        self._database = database
        self._wait = wait_ms / 1000
        self._max = max_batch
        self._changed = threading.Condition()
        self._queue: deque[_Waiting] = deque()
        self._leading = False

    def run(self, work: Callable[[], T]) -> T:
        """work() inside a transaction shared with the writes that arrive with it; its
        result once that transaction is committed, or what it raised (its own changes
        undone). A write already inside a transaction of this thread joins that one."""
        if self._database.writing():
            with self._database.write():
                return work()
        me = _Waiting(work, time.monotonic())
        with self._changed:
            self._queue.append(me)
            if len(self._queue) >= self._max:
                self._changed.notify_all()  # a leader waiting for more need not wait
            while not me.done:
                if self._leading:
                    self._changed.wait()
                    continue
                self._lead()
        if me.failure is not None:
            raise me.failure
        return me.result

    def _lead(self) -> None:
        """Gather a batch (holding the condition), commit it (not holding it, so more can
        queue meanwhile), then let the next leader go."""
        self._leading = True
        try:
            deadline = self._queue[0].arrived + self._wait
            while len(self._queue) < self._max:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            batch = [self._queue.popleft() for _ in range(min(self._max, len(self._queue)))]
            self._changed.release()
            try:
                self._commit(batch)
            finally:
                self._changed.acquire()
        finally:
            self._leading = False
            self._changed.notify_all()

    def _commit(self, batch: list[_Waiting]) -> None:
        try:
            with self._database.write():
                for waiting in batch:
                    try:
                        with self._database.write():  # a savepoint: undone alone
                            waiting.result = waiting.work()
                    except Exception as exc:
                        waiting.failure = exc
                        if not self._database.transaction_alive():
                            raise  # the whole batch was undone (a full disk): it all failed
        except BaseException as exc:
            # Nothing of the batch is stored: nobody may be told otherwise.
            failure = exc if isinstance(exc, StoreError) else _unsaved()
            for waiting in batch:
                waiting.result, waiting.failure = None, failure
            if not isinstance(exc, Exception):
                raise
        finally:
            for waiting in batch:
                waiting.done = True


def _unsaved() -> StoreError:
    return StoreError("unavailable", N_("The database failed. Nothing was saved."))
