"""Comparing two versions of a deck: steps added, removed and moved, text changes within a
step word by word, and the deck's own fields."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.deck import deck_from_data, deck_to_data
from sessions.deck_diff import ADDED, CHANGED, MOVED, REMOVED, diff_decks, word_pieces


def slide(step_id, title=None, body=""):
    return {"id": step_id, "kind": "slide", "title": title or step_id.title(), "body": body}


def deck(*steps, title="Sleep and pain", **fields):
    return deck_from_data({"title": title, "steps": list(steps), **fields})


def summary(diff):
    return [(s.status, s.step_id, s.before_number, s.after_number, s.moved) for s in diff.steps]


def test_the_same_deck_has_no_changes(back_pain):
    diff = diff_decks(back_pain, back_pain)
    assert diff.unchanged
    assert diff.steps == ()
    assert diff.deck_fields == ()
    assert diff.summary() == "The two versions are the same."


def test_an_added_and_a_removed_step_are_listed_where_they_stand():
    before = deck(slide("a"), slide("b"), slide("c"))
    after = deck(slide("a"), slide("new"), slide("c"))
    diff = diff_decks(before, after)
    assert summary(diff) == [
        ("added", "new", None, 2, False),
        ("removed", "b", 2, None, False),
    ]
    assert (diff.count(ADDED), diff.count(REMOVED), diff.count(MOVED)) == (1, 1, 0)
    assert diff.summary() == "1 step added, 1 removed, 0 moved, 0 changed."


def test_a_step_moved_to_the_end_is_the_only_one_that_moved():
    before = deck(slide("a"), slide("b"), slide("c"), slide("d"))
    after = deck(slide("b"), slide("c"), slide("d"), slide("a"))
    assert summary(diff_decks(before, after)) == [("moved", "a", 1, 4, True)]


def test_two_steps_swapped_count_as_one_move():
    before = deck(slide("a"), slide("b"), slide("c"))
    after = deck(slide("a"), slide("c"), slide("b"))
    assert summary(diff_decks(before, after)) == [("moved", "c", 3, 2, True)]


def test_a_changed_body_is_marked_word_by_word():
    before = deck(slide("a", body="Keep moving, gently, every day."))
    after = deck(slide("a", body="Keep moving every day, a little more."))
    (step,) = diff_decks(before, after).steps
    assert (step.status, step.moved) == (CHANGED, False)
    (field,) = step.fields
    assert field.name == "body"
    assert "".join(t for op, t in field.pieces if op != "added") == field.before
    assert "".join(t for op, t in field.pieces if op != "removed") == field.after
    assert field.pieces == (
        ("same", "Keep "),
        ("removed", "moving, gently,"),
        ("added", "moving"),
        ("same", " every "),
        ("removed", "day."),
        ("added", "day, a little more."),
    )


def test_a_step_moved_and_changed_is_one_change_that_says_both():
    before = deck(slide("a"), slide("b", title="Pacing"))
    after = deck(slide("b", title="Pacing yourself"), slide("a"))
    diff = diff_decks(before, after)
    assert summary(diff) == [("changed", "b", 2, 1, True)]
    assert [f.name for f in diff.steps[0].fields] == ["title"]
    assert (diff.count(CHANGED), diff.count(MOVED)) == (1, 1)


def test_options_and_numbers_are_compared_as_the_deck_writes_them():
    poll = {
        "id": "p",
        "kind": "poll",
        "title": "How long?",
        "options": [{"id": "short", "label": "Weeks"}, {"id": "long", "label": "Months"}],
    }
    changed = copy.deepcopy(poll)
    changed["options"][1]["label"] = "Years"
    changed["minutes"] = 2
    (step,) = diff_decks(deck(poll), deck(changed)).steps
    by_name = {f.name: f for f in step.fields}
    assert set(by_name) == {"minutes", "options"}
    assert (by_name["minutes"].before, by_name["minutes"].after) == ("", "2")
    assert "label: Months" in by_name["options"].before
    assert "label: Years" in by_name["options"].after


def test_a_new_kind_for_the_same_id_is_a_change_of_kind():
    before = deck(slide("a"))
    after = deck({"id": "a", "kind": "scale", "title": "A", "min": 0, "max": 10})
    (step,) = diff_decks(before, after).steps
    assert step.fields[0].name == "kind"
    assert (step.fields[0].before, step.fields[0].after) == ("slide", "scale")


def test_the_decks_own_fields_are_compared():
    diff = diff_decks(deck(slide("a")), deck(slide("a"), title="Sleep, pain and you"))
    assert [(f.name, f.before, f.after) for f in diff.deck_fields] == [
        ("title", "Sleep and pain", "Sleep, pain and you")
    ]
    assert diff.steps == ()
    assert diff.summary() == (
        "0 steps added, 0 removed, 0 moved, 0 changed, and the deck's own details changed."
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [("", "Hello there"), ("Hello there", ""), ("a b c", "a c"), ("same", "same")],
)
def test_word_pieces_rebuild_both_texts(before, after):
    pieces = word_pieces(before, after)
    assert "".join(t for op, t in pieces if op != "added") == before
    assert "".join(t for op, t in pieces if op != "removed") == after


ids = st.lists(st.sampled_from("abcdefgh"), unique=True, min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(old=ids, new=ids)
def test_every_step_of_either_version_is_accounted_for(old, new):
    diff = diff_decks(deck(*map(slide, old)), deck(*map(slide, new)))
    statuses = {s.step_id: s.status for s in diff.steps}
    assert {i for i, s in statuses.items() if s == ADDED} == set(new) - set(old)
    assert {i for i, s in statuses.items() if s == REMOVED} == set(old) - set(new)
    kept = [i for i in new if i in old]
    unmoved = [i for i in kept if statuses.get(i) != MOVED]
    assert unmoved == sorted(unmoved, key=old.index)  # what did not move kept its order
    # and no more moved than need to: the unmoved are a longest run in the old order
    assert len(unmoved) == _longest_run(kept, old)
    assert deck_to_data(deck(*map(slide, new)))["steps"][0]["id"] == new[0]


def _longest_run(kept, old):
    best = [1] * len(kept)
    for i in range(len(kept)):
        for j in range(i):
            if old.index(kept[j]) < old.index(kept[i]):
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)
