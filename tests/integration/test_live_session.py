"""A class run through the Socket.IO test clients on a real store: the ack, what each audience
received, and what is in the store."""

from __future__ import annotations


def goto_step(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    ack = console.emit("goto", index=deck.index_of(step_id), force=True)
    assert ack["ok"], ack
    return ack


def test_console_gets_a_snapshot_with_the_outline_on_connect(console):
    snap = console.last("snapshot")
    assert snap["stage"] == "lobby"
    assert snap["step"] is None
    assert snap["outline"][0] == {
        "index": 0,
        "id": "welcome",
        "kind": "slide",
        "title": snap["outline"][0]["title"],
        "locked": False,
        "is_activity": False,
        "takes_answers": False,
        "room_sees_results": True,
        "private": False,
    }
    assert snap["session"]["code"] == console.session["code"]
    assert snap["session"]["join_url"].endswith(f"/join?code={console.session['code']}")


def test_next_moves_every_audience_to_the_first_step(console, join, screen):
    phone = join(console.session, name="Ann")
    projector = screen(console.session)
    for person in (console, phone, projector):
        person.received()

    ack = console.emit("next")

    assert ack == {"ok": True, "seq": 1}
    for person in (console, phone, projector):
        snap = person.last("snapshot")
        assert snap["seq"] == 1
        assert snap["step"]["id"] == "welcome"


def test_participant_snapshot_on_connect_carries_their_own_answers(console, join):
    phone = join(console.session, name="Ann")
    goto_step(console, "how-long")
    assert phone.emit("answer", step_id="how-long", value="over-a-year", id="a1")["ok"]

    again = join(console.session)  # someone else
    assert "me" in again.last("snapshot")
    reloaded = phone.emit("snapshot")["snapshot"]
    assert reloaded["me"]["name"] == "Ann"
    assert reloaded["me"]["responses"] == {"how-long": "over-a-year"}


def test_answer_is_acknowledged_stored_and_counted(console, join, store, realtime):
    phone = join(console.session)
    goto_step(console, "how-long")
    console.received()

    ack = phone.emit("answer", step_id="how-long", value="under-6-weeks", id="x-1")
    realtime.flush()

    assert ack["ok"]
    assert store.responses.values(console.session["id"], "how-long") == ["under-6-weeks"]
    results = console.last("results")
    assert results["step_id"] == "how-long"
    assert results["total"] == 1
    assert results["counts"]["under-6-weeks"] == 1
    assert results["withheld"] is True  # one answer is below the deck's threshold of five


def test_same_answer_id_twice_is_stored_once(console, join, store):
    phone = join(console.session)
    goto_step(console, "how-long")
    first = phone.emit("answer", step_id="how-long", value="over-a-year", id="same")
    second = phone.emit("answer", step_id="how-long", value="over-a-year", id="same")
    assert first["ok"]
    assert second["ok"]
    assert store.responses.values(console.session["id"], "how-long") == ["over-a-year"]


def test_same_answer_id_with_another_value_is_a_conflict(console, join, store):
    phone = join(console.session)
    goto_step(console, "how-long")
    phone.emit("answer", step_id="how-long", value="over-a-year", id="same")
    ack = phone.emit("answer", step_id="how-long", value="under-6-weeks", id="same")
    assert ack["error"]["code"] == "conflict"
    assert store.responses.values(console.session["id"], "how-long") == ["over-a-year"]


def test_a_new_answer_replaces_the_old_one_while_open(console, join, store):
    phone = join(console.session)
    goto_step(console, "pain-up")
    phone.emit("answer", step_id="pain-up", value=["stress-or-worry"], id="1")
    phone.emit("answer", step_id="pain-up", value=["stress-or-worry", "poor-sleep"], id="2")
    values = store.responses.values(console.session["id"], "pain-up")
    assert len(values) == 1
    assert values[0] == ["stress-or-worry", "poor-sleep"]  # kept in the deck's order


def test_room_sees_results_only_when_revealed_and_enough_have_answered(
    console, join, screen, realtime
):
    phones = [join(console.session) for _ in range(5)]
    projector = screen(console.session)
    goto_step(console, "confidence-before")
    for i, phone in enumerate(phones[:4]):
        assert phone.emit("answer", step_id="confidence-before", value=i, id=f"a{i}")["ok"]
    realtime.flush()
    assert projector.received("results") == []  # not revealed
    assert phones[0].received("results") == []

    assert console.emit("reveal")["ok"]
    snap = projector.last("snapshot")
    assert snap["results"] == {
        "seq": snap["seq"],
        "step_id": "confidence-before",
        "kind": "scale",
        "withheld": True,
        "count": 4,
    }

    phones[4].emit("answer", step_id="confidence-before", value=10, id="a4")
    realtime.flush()
    shown = projector.last("results")
    assert shown["withheld"] is False
    assert shown["count"] == 5
    assert shown["mean"] == 3.2
    assert phones[0].last("results")["histogram"]["10"] == 1


def test_quiz_answer_is_hidden_from_the_room_until_reveal(console, join, screen):
    phone = join(console.session)
    projector = screen(console.session)
    goto_step(console, "myth-scan")
    for person in (phone, projector):
        step = person.last("snapshot")["step"]
        assert "correct" not in step
        assert "explanation" not in step
    assert console.last("snapshot")["step"]["correct"] == ["myth"]

    console.emit("reveal")
    for person in (phone, projector):
        step = person.last("snapshot")["step"]
        assert step["correct"] == ["myth"]
        assert step["explanation"]


def test_participants_and_screen_never_receive_presenter_notes(console, join, screen):
    phone = join(console.session)
    projector = screen(console.session)
    for _ in range(5):
        console.emit("next")
    for message in phone.received() + projector.received():
        assert "notes" not in str(message["args"])
    assert console.last("snapshot")["step"]["notes"]


def test_repeating_a_command_in_effect_changes_nothing(console):
    goto_step(console, "how-long")
    seq = console.last("snapshot")["seq"]
    assert console.emit("open") == {"ok": True, "seq": seq}
    assert console.received("snapshot") == []


def test_closing_stops_answers(console, join, store):
    phone = join(console.session)
    goto_step(console, "how-long")
    assert console.emit("close")["ok"]
    ack = phone.emit("answer", step_id="how-long", value="over-a-year", id="late")
    assert ack["error"]["code"] == "closed"
    assert store.responses.values(console.session["id"], "how-long") == []


def test_goto_past_the_unseen_safety_slide_needs_force(console):
    ack = console.emit("goto", index=5)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "safety_unseen"
    assert console.emit("goto", index=5, force=True)["ok"]


def test_facilitator_who_connects_mid_session_gets_current_results(console, join, app):
    phone = join(console.session)
    goto_step(console, "how-long")
    phone.emit("answer", step_id="how-long", value="over-a-year", id="a")
    from tests.conftest import Person

    second = Person(app, console.http, "/facilitator")
    second.connect({"session_id": console.session["id"]})
    results = second.last("snapshot")["results"]
    assert results["counts"]["over-a-year"] == 1
    assert results["total"] == 1


def test_end_closes_the_session_and_its_code(console, app, store):
    assert console.emit("end")["ok"]
    assert console.last("snapshot")["stage"] == "ended"
    assert store.sessions.live_by_code(console.session["code"]) is None
    response = app.test_client().post("/api/join", json={"code": console.session["code"]})
    assert response.status_code == 404
    assert console.emit("next")["error"]["code"] == "ended"
