"""Live reactions through the Socket.IO test client: counted under the room's step, never
with who sent them, coalesced for the console and screen, limited, and kept for the report."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.buckets import Rule
from server.guards import Limit
from server.windows import MovingWindows
from sessions.reports.report import session_report
from sessions.reports.retention import run_retention
from sessions.reports.tables import session_tables
from tests.integration.test_activities import everything, goto


@pytest.fixture
def room(console, join, screen):
    phones = [join(console.session, name=f"Person {i}") for i in range(6)]
    return console, phones, screen(console.session)


def counts(message):
    return {r["id"]: r["count"] for r in message["reactions"]}


def test_reactions_are_counted_under_the_rooms_step_and_reach_console_and_screen(
    room, realtime, store
):
    console, phones, projector = room
    goto(console, "myth-scan")
    for phone, reaction in zip(phones, ["agree", "agree", "confused", "helpful"], strict=False):
        assert phone.emit("react", reaction=reaction) == {"ok": True}
    realtime.flush()
    for audience in (console, projector):
        message = audience.last("reactions")
        assert message["step_id"] == "myth-scan"
        assert message["total"] == 4
        assert counts(message) == {"agree": 2, "helpful": 1, "surprised": 0, "confused": 1}
        assert [r["label"] for r in message["reactions"]] == [
            "Agree",
            "Helpful",
            "Surprised",
            "Confused",
        ]
    assert store.reactions.of_step(console.session["id"], "myth-scan") == {
        "agree": 2,
        "confused": 1,
        "helpful": 1,
    }
    # Phones never hear the room's reactions, and nothing anywhere says who sent one.
    assert not phones[0].received("reactions")
    for name in ("Person 0", "Person 2"):
        assert name not in str(console.received("reactions"))
        assert name not in everything(projector)


def test_coalescing_sends_one_message_for_many_taps(room, realtime):
    console, phones, projector = room
    goto(console, "myth-scan")
    console.received(), projector.received()
    for phone in phones:
        for _ in range(3):
            assert phone.emit("react", reaction="surprised")["ok"]
    assert console.received("reactions") == []
    realtime.flush()
    sent = console.received("reactions")
    assert len(sent) == 1
    assert sent[0]["total"] == 18
    assert len(projector.received("reactions")) == 1


def test_each_step_keeps_its_own_counts(room, realtime):
    console, phones, _ = room
    assert phones[0].emit("react", reaction="agree")["ok"]  # in the lobby
    goto(console, "myth-scan")
    assert phones[0].emit("react", reaction="confused")["ok"]
    console.received()
    realtime.flush()
    assert counts(console.last("reactions")) == {
        "agree": 0,
        "helpful": 0,
        "surprised": 0,
        "confused": 1,
    }
    snapshot = console.emit("snapshot")["snapshot"]
    assert snapshot["reactions"]["step_id"] == "myth-scan"
    assert snapshot["reactions"]["total"] == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"reaction": "angry"}, "reaction must be one of: agree, helpful, surprised, confused."),
        ({"reaction": 1}, "reaction must be one of: agree, helpful, surprised, confused."),
        ({}, "Send reaction"),
        (None, 'Send {"reaction"}.'),
        ("agree", 'Send {"reaction"}.'),
    ],
)
def test_a_reaction_not_in_the_set_is_refused_and_counts_nothing(
    room, realtime, store, payload, message
):
    console, phones, _ = room
    goto(console, "myth-scan")
    console.received()
    if payload is None:
        ack = phones[0].sock.emit("react", namespace="/participant", callback=True)
    else:
        ack = phones[0].sock.emit("react", payload, namespace="/participant", callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "bad_request"
    assert message in ack["error"]["message"]
    realtime.flush()
    assert store.reactions.by_step(console.session["id"]) == {}
    assert console.received("reactions") == []


def test_one_person_is_limited_and_told_why(room, store):
    console, phones, _ = room
    goto(console, "myth-scan")
    acks = [phones[0].emit("react", reaction="agree") for _ in range(6)]
    assert [a["ok"] for a in acks] == [True] * 5 + [False]
    assert acks[-1]["error"]["code"] == "rate_limited"
    assert "wait a few seconds" in acks[-1]["error"]["message"]
    assert store.reactions.of_step(console.session["id"], "myth-scan") == {"agree": 5}
    assert phones[1].emit("react", reaction="agree")["ok"]  # others are not held back


def test_a_whole_session_is_capped_with_its_own_message(app, room, store):
    console, phones, _ = room
    limits = app.extensions["talkback.guards"].reactions
    limits.per_session = Limit(MovingWindows(), Rule.parse("3 per minute"), "reaction-session")
    acks = [phone.emit("react", reaction="helpful") for phone in phones[:4]]
    assert [a["ok"] for a in acks] == [True, True, True, False]
    assert acks[-1]["error"]["code"] == "rate_limited"
    assert "The room is sending lots of reactions" in acks[-1]["error"]["message"]
    assert store.reactions.of_step(console.session["id"], "") == {"helpful": 3}


def test_the_screen_shows_no_reactions_below_the_small_number_threshold(
    console, join, screen, realtime
):
    phones = [join(console.session) for _ in range(2)]  # the demo deck's threshold is 5
    projector = screen(console.session)
    goto(console, "myth-scan")
    assert phones[0].emit("react", reaction="confused")["ok"]
    realtime.flush()
    assert projector.received("reactions") == []
    assert projector.emit("snapshot")["snapshot"]["reactions"] is None
    assert console.last("reactions")["total"] == 1  # the physio still sees them


def test_no_reaction_after_the_end(room, store):
    console, phones, _ = room
    assert console.emit("end")["ok"]
    ack = phones[0].emit("react", reaction="agree")
    assert ack["error"]["code"] == "ended"
    assert store.reactions.by_step(console.session["id"]) == {}


def test_self_paced_reactions_count_under_each_persons_own_step(start_session, join, store):
    start_session()
    row = store.sessions.create(
        "back-pain-1",
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at="2999-01-01T00:00:00+00:00",
    )
    first, second = join(row), join(row)
    second.emit("next")
    assert first.emit("react", reaction="agree")["ok"]
    assert second.emit("react", reaction="agree")["ok"]
    deck = store.sessions.deck_of(row["id"])
    assert store.reactions.by_step(row["id"]) == {
        deck.steps[0].id: {"agree": 1},
        deck.steps[1].id: {"agree": 1},
    }


def test_the_report_and_export_keep_the_counts_after_answers_are_deleted(room, realtime, store):
    console, phones, _ = room
    goto(console, "myth-scan")
    for phone in phones[:3]:
        phone.emit("react", reaction="confused")
    goto(console, "confidence-before")
    phones[0].emit("react", reaction="agree")
    assert console.emit("end")["ok"]
    session_id = console.session["id"]
    run_retention(store, now=datetime.now(UTC) + timedelta(days=400), days=30)
    assert store.responses.for_step(session_id, "myth-scan") == []  # answers are gone
    report = session_report(store, session_id)
    deck = store.sessions.deck_of(session_id)
    entries = report["reactions"]
    assert [(e["number"], e["total"]) for e in entries] == [  # in deck order
        (deck.index_of("confidence-before") + 1, 1),
        (deck.index_of("myth-scan") + 1, 3),
    ]
    assert {r["id"]: r["count"] for r in entries[1]["reactions"]}["confused"] == 3
    table = next(t for t in session_tables(report) if t.name == "Reactions")
    assert table.header == ("Step", "Title", "Reaction", "Count")
    assert table.rows == [
        (
            deck.index_of("confidence-before") + 1,
            deck.step_by_id("confidence-before").title,
            "Agree",
            1,
        ),
        (deck.index_of("myth-scan") + 1, deck.step_by_id("myth-scan").title, "Confused", 3),
    ]


def test_the_report_page_shows_the_counts_step_by_step(room, sign_in, store):
    from tests.integration.review_session import Tables

    console, phones, _ = room
    goto(console, "myth-scan")
    for phone, reaction in zip(phones, ["agree", "confused", "confused"], strict=False):
        phone.emit("react", reaction=reaction)
    assert console.emit("end")["ok"]
    page = sign_in("rita", "reviewer").get(f"/review/sessions/{console.session['id']}")
    deck = store.sessions.deck_of(console.session["id"])
    title = f"{deck.index_of('myth-scan') + 1}. {deck.step_by_id('myth-scan').title}"
    rows = Tables(page.get_data(as_text=True)).table(id="reactions-table")
    assert rows == [[title, "1", "0", "0", "2", "3"]]


def test_demo_sessions_carry_reactions_that_are_removed_with_them(store):
    from sessions.demo import seed_demo
    from sessions.passwords import hash_password

    demo_user = store.accounts.create_user("demo", hash_password("a demo password"))
    assert seed_demo(store, demo_user, now=datetime.now(UTC), sessions=2) == 2
    demo = [r["id"] for r in store.database.rows("SELECT id FROM sessions WHERE demo = 1")]
    assert all(store.reactions.by_step(session_id) for session_id in demo)
    assert store.demo.remove_all() == 2
    assert store.database.rows("SELECT * FROM reaction_counts") == []
