"""The views pinned exactly: the room never gets answers by name, and a snapshot passes each of
its settings (media address, picture sizes, safety wording, clock) through to what it shows."""

from __future__ import annotations

import pytest

from sessions.activities import FACILITATOR, PARTICIPANT, SCREEN
from sessions.deck import parse_deck
from sessions.live import LiveState, Timer
from sessions.views import results_for, snapshot, step_view

SESSION = {
    "id": "s1",
    "code": "482913",
    "join_url": "https://talkback.example/join?code=482913",
    "screen_url": "https://talkback.example/screen/KEY",
    "min_responses": 3,
}
BY_NAME = {
    "total": 3,
    "counts": {"red": 2, "green": 1, "blue": 0},
    "by_name": [{"name": "Ann", "value": "red"}, {"name": "Bo", "value": "red"}],
}


def snap(deck, audience, state, **settings):
    return snapshot(
        audience, state, deck, session=SESSION, results=None, participant_count=4, **settings
    )


@pytest.mark.parametrize("audience", [SCREEN, PARTICIPANT])
def test_the_room_never_gets_one_to_one_answers_by_name(small, audience):
    step = small.step_by_id("colour")
    shown = results_for(audience, step, BY_NAME, seq=1, revealed=True, min_responses=3)
    assert shown is not None
    assert "by_name" not in shown
    assert shown["counts"] == BY_NAME["counts"]


def test_the_facilitator_gets_one_to_one_answers_by_name(small):
    step = small.step_by_id("colour")
    shown = results_for(FACILITATOR, step, BY_NAME, seq=1, revealed=True, min_responses=3)
    assert shown["by_name"] == BY_NAME["by_name"]


def test_the_facilitator_step_view_gives_the_steps_planned_minutes(small):
    view = step_view(small.step_by_id("welcome"), 0, FACILITATOR, revealed=False)
    assert view["minutes"] == 2


def test_a_picture_without_a_media_address_is_addressed_by_its_name(small):
    view = step_view(small.step_by_id("welcome"), 0, PARTICIPANT, revealed=False)
    assert view["image"]["url"] == "welcome.png"
    assert snap(small, PARTICIPANT, LiveState(step_index=0))["step"]["image"]["url"] == (
        "welcome.png"
    )


@pytest.mark.parametrize("audience", [FACILITATOR, SCREEN, PARTICIPANT])
def test_a_snapshot_shows_the_step_for_its_audience_with_its_pictures(small, audience):
    state = LiveState(step_index=0)
    step = snap(small, audience, state, media_url="/m/", image_widths=lambda name: [320])["step"]
    assert step["index"] == 0
    assert step["image"] == {
        "url": "/m/welcome.png",
        "alt": "People sitting in a circle",
        "srcset": "/m/welcome.png?w=320 320w",
    }
    assert ("notes" in step) == (audience == FACILITATOR)


def test_a_snapshot_gives_the_step_index_the_room_is_on(small):
    assert snap(small, SCREEN, LiveState(step_index=3))["step"]["index"] == 3


def test_a_snapshots_timer_counts_from_the_moment_given_or_the_epoch(small):
    state = LiveState(step_index=0, timer=Timer("running", ends_at=100.0))
    assert snap(small, SCREEN, state)["timer"] == {"status": "running", "seconds_left": 100}
    assert snap(small, SCREEN, state, now=40.0)["timer"]["seconds_left"] == 60


def test_a_plan_step_in_a_snapshot_carries_the_decks_own_reminder():
    deck = parse_deck(
        """\
title: Plan
safety:
  plan_reminder: Ring 111 if the pain spreads to both legs.
steps:
  - {id: plan, kind: plan, title: My plan, contact: Ring the team.}
""",
        source="plan.yaml",
    )
    step = snap(deck, PARTICIPANT, LiveState(step_index=0))["step"]
    assert step["safety"] == "Ring 111 if the pain spreads to both legs."


@pytest.mark.parametrize("audience", [FACILITATOR, SCREEN])
@pytest.mark.parametrize("blanked", [True, False])
def test_the_console_and_the_screen_are_told_whether_the_screen_is_blank(small, audience, blanked):
    assert snap(small, audience, LiveState(step_index=0, blanked=blanked))["blanked"] is blanked
