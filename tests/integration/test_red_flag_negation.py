"""Through a live class of the back-pain deck: a reflection that plainly denies a listed
red-flag phrase raises no alert on the console, and the same phrase said plainly always does,
for every phrase in the bundled list; a Welsh phone's Welsh (or English) answer alerts too."""

from __future__ import annotations

import pytest

from server.languages import COOKIE
from sessions.redflags import phrase_list
from tests.conftest import Person, csrf_token

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


@pytest.fixture
def welsh_phone(console, app):
    """A phone that chose Welsh, on the reflection step, and the console's alerts for it."""
    http = app.test_client()
    http.set_cookie(COOKIE, "cy")
    row = console.session
    page = http.get(f"/join?code={row['code']}").get_data(as_text=True)
    joined = http.post(
        "/join", data={"code": row["code"], "name": "Gwen", "csrf_token": csrf_token(page)}
    )
    assert joined.status_code == 200, joined.get_data(as_text=True)
    phone = Person(app, http, "/participant").connect({"session_id": row["id"]})
    deck = console.app.extensions["talkback"].store.sessions.deck_of(row["id"])
    assert console.emit("goto", index=deck.index_of("reflect"), force=True)["ok"]
    assert phone.last("snapshot")["step"]["language"]["shown"] == "cy"  # the deck in Welsh
    console.received()
    return phone


def test_a_welsh_answer_alerts_the_console_at_once(console, welsh_phone):
    text = "Ers dydd Mawrth mae fferdod yn fy mhen-ôl"
    ack = welsh_phone.emit("answer", step_id="reflect", value={"remember": text}, id="w1")
    assert ack["ok"], ack
    alert = console.last("alert")
    assert alert["name"] == "Gwen"
    assert alert["matched"] == "fferdod pen ôl (cy: numb bottom)"
    assert "Mawrth" not in str(alert)  # the phrase, never the text
    assert "alert" not in str(welsh_phone.received())


def test_a_welsh_denial_does_not_alert_and_a_welsh_mention_after_it_does(console, welsh_phone):
    denial = {"remember": "Does dim problem gyda fy mhledren"}
    assert welsh_phone.emit("answer", step_id="reflect", value=denial, id="w1")["ok"]
    assert console.received("alert") == []
    both = {"remember": "Dim twymyn. Heddiw mae fy mhledren yn od"}
    assert welsh_phone.emit("answer", step_id="reflect", value=both, id="w2")["ok"]
    assert [a["matched"] for a in console.received("alert")] == ["pledren (cy: bladder)"]


def test_english_from_a_welsh_phone_alerts_as_english(console, welsh_phone):
    answer = {"remember": "I have numbness around my bottom"}
    assert welsh_phone.emit("answer", step_id="reflect", value=answer, id="w1")["ok"]
    assert [a["matched"] for a in console.received("alert")] == ["numb bottom"]
