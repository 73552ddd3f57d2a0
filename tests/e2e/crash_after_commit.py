"""Test-only: run.py's server, with a crash between storing one answer and acknowledging it.
tests/e2e/test_faults.py starts this script instead of run.py; nothing served imports it, and
no setting of the app reaches it. The answer id comes from CRASH_AFTER_COMMIT."""

import os
import sys
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[2])  # the project, not tests/e2e

import run  # noqa: E402 - first: it patches the standard library for eventlet or gevent
from sessions.store.responses import Responses  # noqa: E402

CRASH_EXIT = 70


def crash_after_commit(answer_id: str) -> None:
    """Exit, with no acknowledgement and no clean-up, once the answer with this id is stored."""
    record_answer = Responses.record_answer

    def record_then_crash(self, **answer):
        recorded = record_answer(self, **answer)
        if answer["answer_id"] == answer_id:
            os._exit(CRASH_EXIT)
        return recorded

    Responses.record_answer = record_then_crash


if __name__ == "__main__":
    crash_after_commit(os.environ["CRASH_AFTER_COMMIT"])
    sys.exit(run.main(sys.argv[1:]))
