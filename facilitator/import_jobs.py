"""Imports the page watches: the upload starts a job and returns at once, the job runs on a
background task (its heavy parts off the loop, as every import's are), and the page asks how
far it has gone. Jobs live in the memory of the worker that took the upload: with several
workers, nginx keeps each browser on one worker (docs/deploy.md), so the page's questions
reach that worker; a job lost with its worker leaves nothing behind, since a deck is stored
only once it is whole. A job is its starter's: anyone else is told it does not exist."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask

from facilitator import deck_transfer
from facilitator.identity import store
from sessions.store import StoreError

log = logging.getLogger(__name__)

EXTENSION = "talkback.import_jobs"
RUNNING_PER_PERSON = 2  # a third upload while two convert is refused, not queued
KEEP_SECONDS = 600  # a finished job waits this long for its page to collect it
FAILED = "Something went wrong while importing. Nothing was imported: upload the file again."


@dataclass
class Job:
    id: str
    owner_id: str
    filename: str
    # (phase, done, total): set in one assignment, as the reading thread may be a real one
    progress: tuple[str, int, int] = ("uploaded", 0, 0)
    deck_id: str | None = None
    slides: int = 0
    problems: list[tuple[str, str]] | None = None
    finished_at: float | None = None

    def heard(self, phase: str, done: int, total: int) -> None:
        self.progress = (phase, done, total)

    @property
    def running(self) -> bool:
        return self.finished_at is None


class TooMany(Exception):
    """The person already has RUNNING_PER_PERSON imports under way."""


class Jobs:
    def __init__(self, app: Flask, start_task):
        self._app = app
        self._start_task = start_task  # the server mode's own background task
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()  # taken on the loop only, never by a reading thread

    def start(self, data: bytes, *, filename: str, owner_id: str, **limits: Any) -> Job:
        with self._lock:
            self._forget_old()
            running = [j for j in self._jobs.values() if j.owner_id == owner_id and j.running]
            if len(running) >= RUNNING_PER_PERSON:
                raise TooMany()
            job = Job(secrets.token_urlsafe(16), owner_id, filename)
            self._jobs[job.id] = job
        self._start_task(self._run, job, data, limits)
        return job

    def mine(self, job_id: str, owner_id: str) -> Job | None:
        with self._lock:
            self._forget_old()
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner_id == owner_id else None

    def forget(self, job: Job) -> None:
        with self._lock:
            self._jobs.pop(job.id, None)

    def _run(self, job: Job, data: bytes, limits: dict[str, Any]) -> None:
        with self._app.app_context():
            try:
                job.deck_id, job.slides = deck_transfer.import_file(
                    store(),
                    data,
                    filename=job.filename,
                    owner_id=job.owner_id,
                    progress=job.heard,
                    **limits,
                )
            except deck_transfer.ImportRefused as exc:
                job.problems = exc.problems
            except StoreError as exc:
                job.problems = [("file", exc.message)]
            except Exception:  # the page must hear the end, whatever it was
                log.exception("import job %s failed", job.id)
                job.problems = [("file", FAILED)]
            finally:
                job.finished_at = time.monotonic()

    def _forget_old(self) -> None:
        now = time.monotonic()
        for job_id, job in list(self._jobs.items()):
            if job.finished_at is not None and now - job.finished_at > KEEP_SECONDS:
                del self._jobs[job_id]


def install(app: Flask, start_task) -> Jobs:
    jobs = app.extensions[EXTENSION] = Jobs(app, start_task)
    return jobs
