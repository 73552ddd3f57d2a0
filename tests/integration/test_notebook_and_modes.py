"""Notebooks, self-paced sessions and one-to-one consultations."""

from __future__ import annotations

import re

import pytest

from app import realtime_of
from tests.conftest import csrf_token, scalar, tuples


def goto(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of(step_id), force=True)["ok"]


@pytest.fixture
def finished_class(console, join, realtime):
    """Ann answered, reflected, planned and asked a question; the session is over."""
    ann = join(console.session, name="Ann")
    goto(console, "reflect")
    ann.emit("answer", step_id="reflect", value={"remember": "Hurt is not harm"}, id="r")
    goto(console, "my-plan")
    ann.emit("answer", step_id="my-plan", value={"matters": "My garden", "confidence": 8}, id="p")
    ann.emit("ask", id="q", text="Is swimming good?")
    goto(console, "confidence-after")
    ann.emit("answer", step_id="confidence-after", value=7, id="c")
    console.emit("end")
    return console, ann


def notebook_path(person):
    ack = person.emit("keep_notebook")
    assert ack["ok"]
    assert ack["url"].startswith("http://localhost/notebook/")
    return ack["url"].removeprefix("http://localhost")


def test_the_notebook_holds_what_the_participant_made_and_nothing_else(finished_class, join, app):
    console, ann = finished_class
    path = notebook_path(ann)
    page = app.test_client().get(path)  # a fresh browser: no cookies
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for kept in (
        "Hurt is not harm",
        "My garden",
        "Is swimming good?",
        "Pain is a protection",
        "999",
    ):
        assert kept in html, kept
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "same-origin"


def test_a_wrong_or_replaced_notebook_link_is_a_plain_404(finished_class, app):
    _, ann = finished_class
    old = notebook_path(ann)
    new = notebook_path(ann)
    http = app.test_client()
    assert http.get(new).status_code == 200
    never = http.get("/notebook/" + "x" * 43)
    replaced = http.get(old)
    assert never.status_code == replaced.status_code == 404
    assert never.get_data() == replaced.get_data()


def test_the_plan_can_be_edited_from_the_notebook(finished_class, app, store):
    _, ann = finished_class
    path = notebook_path(ann)
    http = app.test_client()
    token = csrf_token(http.get(path).get_data(as_text=True))
    response = http.post(
        f"{path}/plan",
        data={
            "csrf_token": token,
            "matters": "My garden and my dog",
            "confidence": "9",
            "share": "yes",
        },
    )
    assert response.status_code == 200
    assert "Your plan is saved" in response.get_data(as_text=True)
    participant = store.participants.for_notebook(path.rsplit("/", 1)[1])
    plan = store.responses.of_participant(participant["id"])["my-plan"]
    assert plan["matters"] == "My garden and my dog"
    assert plan["confidence"] == 9
    assert plan["share"] is True


def test_a_bad_plan_from_the_notebook_changes_nothing(finished_class, app, store):
    _, ann = finished_class
    path = notebook_path(ann)
    http = app.test_client()
    token = csrf_token(http.get(path).get_data(as_text=True))
    response = http.post(f"{path}/plan", data={"csrf_token": token, "matters": "x" * 400})
    assert response.status_code == 400
    participant = store.participants.for_notebook(path.rsplit("/", 1)[1])
    assert store.responses.of_participant(participant["id"])["my-plan"]["matters"] == "My garden"


def test_deleting_my_data_removes_my_rows_and_keeps_others(finished_class, join, app, store):
    console, ann = finished_class
    path = notebook_path(ann)
    key = path.rsplit("/", 1)[1]
    participant_id = store.participants.for_notebook(key)["id"]
    http = app.test_client()
    confirm = http.get(f"{path}/delete").get_data(as_text=True)
    assert "What stays" in confirm
    assert http.post(f"{path}/delete", data={"csrf_token": csrf_token(confirm)}).status_code == 200
    for table in ("responses", "answer_ids", "questions", "participants"):
        column = "id" if table == "participants" else "participant_id"
        count = scalar(store, f"SELECT count(*) FROM {table} WHERE {column} = ?", (participant_id,))
        assert count == 0, table
    assert http.get(path).status_code == 404
    # Still connected for a moment: asking for a link again says why there is none.
    again = ann.emit("keep_notebook")
    assert again["error"]["code"] == "gone"
    assert scalar(store, "SELECT count(*) FROM participants WHERE id = ?", (participant_id,)) == 0


def test_a_self_paced_session_lets_each_person_move_alone(start_session, join, store, app):
    http = start_session().http
    token = csrf_token(http.get("/").get_data(as_text=True))
    response = http.post(
        "/sessions",
        data={
            "deck_id": "back-pain-1",
            "mode": "self-paced",
            "closes_on": "2999-12-31",
            "csrf_token": token,
        },
    )
    session_id = re.search(r"/console/([^/]+)", response.headers["Location"]).group(1)
    row = store.sessions.get(session_id)
    assert row["mode"] == "self-paced"
    assert row["closes_at"].startswith("2999-12-31T23:59:59")
    from tests.conftest import Person

    console = Person(app, http, "/facilitator").connect({"session_id": session_id})
    assert console.emit("next")["error"]["code"] == "self_paced"
    fast, slow = join(row), join(row)
    realtime_of(app).flush()
    assert console.last("progress")["progress"][0] == 2  # newcomers stand on the first step
    assert fast.last("snapshot")["step"]["id"] == "welcome"
    for _ in range(3):
        ack = fast.emit("next")
    assert ack["snapshot"]["step"]["id"] == "confidence-before"
    assert slow.emit("back")["error"]["code"] == "at_start"
    assert fast.emit("answer", step_id="confidence-before", value=6, id="a")["ok"]
    assert (
        slow.emit("answer", step_id="confidence-before", value=6, id="b")["error"]["code"]
        == "not_current"
    )
    realtime_of(app).flush()
    assert console.last("progress")["progress"][:4] == [1, 0, 0, 1]
    results = console.emit("step_results", step_id="confidence-before")["results"]
    assert results["count"] == 1


def test_a_self_paced_quiz_shows_its_answer_once_answered(start_session, join, store, app):
    start_session()
    row = store.sessions.create(
        "back-pain-1",
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at="2999-01-01T00:00:00+00:00",
    )
    phone = join(row)
    deck = store.sessions.deck_of(row["id"])
    for _ in range(deck.index_of("myth-scan")):
        phone.emit("next")
    step = phone.emit("snapshot")["snapshot"]["step"]
    assert step["id"] == "myth-scan"
    assert "correct" not in step
    phone.received()
    assert phone.emit("answer", step_id="myth-scan", value="fact", id="q")["ok"]
    step = phone.last("snapshot")["step"]
    assert step["correct"] == ["myth"]
    assert step["explanation"]


def test_a_closed_self_paced_session_takes_nobody_new(start_session, store, app):
    start_session()
    row = store.sessions.create(
        "back-pain-1",
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at="2000-01-01T00:00:00+00:00",
    )
    response = app.test_client().post("/api/join", json={"code": row["code"]})
    assert response.status_code == 404
    assert store.sessions.get(row["id"])["status"] == "ended"


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"mode": "party"}, "mode must be"),
        ({"mode": "self-paced"}, "closing date"),
        ({"mode": "self-paced", "closes_on": "31/12/2999"}, "year-month-day"),
        ({"mode": "self-paced", "closes_on": "2001-01-01"}, "already passed"),
    ],
)
def test_bad_session_options_are_refused(start_session, store, form, message):
    http = start_session().http
    token = csrf_token(http.get("/").get_data(as_text=True))
    before = scalar(store, "SELECT count(*) FROM sessions")
    response = http.post("/sessions", data={"deck_id": "back-pain-1", "csrf_token": token, **form})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert scalar(store, "SELECT count(*) FROM sessions") == before


def test_one_to_one_shows_the_answer_by_name_to_the_facilitator_only(
    start_session, join, screen, store, realtime, app
):
    first = start_session()
    row = store.sessions.create(
        "back-pain-1", store.accounts.user_by_name("physio")["id"], mode="one-to-one"
    )
    from tests.conftest import Person

    console = Person(app, first.http, "/facilitator").connect({"session_id": row["id"]})
    patient = join(row, name="Sam")
    projector = screen(row)
    goto_index = store.sessions.deck_of(row["id"]).index_of("how-long")
    console.emit("goto", index=goto_index, force=True)
    patient.emit("answer", step_id="how-long", value="over-a-year", id="a")
    console.emit("reveal")
    realtime.flush()
    assert console.last("results")["by_name"] == [{"name": "Sam", "value": "over-a-year"}]
    shown = projector.last("results")
    assert shown["withheld"] is False  # one person is enough in a consultation
    assert "by_name" not in shown
    assert "Sam" not in str(projector.received())


# The phone's view of the modes ------------------------------------------------------------


def self_paced_session(start_session, store, closes_at="2999-12-31T23:59:59+00:00"):
    start_session()
    return store.sessions.create(
        "back-pain-1",
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at=closes_at,
    )


def own_row(store, session_row):
    """The only participant of a session, as stored."""
    return tuples(
        store,
        "SELECT id, position, notebook_key_hash FROM participants WHERE session_id = ?",
        (session_row["id"],),
    )[0]


def test_the_phone_knows_the_mode_and_when_a_self_paced_session_closes(
    console, join, screen, start_session, store
):
    phone = join(console.session)
    first = phone.last("snapshot")
    assert first["mode"] == "group"
    assert "closes_at" not in first
    assert "mode" not in screen(console.session).last("snapshot")
    console.emit("end")
    ended = phone.last("snapshot")  # the room's broadcast, without "me", carries it too
    assert ended["stage"] == "ended"
    assert ended["mode"] == "group"

    row = self_paced_session(start_session, store)
    mine = join(row).emit("snapshot")["snapshot"]
    assert mine["mode"] == "self-paced"
    assert mine["closes_at"] == "2999-12-31T23:59:59+00:00"


def test_a_self_paced_discussion_is_a_prompt_to_think_about_alone(start_session, join, store, app):
    row = self_paced_session(start_session, store)
    deck = store.sessions.deck_of(row["id"])
    talk = deck.step_by_id("talk-in-groups")
    alone = join(row, name="Ann")
    for _ in range(deck.index_of("talk-in-groups")):
        ack = alone.emit("next")
    snapshot = ack["snapshot"]
    assert snapshot["step"]["id"] == "talk-in-groups"
    assert snapshot["step"]["report_back"] is True
    group = snapshot["me"]["group"]
    assert group["solo"] is True
    assert group["members"] == []
    assert group["cards"] == [dict(card) for card in talk.fields["cards"]]
    assert alone.emit("answer", step_id="talk-in-groups", value="Pacing helps me", id="n")["ok"]
    assert (
        store.responses.of_participant(
            store.participants.for_notebook(notebook_path(alone).rsplit("/", 1)[1])["id"]
        )["talk-in-groups"]
        == "Pacing helps me"
    )
    assert store.room.groups(row["id"], "talk-in-groups") == []  # nobody was put in a group
    from tests.conftest import Person

    console = Person(app, start_session().http, "/facilitator").connect({"session_id": row["id"]})
    notes = console.emit("step_results", step_id="talk-in-groups")["results"]["notes"]
    assert [n["text"] for n in notes] == ["Pacing helps me"]
    assert alone.emit("next")["snapshot"]["me"]["group"] is None  # the next step is a slide


def test_bad_moves_and_notebook_requests_change_nothing(console, join, start_session, store):
    in_group = join(console.session)
    seq = store.sessions.load_live(console.session["id"]).seq
    assert in_group.emit("next")["error"]["code"] == "not_self_paced"
    assert in_group.emit("back")["error"]["code"] == "not_self_paced"
    assert store.sessions.load_live(console.session["id"]).seq == seq

    row = self_paced_session(start_session, store)
    phone = join(row)
    for payload in ("lots", 5, ["next"], True):
        assert phone.emit("next", payload)["error"]["code"] == "bad_request"
        assert phone.emit("back", payload)["error"]["code"] == "bad_request"
        assert phone.emit("keep_notebook", payload)["error"]["code"] == "bad_request"
    assert phone.emit("back")["error"]["code"] == "at_start"
    participant_id, position, key_hash = own_row(store, row)
    assert position == 0
    assert key_hash is None  # no link was made
    last = len(store.sessions.deck_of(row["id"]).steps) - 1
    store.participants.move(participant_id, last)
    assert phone.emit("next")["error"]["code"] == "at_end"
    assert phone.emit("next", {"steps": 5})["error"]["code"] == "at_end"  # its fields are not read
    assert own_row(store, row)[1] == last
    assert phone.emit("keep_notebook", {})["ok"]


def test_a_closed_self_paced_session_refuses_moves_but_keeps_the_notebook(
    start_session, join, store, app
):
    row = self_paced_session(start_session, store)
    phone = join(row)
    from tests.conftest import Person

    console = Person(app, start_session().http, "/facilitator").connect({"session_id": row["id"]})
    assert console.emit("end")["ok"]
    assert phone.last("snapshot")["stage"] == "ended"
    assert phone.emit("next")["error"]["code"] == "ended"
    mine = phone.emit("snapshot")["snapshot"]
    assert mine["stage"] == "ended"
    assert mine["step"] is None
    assert app.test_client().get(notebook_path(phone)).status_code == 200


def test_a_key_message_slide_is_flagged_not_worded(console, join):
    phone = join(console.session)
    goto(console, "pain-protection")
    step = phone.last("snapshot")["step"]
    assert step["takeaway"] is True
    goto(console, "welcome")
    assert phone.last("snapshot")["step"]["takeaway"] is False


def test_the_notebook_qr_code_is_an_svg_of_the_same_link(finished_class, app):
    _, ann = finished_class
    ack = ann.emit("keep_notebook")
    assert ack["qr_url"] == ack["url"].removeprefix("http://localhost") + "/qr.svg"
    http = app.test_client()
    svg = http.get(ack["qr_url"])
    assert svg.status_code == 200
    assert svg.mimetype == "image/svg+xml"
    assert "QR code for your notebook link" in svg.get_data(as_text=True)
    assert http.get("/notebook/" + "y" * 43 + "/qr.svg").status_code == 404


def test_a_session_past_its_closing_time_refuses_moves_and_answers_at_once(
    start_session, join, store
):
    """Closing is not left to the next minute's check: the first move or answer after the
    closing time ends the session, and the phone hears that it has ended."""
    row = self_paced_session(start_session, store)
    phone = join(row)
    assert phone.emit("next")["ok"]
    store.database.execute(
        "UPDATE sessions SET closes_at = ? WHERE id = ?", ("2000-01-01T00:00:00+00:00", row["id"])
    )
    assert phone.emit("next")["error"]["code"] == "ended"
    assert store.sessions.get(row["id"])["status"] == "ended"
    assert phone.last("snapshot")["stage"] == "ended"
    answer = phone.emit("answer", {"step_id": "confidence-before", "value": 5, "id": "late"})
    assert answer["error"]["code"] == "ended"
    assert store.responses.of_participant(own_row(store, row)[0]) == {}


@pytest.mark.parametrize("rating", ["²", "①", "seven"])
def test_a_plan_rating_that_is_not_a_whole_number_is_refused(finished_class, app, store, rating):
    _, ann = finished_class
    path = notebook_path(ann)
    http = app.test_client()
    token = csrf_token(http.get(path).get_data(as_text=True))
    response = http.post(
        f"{path}/plan", data={"csrf_token": token, "matters": "Walking", "confidence": rating}
    )
    assert response.status_code == 400
    assert "whole number" in response.get_data(as_text=True)
    participant = store.participants.for_notebook(path.rsplit("/", 1)[1])
    assert store.responses.of_participant(participant["id"])["my-plan"]["matters"] == "My garden"
