"""What each audience may see: correct answers and explanations only after reveal, notes only
for the facilitator, results only when revealed and only above the privacy threshold, and
snapshot shapes as docs/protocol.md describes them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions.activities import Response
from sessions.live import LOBBY, LiveState
from sessions.views import (
    FACILITATOR,
    PARTICIPANT,
    SCREEN,
    outline_entry,
    personal,
    results_for,
    snapshot,
    step_view,
)

ROOM = [SCREEN, PARTICIPANT]
EVERYONE = [FACILITATOR, SCREEN, PARTICIPANT]

SESSION = {
    "id": "s1",
    "code": "482913",
    "join_url": "https://talkback.example/join?code=482913",
    "screen_url": "https://talkback.example/screen/KEY",
    "min_responses": 3,
}

FLAG_KEYS = {"is_activity", "takes_answers", "room_sees_results", "private"}
COMMON_STEP_KEYS = {"id", "index", "kind", "title", "body_html", "image", "locked"} | FLAG_KEYS
KIND_KEYS = {
    "slide": {"takeaway"},
    "poll": {"options", "multiple", "vote_again"},
    "quiz": {"options", "multiple", "vote_again"},
    "scale": {"min", "max", "min_label", "max_label", "measure"},
}
COMMON_SNAPSHOT_KEYS = {
    "seq", "stage", "session", "step_count", "step", "open", "revealed", "round", "results",
    "timer",
}  # fmt: skip


def keys_anywhere(value: Any) -> Iterator[str]:
    """Every dictionary key at any depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_anywhere(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from keys_anywhere(inner)


def view(deck, step_id, audience, *, revealed, media_url="", image_widths=None):
    step = deck.step_by_id(step_id)
    return step_view(
        step,
        deck.index_of(step_id),
        audience,
        revealed=revealed,
        media_url=media_url,
        image_widths=image_widths,
    )


def snap(deck, audience, state, results=None, participant_count=4):
    return snapshot(
        audience, state, deck, session=SESSION, results=results, participant_count=participant_count
    )


# Correct answers and explanations -------------------------------------------------------------


@pytest.mark.parametrize("audience", ROOM)
@pytest.mark.parametrize("step_id", ["myth", "pick-two"])
def test_the_room_view_of_a_quiz_before_reveal_has_no_correct_or_explanation_key(
    small, audience, step_id
):
    shown = view(small, step_id, audience, revealed=False)
    assert "correct" not in shown
    assert "explanation" not in shown
    assert "correct" not in set(keys_anywhere(shown))


@pytest.mark.parametrize("audience", ROOM)
def test_the_room_view_of_a_quiz_after_reveal_has_correct_and_explanation(small, audience):
    shown = view(small, "pick-two", audience, revealed=True)
    assert shown["correct"] == ["b", "d"]
    assert shown["explanation"] == "Walking helps too, but the question asked for two."


@pytest.mark.parametrize("revealed", [False, True])
def test_the_facilitator_always_sees_the_correct_answer_explanation_and_notes(small, revealed):
    shown = view(small, "myth", FACILITATOR, revealed=revealed)
    assert shown["correct"] == ["myth"]
    assert shown["explanation"] == "Staying active helps."
    assert shown["notes"] == "Ask before revealing."


@pytest.mark.parametrize("audience", ROOM)
@pytest.mark.parametrize("revealed", [False, True])
def test_the_room_never_sees_presenter_notes(small, audience, revealed):
    for index, step in enumerate(small.steps):
        shown = step_view(step, index, audience, revealed=revealed)
        assert "notes" not in set(keys_anywhere(shown)), step.id


@pytest.mark.parametrize("revealed", [False, True])
def test_the_facilitator_sees_notes_on_every_step(small, revealed):
    for index, step in enumerate(small.steps):
        assert step_view(step, index, FACILITATOR, revealed=revealed)["notes"] == step.notes


def test_the_room_view_of_a_quiz_option_does_not_say_which_is_correct(small):
    shown = view(small, "myth", PARTICIPANT, revealed=False)
    assert shown["options"] == [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}]


# Step views -----------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ROOM)
@pytest.mark.parametrize(
    "step_id", ["welcome", "safety", "colour", "foods", "myth", "pick-two", "confidence"]
)
def test_a_room_step_view_has_exactly_the_documented_fields(small, audience, step_id):
    shown = view(small, step_id, audience, revealed=False)
    kind = small.step_by_id(step_id).kind
    assert set(shown) == COMMON_STEP_KEYS | KIND_KEYS[kind]


@pytest.mark.parametrize(
    ("step_id", "extra"),
    [("welcome", set()), ("colour", set()), ("myth", {"correct", "explanation"})],
)
def test_the_facilitator_step_view_adds_notes_and_minutes(small, step_id, extra):
    shown = view(small, step_id, FACILITATOR, revealed=False)
    kind = small.step_by_id(step_id).kind
    assert set(shown) == COMMON_STEP_KEYS | KIND_KEYS[kind] | {"notes", "minutes"} | extra


@pytest.mark.parametrize(
    ("step_id", "multiple"),
    [("colour", False), ("foods", True), ("myth", False), ("pick-two", True)],
)
def test_multiple_says_whether_several_options_may_be_chosen(small, step_id, multiple):
    assert view(small, step_id, PARTICIPANT, revealed=False)["multiple"] is multiple


def test_a_step_view_carries_the_sanitised_body_and_the_image_under_the_media_url(small):
    shown = view(small, "welcome", SCREEN, revealed=False, media_url="/media/small/")
    assert shown["image"] == {
        "url": "/media/small/welcome.png",
        "alt": "People sitting in a circle",
    }
    assert shown["body_html"] == "<p>Hello <strong>everyone</strong>.</p>\n"
    assert shown["index"] == 0
    assert shown["locked"] is False


def test_a_kept_picture_offers_each_size_it_is_kept_at(small):
    kept = {"welcome.png": [480, 960]}
    shown = view(
        small,
        "welcome",
        PARTICIPANT,
        revealed=False,
        media_url="/media/",
        image_widths=lambda name: kept.get(name, []),
    )
    assert shown["image"]["srcset"] == (
        "/media/welcome.png?w=480 480w, /media/welcome.png?w=960 960w"
    )


def test_a_step_without_an_image_has_image_null(small):
    assert view(small, "safety", PARTICIPANT, revealed=False)["image"] is None


def test_a_scale_view_gives_its_ends(small):
    shown = view(small, "confidence", PARTICIPANT, revealed=False)
    assert {k: shown[k] for k in ("min", "max", "min_label", "max_label")} == {
        "min": 0,
        "max": 10,
        "min_label": "Not at all",
        "max_label": "Completely",
    }


def test_changing_a_view_does_not_change_the_deck(small):
    shown = view(small, "colour", PARTICIPANT, revealed=False)
    shown["options"][0]["label"] = "Changed"
    assert small.step_by_id("colour").fields["options"][0]["label"] == "Red"


# Results --------------------------------------------------------------------------------------

POLL_2 = {"total": 2, "counts": {"red": 1, "green": 0, "blue": 1}}
POLL_3 = {"total": 3, "counts": {"red": 2, "green": 0, "blue": 1}}
SCALE_2 = {"count": 2, "mean": 5.0, "histogram": {str(n): 0 for n in range(11)}}
QUIZ_5 = {"total": 5, "counts": {"myth": 4, "fact": 1}, "correct_count": 4}


def results(deck, audience, step_id, aggregate, *, revealed, min_responses=3, seq=12):
    return results_for(
        audience,
        deck.step_by_id(step_id),
        aggregate,
        seq=seq,
        revealed=revealed,
        min_responses=min_responses,
    )


@pytest.mark.parametrize("audience", ROOM)
@pytest.mark.parametrize("aggregate", [POLL_2, POLL_3], ids=["below", "above"])
def test_the_room_gets_no_results_before_reveal(small, audience, aggregate):
    assert results(small, audience, "colour", aggregate, revealed=False) is None


@pytest.mark.parametrize("audience", ROOM)
def test_the_room_gets_only_a_withheld_notice_below_min_responses(small, audience):
    got = results(small, audience, "colour", POLL_2, revealed=True)
    assert got == {"seq": 12, "step_id": "colour", "kind": "poll", "withheld": True, "total": 2}


@pytest.mark.parametrize("audience", ROOM)
def test_a_withheld_scale_gives_its_count_and_nothing_else(small, audience):
    got = results(small, audience, "confidence", SCALE_2, revealed=True)
    assert got == {
        "seq": 12,
        "step_id": "confidence",
        "kind": "scale",
        "withheld": True,
        "count": 2,
    }


@pytest.mark.parametrize("audience", ROOM)
def test_the_room_gets_full_results_at_min_responses(small, audience):
    got = results(small, audience, "colour", POLL_3, revealed=True)
    assert got == {"seq": 12, "step_id": "colour", "kind": "poll", "withheld": False, **POLL_3}


@pytest.mark.parametrize("audience", ROOM)
def test_the_threshold_follows_the_session_setting(small, audience):
    assert results(small, audience, "myth", QUIZ_5, revealed=True, min_responses=6)["withheld"]
    assert results(small, audience, "myth", QUIZ_5, revealed=True, min_responses=5)["counts"]


@pytest.mark.parametrize("revealed", [False, True])
@pytest.mark.parametrize(
    ("aggregate", "withheld"), [(POLL_2, True), (POLL_3, False)], ids=["below", "at"]
)
def test_the_facilitator_always_gets_full_results_with_a_withheld_flag(
    small, revealed, aggregate, withheld
):
    got = results(small, FACILITATOR, "colour", aggregate, revealed=revealed)
    assert got == {
        "seq": 12,
        "step_id": "colour",
        "kind": "poll",
        **aggregate,
        "withheld": withheld,
    }


def test_withheld_quiz_results_do_not_give_away_how_many_were_right(small):
    got = results(small, PARTICIPANT, "myth", QUIZ_5, revealed=True, min_responses=10)
    assert "correct_count" not in got
    assert "counts" not in got


# Snapshots ------------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", EVERYONE)
def test_a_lobby_snapshot_has_no_step(small, audience):
    shown = snap(small, audience, LiveState(seq=2))
    assert shown["stage"] == "lobby"
    assert shown["step"] is None
    assert shown["results"] is None
    assert shown["seq"] == 2
    assert shown["step_count"] == len(small.steps)
    assert shown["session"]["title"] == "Small class"
    assert shown["session"]["status"] == "live"


def test_a_participant_snapshot_has_exactly_the_common_fields(small):
    shown = snap(small, PARTICIPANT, LiveState(seq=5, step_index=2, open=True), POLL_2)
    assert set(shown) == COMMON_SNAPSHOT_KEYS
    assert shown["session"] == {"id": "s1", "title": "Small class", "status": "live"}
    assert shown["stage"] == "step"
    assert shown["step"]["id"] == "colour"
    assert shown["open"] is True
    assert shown["results"] is None  # not revealed


def test_a_screen_snapshot_adds_the_join_details_and_the_head_count(small):
    shown = snap(small, SCREEN, LiveState(step_index=0), participant_count=9)
    assert set(shown) == COMMON_SNAPSHOT_KEYS | {
        "join",
        "participant_count",
        "blanked",
        "room_languages",
        "room_steps",
        "room_titles",
    }
    assert shown["room_languages"] == ["en"]  # until the console chooses
    assert [shown_in["language"] for shown_in in shown["room_steps"]] == ["en"]
    assert shown["room_titles"] == [{"language": "en", "title": "Small class"}]
    assert shown["join"] == {"code": "482913", "url": SESSION["join_url"]}
    assert shown["participant_count"] == 9
    assert set(shown["session"]) == {"id", "title", "status"}


def test_a_facilitator_snapshot_adds_links_outline_next_step_and_head_count(small):
    shown = snap(small, FACILITATOR, LiveState(step_index=2, open=True), POLL_2, 6)
    assert set(shown) == COMMON_SNAPSHOT_KEYS | {
        "outline",
        "next_step",
        "participant_count",
        "blanked",
        "room_languages",
    }
    assert shown["session"] == {
        "id": "s1",
        "title": "Small class",
        "status": "live",
        "code": "482913",
        "join_url": SESSION["join_url"],
        "screen_url": SESSION["screen_url"],
        "min_responses": 3,
    }
    assert shown["participant_count"] == 6
    assert len(shown["outline"]) == len(small.steps)
    assert shown["outline"][1] == {
        "index": 1,
        "id": "safety",
        "kind": "slide",
        "title": "When to get help",
        "locked": True,
        "is_activity": False,
        "takes_answers": False,
        "room_sees_results": True,
        "private": False,
    }
    assert all(
        set(e) == {"index", "id", "kind", "title", "locked"} | FLAG_KEYS for e in shown["outline"]
    )
    assert shown["next_step"] == shown["outline"][3]
    assert shown["results"]["withheld"] is True
    assert shown["results"]["counts"] == POLL_2["counts"]


def test_the_facilitator_next_step_from_the_lobby_is_the_first_step(small):
    shown = snap(small, FACILITATOR, LiveState())
    assert shown["next_step"] == outline_entry(small.steps[0], 0)


def test_the_facilitator_has_no_next_step_on_the_last_step(small):
    shown = snap(small, FACILITATOR, LiveState(step_index=len(small.steps) - 1))
    assert shown["next_step"] is None


@pytest.mark.parametrize("audience", EVERYONE)
def test_an_ended_snapshot_shows_no_step_and_no_results(small, audience):
    shown = snap(small, audience, LiveState(seq=9, step_index=4, revealed=True, ended=True), QUIZ_5)
    assert shown["stage"] == "ended"
    assert shown["session"]["status"] == "ended"
    assert shown["step"] is None
    assert shown["results"] is None
    if audience == FACILITATOR:
        assert shown["next_step"] is None


@pytest.mark.parametrize("audience", ROOM)
def test_a_revealed_snapshot_carries_results_with_the_snapshot_seq(small, audience):
    state = LiveState(seq=21, step_index=4, open=True, revealed=True)
    shown = snap(small, audience, state, QUIZ_5)
    assert shown["results"] == {
        "seq": 21,
        "step_id": "myth",
        "kind": "quiz",
        "withheld": False,
        **QUIZ_5,
    }
    assert shown["step"]["correct"] == ["myth"]


def test_a_snapshot_uses_the_session_privacy_setting(small):
    state = LiveState(step_index=4, open=True, revealed=True)
    shown = snapshot(
        PARTICIPANT,
        state,
        small,
        session={**SESSION, "min_responses": 6},
        results=QUIZ_5,
        participant_count=5,
    )
    assert shown["results"]["withheld"] is True


def test_personal_adds_me_to_a_participant_snapshot(small):
    room = snap(small, PARTICIPANT, LiveState(step_index=2, open=True))
    answers = {"colour": "red"}
    mine = personal(room, name="Blue Heron", responses=answers)
    assert mine["me"] == {"name": "Blue Heron", "responses": {"colour": "red"}}
    assert {k: v for k, v in mine.items() if k != "me"} == room
    assert "me" not in room  # the room's copy is unchanged
    answers["foods"] = ["apple"]
    assert mine["me"]["responses"] == {"colour": "red"}


@pytest.mark.parametrize("audience", EVERYONE)
def test_a_snapshot_never_shares_the_decks_own_lists(small, audience):
    shown = snap(small, audience, LiveState(step_index=5, revealed=True))
    shown["step"]["options"].clear()
    shown["step"]["correct"].clear()
    assert len(small.step_by_id("pick-two").fields["options"]) == 4
    assert small.step_by_id("pick-two").fields["correct"] == ["b", "d"]


# Invariant: the room never sees what it should not, in any state ----------------------------


@st.composite
def room_snapshots(draw, deck):
    """A random state of the deck, with results that fit the current step, and a room audience."""
    index = draw(st.integers(min_value=LOBBY, max_value=len(deck.steps) - 1))
    state = LiveState(
        seq=draw(st.integers(min_value=0, max_value=10_000)),
        step_index=index,
        open=draw(st.booleans()),
        revealed=draw(st.booleans()),
        ended=draw(st.booleans()),
    )
    step = state.current_step(deck)
    aggregate = None
    if step is not None and step.takes_responses:
        values = draw(st.lists(responses(step), max_size=8))
        stored = [Response(value, f"a{i}") for i, value in enumerate(values)]
        aggregate = step.activity.results(step, stored)
    audience = draw(st.sampled_from(ROOM))
    min_responses = draw(st.integers(min_value=1, max_value=10))
    session = {**SESSION, "min_responses": min_responses}
    shown = snapshot(audience, state, deck, session=session, results=aggregate, participant_count=3)
    if audience == PARTICIPANT and draw(st.booleans()):
        shown = personal(shown, name="Blue Heron", responses={})
    return state, min_responses, shown


TEXT = st.text(alphabet="abc de", min_size=1, max_size=20).filter(str.strip)


def responses(step):
    """Valid stored responses of any kind, as the activity itself would store them."""
    kind = step.kind
    if kind in ("wordcloud", "open", "reflect", "discuss", "plan", "feedback"):
        raw = {
            "wordcloud": st.lists(TEXT, min_size=1, max_size=3),
            "open": TEXT,
            "reflect": st.fixed_dictionaries(
                {p["id"]: TEXT for p in step.fields.get("prompts", ())}
            ),
            "discuss": TEXT,
            "plan": st.fixed_dictionaries({"matters": TEXT, "share": st.booleans()}),
            "feedback": st.fixed_dictionaries(
                {"fft": st.sampled_from(["very-good", "good", "poor", "dont-know"]), "why": TEXT}
            ),
        }[kind]
        return raw.map(lambda value: step.activity.validate_response(step, value))
    if kind == "scale":
        return st.integers(min_value=step.fields["min"], max_value=step.fields["max"])
    ids = [o["id"] for o in step.fields["options"]]
    if step.activity.is_multiple(step):
        return st.lists(st.sampled_from(ids), min_size=1, unique=True).map(
            lambda chosen: step.activity.validate_response(step, chosen)
        )
    return st.sampled_from(ids)


@given(data=st.data())
def test_no_room_snapshot_of_the_back_pain_deck_leaks_answers_or_notes(back_pain, data):
    state, _, shown = data.draw(room_snapshots(back_pain))
    keys = set(keys_anywhere(shown))
    assert "notes" not in keys
    assert "minutes" not in keys
    if not state.revealed:
        assert "correct" not in keys
        assert "explanation" not in keys
        assert shown["results"] is None


@given(data=st.data())
def test_room_results_are_shown_only_when_revealed_and_above_the_threshold(back_pain, data):
    state, min_responses, shown = data.draw(room_snapshots(back_pain))
    got = shown["results"]
    if got is None:
        return
    assert state.revealed
    assert shown["step"] is not None
    assert got["step_id"] == shown["step"]["id"]
    size = got["total"] if "total" in got else got["count"]
    step = back_pain.step_by_id(got["step_id"])
    assert got["withheld"] is (step.activity.uses_threshold and size < min_responses)


@given(data=st.data())
def test_withheld_room_results_never_carry_counts(back_pain, data):
    _, _, shown = data.draw(room_snapshots(back_pain))
    got = shown["results"]
    if got is not None and got["withheld"]:
        assert set(got) - {"seq", "step_id", "kind", "withheld", "total", "count"} == set()
