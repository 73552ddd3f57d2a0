"""How many statements the store runs for the commands a class sends most: the console's
`next`, the role check every console event passes, and a phone's answer. Each audience's
snapshot is built from one read of the session, so these bounds hold however many phones, and
whichever audiences, are connected; a change that reads more has to raise them here."""

from __future__ import annotations

import contextlib

import pytest

from tests.conftest import Person
from tests.integration.test_courses import (
    PLAN,
    Staff,
    goto,
    join_by_course_link,
    make_template_course,
    phone,
    start,
)

pytestmark = pytest.mark.sqlite_only  # counts the statements SQLite traces

# The reads each command runs, counted with the console, a moderator's console, the screen and
# three phones connected. They were 23, 25, 3 and 6 before the snapshots shared one read.
NEXT_READS = 10  # onto a slide
# Onto a question with answers: its responses and moderation too, and, the step being a scale
# with a measure, whether the session is part of a course (the measure since session 1).
NEXT_TO_ANSWERS_READS = 13
ROLE_CHECK_READS = 2
ANSWER_READS = 5

SCALE = "confidence-before"  # the demo deck's first question, the fourth step


@contextlib.contextmanager
def statements(store):
    """Every SQL statement the store's connection runs inside the block, less sqlite-utils'
    own savepoints around each query."""
    seen: list[str] = []
    store.db.conn.set_trace_callback(seen.append)
    try:
        yield seen
    finally:
        store.db.conn.set_trace_callback(None)
    seen[:] = [s for s in seen if not s.startswith(("SAVEPOINT", "RELEASE"))]


def reads(seen: list[str]) -> list[str]:
    return [s for s in seen if s.lstrip().split(None, 1)[0].upper() in ("SELECT", "WITH")]


def invite_moderator(app, store, sign_in, console) -> Person:
    session_id = console.session["id"]
    sign_in("mo")
    physio = store.accounts.user_by_name("physio")
    store.session_roles.invite(
        session_id, store.accounts.user_by_name("mo")["id"], "moderator", by=physio, username="mo"
    )
    return Person(app, sign_in("mo"), "/facilitator").connect({"session_id": session_id})


@pytest.fixture
def room(app, store, sign_in, start_session, join, screen):
    """A class under way: the console, a moderator, the screen and three phones."""
    console = start_session()
    moderator = invite_moderator(app, store, sign_in, console)
    projector = screen(console.session)
    phones = [join(console.session, name=name) for name in ("Ann", "Bob", "Cat")]
    for person in (console, moderator, projector, *phones):
        person.received()
    return console, moderator, projector, phones


def to_the_scale(console, phones):
    for _ in range(4):
        assert console.emit("next")["ok"]
    assert console.emit("open")["ok"]
    for person in phones:
        person.received()


def test_a_next_reads_the_session_once_for_every_audience(room, store):
    console, moderator, projector, phones = room
    assert console.emit("next")["ok"]
    for person in (console, moderator, projector, *phones):
        person.received()
    with statements(store) as seen:
        ack = console.emit("next")
    assert ack["ok"], ack
    assert len(reads(seen)) <= NEXT_READS, "\n".join(reads(seen))
    session_reads = [s for s in reads(seen) if " FROM sessions" in s and "session_roles" not in s]
    assert len(session_reads) == 2  # the command's own load, then the snapshots' one read
    # ... and still every audience heard the new step, each as it may see it.
    heard = {}
    for name, person in (("console", console), ("moderator", moderator), ("screen", projector)):
        [heard[name]] = person.received("snapshot")
    for person in phones:
        [heard["phone"]] = person.received("snapshot")
    for snapshot in heard.values():
        assert snapshot["step"]["id"] == "group-agreement"
        assert snapshot["seq"] == ack["seq"]
    assert "later_questions" in heard["console"]
    assert "later_questions" not in heard["moderator"]
    assert "notes" not in heard["screen"]["step"]
    assert "outline" not in heard["phone"]


def test_a_next_onto_a_question_reads_its_answers_once(room, store):
    console, _moderator, _projector, phones = room
    to_the_scale(console, phones)
    for n, person in enumerate(phones):
        assert person.emit("answer", step_id=SCALE, value=n + 2, id=f"a{n}")["ok"]
    assert console.emit("next")["ok"]
    with statements(store) as seen:
        ack = console.emit("back")
    assert ack["ok"], ack
    assert len(reads(seen)) <= NEXT_TO_ANSWERS_READS, "\n".join(reads(seen))
    answers = [s for s in reads(seen) if "FROM responses" in s]
    assert len(answers) == 1, "\n".join(answers)
    assert console.last("snapshot")["results"]["count"] == 3


def test_reads_per_next_do_not_grow_with_the_room(app, store, start_session, join, screen):
    console = start_session()
    counted = []
    for size in (1, 6):
        while len(store.participants.ids(console.session["id"])) < size:
            join(console.session)
        screen(console.session)
        with statements(store) as seen:
            assert console.emit("next")["ok"]
        counted.append(len(reads(seen)))
    assert counted[0] == counted[1] <= NEXT_READS


def test_the_role_check_reads_the_sign_in_and_the_seat_once_each(room, store):
    console, moderator, _projector, _phones = room
    with statements(store) as seen:
        refused = moderator.emit("next")  # refused by the check alone: nothing else runs
    assert refused["ok"] is False
    assert refused["error"]["code"] == "not_allowed"
    assert len(reads(seen)) <= ROLE_CHECK_READS, "\n".join(reads(seen))
    assert len(seen) == len(reads(seen))  # and it writes nothing


def test_the_role_check_still_sees_a_removed_co_facilitator_at_once(room, app, store, sign_in):
    console, _moderator, _projector, _phones = room
    session_id = console.session["id"]
    physio = store.accounts.user_by_name("physio")
    sign_in("co")
    co_id = store.accounts.user_by_name("co")["id"]
    store.session_roles.invite(session_id, co_id, "co-facilitator", by=physio, username="co")
    co = Person(app, sign_in("co"), "/facilitator").connect({"session_id": session_id})
    assert co.emit("next")["ok"]
    store.session_roles.remove(session_id, co_id, by=physio)
    refused = co.emit("next")
    assert refused["error"]["code"] == "not_allowed"
    assert store.sessions.load_live(session_id).step_index == 0  # the refusal changed nothing


def test_an_answer_reads_the_session_once_before_it_is_stored(room, store):
    console, _moderator, _projector, phones = room
    to_the_scale(console, phones)
    with statements(store) as seen:
        ack = phones[0].emit("answer", step_id=SCALE, value=4, id="a-1")
    assert ack["ok"], ack
    assert len(reads(seen)) <= ANSWER_READS, "\n".join(reads(seen))
    assert [r.value for r in store.responses.for_step(console.session["id"], SCALE)] == [4]


def test_a_refused_answer_reads_no_more_and_stores_nothing(room, store):
    console, _moderator, _projector, phones = room
    to_the_scale(console, phones)
    with statements(store) as seen:
        refused = phones[0].emit("answer", step_id=SCALE, value=99, id="a-1")
    assert refused["ok"] is False
    assert refused["error"]["code"] == "invalid_value"
    assert len(reads(seen)) <= ANSWER_READS
    assert store.responses.for_step(console.session["id"], SCALE) == []


def test_each_course_member_still_sees_only_their_own_earlier_plan(app, store, sign_in):
    """The room's parts of a snapshot are read once for everybody; a plan review's earlier
    plan is the person's own, read for them alone."""
    staff = Staff(sign_in("physio"))
    course_id = make_template_course(staff, store)
    first, console = start(staff, store, course_id, 0)
    plans = {"Robin": PLAN, "Sam": {**PLAN, "step_what": "Swim on Saturdays"}}
    browsers = {}
    goto(console, store, first["id"], "my-plan")
    for name, plan in plans.items():
        http, _ = join_by_course_link(app, course_id, name=name)
        browsers[name] = http
        person = phone(app, http, first["id"])
        assert person.emit("answer", step_id="my-plan", value=plan, id=f"plan-{name}")["ok"]
    assert console.emit("end")["ok"]

    second, console2 = start(staff, store, course_id, 1)
    phones = {}
    for name, http in browsers.items():
        join_by_course_link(app, course_id, name=name, http=http)
        phones[name] = phone(app, http, second["id"])
    goto(console2, store, second["id"], "last-plan")
    for name, person in phones.items():
        own = person.emit("snapshot")["snapshot"]["me"]
        assert own["name"] == name
        assert own["looking_back"]["last-plan"]["plan"] == plans[name]
        other = next(n for n in plans if n != name)
        assert plans[other]["step_what"] not in str(own)
        room_view = person.last("snapshot")
        assert "me" not in room_view  # the room's snapshot of the step names nobody's plan
