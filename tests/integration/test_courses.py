"""Courses through the pages and the Socket.IO test clients: staff make the template course and
start its sessions; a participant joins by the course link, keeps their notebook, and comes
back to session 2 on a new device through it, where the plan review shows last week's plan.
A plain join code stays anonymous. Bad input gets a clear error and changes nothing."""

from __future__ import annotations

import pytest

from tests.conftest import Person, csrf_token

PLAN = {"step_what": "Walk to the corner shop", "step_when": "After lunch"}


class Staff:
    def __init__(self, http):
        self.http = http
        self.token = csrf_token(http.get("/courses").get_data(as_text=True))

    def post(self, url, data=None):
        return self.http.post(url, data={"csrf_token": self.token, **(data or {})})


@pytest.fixture
def staff(sign_in):
    return Staff(sign_in("physio"))


def make_template_course(staff, store) -> str:
    made = staff.post("/courses/template")
    assert made.status_code == 303
    return made.location.rstrip("/").rsplit("/", 1)[-1]


def start(staff, store, course_id, position):
    started = staff.post(f"/courses/{course_id}/sessions/{position}/start")
    assert started.status_code == 303, started.get_data(as_text=True)
    session_id = started.location.rsplit("/", 1)[-1]
    console = Person(staff.http.application, staff.http, "/facilitator")
    console.connect({"session_id": session_id})
    return store.sessions.get(session_id), console


def join_by_course_link(app, course_id, name="Robin", http=None):
    http = http or app.test_client()
    page = http.get(f"/c/{course_id}").get_data(as_text=True)
    joined = http.post(f"/c/{course_id}", data={"name": name, "csrf_token": csrf_token(page)})
    assert joined.status_code == 200, joined.get_data(as_text=True)
    return http, joined


def phone(app, http, session_id):
    return Person(app, http, "/participant").connect({"session_id": session_id})


def goto(console, store, session_id, step_id):
    deck = store.sessions.deck_of(session_id)
    ack = console.emit("goto", index=deck.index_of(step_id), force=True)
    assert ack["ok"], ack


def test_a_course_member_reviews_last_week_s_plan_on_a_new_device(app, staff, store):
    course_id = make_template_course(staff, store)
    page = staff.http.get(f"/courses/{course_id}").get_data(as_text=True)
    assert "Start session 1" in page
    assert f"/c/{course_id}" in page
    first, console = start(staff, store, course_id, 0)

    http, _ = join_by_course_link(app, course_id)
    robin = phone(app, http, first["id"])
    [member] = store.courses.members(course_id)
    assert member["name"] == "Robin"
    goto(console, store, first["id"], "my-plan")
    ack = robin.emit("answer", step_id="my-plan", value=PLAN, id="plan-1")
    assert ack["ok"], ack
    kept = robin.emit("keep_notebook")
    assert kept["ok"]
    assert "/course-notebook/" in kept["url"]
    link = kept["url"].split("://", 1)[-1].split("/", 1)[1]
    assert console.emit("end")["ok"]

    second, console2 = start(staff, store, course_id, 1)
    fresh = app.test_client()  # a new browser, with only the notebook link
    notebook = fresh.get("/" + link)
    assert notebook.status_code == 200
    text = notebook.get_data(as_text=True)
    assert "Walk to the corner shop" in text
    assert "Join this week&#39;s session" in text or "Join this week's session" in text
    joined = fresh.post("/" + link + "/join", data={"csrf_token": csrf_token(text)})
    assert joined.status_code == 200
    again = phone(app, fresh, second["id"])
    snapshot = again.last("snapshot")
    assert snapshot["me"]["name"] == "Robin"
    assert snapshot["me"]["looking_back"]["last-plan"]["plan"] == PLAN
    assert snapshot["me"]["looking_back"]["last-plan"]["earlier_session"] is True
    assert [m["sessions"] for m in store.courses.members(course_id)] == [2]

    goto(console2, store, second["id"], "last-plan")
    review = {"went": "partly", "in_the_way": "Rain", "plan": {**PLAN, "step_when": "Mornings"}}
    ack = again.emit("answer", step_id="last-plan", value=review, id="review-1")
    assert ack["ok"], ack
    results = console2.emit("step_results", step_id="last-plan")
    counts = results.get("results", results)
    assert "Rain" not in str(counts)
    assert "Robin" not in str(counts)

    book = fresh.get("/" + link).get_data(as_text=True)
    assert book.index("Session 2:") < book.index("Session 1:")  # newest first
    assert "Mornings" in book
    assert "I partly did it" in book


def test_a_plain_join_code_stays_anonymous_and_single_session(app, staff, store, join):
    course_id = make_template_course(staff, store)
    first, _console = start(staff, store, course_id, 0)
    someone = join(first, name="Sam")
    snapshot = someone.last("snapshot")
    [participant] = store.participants.ids(first["id"])
    assert store.courses.member_of(participant) is None
    assert store.courses.members(course_id) == []
    assert "looking_back" not in snapshot["me"]  # the first class has no plan review
    kept = someone.emit("keep_notebook")
    assert "/notebook/" in kept["url"]
    assert "/course-notebook/" not in kept["url"]


def test_the_same_browser_is_the_same_member_next_week(app, staff, store):
    course_id = make_template_course(staff, store)
    first, console = start(staff, store, course_id, 0)
    http, _ = join_by_course_link(app, course_id)
    assert console.emit("end")["ok"]
    second, _ = start(staff, store, course_id, 1)
    page = http.get(f"/c/{course_id}").get_data(as_text=True)
    assert "carry on as yourself" in page
    join_by_course_link(app, course_id, name="", http=http)
    [member] = store.courses.members(course_id)
    assert member["sessions"] == 2


def test_deleting_from_the_course_notebook_removes_every_session_s_rows(app, staff, store):
    course_id = make_template_course(staff, store)
    first, console = start(staff, store, course_id, 0)
    http, _ = join_by_course_link(app, course_id)
    robin = phone(app, http, first["id"])
    goto(console, store, first["id"], "my-plan")
    assert robin.emit("answer", step_id="my-plan", value=PLAN, id="plan-1")["ok"]
    link = "/" + robin.emit("keep_notebook")["url"].split("://", 1)[-1].split("/", 1)[1]
    page = http.get(link + "/delete").get_data(as_text=True)
    done = http.post(link + "/delete", data={"csrf_token": csrf_token(page)})
    assert done.status_code == 200
    assert "every session of this course" in done.get_data(as_text=True)
    assert store.courses.members(course_id) == []
    assert store.participants.count(first["id"]) == 0
    assert http.get(link).status_code == 404


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"title": "", "deck_id": "back-pain-1", "mode": "group"}, "needs a title"),
        ({"title": "Tuesdays"}, "at least one session"),
        ({"title": "Tuesdays", "deck_id": "back-pain-1", "mode": "party"}, "Session 1: the mode"),
        ({"title": "Tuesdays", "deck_id": "nope", "mode": "group"}, "Session 1: there is no"),
    ],
)
def test_a_wrong_course_is_refused_in_words_and_nothing_is_made(staff, store, form, words):
    refused = staff.post("/courses", form)
    assert refused.status_code == 400
    assert words in refused.get_data(as_text=True)
    assert store.database.one("SELECT count(*) AS n FROM courses")["n"] == 0


def test_refused_starts_and_links_change_nothing(app, staff, store, sign_in):
    course_id = make_template_course(staff, store)
    gone = app.test_client()
    assert gone.get(f"/c/{course_id}").status_code == 200  # no session yet: said kindly
    page = gone.get(f"/c/{course_id}").get_data(as_text=True)
    assert "no session of this course running" in page
    token = csrf_token(gone.get("/join").get_data(as_text=True))
    refused = gone.post(f"/c/{course_id}", data={"name": "Robin", "csrf_token": token})
    assert refused.status_code == 409
    assert store.courses.members(course_id) == []
    assert gone.get("/c/no-such-course").status_code == 404
    assert gone.get("/course-notebook/wrong").status_code == 404
    start(staff, store, course_id, 0)
    again = staff.post(f"/courses/{course_id}/sessions/0/start")
    assert again.status_code == 409
    assert store.database.one("SELECT count(*) AS n FROM sessions")["n"] == 1
    other = Staff(sign_in("sam"))
    assert other.http.get(f"/courses/{course_id}").status_code == 404
    assert other.post(f"/courses/{course_id}/sessions/1/start").status_code == 404


def test_a_wrong_review_is_refused_and_nothing_is_stored(app, staff, store):
    course_id = make_template_course(staff, store)
    first, console = start(staff, store, course_id, 0)
    http, _ = join_by_course_link(app, course_id)
    assert console.emit("end")["ok"]
    second, console = start(staff, store, course_id, 1)
    join_by_course_link(app, course_id, http=http)
    robin = phone(app, http, second["id"])
    goto(console, store, second["id"], "last-plan")
    for value, words in (
        ({"went": "maybe"}, "did it, partly, or not yet"),
        ({"plan": {"confidence": 12}}, "0 to 10"),
        ("fine", "sent as its fields"),
    ):
        ack = robin.emit("answer", step_id="last-plan", value=value, id=f"bad-{words}")
        assert ack["ok"] is False
        assert ack["error"]["code"] == "invalid_value"
        assert words in ack["error"]["message"]
    assert store.responses.values(second["id"], "last-plan") == []


def test_a_one_to_one_review_outside_a_course_looks_at_this_session_alone(
    app, sign_in, store, join
):
    http = sign_in("physio")
    user = store.accounts.user_by_name("physio")
    row = store.sessions.create("back-pain-2", user["id"], mode="one-to-one")
    console = Person(app, http, "/facilitator").connect({"session_id": row["id"]})
    ann = join(row, name="Ann")
    assert ann.last("snapshot")["me"]["looking_back"] == {"last-plan": None}
    goto(console, store, row["id"], "my-plan")
    assert ann.emit("answer", step_id="my-plan", value=PLAN, id="plan-1")["ok"]
    goto(console, store, row["id"], "last-plan")
    own = ann.emit("snapshot")["snapshot"]["me"]["looking_back"]["last-plan"]
    assert own["plan"] == PLAN
    assert own["earlier_session"] is False
    review = {"went": "did", "plan": {"step_what": "Walk further"}}
    assert ann.emit("answer", step_id="last-plan", value=review, id="review-1")["ok"]
    results = console.emit("step_results", step_id="last-plan")["results"]
    assert results == {"reviewed": 1, "did": 1, "partly": 0, "not_yet": 0, "changed": 1}
    console_view = str(console.received())
    assert "Walk further" not in console_view
    assert "Walk to the corner shop" not in console_view


def test_the_console_answering_for_someone_without_a_phone_sees_their_own_plan(app, sign_in, store):
    http = sign_in("physio")
    user = store.accounts.user_by_name("physio")
    row = store.sessions.create("back-pain-2", user["id"])
    console = Person(app, http, "/facilitator").connect({"session_id": row["id"]})
    added = console.emit("add_person", name="Mrs K")
    assert added["ok"], added
    other = console.emit("add_person", name="Mr L")["participant_id"]
    goto(console, store, row["id"], "my-plan")
    ack = console.emit(
        "answer_for", participant_id=added["participant_id"], step_id="my-plan", value=PLAN, id="k"
    )
    assert ack["ok"], ack
    goto(console, store, row["id"], "last-plan")
    people = {p["name"]: p for p in console.last("snapshot")["without_phones"]}
    assert people["Mrs K"]["looking_back"]["plan"] == PLAN
    assert people["Mr L"]["looking_back"] is None
    assert people["Mr L"]["id"] == other


def test_a_too_long_name_or_a_missing_closing_date_is_refused_and_changes_nothing(
    app, staff, store
):
    made = staff.post(
        "/courses",
        {"title": "Online", "deck_id": ["back-pain-1"], "mode": ["self-paced"]},
    )
    course_id = made.location.rstrip("/").rsplit("/", 1)[-1]
    refused = staff.post(f"/courses/{course_id}/sessions/0/start")
    assert refused.status_code == 400
    assert "needs a closing date" in refused.get_data(as_text=True)
    assert store.courses.sessions_of(course_id)[0]["session_id"] is None
    assert store.database.one("SELECT count(*) AS n FROM sessions")["n"] == 0
    started = staff.post(f"/courses/{course_id}/sessions/0/start", {"closes_on": "2999-01-01"})
    assert started.status_code == 303
    http = app.test_client()
    page = http.get(f"/c/{course_id}").get_data(as_text=True)
    long_name = http.post(
        f"/c/{course_id}", data={"name": "x" * 41, "csrf_token": csrf_token(page)}
    )
    assert long_name.status_code == 400
    assert "40 letters or fewer" in long_name.get_data(as_text=True)
    assert 'aria-invalid="true"' in long_name.get_data(as_text=True)  # the form, to try again
    assert store.courses.members(course_id) == []
