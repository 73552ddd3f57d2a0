"""Through a live class of the back-pain deck: a reflection that plainly denies a listed
red-flag phrase raises no alert on the console, and the same phrase said plainly always does,
for every phrase in the bundled list."""

from __future__ import annotations

import pytest

from sessions.redflags import phrase_list

LABELS = [" ".join(phrase) for phrase in phrase_list("back-pain")]


@pytest.fixture
def reflect(console, join):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of("reflect"), force=True)["ok"]
    phone = join(console.session, name="Ann")
    console.received()
    answers = iter(range(100))

    def reflect(text: str) -> list[str]:
        """The phrases the console is alerted to (an alert names its phrases joined by ', ')."""
        answer = {"remember": text}
        ack = phone.emit("answer", step_id="reflect", value=answer, id=f"r{next(answers)}")
        assert ack["ok"], ack
        return [p for alert in console.received("alert") for p in alert["matched"].split(", ")]

    return reflect


@pytest.mark.parametrize("label", LABELS)
def test_a_listed_phrase_said_plainly_alerts(reflect, label):
    assert label in reflect(f"Since Monday I have {label}")


@pytest.mark.parametrize("label", LABELS)
def test_a_listed_phrase_plainly_denied_does_not_alert(reflect, label):
    assert reflect(f"I don't have any {label}") == []


def test_a_denial_then_a_plain_mention_alerts(reflect):
    assert reflect("No problems with my bladder") == []
    assert reflect("No problems with my bladder. Today my bladder is odd") == ["bladder"]
