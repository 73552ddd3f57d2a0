"""Live reactions: the fixed set, which step a reaction counts under, the views of the counts,
the report's entries, the limits and the store's counts."""

from __future__ import annotations

import pytest

from server.buckets import Rule
from server.guards import Limit, ReactionLimits
from server.windows import MovingWindows
from sessions import reactions
from sessions.live import LOBBY, SELF_PACED, LiveState, Rejected, own_pace


def test_the_set_has_a_word_for_every_emoji_and_unique_ids():
    assert [r.id for r in reactions.REACTIONS] == ["agree", "helpful", "surprised", "confused"]
    assert all(r.label and r.emoji for r in reactions.REACTIONS)
    assert set(reactions.BY_ID) == {r.id for r in reactions.REACTIONS}


def test_a_reaction_counts_under_the_rooms_step_or_the_lobby(small):
    assert reactions.step_reacted_to(LiveState(step_index=LOBBY), small) == reactions.LOBBY
    assert reactions.step_reacted_to(LiveState(step_index=2), small) == small.steps[2].id


def test_self_paced_a_reaction_counts_under_the_persons_own_step(small):
    state = own_pace(LiveState(mode=SELF_PACED), 3, answered=False)
    assert reactions.step_reacted_to(state, small) == small.steps[3].id


def test_no_reaction_after_the_end(small):
    with pytest.raises(Rejected) as refused:
        reactions.step_reacted_to(LiveState(step_index=1, ended=True), small)
    assert (refused.value.code, refused.value.message) == ("ended", "This session has ended.")


def test_the_counts_view_lists_every_reaction_in_order_with_zeros():
    assert reactions.counts_view({"confused": 2}) == [
        {"id": "agree", "emoji": "👍", "label": "Agree", "count": 0},
        {"id": "helpful", "emoji": "❤️", "label": "Helpful", "count": 0},
        {"id": "surprised", "emoji": "😮", "label": "Surprised", "count": 0},
        {"id": "confused", "emoji": "😕", "label": "Confused", "count": 2},
    ]


def test_the_report_lists_steps_in_deck_order_lobby_first_and_leaves_out_empty_ones(small):
    first, third = small.steps[0], small.steps[2]
    entries = reactions.report_entries(
        small,
        {third.id: {"agree": 2}, "": {"helpful": 1}, first.id: {"agree": 0}, "gone": {"agree": 4}},
    )
    assert [(e["step_id"], e["number"], e["title"], e["total"]) for e in entries] == [
        ("", 0, "Before the first step", 1),
        (third.id, 3, third.title, 2),
    ]
    assert entries[1]["reactions"][0] == {
        "id": "agree",
        "emoji": "👍",
        "label": "Agree",
        "count": 2,
    }


def limits(per_person: str, per_session: str) -> ReactionLimits:
    counts = MovingWindows(clock=lambda: 100.0)
    return ReactionLimits(
        Limit(counts, Rule.parse(per_person), "reaction"),
        Limit(counts, Rule.parse(per_session), "reaction-session"),
    )


def test_one_person_past_their_limit_is_told_to_wait_and_others_go_on():
    limit = limits("2 per 10 seconds", "100 per second")
    assert [limit.refusal("s", "ann") for _ in range(2)] == [None, None]
    assert limit.refusal("s", "ann") == (
        "That is a lot of reactions: wait a few seconds before the next."
    )
    assert limit.refusal("s", "bob") is None


def test_a_whole_session_past_its_cap_is_told_the_room_is_busy_and_other_sessions_go_on():
    limit = limits("10 per 10 seconds", "2 per second")
    assert limit.refusal("s", "ann") is None
    assert limit.refusal("s", "bob") is None
    assert limit.refusal("s", "cat") == (
        "The room is sending lots of reactions just now: try again in a moment."
    )
    assert limit.refusal("t", "dan") is None


def test_the_store_counts_per_step_and_reaction(store, live_session):
    session_id = live_session["id"]
    for step_id, reaction in [("a", "agree"), ("a", "agree"), ("a", "confused"), ("", "helpful")]:
        store.reactions.add(session_id, step_id, reaction)
    assert store.reactions.of_step(session_id, "a") == {"agree": 2, "confused": 1}
    assert store.reactions.of_step(session_id, "b") == {}
    assert store.reactions.by_step(session_id) == {
        "a": {"agree": 2, "confused": 1},
        "": {"helpful": 1},
    }
