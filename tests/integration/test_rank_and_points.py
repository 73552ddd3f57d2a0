"""Rankings and points through the Socket.IO test clients on a real store: answers stored once,
a changed answer under the same id a conflict, bad values and closed steps refused with nothing
stored, what each audience receives, the other modes, and the report and its downloads."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from sessions.demo import seed_demo
from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD, Person
from tests.integration.test_review_exports import csv_blocks

DECK_ID = "order-and-share"
DECK = """
title: What matters to you
min_responses: 3
steps:
  - {id: hello, kind: slide, title: Hello}
  - id: matters
    kind: rank
    title: What matters most to you in your recovery?
    options:
      - {id: sleep, label: Sleeping well}
      - {id: work, label: Getting back to work}
      - {id: walk, label: Walking further}
  - id: share
    kind: points
    title: Share 100 points between what you want to work on
    options:
      - {id: sleep, label: Sleep}
      - {id: exercise, label: Exercise}
      - {id: mood, label: Mood}
  - {id: bye, kind: slide, title: Thank you}
"""
ORDERS = [["walk", "sleep", "work"], ["walk", "work", "sleep"], ["sleep", "walk", "work"]]
SHARES = [
    {"sleep": 50, "exercise": 30, "mood": 20},
    {"sleep": 20, "exercise": 80, "mood": 0},
    {"sleep": 20, "exercise": 40, "mood": 40},
]


@pytest.fixture
def room(start_session, join, screen, store):
    store.decks.save(DECK_ID, DECK)
    console = start_session(deck_id=DECK_ID)
    phones = [join(console.session, name=name) for name in ("Ann", "Bob", "Cat")]
    return console, phones, screen(console.session)


def goto(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    assert console.emit("goto", index=deck.index_of(step_id), force=True)["ok"]


def stored(store, console, step_id):
    return store.responses.values(console.session["id"], step_id)


def test_rankings_reach_the_console_and_once_revealed_the_room(room, realtime):
    console, phones, projector = room
    goto(console, "matters")
    for n, (phone, order) in enumerate(zip(phones[:2], ORDERS, strict=False)):
        assert phone.emit("answer", step_id="matters", value=order, id=f"r{n}")["ok"]
    console.emit("reveal")
    realtime.flush()
    assert console.last("results")["first"] == {"sleep": 0, "work": 0, "walk": 2}
    # Two answers are below the deck's threshold of three: the room sees only how many.
    withheld = projector.last("snapshot")["results"]
    assert {k: withheld[k] for k in ("step_id", "kind", "withheld", "total")} == {
        "step_id": "matters",
        "kind": "rank",
        "withheld": True,
        "total": 2,
    }
    assert "first" not in withheld
    assert phones[2].emit("answer", step_id="matters", value=ORDERS[2], id="r2")["ok"]
    realtime.flush()
    shown = projector.last("results")
    assert (shown["withheld"], shown["total"]) == (False, 3)
    assert shown["mean_position"] == {"sleep": 2.0, "work": 2.67, "walk": 1.33}
    assert shown["first"] == {"sleep": 1, "work": 0, "walk": 2}
    assert phones[0].last("results")["mean_position"] == shown["mean_position"]


def test_a_ranking_is_stored_once_and_a_new_order_under_its_id_is_a_conflict(room, store):
    console, phones, _ = room
    goto(console, "matters")
    assert phones[0].emit("answer", step_id="matters", value=ORDERS[0], id="r")["ok"]
    assert phones[0].emit("answer", step_id="matters", value=ORDERS[0], id="r")["ok"]
    ack = phones[0].emit("answer", step_id="matters", value=ORDERS[1], id="r")
    assert ack["error"]["code"] == "conflict"
    assert stored(store, console, "matters") == [ORDERS[0]]
    # A new order with a new id replaces the first.
    assert phones[0].emit("answer", step_id="matters", value=ORDERS[1], id="r-2")["ok"]
    assert stored(store, console, "matters") == [ORDERS[1]]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["walk", "sleep"], "Your order leaves out 'Getting back to work'"),
        (["walk", "walk", "sleep", "work"], "'Walking further' is in your order more than once"),
        (["walk", "sleep", "run"], "'run' is not one of the options."),
        ("walk", "as a list of their ids"),
    ],
)
def test_a_bad_ranking_is_refused_and_stores_nothing(room, store, value, message):
    console, phones, _ = room
    goto(console, "matters")
    ack = phones[0].emit("answer", step_id="matters", value=value, id="bad")
    assert ack["error"]["code"] == "invalid_value"
    assert message in ack["error"]["message"]
    assert stored(store, console, "matters") == []
    # The refused id was not used up: the same id with a good value is stored.
    assert phones[0].emit("answer", step_id="matters", value=ORDERS[0], id="bad")["ok"]


def test_points_reach_the_room_as_averages_and_are_stored_once(room, realtime, store):
    console, phones, projector = room
    goto(console, "share")
    for n, (phone, share) in enumerate(zip(phones, SHARES, strict=True)):
        assert phone.emit("answer", step_id="share", value=share, id=f"p{n}")["ok"]
    assert phones[0].emit("answer", step_id="share", value=SHARES[0], id="p0")["ok"]
    ack = phones[0].emit("answer", step_id="share", value=SHARES[1], id="p0")
    assert ack["error"]["code"] == "conflict"
    console.emit("reveal")
    realtime.flush()
    shown = projector.last("results")
    assert (shown["withheld"], shown["total"]) == (False, 3)
    assert shown["mean_points"] == {"sleep": 30.0, "exercise": 50.0, "mood": 20.0}
    assert stored(store, console, "share") == SHARES


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"sleep": 50, "exercise": 30, "mood": 10}, "Your points add up to 90"),
        ({"sleep": 100, "exercise": -20, "mood": 20}, "'Exercise' cannot be below 0"),
        ({"sleep": 50.5, "exercise": 49.5, "mood": 0}, "'Sleep' must be a whole number"),
        ({"sleep": True, "exercise": 99, "mood": 0}, "'Sleep' must be a whole number"),
        ({"sleep": 100, "swim": 0}, "'swim' is not one of the options."),
        ([100, 0, 0], "option id and number"),
    ],
)
def test_bad_points_are_refused_and_store_nothing(room, store, value, message):
    console, phones, _ = room
    goto(console, "share")
    ack = phones[1].emit("answer", step_id="share", value=value, id="bad")
    assert ack["error"]["code"] == "invalid_value"
    assert message in ack["error"]["message"]
    assert stored(store, console, "share") == []


def test_rankings_and_points_are_refused_once_closed(room, store):
    console, phones, _ = room
    for step_id, value in (("matters", ORDERS[0]), ("share", SHARES[0])):
        goto(console, step_id)
        assert console.emit("close")["ok"]
        ack = phones[0].emit("answer", step_id=step_id, value=value, id=f"late-{step_id}")
        assert ack["error"]["code"] == "closed"
        assert stored(store, console, step_id) == []


def test_a_one_to_one_console_sees_the_order_and_points_by_name(start_session, join, store, app):
    store.decks.save(DECK_ID, DECK)
    first = start_session(deck_id=DECK_ID)
    row = store.sessions.create(
        DECK_ID, store.accounts.user_by_name("physio")["id"], mode="one-to-one"
    )
    console = Person(app, first.http, "/facilitator").connect({"session_id": row["id"]})
    patient = join(row, name="Sam")
    deck = store.sessions.deck_of(row["id"])
    for step_id, value in (("matters", ORDERS[2]), ("share", SHARES[1])):
        console.emit("goto", index=deck.index_of(step_id), force=True)
        assert patient.emit("answer", step_id=step_id, value=value, id=step_id)["ok"]
        results = console.emit("step_results", step_id=step_id)["results"]
        assert results["by_name"] == [{"name": "Sam", "value": value}]


def test_a_self_paced_phone_ranks_and_shares_at_its_own_pace(start_session, join, store):
    store.decks.save(DECK_ID, DECK)
    start_session(deck_id=DECK_ID)
    row = store.sessions.create(
        DECK_ID,
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at="2999-01-01T00:00:00+00:00",
    )
    phone = join(row)
    assert phone.emit("next")["ok"]
    assert phone.emit("snapshot")["snapshot"]["step"]["options"][0]["id"] == "sleep"
    assert phone.emit("answer", step_id="matters", value=ORDERS[0], id="s1")["ok"]
    early = phone.emit("answer", step_id="share", value=SHARES[0], id="s2")
    assert early["error"]["code"] == "not_current"  # not this phone's step yet
    assert phone.emit("next")["ok"]
    assert phone.emit("snapshot")["snapshot"]["step"]["budget"] == 100
    assert phone.emit("answer", step_id="share", value=SHARES[0], id="s2")["ok"]
    assert store.responses.values(row["id"], "matters") == [ORDERS[0]]
    assert store.responses.values(row["id"], "share") == [SHARES[0]]


def finish(console, phones, realtime):
    goto(console, "matters")
    for n, (phone, order) in enumerate(zip(phones, ORDERS, strict=True)):
        assert phone.emit("answer", step_id="matters", value=order, id=f"r{n}")["ok"]
    goto(console, "share")
    for n, (phone, share) in enumerate(zip(phones, SHARES, strict=True)):
        assert phone.emit("answer", step_id="share", value=share, id=f"p{n}")["ok"]
    assert console.emit("end")["ok"]
    realtime.flush()
    return console.session["id"]


def test_the_report_and_its_downloads_carry_rankings_and_points(room, realtime, sign_in):
    console, phones, _ = room
    session_id = finish(console, phones, realtime)
    reviewer = sign_in("rita", "reviewer")
    page = reviewer.get(f"/review/sessions/{session_id}").get_data(as_text=True)
    assert "In order of average place (1 is first):" in page
    assert "1. Walking further (average 1.33), 2. Sleeping well (average 2)" in page
    assert "Average points out of 100:" in page
    assert "Exercise 50, Sleep 30, Mood 20." in page

    text = reviewer.get(f"/review/sessions/{session_id}/report.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    title = "What matters most to you in your recovery?"
    assert [r for r in rows if r[:4] == ["2", title, "1", "Walking further"]] == [
        ["2", title, "1", "Walking further", "1.33", "2", "3"]
    ]
    share_title = "Share 100 points between what you want to work on"
    assert ["3", share_title, "Exercise", "50.0", "50.0", "100", "3"] in rows

    book = load_workbook(
        io.BytesIO(reviewer.get(f"/review/sessions/{session_id}/report.xlsx").data)
    )
    assert [list(r) for r in book["Rankings"].iter_rows(values_only=True)][1] == [
        2,
        title,
        1,
        "Walking further",
        1.33,
        2,
        3,
    ]
    points = [list(r) for r in book["Points"].iter_rows(values_only=True)]
    assert points[0] == [
        "Step",
        "Title",
        "Option",
        "Average points",
        "% of the points",
        "Points each",
        "Answered",
    ]
    assert points[1] == [3, share_title, "Exercise", 50, 50, 100, 3]


def test_demo_sessions_of_a_deck_with_both_kinds_show_them_on_the_review_pages(store, sign_in):
    store.decks.save(DECK_ID, DECK)
    demo_user = store.accounts.create_user("demo", hash_password(FACILITATOR_PASSWORD))
    now = datetime.now(UTC)
    assert seed_demo(store, demo_user, now=now, sessions=2, deck_id=DECK_ID) == 2
    demo = [r["id"] for r in store.database.rows("SELECT id FROM sessions WHERE demo = 1")]
    reviewer = sign_in("rita", "reviewer")
    for session_id in demo:
        page = reviewer.get(f"/review/sessions/{session_id}").get_data(as_text=True)
        assert "In order of average place (1 is first):" in page
        assert "Average points out of 100:" in page
        assert "(average –)" not in page  # every option has an average place
        blocks = csv_blocks(reviewer.get(f"/review/sessions/{session_id}/report.csv").data)
        ranked = blocks["Rankings"][1:]
        assert [r[2] for r in ranked] == ["1", "2", "3"]
        assert all(int(r[6]) >= 5 for r in ranked)  # everyone present answered
        shares = blocks["Points"][1:]
        assert sum(float(r[3]) for r in shares) == pytest.approx(100, abs=0.2)


def test_trends_and_their_download_carry_rankings_and_points(room, realtime, sign_in):
    console, phones, _ = room
    finish(console, phones, realtime)
    reviewer = sign_in("rita", "reviewer")
    page = reviewer.get("/review/trends").get_data(as_text=True)
    assert ">Rankings over the period</h2>" in page
    assert ">Points over the period</h2>" in page
    blocks = csv_blocks(reviewer.get("/review/trends/export.csv").data)
    title = "What matters most to you in your recovery?"
    assert blocks["Rankings over the period"][1] == [
        "What matters to you",
        title,
        "1",
        "Walking further",
        "1.33",
        "2",
        "3",
        "1",
    ]
    assert blocks["Points over the period"][1][2:] == ["Exercise", "50.0", "50.0", "3", "1"]
