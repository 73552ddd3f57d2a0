"""Every event's payload is parsed once, declaratively: a typed command, or a BadRequest that
names the field."""

from __future__ import annotations

import pytest

from server import payloads
from server.payloads import BadRequest
from sessions import commands as do
from sessions import live


@pytest.mark.parametrize(
    ("kind", "payload", "command"),
    [
        (payloads.NEXT, None, do.ChangeState(live.NextStep())),
        (payloads.NEXT, {"seq": 4}, do.ChangeState(live.NextStep(), seen_seq=4)),
        (payloads.NEXT, {"seq": None}, do.ChangeState(live.NextStep())),
        (payloads.GOTO, {"index": 3}, do.ChangeState(live.GoToStep(3))),
        (payloads.GOTO, {"index": -1, "force": True}, do.ChangeState(live.GoToStep(-1, True))),
        (payloads.BLANK, {"on": False}, do.ChangeState(live.BlankScreen(on=False))),
        (payloads.TIMER, {"action": "pause"}, do.ChangeState(live.PauseTimer())),
        (payloads.TIMER, {"action": "start"}, do.ChangeState(live.StartTimer())),
        (
            payloads.TIMER,
            {"action": "extend", "seconds": 30, "seq": 2},
            do.ChangeState(live.ExtendTimer(30), seen_seq=2),
        ),
        (
            payloads.ANSWER,
            {"step_id": "colour", "value": ["red"], "id": "a1"},
            do.Answer("colour", ["red"], "a1"),
        ),
        (payloads.ANSWER, {"step_id": "s", "value": None, "id": "a"}, do.Answer("s", None, "a")),
        (payloads.ASK, {"id": "q1", "text": "Why?"}, do.AskQuestion("q1", "Why?")),
        (payloads.ASK, {"id": "q1"}, do.AskQuestion("q1", None)),
        (payloads.UPVOTE, {"question_id": "q"}, do.Upvote("q")),
        (payloads.OWN_NEXT, None, do.MoveOwnPace(+1)),
        (payloads.OWN_BACK, {"anything": 1}, do.MoveOwnPace(-1)),
        (payloads.KEEP_NOTEBOOK, {}, do.KeepNotebook()),
        (payloads.REGROUP, None, do.Regroup()),
        (
            payloads.MODERATE,
            {"step_id": "ideas", "item": "x", "action": "star"},
            do.Moderate("ideas", "x", "star"),
        ),
        (
            payloads.QUESTION,
            {"question_id": "q", "action": "answered"},
            do.ActOnQuestion("q", "answered"),
        ),
        (payloads.ALERT_SEEN, {"alert_id": "a"}, do.MarkAlertSeen("a")),
        (payloads.STEP_RESULTS, {"step_id": "s"}, do.ShowStepResults("s")),
    ],
)
def test_a_payload_that_fits_becomes_its_command(kind, payload, command):
    assert kind.parse(payload) == command


@pytest.mark.parametrize(
    ("kind", "payload", "named"),
    [
        (payloads.NEXT, "now", "object"),
        (payloads.NEXT, {"seq": "3"}, "seq"),
        (payloads.NEXT, {"seq": True}, "seq"),
        (payloads.GOTO, None, "index"),
        (payloads.GOTO, {}, "index"),
        (payloads.GOTO, {"index": 2.0}, "index"),
        (payloads.GOTO, {"index": None}, "index"),
        (payloads.GOTO, {"index": 3, "force": "yes"}, "force"),
        (payloads.BLANK, {"on": 1}, "on"),
        (payloads.TIMER, {"action": "explode"}, "action"),
        (payloads.TIMER, {"action": ["start"]}, "action"),
        (payloads.TIMER, {"action": "pause", "seconds": 5}, "start and extend"),
        (payloads.TIMER, {"action": "start", "seconds": 1.5}, "seconds"),
        (payloads.ANSWER, [1, 2], "step_id"),
        (payloads.ANSWER, {"step_id": "s", "id": "a"}, "value"),
        (payloads.ANSWER, {"step_id": 5, "value": 1, "id": "a"}, "step_id"),
        (payloads.ANSWER, {"step_id": "s", "value": 1, "id": ""}, "id"),
        (payloads.ANSWER, {"step_id": "s", "value": 1, "id": "x" * 65}, "id"),
        (payloads.ASK, {"text": "hi"}, "id"),
        (payloads.UPVOTE, {"question_id": 3}, "question_id"),
        (payloads.OWN_NEXT, [1], "next or back"),
        (payloads.KEEP_NOTEBOOK, "please", "keep_notebook"),
        (payloads.MODERATE, {"step_id": "s", "item": "x" * 201, "action": "hide"}, "item"),
        (payloads.QUESTION, {"question_id": "q", "action": "delete"}, "action"),
        (payloads.QUESTION, {"action": "hide", "question_id": 7}, "question_id"),
        (payloads.ALERT_SEEN, {}, "alert_id"),
        (payloads.STEP_RESULTS, None, "step_id"),
    ],
)
def test_a_payload_that_does_not_fit_is_refused_naming_the_field(kind, payload, named):
    with pytest.raises(BadRequest) as caught:
        kind.parse(payload)
    assert named in caught.value.message


def test_an_answer_id_of_the_longest_length_fits():
    longest = "x" * payloads.MAX_ANSWER_ID
    assert payloads.ANSWER.parse({"step_id": "s", "value": 1, "id": longest}).answer_id == longest
