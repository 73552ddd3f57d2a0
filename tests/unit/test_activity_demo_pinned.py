"""The made-up demo answers of each kind pinned exactly: what each draws on chance for, with
which weights and bounds, and the answer it makes of what chance gives."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pytest

from sessions.activities.choice import DEMO_RIGHT
from sessions.activities.discussion import DEMO_NOTES
from sessions.activities.feedback import DEMO_COMMENTS, DEMO_WEIGHTS
from sessions.activities.plan import DEMO_GOALS
from sessions.activities.text import DEMO_REMEMBER


class ScriptedChance:
    """Chance that gives the draws it is told to, in turn, and notes each question asked of it.
    `sample` and `choices` give the first items of what they are offered; `choice` gives the
    item at `pick` (the first unless told)."""

    def __init__(
        self,
        *,
        randoms: Iterable[float] = (),
        ints: Iterable[int] = (),
        gausses: Iterable[float] = (),
        picks: Iterable[int] = (),
    ):
        self.randoms, self.ints = list(randoms), list(ints)
        self.gausses, self.picks = list(gausses), list(picks)
        self.calls: list[tuple[Any, ...]] = []

    def random(self) -> float:
        self.calls.append(("random",))
        return self.randoms.pop(0)

    def randint(self, a: int, b: int) -> int:
        self.calls.append(("randint", a, b))
        return self.ints.pop(0)

    def gauss(self, mu: float, sigma: float) -> float:
        self.calls.append(("gauss", mu, sigma))
        return self.gausses.pop(0)

    def choice(self, seq: Sequence[Any]) -> Any:
        self.calls.append(("choice", list(seq)))
        return seq[self.picks.pop(0) if self.picks else 0]  # empty: IndexError, as random's

    def choices(self, population: Sequence[Any], weights: Any = None) -> list[Any]:
        self.calls.append(("choices", list(population), list(weights)))
        return [population[self.picks.pop(0) if self.picks else 0]]

    def sample(self, population: Sequence[Any], k: int) -> list[Any]:
        self.calls.append(("sample", list(population), k))
        if not 0 <= k <= len(population):
            raise ValueError("Sample larger than population or is negative")
        return list(population)[:k]


def answer(step, rng, person="ann", memory=None):
    return step.activity.demo_answer(step, person, rng, {} if memory is None else memory)


def test_a_single_choice_poll_favours_its_first_options(small):
    rng = ScriptedChance(picks=[2])
    assert answer(small.step_by_id("colour"), rng) == "blue"
    assert rng.calls == [("choices", ["red", "green", "blue"], [3, 2, 1])]


def test_a_multiple_choice_poll_picks_one_to_three_options_but_never_the_last(small):
    rng = ScriptedChance(ints=[2])
    assert answer(small.step_by_id("foods"), rng) == ["apple", "bread"]
    assert rng.calls == [("randint", 1, 3), ("sample", ["apple", "bread"], 2)]


@pytest.mark.parametrize(("step_id", "chance_right"), sorted(DEMO_RIGHT.items()))
def test_each_myth_of_the_bundled_deck_is_got_right_as_often_as_people_do(
    back_pain, step_id, chance_right
):
    step = back_pain.step_by_id(step_id)
    [right] = step.fields["correct"]
    [wrong] = [o["id"] for o in step.fields["options"] if o["id"] != right]
    assert answer(step, ScriptedChance(randoms=[chance_right - 0.001])) == right
    assert answer(step, ScriptedChance(randoms=[chance_right])) == wrong


def test_another_quiz_is_got_right_seven_times_in_ten(small):
    step = small.step_by_id("myth")
    assert answer(step, ScriptedChance(randoms=[0.699])) == "myth"
    rng = ScriptedChance(randoms=[0.7])
    assert answer(step, rng) == "fact"
    assert rng.calls == [("random",), ("choice", ["fact"])]


def test_a_quiz_with_two_right_options_is_got_right_with_both_or_wrong_with_another(small):
    step = small.step_by_id("pick-two")
    assert answer(step, ScriptedChance(randoms=[0.1])) == ["b", "d"]
    rng = ScriptedChance(randoms=[0.9], picks=[1])
    assert answer(step, rng) == "c"
    assert rng.calls[-1] == ("choice", ["a", "c"])


def test_a_first_scale_answer_is_around_the_middle_and_remembered(small):
    step = small.step_by_id("confidence")  # 0 to 10
    memory: dict[str, Any] = {}
    rng = ScriptedChance(gausses=[6.4])
    assert answer(step, rng, memory=memory) == 6
    assert rng.calls == [("gauss", 4.5, 10 / 6)]
    assert memory == {"scale_before": {"ann": 6}}


def test_a_scale_answer_stays_within_the_scale(small):
    step = small.step_by_id("change")  # -5 to 5
    rng = ScriptedChance(gausses=[7.2, -9.0])
    assert answer(step, rng, person="ann") == 5
    assert answer(step, rng, person="bo") == -5
    assert rng.calls[0] == ("gauss", -0.5, 10 / 6)


def test_a_scale_without_a_measure_is_answered_afresh_each_time(small):
    step = small.step_by_id("confidence")
    memory = {"scale_before": {"ann": 2}}
    assert answer(step, ScriptedChance(gausses=[8.0]), memory=memory) == 8
    assert memory == {"scale_before": {"ann": 8}}


def test_an_after_scale_moves_a_little_from_the_persons_before_answer(room_deck):
    before, after = room_deck.step_by_id("before"), room_deck.step_by_id("after")
    memory: dict[str, Any] = {}
    assert answer(before, ScriptedChance(gausses=[5.0]), memory=memory) == 5
    rng = ScriptedChance(picks=[6])
    assert answer(after, rng, memory=memory) == 8
    assert rng.calls == [("choice", [-1, 0, 1, 1, 2, 2, 3])]


@pytest.mark.parametrize(("before", "pick", "after"), [(9, 6, 10), (0, 0, 0)])
def test_an_after_scale_stays_within_the_scale(room_deck, before, pick, after):
    memory = {"scale_before": {"ann": before}}
    step = room_deck.step_by_id("after")
    assert answer(step, ScriptedChance(picks=[pick]), memory=memory) == after


def test_someone_new_at_an_after_scale_answers_around_the_middle(room_deck):
    memory = {"scale_before": {"bo": 3}}
    step = room_deck.step_by_id("after")
    assert answer(step, ScriptedChance(gausses=[7.0]), memory=memory) == 7
    assert memory == {"scale_before": {"bo": 3, "ann": 7}}


def test_feedback_is_drawn_by_how_often_services_see_each_answer(room_deck):
    rng = ScriptedChance(randoms=[0.49], picks=[0, 1])
    assert answer(room_deck.step_by_id("feedback"), rng) == {
        "fft": "very-good",
        "why": DEMO_COMMENTS["very-good"][1],
    }
    assert rng.calls == [
        ("choices", list(DEMO_WEIGHTS), list(DEMO_WEIGHTS.values())),
        ("random",),
        ("choice", DEMO_COMMENTS["very-good"]),
    ]
    assert list(DEMO_WEIGHTS.values()) == [56, 28, 7, 4, 1, 4]


def test_feedback_comes_without_a_comment_half_the_time(room_deck):
    rng = ScriptedChance(randoms=[0.5])
    assert answer(room_deck.step_by_id("feedback"), rng) == {"fft": "very-good", "why": ""}


def test_a_dont_know_comes_without_a_comment(room_deck):
    rng = ScriptedChance(picks=[5])
    assert answer(room_deck.step_by_id("feedback"), rng) == {"fft": "dont-know", "why": ""}
    assert [call[0] for call in rng.calls] == ["choices"]


def test_a_plan_is_left_by_a_quarter_of_people(room_deck):
    step = room_deck.step_by_id("my-plan")
    assert answer(step, ScriptedChance(randoms=[0.249])) is None


@pytest.mark.parametrize(
    ("randoms", "done", "share"),
    [([0.25, 0.59, 0.3], True, False), ([0.9, 0.6, 0.29], False, True)],
)
def test_a_plan_has_a_goal_ratings_and_is_often_finished_but_seldom_shared(
    room_deck, randoms, done, share
):
    rng = ScriptedChance(randoms=randoms, ints=[4, 8], picks=[2])
    assert answer(room_deck.step_by_id("my-plan"), rng) == {
        "goal": DEMO_GOALS[2],
        "goal_rating": 4,
        "confidence": 8,
        "done": done,
        "share": share,
    }
    assert ("choice", DEMO_GOALS) in rng.calls
    assert [c for c in rng.calls if c[0] == "randint"] == [("randint", 2, 6), ("randint", 5, 9)]


def test_only_the_people_who_answer_a_step_are_in_its_demo_answers(room_deck):
    step = room_deck.step_by_id("my-plan")
    rng = ScriptedChance(randoms=[0.1, 0.5, 0.5, 0.5], ints=[3, 6])
    made = list(step.activity.demo_answers(step, ["ann", "bo"], rng, {}))
    assert [person for person, _ in made] == ["bo"]


def test_a_reflection_answers_its_first_prompt_six_times_in_ten(room_deck):
    step = room_deck.step_by_id("notebook")
    rng = ScriptedChance(randoms=[0.599], picks=[3])
    assert answer(step, rng) == {"remember": DEMO_REMEMBER[3]}
    assert rng.calls == [("random",), ("choice", DEMO_REMEMBER)]
    assert answer(step, ScriptedChance(randoms=[0.6])) is None


def test_each_discussion_group_sends_a_different_note(room_deck):
    step = room_deck.step_by_id("talk")
    rng = ScriptedChance()
    made = list(step.activity.demo_answers(step, ["ann", "cy"], rng, {}))
    assert made == [("ann", DEMO_NOTES[0]), ("cy", DEMO_NOTES[1])]
    assert rng.calls == [("sample", DEMO_NOTES, 2)]


@pytest.mark.parametrize("step_id", ["words", "ideas"])
def test_the_demo_makes_up_no_free_text_for_the_room_to_see(room_deck, step_id):
    step = room_deck.step_by_id(step_id)
    assert list(step.activity.demo_answers(step, ["ann", "bo"], ScriptedChance(), {})) == []


def test_each_persons_demo_answer_is_remembered_as_theirs(small):
    step = small.step_by_id("confidence")
    memory: dict[str, Any] = {}
    rng = ScriptedChance(gausses=[3.0, 8.0])
    made = list(step.activity.demo_answers(step, ["ann", "bo"], rng, memory))
    assert made == [("ann", 3), ("bo", 8)]
    assert memory == {"scale_before": {"ann": 3, "bo": 8}}


def second_votes(step, first, rng):
    return list(step.activity.demo_second_votes(step, first, rng))


def test_after_talk_six_in_ten_who_were_wrong_move_to_the_right_answer(small):
    step = small.step_by_id("myth")
    first = {"ann": "fact", "bo": "fact", "cy": "myth", "di": "myth", "ed": "fact"}
    rng = ScriptedChance(randoms=[0.5, 0.599, 0.5, 0.6, 0.5, 0.849, 0.5, 0.85, 0.099])
    assert second_votes(step, first, rng) == [
        ("ann", "myth"),
        ("bo", "fact"),
        ("cy", "myth"),
        ("di", "fact"),  # someone right the first time moves away 15 times in 100
    ]  # and one in ten (ed) does not vote again
    assert rng.calls[-2] == ("choice", ["fact"])
    assert rng.randoms == []


def test_a_quiz_with_two_right_options_moves_to_both_of_them(small):
    step = small.step_by_id("pick-two")
    rng = ScriptedChance(randoms=[0.5, 0.1, 0.5, 0.5])
    assert second_votes(step, {"ann": "c", "bo": ["b", "d"]}, rng) == [
        ("ann", ["b", "d"]),
        ("bo", ["b", "d"]),
    ]


def test_a_poll_second_vote_mostly_keeps_the_first_and_a_list_of_choices_stays(small):
    rng = ScriptedChance(randoms=[0.5, 0.9], picks=[1])
    assert second_votes(small.step_by_id("colour"), {"ann": "red"}, rng) == [("ann", "blue")]
    assert rng.calls[-1] == ("choice", ["green", "blue"])
    rng = ScriptedChance(randoms=[0.5])
    foods = small.step_by_id("foods")
    assert second_votes(foods, {"ann": ["apple"]}, rng) == [("ann", ["apple"])]
    assert rng.calls == [("random",)]


def test_a_kind_that_never_votes_again_makes_up_no_second_votes(small):
    assert second_votes(small.step_by_id("welcome"), {"ann": "x"}, ScriptedChance()) == []


def test_one_in_ten_skip_the_second_vote_and_the_rest_still_vote(small):
    # a draw of exactly one in ten votes; a skip leaves the others after it to vote
    first = {"ann": "red", "bo": "green", "cy": "blue"}
    rng = ScriptedChance(randoms=[0.099, 0.1, 0.5, 0.5, 0.5])
    assert second_votes(small.step_by_id("colour"), first, rng) == [
        ("bo", "green"),
        ("cy", "blue"),
    ]
    assert rng.randoms == []
