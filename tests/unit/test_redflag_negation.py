"""A red-flag phrase the writer plainly denies does not alert, and every phrase in the bundled
back-pain list still alerts whenever it is not denied: negation is read narrowly, so that any
doubt alerts."""

from __future__ import annotations

import pytest

from sessions import redflags

PHRASES = redflags.phrase_list("back-pain")
LABELS = [" ".join(phrase) for phrase in PHRASES]


def flags(text: str) -> list[str]:
    return redflags.red_flags_in(text, PHRASES)


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize(
    "said",
    ["I have {}", "{}", "My worry is {}", "No pain today, but {}", "I'm not sure about {}"],
)
def test_every_listed_phrase_alerts_when_not_denied(label, said):
    assert label in flags(said.format(label))


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize(
    "denial", ["No {}", "I have no {}", "I don't have any {}", "never had {}", "not {}"]
)
def test_every_listed_phrase_denied_plainly_does_not_alert(label, denial):
    assert flags(denial.format(label)) == []


@pytest.mark.parametrize(
    "text",
    [
        "no problems with my bladder",
        "No problems with my bladder.",
        "I haven't had any trouble with my bladder",
        "No numbness around my bottom",
        "I don\u2019t have a fever",
        "Not losing weight",
        "without a high temperature",
    ],
)
def test_a_plain_denial_does_not_alert(text):
    assert flags(text) == []


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # the negation is about the symptom's absence of control, not the symptom
        ("I don't have control of my bladder", "bladder"),
        ("I'm not able to hold my bladder", "bladder"),
        ("I can no longer control my bowels", "bowel"),
        # the negation belongs to an earlier clause or another word
        ("No pain now my bladder is odd", "bladder"),
        ("No fever, but my bladder is odd", "bladder"),
        ("Not much pain and my bladder is odd", "bladder"),
        ("I never sleep and I have a fever", "fever"),
        ("no idea why I wet myself", "wet myself"),
        # too far from the phrase to be sure
        ("No. Bladder problems since Monday", "bladder"),
        ("not that I know of, bladder is odd", "bladder"),
        # the phrase is also said plainly elsewhere in the text
        ("No bladder trouble last week. This week my bladder is odd", "bladder"),
        ("No bladder trouble last week then my bladder went", "bladder"),
        # the phrase itself contains a negation
        ("I can't pee", "can't pee"),
        ("I cannot pee at all", "cannot pee"),
        # words spread over clauses are never read as denied
        ("Legs, both of them, feel odd", "both legs"),
    ],
)
def test_anything_short_of_a_plain_denial_still_alerts(text, flag):
    assert flag in flags(text)
