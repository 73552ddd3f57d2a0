"""Number answers through the Socket.IO test clients on a real store: stored once, refused when
bad or closed, and counted into results that the room sees only under the usual rules, in a
group, a one-to-one and a self-paced session."""

from __future__ import annotations

import pytest

from tests.conftest import Person

DECK = """
title: Moving more, day to day
min_responses: 3
steps:
  - {id: hello, kind: slide, title: Hello}
  - id: walk
    kind: numeric
    title: How many minutes can you walk today?
    min: 0
    max: 120
    unit: minutes
  - id: weight
    kind: numeric
    title: How heavy a bag can you carry?
    min: 0
    max: 20
    decimals: 1
    unit: kg
  - {id: bye, kind: slide, title: Thank you}
"""


def physio_id(store):
    return store.accounts.user_by_name("physio")["id"]


@pytest.fixture
def class_of(start_session, store):
    """A group session of the deck above, on the walking step, with its console."""
    store.decks.save("moving", DECK)
    console = start_session(deck_id="moving")
    goto(console, "walk")
    return console


def goto(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    ack = console.emit("goto", index=deck.index_of(step_id), force=True)
    assert ack["ok"], ack


def stored(store, console, step_id="walk"):
    return store.responses.values(console.session["id"], step_id)


def test_an_answer_is_stored_once_and_a_changed_value_with_its_id_conflicts(class_of, join, store):
    phone = join(class_of.session)
    assert phone.emit("answer", step_id="walk", value=30, id="a1")["ok"]
    assert phone.emit("answer", step_id="walk", value=30.0, id="a1")["ok"]  # the same number
    ack = phone.emit("answer", step_id="walk", value=45, id="a1")
    assert ack["error"]["code"] == "conflict"
    assert stored(store, class_of) == [30]
    assert phone.emit("answer", step_id="walk", value=45, id="a2")["ok"]  # a new answer replaces
    assert stored(store, class_of) == [45]
    assert phone.emit("snapshot")["snapshot"]["me"]["responses"]["walk"] == 45


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (121, "That is out of range. Type a number from 0 to 120 minutes."),
        (-5, "That is out of range. Type a number from 0 to 120 minutes."),
        (12.5, "Type a whole number, without a decimal point."),
        ("30", "Type a number from 0 to 120 minutes."),
        ("NaN", "Type a number from 0 to 120 minutes."),
        ("Infinity", "Type a number from 0 to 120 minutes."),
        (True, "Type a number from 0 to 120 minutes."),
        (None, "Type a number from 0 to 120 minutes."),
        ([30], "Type a number from 0 to 120 minutes."),
        # Longer integers never get this far: the transport drops the packet as malformed.
        (10**99, "That is out of range. Type a number from 0 to 120 minutes."),
        (1e308, "That is out of range. Type a number from 0 to 120 minutes."),
        (float("inf"), "That is not a number we can use. Type one from 0 to 120 minutes."),
        (float("nan"), "That is not a number we can use. Type one from 0 to 120 minutes."),
    ],
)
def test_a_bad_number_is_refused_with_what_is_wrong_and_changes_nothing(
    class_of, join, store, realtime, value, message
):
    phone = join(class_of.session)
    assert phone.emit("answer", step_id="walk", value=20, id="first")["ok"]
    realtime.flush()
    assert class_of.last("results")["count"] == 1
    ack = phone.emit("answer", step_id="walk", value=value, id="bad")
    assert ack["ok"] is False
    assert ack["error"]["code"] == "invalid_value"
    assert ack["error"]["message"] == message
    assert stored(store, class_of) == [20]
    realtime.flush()
    assert class_of.received("results") == []  # nothing changed, so nothing is sent
    results = class_of.emit("step_results", step_id="walk")["results"]
    assert (results["count"], results["mean"]) == (1, 20.0)


def test_too_many_decimals_are_refused_on_a_step_that_allows_one(class_of, join, store):
    goto(class_of, "weight")
    phone = join(class_of.session)
    ack = phone.emit("answer", step_id="weight", value=2.25, id="w")
    assert (ack["error"]["code"], ack["error"]["message"]) == (
        "invalid_value",
        "Use at most 1 decimal place.",
    )
    assert phone.emit("answer", step_id="weight", value=2.5, id="w2")["ok"]
    assert stored(store, class_of, "weight") == [2.5]


def test_an_answer_once_closed_is_refused(class_of, join, store):
    phone = join(class_of.session)
    assert class_of.emit("close")["ok"]
    ack = phone.emit("answer", step_id="walk", value=30, id="late")
    assert ack["error"]["code"] == "closed"
    assert stored(store, class_of) == []


def test_the_room_sees_the_figures_only_when_revealed_and_enough_answered(
    class_of, join, screen, realtime
):
    phones = [join(class_of.session) for _ in range(4)]
    projector = screen(class_of.session)
    for phone, minutes in zip(phones[:2], (10, 90), strict=True):
        assert phone.emit("answer", step_id="walk", value=minutes, id=f"m{minutes}")["ok"]
    assert class_of.emit("reveal")["ok"]
    realtime.flush()
    console_results = class_of.last("results")
    assert (console_results["count"], console_results["withheld"]) == (2, True)
    assert console_results["median"] == 50.0
    for audience in (projector, phones[3]):
        withheld = audience.last("results") or audience.last("snapshot")["results"]
        assert withheld == {
            "seq": withheld["seq"],
            "step_id": "walk",
            "kind": "numeric",
            "withheld": True,
            "count": 2,
        }
        assert "median" not in str(audience.received())

    assert phones[2].emit("answer", step_id="walk", value=20, id="m20")["ok"]
    realtime.flush()
    shown = projector.last("results")
    assert (shown["withheld"], shown["count"], shown["median"]) == (False, 3, 20)
    assert shown["quartiles"] == [15.0, 20, 55.0]
    assert [b["count"] for b in shown["bins"]] == [1, 1, 0, 0, 1, 0]
    assert phones[3].last("results")["bins"] == shown["bins"]


def test_a_one_to_one_console_sees_the_number_by_name_and_the_screen_never(
    start_session, join, screen, store, realtime, app
):
    store.decks.save("moving", DECK)
    first = start_session(deck_id="moving")
    row = store.sessions.create("moving", physio_id(store), mode="one-to-one")
    console = Person(app, first.http, "/facilitator").connect({"session_id": row["id"]})
    console.session = row
    patient = join(row, name="Sam")
    projector = screen(row)
    goto(console, "walk")
    assert patient.emit("answer", step_id="walk", value=25, id="s")["ok"]
    console.emit("reveal")
    realtime.flush()
    assert console.last("results")["by_name"] == [{"name": "Sam", "value": 25}]
    assert projector.last("results")["median"] == 25
    assert "Sam" not in str(projector.received())


def test_a_self_paced_phone_answers_its_own_step(start_session, join, store, realtime, app):
    store.decks.save("moving", DECK)
    first = start_session(deck_id="moving")
    row = store.sessions.create(
        "moving", physio_id(store), mode="self-paced", closes_at="2999-01-01T00:00:00+00:00"
    )
    console = Person(app, first.http, "/facilitator").connect({"session_id": row["id"]})
    phone = join(row)
    assert phone.emit("answer", step_id="walk", value=30, id="early")["error"]["code"] == (
        "not_current"
    )
    phone.emit("next")
    assert phone.emit("snapshot")["snapshot"]["step"]["unit"] == "minutes"
    assert phone.emit("answer", step_id="walk", value=30, id="own")["ok"]
    assert phone.emit("answer", step_id="walk", value=500, id="big")["error"]["code"] == (
        "invalid_value"
    )
    assert store.responses.values(row["id"], "walk") == [30]
    results = console.emit("step_results", step_id="walk")
    assert results["ok"], results
    assert (results["results"]["count"], results["results"]["mean"]) == (1, 30.0)
