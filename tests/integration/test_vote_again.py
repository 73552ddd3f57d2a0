"""Voting again (peer instruction) through the Socket.IO test clients on a real store: the
console's `vote_again`, the phones' second votes, both votes in the results, and refusals that
change nothing, in a group and a one-to-one session."""

from __future__ import annotations

import pytest

from tests.conftest import Person
from tests.unit.test_vote_again import DECK


def physio_id(store):
    return store.accounts.user_by_name("physio")["id"]


@pytest.fixture
def class_of(start_session, store):
    """A group session of the peer deck, on its quiz, with its console."""
    store.decks.save("peer", DECK)
    console = start_session(deck_id="peer")
    assert console.emit("next")["ok"]
    return console


def test_a_class_votes_twice_and_the_console_sees_both_votes(class_of, join, screen, realtime):
    phones = [join(class_of.session) for _ in range(4)]
    projector = screen(class_of.session)
    for n, (phone, value) in enumerate(zip(phones, ("fact", "fact", "myth", "fact"), strict=True)):
        assert phone.emit("answer", step_id="myth", value=value, id=f"first-{n}")["ok"]
    assert class_of.emit("close")["ok"]
    ack = class_of.emit("vote_again")
    assert ack["ok"], ack
    for audience in (class_of, projector, phones[0]):
        shown = audience.last("snapshot")
        assert (shown["round"], shown["open"], shown["revealed"]) == (2, True, False)
    own = phones[0].emit("snapshot")["snapshot"]["me"]
    assert (own["responses"], own["second_votes"]) == ({"myth": "fact"}, {})

    for n, (phone, value) in enumerate(zip(phones, ("myth", "fact", "myth", "myth"), strict=True)):
        assert phone.emit("answer", step_id="myth", value=value, id=f"second-{n}")["ok"]
    assert phones[0].emit("answer", step_id="myth", value="myth", id="second-0")["ok"]  # retry
    realtime.flush()
    results = class_of.last("results")
    assert (results["total"], results["counts"]) == (4, {"myth": 1, "fact": 3})
    assert results["second_vote"] == {
        "total": 4,
        "counts": {"myth": 3, "fact": 1},
        "correct_count": 3,
        "both": 4,
        "moved_to_correct": 2,
        "withheld": False,
    }
    own = phones[0].emit("snapshot")["snapshot"]["me"]
    assert (own["responses"], own["second_votes"]) == ({"myth": "fact"}, {"myth": "myth"})
    read = class_of.emit("step_results", step_id="myth")["results"]["second_vote"]
    assert {**read, "withheld": False} == results["second_vote"]

    assert class_of.emit("close")["ok"]
    assert class_of.emit("reveal")["ok"]
    realtime.flush()
    shown = projector.emit("snapshot")["snapshot"]["results"]
    assert shown["counts"] == {"myth": 1, "fact": 3}
    assert shown["second_vote"]["moved_to_correct"] == 2


def test_a_changed_second_vote_under_its_id_is_a_conflict_and_a_closed_one_refused(
    class_of, join, store
):
    phone = join(class_of.session)
    assert phone.emit("answer", step_id="myth", value="fact", id="first")["ok"]
    assert class_of.emit("close")["ok"]
    assert class_of.emit("vote_again")["ok"]
    assert phone.emit("answer", step_id="myth", value="myth", id="second")["ok"]
    ack = phone.emit("answer", step_id="myth", value="fact", id="second")
    assert ack["error"]["code"] == "conflict"
    assert class_of.emit("close")["ok"]
    late = join(class_of.session)
    assert late.emit("answer", step_id="myth", value="myth", id="late")["error"]["code"] == (
        "closed"
    )
    session_id = class_of.session["id"]
    assert store.responses.values(session_id, "myth") == ["fact"]
    assert list(store.responses.second_votes(session_id, "myth").values()) == ["myth"]


@pytest.mark.parametrize(
    ("where", "setup", "code", "message"),
    [
        ("myth", [], "still_open", "Close the first vote before voting again."),
        ("once", ["close"], "no_second_vote", "This question does not take a second vote."),
        (
            "myth",
            ["close", "vote_again", "close"],
            "no_second_vote",
            "This question has had its second vote already.",
        ),
    ],
)
def test_a_second_vote_too_early_or_where_none_is_allowed_changes_nothing(
    class_of, join, screen, store, where, setup, code, message
):
    deck = store.sessions.deck_of(class_of.session["id"])
    assert class_of.emit("goto", index=deck.index_of(where))["ok"]
    for command in setup:
        assert class_of.emit(command)["ok"]
    projector = screen(class_of.session)
    before = store.sessions.load_live(class_of.session["id"])
    projector.received()
    class_of.received()

    ack = class_of.emit("vote_again")

    assert ack == {"ok": False, "error": {"code": code, "message": message}}
    assert store.sessions.load_live(class_of.session["id"]) == before
    assert projector.received("snapshot") == []
    assert class_of.received("snapshot") == []


def test_a_bad_vote_again_payload_is_a_bad_request(class_of, store):
    assert class_of.emit("close")["ok"]
    before = store.sessions.load_live(class_of.session["id"])
    ack = class_of.emit("vote_again", seq="3")
    assert ack["error"]["code"] == "bad_request"
    assert store.sessions.load_live(class_of.session["id"]) == before


def test_a_one_to_one_session_votes_again(start_session, join, screen, store, realtime, app):
    store.decks.save("peer", DECK)
    first = start_session(deck_id="peer")
    row = store.sessions.create("peer", physio_id(store), mode="one-to-one")
    console = Person(app, first.http, "/facilitator").connect({"session_id": row["id"]})
    patient = join(row, name="Sam")
    projector = screen(row)
    assert console.emit("next")["ok"]
    assert patient.emit("answer", step_id="myth", value="fact", id="1")["ok"]
    assert console.emit("close")["ok"]
    assert console.emit("vote_again")["ok"]
    assert patient.emit("answer", step_id="myth", value="myth", id="2")["ok"]
    realtime.flush()
    results = console.last("results")
    assert results["by_name"] == [{"name": "Sam", "value": "fact"}]
    # Each vote by name, the second beside the first.
    assert results["second_vote"]["by_name"] == [{"name": "Sam", "value": "myth"}]
    assert results["second_vote"]["moved_to_correct"] == 1
    assert results["second_vote"]["withheld"] is False  # one-to-one: a room of one
    assert console.emit("close")["ok"]
    assert console.emit("reveal")["ok"]
    realtime.flush()
    for room in (projector, patient):  # names are for the facilitator alone, in either vote
        shown = room.last("snapshot")["results"]
        assert shown["second_vote"]["counts"] == {"myth": 1, "fact": 0}
        assert "by_name" not in shown
        assert "by_name" not in shown["second_vote"]


def test_a_self_paced_session_takes_no_second_vote(start_session, join, store, app):
    store.decks.save("peer", DECK)
    first = start_session(deck_id="peer")
    row = store.sessions.create(
        "peer", physio_id(store), mode="self-paced", closes_at="2999-01-01T00:00:00+00:00"
    )
    console = Person(app, first.http, "/facilitator").connect({"session_id": row["id"]})
    assert console.emit("vote_again")["error"]["code"] == "self_paced"


def test_the_report_and_the_exports_carry_both_votes(class_of, join, sign_in, store):
    from tests.integration.test_review_exports import csv_blocks, sheets

    phones = [join(class_of.session) for _ in range(3)]
    for n, value in enumerate(("fact", "fact", "myth")):
        assert phones[n].emit("answer", step_id="myth", value=value, id=f"a{n}")["ok"]
    assert class_of.emit("close")["ok"]
    assert class_of.emit("vote_again")["ok"]
    for n, value in enumerate(("myth", "fact", "myth")):
        assert phones[n].emit("answer", step_id="myth", value=value, id=f"b{n}")["ok"]
    assert class_of.emit("end")["ok"]
    reviewer = sign_in("rita", "reviewer")
    session_id = class_of.session["id"]

    page = reviewer.get(f"/review/sessions/{session_id}").get_data(as_text=True)
    assert "Second vote: 3 people voted again; 1 of the 3 who voted both times moved" in page
    assert "Second vote of step 1" in page

    blocks = csv_blocks(reviewer.get(f"/review/sessions/{session_id}/report.csv").data)
    assert blocks["Quiz second votes"][1:] == [
        ["1", "Bed rest is best.", "Myth", "1", "2", "3", "1"],
        ["1", "Bed rest is best.", "Fact", "2", "1", "3", "1"],
    ]
    book = sheets(reviewer.get(f"/review/sessions/{session_id}/report.xlsx").data)
    assert book["Quiz second votes"][1] == [1, "Bed rest is best.", "Myth", 1, 2, 3, 1]


@pytest.mark.parametrize("bad", [0, 3, "2", True, 1.5, 2.0, None])
def test_an_answer_for_no_such_vote_is_a_bad_request(class_of, join, store, bad):
    phone = join(class_of.session)
    ack = phone.emit("answer", step_id="myth", value="myth", id="x", round=bad)
    assert ack["error"] == {"code": "bad_request", "message": "round must be 1 or 2."}
    assert store.responses.values(class_of.session["id"], "myth") == []


def test_a_first_vote_arriving_after_the_second_opened_is_refused(class_of, join, store):
    phone = join(class_of.session)
    assert class_of.emit("close")["ok"]
    assert class_of.emit("vote_again")["ok"]
    late = phone.emit("answer", step_id="myth", value="fact", id="late", round=1)
    assert late["error"]["code"] == "closed"
    assert phone.emit("answer", step_id="myth", value="myth", id="now", round=2)["ok"]
    session_id = class_of.session["id"]
    assert store.responses.values(session_id, "myth") == []
    assert list(store.responses.second_votes(session_id, "myth").values()) == ["myth"]


def test_the_editor_keeps_vote_again_and_refuses_a_value_that_is_not_true_or_false(editor):
    deck_id = editor.new_deck("Peer class")
    quiz = {
        "id": "myth",
        "kind": "quiz",
        "title": "Bed rest is best.",
        "options": [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}],
        "correct": "myth",
    }
    bad = editor.check(deck_id, {"title": "Peer class", "steps": [{**quiz, "vote_again": "yes"}]})
    assert [f"{p['where']}: {p['problem']}" for p in bad.get_json()["problems"]] == [
        "steps[0].vote_again: must be true or false"
    ]
    saved = editor.save(deck_id, {"title": "Peer class", "steps": [{**quiz, "vote_again": True}]})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert editor.draft(deck_id)["draft"]["steps"][0]["vote_again"] is True


def test_the_console_votes_twice_for_someone_without_a_phone(class_of, store):
    person = class_of.emit("add_person", name="Mo")["participant_id"]
    vote = {"participant_id": person, "step_id": "myth"}
    assert class_of.emit("answer_for", {**vote, "value": "fact", "id": "k1"})["ok"]
    assert class_of.emit("close")["ok"]
    assert class_of.emit("vote_again")["ok"]
    shown = class_of.emit("snapshot")["snapshot"]["without_phones"]
    assert shown == [{"id": person, "name": "Mo", "value": None}]  # no second vote yet
    assert class_of.emit("answer_for", {**vote, "value": "myth", "id": "k2"})["ok"]
    shown = class_of.emit("snapshot")["snapshot"]["without_phones"]
    assert shown == [{"id": person, "name": "Mo", "value": "myth"}]
    assert store.responses.values_by_participant(class_of.session["id"], "myth") == {person: "fact"}


def test_the_room_talks_it_over_in_groups_before_the_second_vote(class_of, join, screen):
    phones = [join(class_of.session, name=n) for n in ("Ann", "Bob", "Cat", "Dan")]
    projector = screen(class_of.session)
    assert class_of.emit("regroup")["error"]["code"] == "no_groups"  # the first vote is on
    assert "groups" not in class_of.emit("snapshot")["snapshot"]
    assert class_of.emit("close")["ok"]
    assert class_of.emit("vote_again")["ok"]
    groups = class_of.emit("snapshot")["snapshot"]["groups"]
    assert sorted(name for g in groups for name in g["members"]) == ["Ann", "Bob", "Cat", "Dan"]
    assert all(g["cards"] == [] for g in groups)
    assert projector.emit("snapshot")["snapshot"]["group_count"] == len(groups) == 1
    for phone in phones:
        mine = phone.last("group")
        assert (mine["step_id"], mine["number"]) == ("myth", 1)
        assert phone.emit("snapshot")["snapshot"]["me"]["group"]["number"] == 1
    assert class_of.emit("regroup")["ok"]
    assert class_of.emit("next")["ok"]
    assert "groups" not in class_of.emit("snapshot")["snapshot"]
