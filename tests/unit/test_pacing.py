"""The pacing co-pilot: the room's clock against the deck's planned minutes."""

from __future__ import annotations

import pytest

from sessions.deck import DeckError
from sessions.live import GROUP, SELF_PACED
from sessions.pacing import (
    NO_PLAN_LINE,
    SELF_PACED_LINE,
    Visit,
    actual_minutes,
    pace,
    planned_against_actual,
)
from tests.unit.deck_yaml import deck, parse, poll, slide

MIN = 60.0
T0 = 1_800_000_000.0  # when the room first reached a step


def talk(step_id: str = "talk", **fields) -> dict:
    return {
        "id": step_id,
        "kind": "discuss",
        "title": "Talk in groups",
        "cards": [{"id": "a", "text": "What helps?"}],
        **fields,
    }


def planned_deck():
    """Five steps, 26 minutes planned: 5, 4, 10 (a discussion), 3 (optional), 4."""
    return parse(
        deck(
            slide("welcome", minutes=5),
            poll("colour", minutes=4),
            talk("talk", minutes=10),
            slide("moves", title="Everyday moves", minutes=3, optional=True),
            slide("close", title="Close", minutes=4),
        )
    )


def walk(*steps: tuple[str, float]) -> list[Visit]:
    """Visits from (step id, minute reached) pairs; each ends as the next begins."""
    visits = []
    for i, (step_id, at) in enumerate(steps):
        left = T0 + steps[i + 1][1] * MIN if i + 1 < len(steps) else None
        visits.append(Visit(step_id, T0 + at * MIN, left))
    return visits


def test_behind_plan_says_so_with_the_steps_left_and_the_optional_step():
    # 12 minutes in, on the poll since minute 5 (its 4 minutes used up): 9 planned so far.
    p = pace(planned_deck(), walk(("welcome", 0), ("colour", 5)), T0 + 12 * MIN)
    assert p.on_plan
    assert p.started
    assert p.elapsed_minutes == 12
    assert p.planned_so_far == 9
    assert p.behind_minutes == 3
    assert [s.id for s in p.steps_left] == ["talk", "moves", "close"]
    assert p.planned_left == 17
    assert p.line == (
        "12 minutes in, 3 behind plan — 3 steps left, 17 minutes planned."
        " Time can be found: 'Everyday moves' is optional."
    )


def test_time_on_the_step_now_counts_only_up_to_its_plan():
    # Two minutes into the poll's four: exactly on plan, and no suggestion is made.
    p = pace(planned_deck(), walk(("welcome", 0), ("colour", 5)), T0 + 7 * MIN)
    assert p.planned_so_far == 7
    assert p.behind_minutes == 0
    assert p.suggestion == ""
    assert p.line == "7 minutes in, on plan — 3 steps left, 17 minutes planned."


def test_ahead_of_plan_when_the_room_moved_on_early():
    p = pace(planned_deck(), walk(("welcome", 0), ("colour", 2)), T0 + 2 * MIN)
    assert p.behind_minutes == -3
    assert p.line.startswith("2 minutes in, 3 ahead of plan — ")
    assert p.suggestion == ""


def test_without_optional_steps_left_the_longest_discussion_is_suggested():
    d = parse(
        deck(
            slide("welcome", minutes=5),
            talk("short", title="Pairs", minutes=3),
            talk("long", title="Groups", minutes=8),
            slide("close", minutes=2),
        )
    )
    p = pace(d, walk(("welcome", 0)), T0 + 9 * MIN)
    assert p.suggestion == (
        "Time can be found: 'Groups' is the longest discussion left (8 minutes planned)."
    )


def test_several_optional_steps_are_named_together():
    d = parse(
        deck(
            slide("welcome", minutes=1),
            slide("a", title="A", minutes=2, optional=True),
            slide("b", title="B", minutes=2, optional=True),
            slide("c", title="C", minutes=2, optional=True),
        )
    )
    p = pace(d, walk(("welcome", 0)), T0 + 5 * MIN)
    assert p.suggestion == "Time can be found: 'A', 'B' and 'C' are optional."
    more = parse(
        deck(
            slide("welcome", minutes=1),
            *(slide(c, title=c.upper(), minutes=1, optional=True) for c in "abcde"),
        )
    )
    p = pace(more, walk(("welcome", 0)), T0 + 5 * MIN)
    assert p.suggestion == "Time can be found: 'A', 'B', 'C' and 2 more are optional."


def test_no_suggestion_when_nothing_left_can_give_time():
    d = parse(deck(slide("welcome", minutes=1), slide("close", minutes=2)))
    p = pace(d, walk(("welcome", 0)), T0 + 6 * MIN)
    assert p.behind_minutes == 5
    assert p.suggestion == ""
    assert p.line == "6 minutes in, 5 behind plan — 1 step left, 2 minutes planned."


def test_steps_without_minutes_count_as_none_planned_and_are_said_to_be_so():
    d = parse(
        deck(
            slide("welcome", minutes=5), slide("middle"), poll("colour"), slide("close", minutes=1)
        )
    )
    p = pace(d, walk(("welcome", 0)), T0 + 1 * MIN)
    assert p.planned_left == 1
    assert p.line == (
        "1 minute in, on plan — 3 steps left, 1 minute planned (2 without planned minutes)."
    )
    # On a step without minutes, every minute there is a minute behind.
    later = pace(d, walk(("welcome", 0), ("middle", 5)), T0 + 9 * MIN)
    assert later.planned_so_far == 5
    assert later.behind_minutes == 4


def test_a_deck_without_any_minutes_has_no_plan_to_keep_to():
    d = parse(deck(slide("welcome"), slide("close")))
    p = pace(d, walk(("welcome", 0)), T0 + 3 * MIN)
    assert not p.on_plan
    assert p.line == NO_PLAN_LINE


def test_self_paced_has_no_co_pilot_and_says_so():
    p = pace(planned_deck(), walk(("welcome", 0)), T0 + 30 * MIN, mode=SELF_PACED)
    assert not p.on_plan
    assert p.line == SELF_PACED_LINE
    assert pace(planned_deck(), [], T0, mode=GROUP).on_plan


def test_lobby_time_is_not_counted():
    d = planned_deck()
    waiting = pace(d, [], T0)
    assert not waiting.started
    assert waiting.line == (
        "Not started: 5 steps left, 26 minutes planned. The clock starts at the first step."
    )
    # However long the lobby lasted, the clock starts at the first step.
    p = pace(d, walk(("welcome", 0)), T0 + 3 * MIN)
    assert p.elapsed_minutes == 3
    assert p.behind_minutes == 0


def test_going_back_costs_time_but_leaves_the_steps_left_as_they_were():
    d = planned_deck()
    visits = walk(("welcome", 0), ("colour", 5), ("talk", 9), ("colour", 19), ("talk", 23))
    back = pace(d, visits[:4], T0 + 23 * MIN)  # back on the poll for 4 minutes
    assert [s.id for s in back.steps_left] == ["moves", "close"]
    # Furthest reached: the discussion, its 10 minutes used: 19 planned, 23 spent.
    assert back.planned_so_far == 19
    assert back.behind_minutes == 4
    again = pace(d, visits, T0 + 24 * MIN)
    assert again.planned_so_far == 19
    assert again.behind_minutes == 5


def test_skipping_ahead_counts_the_skipped_steps_as_done():
    p = pace(planned_deck(), walk(("welcome", 0), ("close", 2)), T0 + 3 * MIN)
    assert p.planned_so_far == 22 + 1
    assert p.behind_minutes == -20
    assert p.line == "3 minutes in, 20 ahead of plan — this is the last step."


def test_minutes_in_are_whole_minutes_gone_and_behind_is_to_the_nearest_minute():
    d = parse(deck(slide("welcome", minutes=1), slide("close", minutes=1)))
    p = pace(d, walk(("welcome", 0)), T0 + 2.5 * MIN)
    assert p.line.startswith("2 minutes in, 2 behind plan")  # 1.5 behind: up, not to even
    p = pace(d, walk(("welcome", 0)), T0 + 1.49 * MIN)
    assert p.line.startswith("1 minute in, on plan")
    assert p.suggestion == ""


def test_an_ended_session_stops_the_clock_when_the_room_left_its_last_step():
    visits = [*walk(("welcome", 0))[:-1], Visit("welcome", T0, T0 + 8 * MIN)]
    p = pace(planned_deck(), visits, T0 + 60 * MIN)
    assert p.elapsed_minutes == 8


def test_visits_to_steps_no_longer_in_the_deck_are_left_out():
    p = pace(planned_deck(), [Visit("gone", T0 - 10 * MIN, T0), *walk(("welcome", 0))], T0)
    assert p.elapsed_minutes == 0


def test_actual_minutes_add_up_every_visit_and_run_an_open_one_to_the_end():
    visits = walk(("welcome", 0), ("colour", 5), ("welcome", 9), ("colour", 10))
    assert actual_minutes(visits, T0 + 12.5 * MIN) == {"welcome": 6.0, "colour": 6.5}


def test_planned_against_actual_lists_planned_or_shown_steps_with_the_difference():
    d = parse(deck(slide("welcome", minutes=5), slide("extra"), slide("close", minutes=2)))
    rows = planned_against_actual(d, {"welcome": 7.5, "extra": 1.0})
    assert [(r["id"], r["planned"], r["actual"], r["over"]) for r in rows] == [
        ("welcome", 5, 7.5, 2.5),
        ("extra", None, 1.0, None),
        ("close", 2, None, None),
    ]
    assert [r["number"] for r in rows] == [1, 2, 3]


# The deck field ---------------------------------------------------------------------------


def test_a_step_may_be_marked_optional_and_writes_back_the_same():
    from sessions.deck import dump_deck, parse_deck

    d = planned_deck()
    assert [s.optional for s in d.steps] == [False, False, False, True, False]
    assert parse_deck(dump_deck(d)) == d
    assert "optional" not in dump_deck(parse(deck(slide("welcome"))))


@pytest.mark.parametrize("value", ["yes", 1, None, []])
def test_optional_must_be_true_or_false(value):
    with pytest.raises(DeckError) as caught:
        parse(deck(slide("welcome", optional=value)))
    assert caught.value.where.endswith("steps[0].optional")
    assert caught.value.problem == "must be true or false"


def test_a_locked_safety_step_cannot_be_optional():
    with pytest.raises(DeckError) as caught:
        parse(deck(slide("welcome", optional=True, locked=True)))
    assert caught.value.where.endswith("steps[0].optional")
    assert "locked" in caught.value.problem


# Steps that run long, across sessions --------------------------------------------------------


def test_steps_that_run_long_are_those_whose_median_is_over_plan():
    from sessions.reports.timings import long_steps

    d = planned_deck()  # welcome 5, colour 4, talk 10, ...
    minutes = [
        {"welcome": 9.0, "colour": 3.0, "talk": 12.0},
        {"welcome": 4.0, "colour": 5.0, "talk": 13.5},
        {"welcome": 8.0, "colour": 4.0},  # the discussion never shown: not counted
    ]
    sessions = [
        {"id": f"s{i}", "deck_id": "paced", "title": "Paced", "step_minutes": m}
        for i, m in enumerate(minutes)
    ]
    rows = long_steps(sessions, dict.fromkeys((s["id"] for s in sessions), d))
    assert [
        (r["step_id"], r["planned"], r["median_over"], r["sessions"], r["sessions_over"])
        for r in rows
    ] == [  # the longest over plan first
        ("welcome", 5, 3.0, 3, 2),  # 4, -1, 3: median 3
        ("talk", 10, 2.8, 2, 2),  # median of 2 and 3.5
    ]
    # The poll's overs are -1, 1, 0: a median of 0 is on plan, not long.
    assert long_steps([], {}) == []
