"""Phones in different languages in one room: each is shown the deck in its own language where
the deck has that translation and in the deck's own otherwise (saying so), the phones'
snapshot is built once per language rather than once per phone, and answers from every
language count for the same option."""

from __future__ import annotations

import pytest

from server.languages import COOKIE
from sessions import views
from tests.conftest import Person

DECK_ID = "two-languages"
DECK = """
title: Moving with back pain
min_responses: 2
steps:
  - {id: hello, kind: slide, title: Hello, body: "Moving **helps**."}
  - id: colour
    kind: poll
    title: Which colour?
    options: [{id: red, label: Red}, {id: blue, label: Blue}]
  - id: talk
    kind: discuss
    title: Talk in pairs
    group_size: 2
    cards_per_group: 1
    cards:
      - {id: better-day, text: Tell about a better day.}
translations:
  cy:
    status: drafted
    texts:
      title: Symud gyda phoen cefn
      hello.title: Helo
      hello.body: "Mae symud yn **helpu**."
      colour.title: Pa liw?
      colour.options.red: Coch
      colour.options.blue: Glas
      talk.cards.better-day: Soniwch am ddiwrnod gwell.
"""


FFT_DECK = """
title: Moving with back pain
steps:
  - {{id: feedback, kind: feedback, title: Your feedback}}
translations:
  cy:
    fft_official: {official}
    texts:
      fft.question: Yn gyffredinol, sut oedd eich profiad o'n gwasanaeth?
      fft.options.very-good: Da iawn
      fft.options.good: Da
      fft.options.neither: Ddim yn dda nac yn wael
      fft.options.poor: Gwael
      fft.options.very-poor: Gwael iawn
      fft.options.dont-know: Ddim yn gwybod
"""
OFFICIAL, UNOFFICIAL = FFT_DECK.format(official="true"), FFT_DECK.format(official="false")


@pytest.fixture
def deck_yaml():
    """The deck the session runs: a test of another deck names it in its parameters."""
    return DECK


@pytest.fixture
def console(start_session, store, deck_yaml):
    store.decks.save(DECK_ID, deck_yaml)
    return start_session(deck_id=DECK_ID)


@pytest.fixture
def phone(console, join):
    """A phone that joins in a language: its choice in the cookie, or only its browser's."""

    def phone(*, cookie: str | None = None, accept: str = ""):
        return join(console.session, language=cookie, accept=accept)

    return phone


def goto(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    ack = console.emit("goto", index=deck.index_of(step_id), force=True)
    assert ack["ok"], ack


def labels(snapshot) -> list[str]:
    return [option["label"] for option in snapshot["step"]["options"]]


def test_a_welsh_phone_sees_welsh_and_a_polish_phone_english_with_the_note(console, phone):
    welsh, polish = phone(cookie="cy"), phone(cookie="pl")
    goto(console, "colour")
    cy, pl = welsh.last("snapshot"), polish.last("snapshot")
    assert (cy["session"]["title"], cy["step"]["title"]) == ("Symud gyda phoen cefn", "Pa liw?")
    assert labels(cy) == ["Coch", "Glas"]
    assert cy["step"]["language"]["shown"] == "cy"
    assert pl["session"]["title"] == "Moving with back pain"
    assert pl["step"]["title"] == "Which colour?"
    assert labels(pl) == ["Red", "Blue"]
    assert pl["step"]["language"] == {
        "deck": "en",
        "shown": "en",  # not Polish: the phone says so
        "untranslated": [],
        "drafted": False,
    }
    assert "Pa liw?" not in str(polish.received())


def test_answers_from_both_languages_count_as_the_same_option(console, phone, realtime):
    welsh, polish = phone(cookie="cy"), phone(cookie="pl")
    goto(console, "colour")
    assert welsh.emit("answer", step_id="colour", value="red", id="w1")["ok"]
    assert polish.emit("answer", step_id="colour", value="red", id="p1")["ok"]
    assert console.emit("reveal")["ok"]
    realtime.flush()
    assert console.last("snapshot")["results"]["counts"] == {"red": 2, "blue": 0}
    for person in (welsh, polish):
        assert person.last("snapshot")["results"]["counts"] == {"red": 2, "blue": 0}


def test_the_browser_language_of_the_handshake_is_followed_without_a_cookie(console, phone):
    welsh = phone(accept="cy-GB,cy;q=0.9,en;q=0.5")
    goto(console, "hello")
    step = welsh.last("snapshot")["step"]
    assert step["title"] == "Helo"
    assert "<strong>helpu</strong>" in step["body_html"]
    assert step["language"]["drafted"] is True  # a slide's body, in a drafted translation


def test_a_phone_gets_its_own_snapshot_in_its_language_on_connect_and_on_request(console, phone):
    goto(console, "colour")
    welsh = phone(cookie="cy")
    first = welsh.last("snapshot")
    assert first["me"]["responses"] == {}
    assert labels(first) == ["Coch", "Glas"]
    asked = welsh.emit("snapshot")
    assert asked["ok"]
    assert labels(asked["snapshot"]) == ["Coch", "Glas"]
    assert "<h1>Pa liw?</h1>" in welsh.page  # the class page as first drawn


def test_the_phones_snapshot_is_built_once_per_language_however_many_phones(
    console, phone, monkeypatch
):
    people = [phone(cookie=c) for c in ("cy", "cy", "pl", "ar", "en", "cy")]
    built: list[str] = []
    real = views.snapshot

    def counted(audience, *args, **kwargs):
        if audience == views.PARTICIPANT:
            built.append(kwargs.get("language", "en"))
        return real(audience, *args, **kwargs)

    monkeypatch.setattr(views, "snapshot", counted)
    goto(console, "colour")
    assert sorted(built) == ["cy", "en"]  # the deck's own words, and its Welsh
    shown = {person.last("snapshot")["step"]["language"]["shown"] for person in people[:2]}
    assert shown == {"cy"}
    assert people[3].last("snapshot")["step"]["language"]["shown"] == "en"


def test_a_persons_two_devices_in_two_languages_each_get_their_own(console, phone, realtime):
    """A carer's phone in Welsh and the person's own in Polish: the person's own snapshot
    (sent to all their devices after an answer) reaches each in its language."""
    own = phone(cookie="pl")
    participant_id = realtime.store.participants.ids(console.session["id"])[0]
    carer = Person(own.app, own.app.test_client(), "/participant")
    carer.http.set_cookie(COOKIE, "cy")
    carer.sock = realtime.socketio.test_client(
        own.app,
        namespace="/participant",
        auth={"token": realtime.store.participants.add_helper(participant_id)},
        flask_test_client=carer.http,
    )
    goto(console, "colour")
    own.received(), carer.received()
    assert own.emit("answer", step_id="colour", value="blue", id="b1")["ok"]
    theirs, mine = carer.last("snapshot"), own.last("snapshot")
    assert labels(theirs) == ["Coch", "Glas"]
    assert theirs["me"]["responses"] == {"colour": "blue"}
    assert labels(mine) == ["Red", "Blue"]
    assert mine["me"]["responses"] == {"colour": "blue"}


def test_a_discussion_groups_cards_reach_each_phone_in_its_language(console, phone):
    welsh, polish = phone(cookie="cy"), phone(cookie="pl")
    goto(console, "talk")
    cards = {
        "cy": [card["text"] for card in welsh.last("group")["cards"]],
        "pl": [card["text"] for card in polish.last("group")["cards"]],
    }
    assert cards == {"cy": ["Soniwch am ddiwrnod gwell."], "pl": ["Tell about a better day."]}
    mine = welsh.emit("snapshot")["snapshot"]["me"]["group"]
    assert [card["text"] for card in mine["cards"]] == ["Soniwch am ddiwrnod gwell."]


@pytest.mark.parametrize("deck_yaml", [OFFICIAL])
def test_a_welsh_phone_is_asked_the_official_welsh_fft_and_its_answer_counts(
    console, phone, realtime
):
    welsh, english = phone(cookie="cy"), phone(cookie="en")
    goto(console, "feedback")
    snapshot = welsh.last("snapshot")
    step = snapshot["step"]
    assert step["question"] == "Yn gyffredinol, sut oedd eich profiad o'n gwasanaeth?"
    assert labels(snapshot)[:2] == ["Da iawn", "Da"]
    assert "question_translation" not in step
    assert english.last("snapshot")["step"]["question"].startswith("Overall, how was")
    for person, answer in ((welsh, "w1"), (english, "e1")):
        value = {"fft": "very-good", "why": "", "extra": {}}
        assert person.emit("answer", step_id="feedback", value=value, id=answer)["ok"]
    assert console.emit("reveal")["ok"]
    realtime.flush()
    assert console.last("snapshot")["results"]["counts"]["very-good"] == 2


@pytest.mark.parametrize("deck_yaml", [UNOFFICIAL])
def test_a_welsh_phone_is_asked_the_english_fft_with_the_welsh_beneath_it(console, phone):
    welsh = phone(cookie="cy")
    goto(console, "feedback")
    step = welsh.last("snapshot")["step"]
    assert step["question"] == "Overall, how was your experience of our service?"
    assert (step["fft_language"], step["translation_language"]) == ("en", "cy")
    assert step["question_translation"].startswith("Yn gyffredinol")
    assert step["options"][0] == {"id": "very-good", "label": "Very good", "translation": "Da iawn"}
