"""The pure rules for people without phones and for questions asked privately ("ask later"):
each refusal with its code and words, and what is accepted as stored."""

from __future__ import annotations

import pytest

from sessions import later, without_phones
from sessions.commands import LaterQuestionsChanged, TextWritten
from sessions.live import GROUP, ONE_TO_ONE, SELF_PACED, LiveState, Rejected

LIVE = LiveState()
ENDED = LiveState(ended=True)


def refusal(call, *args):
    with pytest.raises(Rejected) as caught:
        call(*args)
    return caught.value.code, caught.value.message


def test_a_name_is_trimmed_to_one_line_and_kept_as_typed():
    assert without_phones.accept_name(LIVE, "  Mrs\n K\x07 ") == "Mrs K"
    assert without_phones.accept_name(LIVE, "x" * 40) == "x" * 40


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (None, "The name must be text."),
        (3, "The name must be text."),
        ("", "Write a name or initials for this person."),
        (" \t ", "Write a name or initials for this person."),
        ("x" * 41, "Please use a name of 40 letters or fewer."),
    ],
)
def test_a_missing_or_too_long_name_is_refused(name, message):
    assert refusal(without_phones.accept_name, LIVE, name) == ("invalid_value", message)


def test_nobody_is_added_after_the_end_or_in_a_self_paced_session():
    assert refusal(without_phones.accept_name, ENDED, "Mrs K")[0] == "ended"
    self_paced = LiveState(mode=SELF_PACED)
    assert refusal(without_phones.accept_name, self_paced, "Mrs K") == (
        "self_paced",
        "In a self-paced session each person answers on their own device.",
    )


PERSON = {"id": "p1", "session_id": "s1", "no_phone": 1}


@pytest.mark.parametrize("mode", [GROUP, ONE_TO_ONE])
def test_only_someone_without_a_phone_in_this_session_is_answered_for(mode):
    state = LiveState(mode=mode)
    assert without_phones.person_to_answer_for(state, PERSON, "s1") == "p1"
    for someone, session in (
        (None, "s1"),
        (PERSON, "s2"),
        ({**PERSON, "no_phone": 0}, "s1"),
    ):
        code, message = refusal(without_phones.person_to_answer_for, state, someone, session)
        assert code == "unknown_person"
        assert message == "There is no such person without a phone here."


def test_nobody_is_answered_for_in_a_self_paced_session():
    state = LiveState(mode=SELF_PACED)
    assert refusal(without_phones.person_to_answer_for, state, PERSON, "s1")[0] == "self_paced"


def test_a_private_question_is_cleaned_and_refused_when_empty_too_long_or_late():
    assert later.accept_question(LIVE, "  Can I swim?\n") == "Can I swim?"
    assert later.accept_question(LIVE, "x" * 500) == "x" * 500
    assert refusal(later.accept_question, LIVE, "  ") == (
        "invalid_value",
        "Write your question first.",
    )
    assert refusal(later.accept_question, LIVE, "x" * 501)[0] == "invalid_value"
    assert refusal(later.accept_question, LIVE, 5) == (
        "invalid_value",
        "Your question must be text.",
    )
    assert refusal(later.accept_question, ENDED, "Can I swim?")[0] == "ended"


def test_a_reply_may_come_after_the_end_but_not_empty_or_too_long():
    assert later.accept_reply(" Yes, gently. ") == "Yes, gently."
    assert later.accept_reply("x" * 2000) == "x" * 2000
    assert refusal(later.accept_reply, "") == ("invalid_value", "Write the reply before sending.")
    assert refusal(later.accept_reply, "x" * 2001)[0] == "invalid_value"


def test_a_private_question_tells_the_consoles_and_is_scanned_for_red_flags():
    assert later.question_events("p1", "Can I swim?") == (
        LaterQuestionsChanged(),
        TextWritten("p1", "a question for later", ("Can I swim?",)),
    )
