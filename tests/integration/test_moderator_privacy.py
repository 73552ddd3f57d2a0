"""Nobody sees what is not theirs: a moderator's console is sent the moderator's view, without
private "ask later" questions or the names of people without phones, in every snapshot (on
connect, on asking, after each change) and never the private questions' own message; a
co-facilitator, who runs the class, gets them all. Moving someone across the moderator's line
moves what they are sent."""

from __future__ import annotations

import pytest

from server.fanout import resync_local
from tests.conftest import Person
from tests.integration.test_session_roles import invite

PRIVATE = "Is my sciatica worse with sitting?"
NO_PHONE = "M. K."


@pytest.fixture
def running(app, console, sign_in, store):
    """A physio invited by the facilitator in `role`, with their own console open."""

    def running(role, username):
        http = sign_in(username)
        assert invite(console.http, console.session["id"], username, role).status_code == 303
        person = Person(app, http, "/facilitator").connect({"session_id": console.session["id"]})
        assert person.connected
        return person

    return running


@pytest.fixture
def room(console, join, app):
    """A class with a private question and someone without a phone, and a moderator and a
    co-facilitator who connect afterwards."""
    ann = join(console.session, name="Ann")
    assert ann.emit("ask_later", id="l-1", text=PRIVATE)["ok"]
    assert console.emit("add_person", name=NO_PHONE)["ok"]
    app.extensions["talkback"].flush()
    return ann


def test_a_moderators_snapshots_lack_what_a_co_facilitators_have(console, room, running):
    moderator = running("moderator", "sam")
    co = running("co-facilitator", "kim")
    on_connect = {"moderator": moderator.last("snapshot"), "co": co.last("snapshot")}
    asked = {"moderator": moderator.emit("snapshot"), "co": co.emit("snapshot")}

    for shown in (on_connect["co"], asked["co"]["snapshot"]):
        assert shown["later_questions"][0]["text"] == PRIVATE
        assert [p["name"] for p in shown["without_phones"]] == [NO_PHONE]
    for shown in (on_connect["moderator"], asked["moderator"]["snapshot"]):
        assert "later_questions" not in shown
        assert "without_phones" not in shown
        assert PRIVATE not in repr(shown)
        assert NO_PHONE not in repr(shown)
        assert shown["seq"] == on_connect["co"]["seq"]
        assert shown["questions"] == on_connect["co"]["questions"]


def test_what_is_published_after_a_change_keeps_the_moderators_view(
    console, room, running, join, app
):
    moderator = running("moderator", "sam")
    co = running("co-facilitator", "kim")
    for person in (moderator, co):
        person.received()

    assert console.emit("next")["ok"]
    assert room.emit("ask_later", id="l-2", text="Can I garden with my scan result?")["ok"]
    assert console.emit("add_person", name="Jo Bloggs")["ok"]
    bob = join(console.session, name="Bob")
    assert bob.emit("ask", id="q-1", text="How long until it settles?")["ok"]
    app.extensions["talkback"].flush()

    heard, co_heard = moderator.received(), co.received()
    assert "later_questions" not in [m["name"] for m in heard]
    co_names = [m["name"] for m in co_heard]
    assert "later_questions" in co_names
    snapshots = [m["args"][0] for m in heard if m["name"] == "snapshot"]
    assert len(snapshots) == co_names.count("snapshot") >= 2
    assert "garden" not in repr(heard)
    assert PRIVATE not in repr(heard)
    assert "Jo Bloggs" not in repr(heard)
    assert "Jo Bloggs" in repr(co_heard)
    questions = [m["args"][0] for m in heard if m["name"] == "questions"]
    assert questions[-1]["questions"][0]["text"] == "How long until it settles?"


def test_a_moderator_made_co_facilitator_is_sent_everything_from_their_next_message(
    console, room, running, app
):
    moderator = running("moderator", "sam")
    assert "later_questions" not in moderator.emit("snapshot")["snapshot"]
    assert invite(console.http, console.session["id"], "sam", "co-facilitator").status_code == 303
    assert moderator.emit("snapshot")["snapshot"]["later_questions"][0]["text"] == PRIVATE
    moderator.received()
    assert console.emit("next")["ok"]
    (snapshot,) = moderator.received("snapshot")  # heard once: in the full room only
    assert snapshot["later_questions"][0]["text"] == PRIVATE


def test_a_co_facilitator_made_moderator_is_moved_out_of_the_full_room(console, room, running, app):
    co = running("co-facilitator", "kim")
    assert invite(console.http, console.session["id"], "kim", "moderator").status_code == 303
    namespace = app.extensions["socketio"].server.namespace_handlers["/facilitator"]
    assert namespace.drop_invalid() == 1  # silent since: disconnected, to come back as moderator
    assert not co.connected
    again = Person(app, co.http, "/facilitator").connect({"session_id": console.session["id"]})
    assert "later_questions" not in again.last("snapshot")
    assert namespace.drop_invalid() == 0


def test_a_moderators_message_moves_their_room_at_once(console, room, running, app):
    co = running("co-facilitator", "kim")
    assert invite(console.http, console.session["id"], "kim", "moderator").status_code == 303
    assert "later_questions" not in co.emit("snapshot")["snapshot"]
    co.received()
    assert console.emit("next")["ok"]
    (snapshot,) = co.received("snapshot")
    assert "later_questions" not in snapshot
    namespace = app.extensions["socketio"].server.namespace_handlers["/facilitator"]
    assert namespace.drop_invalid() == 0


def test_a_moderator_never_gets_one_to_one_answers_by_name(
    start_session, join, sign_in, store, realtime, app
):
    first = start_session()
    row = store.sessions.create(
        "back-pain-1", store.accounts.user_by_name("physio")["id"], mode="one-to-one"
    )
    console = Person(app, first.http, "/facilitator").connect({"session_id": row["id"]})
    seats = {}
    for role, username in (("moderator", "sam"), ("co-facilitator", "kim")):
        http = sign_in(username)
        assert invite(first.http, row["id"], username, role).status_code == 303
        seats[role] = Person(app, http, "/facilitator").connect({"session_id": row["id"]})
    moderator, co = seats["moderator"], seats["co-facilitator"]
    patient = join(row, name="Sam")
    step = store.sessions.deck_of(row["id"]).index_of("how-long")
    assert console.emit("goto", index=step, force=True)["ok"]
    assert patient.emit("answer", step_id="how-long", value="over-a-year", id="a")["ok"]
    realtime.flush()

    named = [{"name": "Sam", "value": "over-a-year"}]
    assert co.last("results")["by_name"] == named
    assert co.emit("snapshot")["snapshot"]["results"]["by_name"] == named
    assert co.emit("step_results", step_id="how-long")["results"]["by_name"] == named
    shown = moderator.last("results")
    assert shown["step_id"] == "how-long"
    assert "by_name" not in shown
    assert "by_name" not in moderator.emit("snapshot")["snapshot"]["results"]
    read = moderator.emit("step_results", step_id="how-long")
    assert read["ok"]
    assert "by_name" not in read["results"]
    assert read["results"] == {
        k: v
        for k, v in co.emit("step_results", step_id="how-long")["results"].items()
        if k != "by_name"
    }


def test_a_worker_sending_every_view_again_sends_moderators_theirs(console, room, running, app):
    """After a gap in the message queue a worker sends each of its clients its view again
    (server/fanout.py): the moderators' room gets the moderator's view there too."""
    moderator = running("moderator", "sam")
    co = running("co-facilitator", "kim")
    for person in (moderator, co):
        person.received()
    assert resync_local(app, app.extensions["talkback"]) >= 3
    (mine,) = moderator.received("snapshot")
    (theirs,) = co.received("snapshot")
    assert theirs["later_questions"][0]["text"] == PRIVATE
    assert "later_questions" not in mine
    assert "without_phones" not in mine
    assert mine["seq"] == theirs["seq"]
