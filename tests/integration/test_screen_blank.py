"""The console's `blank` command through the Socket.IO test clients: what the screen and the
console are sent, what is stored, and that a bad or late command changes nothing. Also the
step that `step_results` sends with a self-paced question's results."""

from __future__ import annotations

import pytest


def test_blank_reaches_the_screen_and_the_console_and_is_stored(console, join, screen, store):
    projector = screen(console.session)
    phone = join(console.session)
    for person in (console, projector, phone):
        person.received()
    seq = store.sessions.load_live(console.session["id"]).seq

    ack = console.emit("blank", on=True, seq=seq)

    assert ack == {"ok": True, "seq": seq + 1}
    assert store.sessions.load_live(console.session["id"]).blanked is True
    assert console.last("snapshot")["blanked"] is True
    assert projector.last("snapshot")["blanked"] is True
    assert "blanked" not in phone.last("snapshot")  # phones show the step whatever the screen
    assert projector.emit("snapshot")["snapshot"]["blanked"] is True  # after a reconnect too

    ack = console.emit("blank", on=False)
    assert ack == {"ok": True, "seq": seq + 2}
    assert projector.last("snapshot")["blanked"] is False


def test_blank_already_in_effect_is_acknowledged_and_changes_nothing(console, screen, store):
    projector = screen(console.session)
    first = console.emit("blank", on=True)
    projector.received()
    again = console.emit("blank", on=True)
    assert again == first
    assert projector.received("snapshot") == []


def test_moving_on_shows_the_screen_again(console, screen):
    projector = screen(console.session)
    assert console.emit("blank", on=True)["ok"]
    assert console.emit("next")["ok"]
    snap = projector.last("snapshot")
    assert snap["blanked"] is False
    assert snap["step"]["id"] == "welcome"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "on",
        {},
        {"on": "yes"},
        {"on": 1},
        {"on": None},
        {"on": True, "seq": "3"},
        {"on": True, "seq": 1.5},
    ],
    ids=repr,
)
def test_a_bad_blank_changes_nothing_and_says_why(console, screen, store, payload):
    projector = screen(console.session)
    before = store.sessions.load_live(console.session["id"])
    projector.received()
    console.received()

    ack = console.emit("blank", payload) if payload is not None else console.emit("blank")

    assert ack["ok"] is False
    assert ack["error"]["code"] == "bad_request"
    assert ack["error"]["message"]
    assert store.sessions.load_live(console.session["id"]) == before
    assert projector.received("snapshot") == []
    assert console.received("snapshot") == []


def test_a_blank_sent_from_an_old_view_is_stale(console, store):
    old = store.sessions.load_live(console.session["id"]).seq
    assert console.emit("next")["ok"]
    ack = console.emit("blank", on=True, seq=old)
    assert ack["error"]["code"] == "stale"
    assert store.sessions.load_live(console.session["id"]).blanked is False


def test_blank_is_refused_once_ended_and_in_a_self_paced_session(console, store, app):
    assert console.emit("end")["ok"]
    assert console.emit("blank", on=True)["error"]["code"] == "ended"

    from tests.conftest import Person

    row = store.sessions.create(
        "back-pain-1",
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at="2999-01-01T23:59:59+00:00",
    )
    paced = Person(app, console.http, "/facilitator").connect({"session_id": row["id"]})
    ack = paced.emit("blank", on=True)
    assert ack["error"]["code"] == "self_paced"
    assert store.sessions.load_live(row["id"]).blanked is False


def test_the_screen_cannot_blank_itself(console, screen, store):
    projector = screen(console.session)
    projector.emit("blank", on=True)
    assert store.sessions.load_live(console.session["id"]).blanked is False


def test_step_results_carry_the_step_to_label_them(start_session, store, app, join):
    first = start_session()
    row = store.sessions.create(
        "back-pain-1",
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at="2999-01-01T23:59:59+00:00",
    )
    from tests.conftest import Person

    paced = Person(app, first.http, "/facilitator").connect({"session_id": row["id"]})
    ack = paced.emit("step_results", step_id="myth-scan")
    assert ack["ok"]
    step = ack["step"]
    assert step["id"] == "myth-scan"
    assert step["index"] == store.sessions.deck_of(row["id"]).index_of("myth-scan")
    assert [o["id"] for o in step["options"]] == ["myth", "fact"]
    assert step["correct"] == ["myth"]  # the console's view: the answer and the notes
    assert "notes" in step
    assert ack["results"]["total"] == 0
    assert paced.emit("step_results", step_id="welcome")["error"]["code"] == "unknown_step"
