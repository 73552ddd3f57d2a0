"""Ask later: a question a participant asks the physio privately. Only the session's consoles
hear it (never the screen, never other phones, never the room's queue); the physio's written
reply, during or after the session, reaches that person's notebook alone; retention keeps both
in a notebook its owner kept, until they delete it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sessions import reports
from tests.conftest import csrf_token
from tests.integration.test_notebook_and_modes import notebook_path


def test_a_private_question_reaches_only_the_sessions_consoles(console, join, screen, app):
    ann = join(console.session, name="Ann")
    bob = join(console.session, name="Bob")
    screen = screen(console.session)
    for person in (console, ann, bob, screen):
        person.received()

    ack = ann.emit("ask_later", id="l-1", text="Is my sciatica worse with sitting?")
    app.extensions["talkback"].flush()

    assert ack["ok"]
    heard = console.last("later_questions")["later_questions"]
    assert [(q["name"], q["text"], q["reply"]) for q in heard] == [
        ("Ann", "Is my sciatica worse with sitting?", None)
    ]
    assert "sciatica" not in str(screen.received())
    assert "sciatica" not in str(bob.received())
    assert ann.last("snapshot")["me"]["later_questions"][0]["text"].startswith("Is my sciatica")
    assert console.emit("snapshot")["snapshot"]["questions"] == []  # not in the room's queue
    assert console.emit("snapshot")["snapshot"]["later_questions"][0]["name"] == "Ann"
    assert "sciatica" not in str(screen.emit("snapshot"))


def test_a_private_question_is_stored_once_per_id_and_bad_ones_change_nothing(console, join, store):
    ann = join(console.session, name="Ann")
    assert ann.emit("ask_later", id="same", text="Can I swim?")["ok"]
    assert ann.emit("ask_later", id="same", text="Can I swim?")["ok"]
    assert ann.emit("ask_later", id="same", text="Other words")["error"]["code"] == "conflict"
    for payload, code in (
        ({"id": "a", "text": ""}, "invalid_value"),
        ({"id": "b", "text": "   "}, "invalid_value"),
        ({"id": "c", "text": "x" * 501}, "invalid_value"),
        ({"id": "d", "text": 5}, "invalid_value"),
        ({"text": "no id"}, "bad_request"),
        ("not an object", "bad_request"),
    ):
        ack = ann.emit("ask_later", payload)
        assert ack["error"]["code"] == code, payload
        assert ack["error"]["message"]
    assert len(store.later.of_session(console.session["id"])) == 1
    console.emit("end")
    assert ann.emit("ask_later", id="late", text="After the end?")["error"]["code"] == "ended"
    assert len(store.later.of_session(console.session["id"])) == 1


def test_a_private_question_with_a_red_flag_phrase_alerts_the_physio(console, join):
    ann = join(console.session, name="Ann")
    console.received()
    ann.emit("ask_later", id="l", text="I have numbness around my bottom, is that normal?")
    alert = console.last("alert")
    assert alert["name"] == "Ann"


def test_the_reply_reaches_only_the_askers_notebook(console, join, app, store):
    ann = join(console.session, name="Ann")
    bob = join(console.session, name="Bob")
    question_id = ann.emit("ask_later", id="l", text="Can I garden?")["question_id"]
    ann_book, bob_book = notebook_path(ann), notebook_path(bob)
    bob.received()

    ack = console.emit("reply_later", question_id=question_id, text="Yes, little and often.")

    assert ack["ok"]
    http = app.test_client()
    assert "Yes, little and often." in http.get(ann_book).get_data(as_text=True)
    assert "Can I garden?" in http.get(ann_book).get_data(as_text=True)
    bob_page = http.get(bob_book).get_data(as_text=True)
    assert "Can I garden?" not in bob_page
    assert "little and often" not in bob_page
    assert "little and often" not in str(bob.received())
    assert ann.last("snapshot")["me"]["later_questions"][0]["reply"] == "Yes, little and often."


def test_bad_replies_and_another_sessions_question_are_refused_and_change_nothing(
    console, join, start_session, store
):
    ann = join(console.session, name="Ann")
    question_id = ann.emit("ask_later", id="l", text="Can I garden?")["question_id"]
    other = start_session(username="other-physio")
    for who, payload, code in (
        (console, {"question_id": question_id, "text": ""}, "invalid_value"),
        (console, {"question_id": question_id, "text": "x" * 2001}, "invalid_value"),
        (console, {"question_id": question_id}, "bad_request"),
        (console, {"question_id": "nope", "text": "Hello"}, "unknown_question"),
        (other, {"question_id": question_id, "text": "Not mine to answer"}, "unknown_question"),
    ):
        ack = who.emit("reply_later", payload)
        assert ack["error"]["code"] == code, payload
    assert store.later.of_session(console.session["id"])[0]["reply"] is None


def test_after_the_session_the_physio_replies_from_the_review_page(console, join, app, store):
    ann = join(console.session, name="Ann")
    ann.emit("ask_later", id="l", text="Can I garden?")
    book = notebook_path(ann)
    console.emit("end")
    session_id = console.session["id"]
    page = console.http.get(f"/review/sessions/{session_id}").get_data(as_text=True)
    assert "Can I garden?" in page
    assert "Questions asked privately" in page
    question_id = store.later.of_session(session_id)[0]["id"]
    url = f"/review/sessions/{session_id}/later/{question_id}"

    empty = console.http.post(url, data={"csrf_token": csrf_token(page), "reply": " "})
    assert empty.status_code == 302
    assert store.later.of_session(session_id)[0]["reply"] is None
    refused = console.http.get(f"/review/sessions/{session_id}").get_data(as_text=True)
    assert "The reply was not saved" in refused

    saved = console.http.post(url, data={"csrf_token": csrf_token(page), "reply": "Yes, gently."})
    assert saved.status_code == 302
    assert "Yes, gently." in app.test_client().get(book).get_data(as_text=True)


def test_a_reviewer_neither_sees_nor_replies_to_private_questions(console, join, sign_in, store):
    ann = join(console.session, name="Ann")
    ann.emit("ask_later", id="l", text="Can I garden?")
    console.emit("end")
    session_id = console.session["id"]
    reviewer = sign_in("rita", "reviewer")
    page = reviewer.get(f"/review/sessions/{session_id}").get_data(as_text=True)
    assert "Can I garden?" not in page
    assert "Questions asked privately" not in page
    question_id = store.later.of_session(session_id)[0]["id"]
    refused = reviewer.post(
        f"/review/sessions/{session_id}/later/{question_id}",
        data={"csrf_token": csrf_token(page), "reply": "Not mine"},
    )
    assert refused.status_code in (403, 404)
    assert store.later.of_session(session_id)[0]["reply"] is None


def test_retention_keeps_a_kept_notebooks_questions_and_replies_until_it_is_deleted(
    console, join, app, store
):
    ann = join(console.session, name="Ann")
    bob = join(console.session, name="Bob")
    asked = ann.emit("ask_later", id="l", text="Can I garden?")["question_id"]
    ann.emit("ask", id="q", text="Is swimming good?")
    bob.emit("ask_later", id="l", text="Bob's own question")
    console.emit("reply_later", question_id=asked, text="Yes, gently.")
    book = notebook_path(ann)  # Ann keeps her notebook; Bob does not
    console.emit("end")
    ended = datetime.fromisoformat(store.sessions.get(console.session["id"])["ended_at"])

    outcome = reports.run_retention(store, now=ended + timedelta(days=31), days=30)

    assert outcome.purged == [console.session["id"]]
    page = app.test_client().get(book)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for kept in ("Can I garden?", "Yes, gently.", "Is swimming good?"):
        assert kept in html, kept
    remaining = store.later.of_session(console.session["id"])
    assert [q["text"] for q in remaining] == ["Can I garden?"]

    http = app.test_client()
    token = csrf_token(http.get(f"{book}/delete").get_data(as_text=True))
    assert http.post(f"{book}/delete", data={"csrf_token": token}).status_code == 200
    assert store.later.of_session(console.session["id"]) == []
    assert store.room.questions(console.session["id"]) == []
