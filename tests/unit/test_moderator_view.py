"""A moderator's console: the facilitator's view less private "ask later" questions, the
names of people without phones and one-to-one answers by name; everything a moderator looks
after (questions, results and their moderation, alerts) stays."""

from __future__ import annotations

from sessions.live import LiveState
from sessions.views import FACILITATOR, for_moderator, moderator_results, snapshot

SESSION = {
    "id": "s1",
    "code": "482913",
    "join_url": "https://talkback.example/join?code=482913",
    "screen_url": "https://talkback.example/screen/KEY",
    "min_responses": 3,
}
EXTRAS = {
    "questions": [{"id": "q1", "text": "Is it safe to lift?", "status": "pending"}],
    "alerts": [{"id": "a1", "phrase": "numbness", "seen": False}],
    "later_questions": [{"id": "l1", "text": "My own scan result", "name": "Ann"}],
    "without_phones": [{"id": "p1", "name": "JB"}],
    "reactions": {"counts": {}},
    "mode": "room",
}
BY_NAME = [{"name": "Ann", "value": 4}]


def facilitator_view(deck, results):
    state = LiveState(seq=7, step_index=4, open=True, revealed=False)
    return snapshot(
        FACILITATOR,
        state,
        deck,
        session=SESSION,
        results=results,
        participant_count=4,
        extras=EXTRAS,
    )


def test_a_moderator_gets_no_private_questions_nor_names_of_people_without_phones(small):
    full = facilitator_view(small, {"counts": {"myth": 1}, "total": 1})
    shown = for_moderator(full)
    assert "later_questions" in full
    assert "without_phones" in full
    assert "later_questions" not in shown
    assert "without_phones" not in shown
    assert "My own scan result" not in repr(shown)
    assert "JB" not in repr(shown)


def test_a_moderator_keeps_what_they_look_after(small):
    full = facilitator_view(small, {"counts": {"myth": 1}, "total": 1})
    shown = for_moderator(full)
    for key in ("questions", "alerts", "reactions", "results", "step", "seq", "session"):
        assert shown[key] == full[key]
    assert shown["step"]["notes"] == full["step"]["notes"]


def test_a_moderator_gets_results_without_answers_by_name_in_either_vote(small):
    results = {
        "counts": {"myth": 1},
        "total": 1,
        "by_name": BY_NAME,
        "second_vote": {"counts": {"myth": 1}, "total": 1, "by_name": BY_NAME},
    }
    full = facilitator_view(small, results)
    assert full["results"]["by_name"] == BY_NAME
    shown = for_moderator(full)
    assert "by_name" not in shown["results"]
    assert "by_name" not in shown["results"]["second_vote"]
    assert shown["results"]["second_vote"]["counts"] == {"myth": 1}
    assert shown["results"]["counts"] == {"myth": 1}


def test_the_moderators_view_leaves_the_facilitators_untouched(small):
    results = {"counts": {}, "total": 0, "by_name": BY_NAME}
    full = facilitator_view(small, results)
    for_moderator(full)
    assert full["later_questions"] == EXTRAS["later_questions"]
    assert full["results"]["by_name"] == BY_NAME


def test_a_lobby_view_without_results_is_still_a_moderators_view():
    shown = for_moderator({"seq": 1, "results": None, "later_questions": []})
    assert shown == {"seq": 1, "results": None}
    assert moderator_results({"seq": 1, "second_vote": None}) == {"seq": 1, "second_vote": None}
