"""People without phones: the facilitator adds them on the console and answers for them through
the phone's own write path, so each is one person with one answer, and the room never learns
who answered what."""

from __future__ import annotations

from tests.integration.test_notebook_and_modes import goto


def heard(messages, name):
    """The payloads of one event among messages already taken from a socket client."""
    return [m["args"][0] for m in messages if m["name"] == name]


def add(console, name="M. K."):
    ack = console.emit("add_person", name=name)
    assert ack["ok"], ack
    return ack["participant_id"]


def test_a_person_without_a_phone_is_counted_once_and_listed_for_the_console_only(
    console, join, screen, store
):
    phone = join(console.session, name="Ann")
    screen = screen(console.session)
    for person in (console, phone, screen):
        person.received()

    person_id = add(console, "Mrs K")

    assert store.participants.count(console.session["id"]) == 2
    at_console, on_screen, on_phone = console.received(), screen.received(), phone.received()
    assert heard(at_console, "presence")[-1]["participant_count"] == 2
    assert heard(on_screen, "presence")[-1]["participant_count"] == 2
    listed = heard(at_console, "snapshot")[-1]["without_phones"]
    assert [(p["id"], p["name"]) for p in listed] == [(person_id, "Mrs K")]
    for other in (on_phone, on_screen):
        assert "Mrs K" not in str(other)
        assert "without_phones" not in str(other)


def test_an_answer_for_them_is_stored_once_and_counted_with_everyone_elses(
    console, join, store, realtime, screen
):
    phone = join(console.session)
    screen = screen(console.session)
    person_id = add(console)
    goto(console, "how-long")
    phone.emit("answer", step_id="how-long", value="under-6-weeks", id="a")
    screen.received()

    payload = {"participant_id": person_id, "step_id": "how-long", "value": "over-a-year"}
    first = console.emit("answer_for", {**payload, "id": "k-1"})
    again = console.emit("answer_for", {**payload, "id": "k-1"})
    realtime.flush()

    assert first["ok"]
    assert again["ok"]
    values = sorted(store.responses.values(console.session["id"], "how-long"))
    assert values == ["over-a-year", "under-6-weeks"]
    at_console, on_screen = console.received(), screen.received()
    assert heard(at_console, "results")[-1]["total"] == 2
    assert store.responses.of_participant(person_id) == {"how-long": "over-a-year"}
    assert heard(at_console, "snapshot")[-1]["without_phones"][0]["value"] == "over-a-year"
    assert person_id not in str(on_screen)
    assert "M. K." not in str(on_screen)


def test_bad_answers_for_them_are_refused_as_a_phones_would_be_and_change_nothing(console, store):
    person_id = add(console)
    goto(console, "confidence-before")
    cases = [
        (
            {"participant_id": person_id, "step_id": "confidence-before", "value": 11},
            "invalid_value",
        ),
        ({"participant_id": person_id, "step_id": "nope", "value": 3}, "unknown_step"),
        ({"participant_id": person_id, "step_id": "how-long", "value": "over-a-year"}, None),
        ({"step_id": "confidence-before", "value": 3}, "bad_request"),
        (
            {"participant_id": "someone", "step_id": "confidence-before", "value": 3},
            "unknown_person",
        ),
    ]
    for n, (payload, code) in enumerate(cases):
        ack = console.emit("answer_for", {**payload, "id": f"bad-{n}"})
        assert not ack["ok"], payload
        if code:
            assert ack["error"]["code"] == code, ack
        assert ack["error"]["message"]
    assert store.responses.of_participant(person_id) == {}


def test_answering_for_a_person_of_another_session_or_with_a_phone_is_refused(
    console, start_session, join, store
):
    other = start_session(username="other-physio")
    theirs = add(other, "Theirs")
    phone = join(console.session, name="Has a phone")
    goto(console, "how-long")
    goto(other, "how-long")
    with_phone = phone.emit("snapshot")["snapshot"]["me"]
    assert with_phone["name"] == "Has a phone"
    phone_id = next(iter(store.database.rows("SELECT id FROM participants WHERE no_phone = 0")))[
        "id"
    ]
    for person_id in (theirs, phone_id):
        ack = console.emit(
            "answer_for",
            participant_id=person_id,
            step_id="how-long",
            value="over-a-year",
            id="x",
        )
        assert not ack["ok"]
        assert ack["error"]["code"] == "unknown_person"
    assert store.responses.values(console.session["id"], "how-long") == []
    assert store.responses.values(other.session["id"], "how-long") == []


def test_a_name_is_required_and_bounded_and_nobody_is_added_once_it_has_ended(console, store):
    for name, code in (
        ("", "invalid_value"),
        ("   ", "invalid_value"),
        (7, "invalid_value"),
        ("x" * 41, "invalid_value"),
    ):
        ack = console.emit("add_person", name=name)
        assert not ack["ok"], name
        assert ack["error"]["code"] == code, name
    assert not console.emit("add_person", {})["ok"]
    console.emit("end")
    ack = console.emit("add_person", name="Late")
    assert ack["error"]["code"] == "ended"
    assert store.participants.count(console.session["id"]) == 0


def test_a_reflection_and_plan_entered_for_them_go_into_their_printable_notebook(
    console, app, start_session
):
    person_id = add(console, "Mr B")
    goto(console, "reflect")
    assert console.emit(
        "answer_for",
        participant_id=person_id,
        step_id="reflect",
        value={"remember": "Keep moving"},
        id="r",
    )["ok"]
    goto(console, "my-plan")
    assert console.emit(
        "answer_for",
        participant_id=person_id,
        step_id="my-plan",
        value={"matters": "Walking the dog", "confidence": 8},
        id="p",
    )["ok"]
    path = f"/console/{console.session['id']}/people/{person_id}/notebook"

    page = console.http.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Keep moving" in html
    assert "Walking the dog" in html
    assert "Mr B" in html
    assert page.headers["Cache-Control"] == "no-store"
    assert "Delete my answers" not in html

    assert app.test_client().get(path).status_code == 302  # not signed in: sign in first
    stranger = start_session(username="stranger")
    assert stranger.http.get(path).status_code == 404
    wrong = f"/console/{stranger.session['id']}/people/{person_id}/notebook"
    assert stranger.http.get(wrong).status_code == 404


def test_self_paced_sessions_neither_add_nor_answer_on_behalf(console, store):
    person_id = add(console)
    store.database.execute(
        "UPDATE sessions SET mode = 'self-paced' WHERE id = ?", (console.session["id"],)
    )
    ack = console.emit(
        "answer_for", participant_id=person_id, step_id="how-long", value="over-a-year", id="s"
    )
    assert ack["error"]["code"] == "self_paced"
    assert store.responses.of_participant(person_id) == {}
    assert console.emit("add_person", name="Late")["error"]["code"] == "self_paced"
    assert store.participants.count(console.session["id"]) == 1


def test_they_count_in_attendance_with_the_connected_phones(console, join, store):
    join(console.session)
    add(console)
    goto(console, "how-long")
    assert store.review.attendance(console.session["id"]) == {"how-long": 2}
