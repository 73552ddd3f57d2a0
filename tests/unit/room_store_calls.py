"""The four participants of the room session, and the store calls the room store tests share."""

from __future__ import annotations

import pytest

from sessions.store import StoreError

NAMES = ["Blue Heron", "Red Fox", "Green Owl", "Amber Bee"]


def answer(store, session_id, participant_id, step_id, value, answer_id="a1"):
    return store.responses.record(
        session_id=session_id,
        participant_id=participant_id,
        step_id=step_id,
        answer_id=answer_id,
        value=value,
        check=lambda state: None,
    )


def store_error(call, *args, **kwargs) -> StoreError:
    with pytest.raises(StoreError) as caught:
        call(*args, **kwargs)
    return caught.value
