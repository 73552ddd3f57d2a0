"""The course pages are valid HTML with no empty heading: staff's list (also with a refused
form) and course page, the course link's join page (with a session running and without), the
course notebook (empty, and with a plan and its review), and its delete pages."""

from __future__ import annotations

from tests.conftest import Person, csrf_token
from tests.html_check import html_problems, report


def test_every_course_page_is_valid_html(app, sign_in, store):
    staff = sign_in("physio")
    token = csrf_token(staff.get("/courses").get_data(as_text=True))
    pages = {"courses": staff.get("/courses").get_data(as_text=True)}
    refused = staff.post("/courses", data={"title": "", "csrf_token": token})
    pages["courses, refused"] = refused.get_data(as_text=True)
    made = staff.post("/courses/template", data={"csrf_token": token})
    course_id = made.location.rstrip("/").rsplit("/", 1)[-1]
    pages["course, none started"] = staff.get(f"/courses/{course_id}").get_data(as_text=True)
    phone = app.test_client()
    pages["course link, nothing running"] = phone.get(f"/c/{course_id}").get_data(as_text=True)

    started = staff.post(f"/courses/{course_id}/sessions/0/start", data={"csrf_token": token})
    first = started.location.rsplit("/", 1)[-1]
    pages["course, one started"] = staff.get(f"/courses/{course_id}").get_data(as_text=True)
    join_page = phone.get(f"/c/{course_id}").get_data(as_text=True)
    pages["course link, a session running"] = join_page
    phone.post(f"/c/{course_id}", data={"name": "Ann", "csrf_token": csrf_token(join_page)})
    ann = Person(app, phone, "/participant").connect({"session_id": first})
    link = "/" + ann.emit("keep_notebook")["url"].split("://", 1)[-1].split("/", 1)[1]
    pages["course notebook, empty"] = phone.get(link).get_data(as_text=True)

    console = Person(app, staff, "/facilitator").connect({"session_id": first})
    deck = store.sessions.deck_of(first)
    assert console.emit("goto", index=deck.index_of("my-plan"), force=True)["ok"]
    ann.emit("answer", step_id="my-plan", value={"goal": "Walk", "confidence": 8}, id="p1")
    assert console.emit("end")["ok"]
    started = staff.post(f"/courses/{course_id}/sessions/1/start", data={"csrf_token": token})
    second = started.location.rsplit("/", 1)[-1]
    [member] = store.courses.members(course_id)
    again, _ = store.participants.add(second, "Ann")
    store.courses.link(again["id"], member["id"])
    store.responses.save_own(
        second,
        again["id"],
        "last-plan",
        {"went": "did", "in_the_way": "", "next": "More", "plan": {"goal": "Walk far"}},
    )
    pages["course notebook, a plan"] = book = phone.get(link).get_data(as_text=True)
    assert "Walk far" in book
    assert "I did it" in book
    pages["course notebook, confirm delete"] = phone.get(f"{link}/delete").get_data(as_text=True)
    deleted = phone.post(f"{link}/delete", data={"csrf_token": csrf_token(join_page)})
    pages["course notebook, deleted"] = deleted.get_data(as_text=True)
    found = html_problems(pages)
    assert not found, f"{len(found)} of {len(pages)} pages are not valid:\n" + report(found)
