"""Quiz scores through the real app: off unless the facilitator turns them on when starting a
session; then, once it ends, each phone is sent its own score and no one else's, and the
screen shows a leaderboard of nicknames only if that was chosen as well."""

from __future__ import annotations

import pytest

from tests.conftest import FACILITATOR_PASSWORD, Person, csrf_token, scalar

# The bundled deck's quizzes, and how each person answers the first two (the rest unanswered).
RIGHT = {"myth-scan": "myth", "myth-bed-rest": "myth"}
WRONG = {"myth-scan": "fact", "myth-bed-rest": "fact"}


def start(app, sign_in, store, **options):
    """A session started from the console's home page form, with the options ticked."""
    http = sign_in("physio")
    token = csrf_token(http.get("/").get_data(as_text=True))
    form = {"deck_id": "back-pain-1", "csrf_token": token, **options}
    response = http.post("/sessions", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    session_id = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    console = Person(app, http, "/facilitator").connect({"session_id": session_id})
    console.session = store.sessions.get(session_id)
    return console


def run_quiz(console, join, answers_by_name):
    """Everyone answers the two quizzes as given; then the class ends. -> phones by name"""
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    phones = {name: join(console.session, name=name) for name in answers_by_name}
    for step_id in RIGHT:
        assert console.emit("goto", index=deck.index_of(step_id), force=True)["ok"]
        for name, answers in answers_by_name.items():
            ack = phones[name].emit("answer", step_id=step_id, value=answers[step_id], id=step_id)
            assert ack["ok"], ack
    for phone in phones.values():
        assert "score" not in str(phone.received())  # not before the end
    assert console.emit("end")["ok"]
    return phones


def own_snapshots(phone):
    return [s for s in phone.received("snapshot") if "me" in s]


def test_scores_are_off_by_default_and_nothing_about_them_is_sent(
    app, sign_in, store, join, screen
):
    console = start(app, sign_in, store)
    assert (console.session["scoring"], console.session["leaderboard"]) == (0, 0)
    projector = screen(console.session)
    phones = run_quiz(console, join, {"Ann": RIGHT, "Bob": WRONG})
    for phone in phones.values():
        assert "score" not in phone.emit("snapshot")["snapshot"]["me"]
    sent = str([p.received() for p in phones.values()]) + str(projector.received())
    assert "score" not in sent
    assert "leaderboard" not in sent
    assert "leaderboard" not in projector.emit("snapshot")["snapshot"]


def test_with_scores_each_phone_is_sent_its_own_score_at_the_end(app, sign_in, store, join, screen):
    console = start(app, sign_in, store, scoring="yes")
    assert (console.session["scoring"], console.session["leaderboard"]) == (1, 0)
    projector = screen(console.session)
    phones = run_quiz(
        console, join, {"Ann": RIGHT, "Bob": WRONG, "Cat": {**WRONG, **{"myth-scan": "myth"}}}
    )
    quizzes = sum(
        1 for s in store.sessions.deck_of(console.session["id"]).steps if s.activity.scored
    )
    expected = {"Ann": 2, "Bob": 0, "Cat": 1}
    for name, phone in phones.items():
        [mine] = own_snapshots(phone)  # pushed to that phone alone when the class ended
        assert mine["stage"] == "ended"
        assert mine["me"]["score"] == {"right": expected[name], "of": quizzes}
        assert phone.emit("snapshot")["snapshot"]["me"]["score"]["right"] == expected[name]
    assert "score" not in str(projector.received()) + str(console.received())
    assert "leaderboard" not in projector.emit("snapshot")["snapshot"]


def test_the_leaderboard_shows_nicknames_and_scores_only_on_the_screen_at_the_end(
    app, sign_in, store, join, screen
):
    console = start(app, sign_in, store, scoring="yes", leaderboard="yes")
    projector = screen(console.session)
    assert "leaderboard" not in projector.emit("snapshot")["snapshot"]  # not before the end
    phones = run_quiz(console, join, {"Ann": WRONG, "Bob": RIGHT})
    board = projector.emit("snapshot")["snapshot"]["leaderboard"]
    quizzes = sum(
        1 for s in store.sessions.deck_of(console.session["id"]).steps if s.activity.scored
    )
    assert board == {
        "of": quizzes,
        "entries": [{"name": "Bob", "right": 2}, {"name": "Ann", "right": 0}],
    }
    for phone in phones.values():
        assert "leaderboard" not in str(phone.received())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"leaderboard": "yes"}, "A leaderboard needs quiz scores turned on."),
    ],
)
def test_a_leaderboard_without_scores_is_refused_and_starts_nothing(
    sign_in, store, options, message
):
    http = sign_in("physio")
    token = csrf_token(http.get("/").get_data(as_text=True))
    before = scalar(store, "SELECT count(*) FROM sessions")
    response = http.post(
        "/sessions", data={"deck_id": "back-pain-1", "csrf_token": token, **options}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'href="#start-leaderboard"' in page
    assert 'id="start-leaderboard"' in page
    assert scalar(store, "SELECT count(*) FROM sessions") == before


def test_the_api_takes_scoring_and_refuses_what_is_not_true_or_false(app, sign_in, store):
    sign_in("physio")
    token = app.test_client().post(
        "/api/tokens", json={"username": "physio", "password": FACILITATOR_PASSWORD}
    )
    assert token.status_code == 201, token.get_data(as_text=True)
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    http = app.test_client()
    made = http.post(
        "/api/sessions",
        json={"deck_id": "back-pain-1", "scoring": True, "leaderboard": True},
        headers=headers,
    )
    assert made.status_code == 201
    row = store.sessions.get(made.get_json()["id"])
    assert (row["scoring"], row["leaderboard"]) == (1, 1)
    before = scalar(store, "SELECT count(*) FROM sessions")
    for bad, message in (
        ({"scoring": "yes"}, "scoring and leaderboard must be true or false."),
        ({"leaderboard": True}, "A leaderboard needs quiz scores turned on."),
    ):
        refused = http.post(
            "/api/sessions", json={"deck_id": "back-pain-1", **bad}, headers=headers
        )
        assert refused.status_code == 400
        assert refused.get_json()["error"] == {"code": "bad_request", "message": message}
    assert scalar(store, "SELECT count(*) FROM sessions") == before
