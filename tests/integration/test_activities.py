"""The clinic's activities through the Socket.IO test clients on a real store: what each
audience receives, and what never reaches it."""

from __future__ import annotations

import pytest

from tests.conftest import scalar


def goto(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    ack = console.emit("goto", index=deck.index_of(step_id), force=True)
    assert ack["ok"], ack
    return ack


def everything(person) -> str:
    """All a client was sent, as text, to check what it must never contain."""
    return str(person.received())


@pytest.fixture
def room(console, join, screen):
    phones = [join(console.session, name=f"Person {i}") for i in range(6)]
    return console, phones, screen(console.session)


def test_open_answers_reach_the_room_only_once_approved(start_session, join, screen, store, app):
    from tests.integration.decks import start_with_deck

    console = start_with_deck(start_session, store, "open-and-cloud")
    phones = [join(console.session) for _ in range(2)]
    projector = screen(console.session)
    goto(console, "ideas")
    assert phones[0].emit("answer", step_id="ideas", value="Walking the dog", id="o1")["ok"]
    assert phones[1].emit("answer", step_id="ideas", value="My address is 1 High St", id="o2")["ok"]
    assert console.emit("reveal")["ok"]
    app.extensions["talkback"].flush()
    answers = console.last("results")["answers"]
    assert {a["status"] for a in answers} == {"pending"}
    assert projector.last("snapshot")["results"]["answers"] == []

    assert console.emit("moderate", step_id="ideas", item="o1", action="approve")["ok"]
    assert console.emit("moderate", step_id="ideas", item="o1", action="star")["ok"]
    app.extensions["talkback"].flush()
    shown = projector.last("results")["answers"]
    assert shown == [{"id": "o1", "text": "Walking the dog", "starred": True}]
    assert "High St" not in everything(projector)
    assert "High St" not in everything(phones[0])


def test_word_cloud_entries_are_normalised_and_can_be_hidden(start_session, join, screen, store):
    from tests.integration.decks import start_with_deck

    console = start_with_deck(start_session, store, "open-and-cloud")
    phones = [join(console.session) for _ in range(3)]
    projector = screen(console.session)
    goto(console, "one-word")
    phones[0].emit("answer", step_id="one-word", value=["Walking!", "heat"], id="w1")
    phones[1].emit("answer", step_id="one-word", value=["  walking "], id="w2")
    phones[2].emit("answer", step_id="one-word", value=["Bob Smith"], id="w3")
    console.emit("reveal")
    realtime = console.app.extensions["talkback"]
    realtime.flush()
    words = {w["text"]: w["count"] for w in projector.last("snapshot")["results"]["words"]}
    assert words == {"walking": 2, "heat": 1, "bob smith": 1}

    assert console.emit("moderate", step_id="one-word", item="bob smith", action="hide")["ok"]
    realtime.flush()
    words = {w["text"] for w in projector.last("results")["words"]}
    assert words == {"walking", "heat"}
    assert [w for w in console.last("results")["words"] if w["hidden"]][0]["text"] == "bob smith"


def test_too_many_words_are_refused(start_session, join, store):
    from tests.integration.decks import start_with_deck

    console = start_with_deck(start_session, store, "open-and-cloud")
    phone = join(console.session)
    goto(console, "one-word")
    ack = phone.emit("answer", step_id="one-word", value=["a", "b", "c", "d"], id="x")
    assert ack["error"]["code"] == "invalid_value"
    assert store.responses.values(console.session["id"], "one-word") == []


def test_reflections_never_reach_the_console_or_screen(room, realtime):
    console, phones, projector = room
    goto(console, "reflect")
    text = "I want to remember the smoke alarm comparison"
    ack = phones[0].emit("answer", step_id="reflect", value={"remember": text}, id="r1")
    assert ack["ok"]
    console.emit("reveal")
    realtime.flush()
    assert console.last("results")["count"] == 1
    for person in (console, projector, *phones[1:]):
        assert "smoke alarm" not in everything(person)
    assert phones[0].emit("snapshot")["snapshot"]["me"]["responses"]["reflect"]["remember"] == text


def test_a_plan_is_private_unless_shared(room, realtime, store):
    console, phones, projector = room
    goto(console, "my-plan")
    private = {"matters": "Playing with my grandchildren", "confidence": 5}
    shared = {"matters": "Gardening again", "share": True, "done": True}
    assert phones[0].emit("answer", step_id="my-plan", value=private, id="p1")["ok"]
    assert phones[1].emit("answer", step_id="my-plan", value=shared, id="p2")["ok"]
    realtime.flush()
    results = console.last("results")
    assert results["started"] == 2
    assert results["finished"] == 1
    assert results["shared"] == [{"name": "Person 1", "plan": shared}]
    for person in (console, projector, *phones[1:]):
        assert "grandchildren" not in everything(person)
    assert "Gardening" not in everything(projector)


def test_a_plan_field_of_the_wrong_type_is_refused(room, store):
    console, phones, _ = room
    goto(console, "my-plan")
    for bad in (
        {"confidence": "high"},
        {"confidence": 11},
        {"unknown": "x"},
        {"review_date": "2026-02-30"},
        {"matters": "x" * 301},
        ["matters"],
    ):
        ack = phones[0].emit("answer", step_id="my-plan", value=bad, id=f"bad-{bad!s:.20}")
        assert ack["error"]["code"] == "invalid_value", bad
    assert store.responses.values(console.session["id"], "my-plan") == []


def test_discussion_groups_each_phone_hears_only_its_own(room, join, store, realtime):
    console, phones, projector = room
    goto(console, "talk-in-groups")
    groups = console.last("snapshot")["groups"]
    assert sorted(len(g["members"]) for g in groups) == [3, 3]
    assert all(len(g["cards"]) == 2 for g in groups)
    assert projector.last("snapshot")["group_count"] == 2
    heard = [phone.last("group") for phone in phones]
    for phone, group in zip(phones, heard, strict=True):
        me = phone.emit("snapshot")["snapshot"]["me"]
        assert me["name"] in group["members"]
        assert me["group"] == group
        others = [g for g in groups if g["number"] != group["number"]][0]
        assert all(name not in str(phone.received("group")) for name in others["members"])

    late = join(console.session, name="Late")
    late_group = late.emit("snapshot")["snapshot"]["me"]["group"]
    assert "Late" in late_group["members"]
    assert sorted(len(g["members"]) for g in console.last("snapshot")["groups"]) == [3, 4]


def test_report_back_notes_reach_only_the_console(room, realtime):
    console, phones, projector = room
    goto(console, "talk-in-groups")
    assert phones[0].emit("answer", step_id="talk-in-groups", value="Pacing helps", id="n1")["ok"]
    realtime.flush()
    notes = console.last("results")["notes"]
    assert notes[0]["text"] == "Pacing helps"
    assert notes[0]["group"] in (1, 2)
    assert "Pacing helps" not in everything(projector)


def test_regroup_shuffles_and_tells_every_phone(room):
    console, phones, _ = room
    goto(console, "talk-in-groups")
    for phone in phones:
        phone.received()
    assert console.emit("regroup")["ok"]
    assert all(phone.received("group") for phone in phones)


def test_the_timer_can_be_started_paused_extended_and_stopped(room):
    console, phones, projector = room
    goto(console, "talk-in-groups")
    assert console.emit("timer", action="start")["ok"]
    timer = projector.last("snapshot")["timer"]
    assert timer["status"] == "running"
    assert 595 <= timer["seconds_left"] <= 600  # the step's 10 minutes
    assert console.emit("timer", action="pause")["ok"]
    assert phones[0].last("snapshot")["timer"]["status"] == "paused"
    assert console.emit("timer", action="extend", seconds=60)["ok"]
    assert phones[0].last("snapshot")["timer"]["seconds_left"] >= 655
    assert console.emit("timer", action="stop")["ok"]
    assert projector.last("snapshot")["timer"] == {"status": "off", "seconds_left": None}
    assert console.emit("timer", action="explode")["error"]["code"] == "bad_request"
    assert console.emit("timer", action="pause", seconds=5)["error"]["code"] == "bad_request"


def test_fft_feedback_is_anonymous_and_counts_as_nhs_england_asks(room, realtime):
    console, phones, projector = room
    goto(console, "feedback")
    step = phones[0].last("snapshot")["step"]
    assert step["question"] == "Overall, how was your experience of our service?"
    assert [o["label"] for o in step["options"]] == [
        "Very good",
        "Good",
        "Neither good nor poor",
        "Poor",
        "Very poor",
        "Don't know",
    ]
    answers = ["very-good", "very-good", "good", "poor", "dont-know", "neither"]
    for i, (phone, answer) in enumerate(zip(phones, answers, strict=True)):
        value = {"fft": answer, "why": f"Reason {i}" if i == 0 else ""}
        assert phone.emit("answer", step_id="feedback", value=value, id=f"f{i}")["ok"]
    console.emit("reveal")
    realtime.flush()
    mine = console.last("results")
    assert mine["positive"] == 50.0
    assert mine["negative"] == 16.7
    assert mine["comments"] == ["Reason 0"]
    room_view = projector.last("results")
    assert "comments" not in room_view
    assert "Person" not in str(mine)


def test_before_and_after_show_the_change_in_aggregate(room, realtime):
    console, phones, _ = room
    goto(console, "confidence-before")
    for i, phone in enumerate(phones):
        phone.emit("answer", step_id="confidence-before", value=4, id=f"b{i}")
    goto(console, "confidence-after")
    for i, phone in enumerate(phones[:5]):
        phone.emit("answer", step_id="confidence-after", value=4 + i % 3, id=f"a{i}")
    realtime.flush()
    change = console.last("results")["change"]
    assert change == {
        "before_mean": 4.0,
        "after_mean": 4.8,
        "before_count": 6,
        "after_count": 5,
        "paired": 5,
        "up": 3,
        "down": 0,
        "same": 2,
    }


def test_anonymous_questions_are_moderated_ranked_and_voted_once(room, realtime):
    console, phones, projector = room
    ack = phones[0].emit("ask", id="q1", text="Is swimming good for backs?")
    assert ack["ok"]
    question_id = ack["question_id"]
    assert phones[0].emit("ask", id="q1", text="Is swimming good for backs?")["ok"]  # retry
    realtime.flush()
    assert console.last("questions")["questions"][0]["status"] == "pending"
    assert projector.received("questions")[-1]["questions"] == []

    assert console.emit("question", question_id=question_id, action="approve")["ok"]
    assert phones[1].emit("upvote", question_id=question_id)["ok"]
    assert phones[1].emit("upvote", question_id=question_id)["error"]["code"] == "already_voted"
    assert phones[0].emit("upvote", question_id=question_id)["error"]["code"] == "own_question"
    realtime.flush()
    shown = projector.last("questions")["questions"]
    assert shown == [
        {"id": question_id, "text": "Is swimming good for backs?", "votes": 1, "answered": False}
    ]
    assert console.emit("question", question_id=question_id, action="answered")["ok"]
    assert phones[0].emit("snapshot")["snapshot"]["me"]["questions"][0]["id"] == question_id


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"id": "q", "text": ""}, "invalid_value"),
        ({"id": "q", "text": "x" * 281}, "invalid_value"),
        ({"id": "q"}, "invalid_value"),
        ({"text": "hi"}, "bad_request"),
        (None, "bad_request"),
        ({"id": "q", "text": 5}, "invalid_value"),
    ],
)
def test_bad_questions_are_refused(room, store, payload, code):
    _, phones, _ = room
    ack = phones[0].sock.emit("ask", payload, namespace="/participant", callback=True)
    assert ack["error"]["code"] == code
    assert scalar(store, "SELECT count(*) FROM questions") == 0


def test_a_red_flag_in_free_text_alerts_only_the_facilitator(room, realtime):
    console, phones, projector = room
    goto(console, "reflect")
    console.received()
    text = "Since Tuesday I have had numbness around my bottom"
    phones[2].emit("answer", step_id="reflect", value={"remember": text}, id="rf")
    alert = console.last("alert")
    assert alert["name"] == "Person 2"
    assert "numb bottom" in alert["matched"]
    assert "Tuesday" not in str(alert)  # the phrase, never the text
    assert "numb" not in everything(projector)
    assert all("alert" not in str(p.received()) for p in phones)
    assert console.emit("alert_seen", alert_id=alert["id"])["ok"]
    assert console.emit("snapshot")["snapshot"]["alerts"][0]["seen_at"]


def test_an_alert_seen_on_one_console_shows_as_seen_on_the_other(room, app):
    from tests.conftest import Person

    console, phones, projector = room
    other = Person(app, console.http, "/facilitator").connect({"session_id": console.session["id"]})
    goto(console, "reflect")
    phones[0].emit("answer", step_id="reflect", value={"remember": "both legs are numb"}, id="r")
    alert = other.last("alert")
    assert not alert["seen_at"]
    assert console.emit("alert_seen", alert_id=alert["id"])["ok"]
    seen = other.last("alert")
    assert (seen["id"], bool(seen["seen_at"])) == (alert["id"], True)
    assert all("alert" not in str(p.received()) for p in [*phones, projector])
    bad = console.emit("alert_seen", alert_id="no-such-alert")
    assert bad["error"]["code"] == "unknown_alert"


def test_a_red_flag_is_raised_once_however_often_the_plan_is_saved(room):
    console, phones, _ = room
    goto(console, "my-plan")
    console.received()
    for i in range(3):
        value = {"barriers": "Pain in both legs" + "!" * i}
        assert phones[0].emit("answer", step_id="my-plan", value=value, id=f"save-{i}")["ok"]
    assert len(console.received("alert")) == 1
