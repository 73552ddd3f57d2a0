"""Adding a kind touches only its own module: a kind defined here, and nowhere else, is checked
in a deck and by the editor, answered, counted, seen by each audience, and kept in the report
and the export, through the same code as the built-in kinds."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sessions import authoring, reports, views
from sessions.activities import (
    FACILITATOR,
    KINDS,
    PARTICIPANT,
    SCREEN,
    Activity,
    InvalidResponse,
    percent,
    register,
)
from sessions.classroom import Classroom
from sessions.deck import DeckError, dump_deck, parse_deck
from sessions.live import GoToStep, OpenResponses, Rejected, check_answer, decide
from sessions.notebook import notebook
from sessions.reports.tables import session_tables


class Thermometer(Activity):
    """How warm the room feels about an idea, from 0 to 100 in tens."""

    kind = "thermometer"
    takes_responses = True
    fields = frozenset({"warm_from"})

    def parse_fields(self, raw, where):
        warm_from = raw.get("warm_from", 50)
        if isinstance(warm_from, bool) or warm_from not in range(0, 101, 10):
            raise DeckError(f"{where}.warm_from", "must be 0, 10, 20 … or 100")
        return {"warm_from": warm_from}

    def validate_response(self, step, value):
        if isinstance(value, bool) or value not in range(0, 101, 10):
            raise InvalidResponse("Choose 0, 10, 20 … or 100.")
        return value

    def aggregate(self, step, values):
        values = list(values)
        warm = sum(1 for v in values if v >= step.fields["warm_from"])
        return {"total": len(values), "warm": warm}

    def view_for(self, step, audience, *, revealed):
        return {"warm_from": step.fields["warm_from"]}

    def report_entry(self, step, results):
        rows = [
            {
                "label": "Warm",
                "count": results["warm"],
                "percent": percent(results["warm"], results["total"]),
            }
        ]
        return {"size": results["total"], "rows": rows}

    def report_sections(self, steps, mark):
        return {"warmth": [{"title": step.title, "warm": r["warm"]} for _, step, r in steps]}

    def export_tables(self, report):
        rows = [(t["title"], t["warm"]) for t in report["warmth"]]
        return [("Warmth", ("Step", "Warm"), rows)]


DECK = """\
title: A class with a new kind
min_responses: 1
steps:
  - id: hello
    kind: slide
    title: Hello
  - id: idea
    kind: thermometer
    title: How do you feel about walking every day?
    warm_from: 60
  - id: bye
    kind: slide
    title: Thank you
"""


@pytest.fixture
def thermometer():
    register(Thermometer())
    yield KINDS["thermometer"]
    del KINDS["thermometer"]


def test_the_deck_checks_the_new_kind_s_own_fields(thermometer):
    deck = parse_deck(DECK)
    assert deck.steps[1].activity is thermometer
    assert deck.steps[1].fields == {"warm_from": 60}
    assert parse_deck(dump_deck(deck)) == deck
    with pytest.raises(DeckError, match=r"steps\[1\]\.warm_from: must be 0, 10"):
        parse_deck(DECK.replace("warm_from: 60", "warm_from: 65"))
    with pytest.raises(DeckError, match=r"steps\[1\]\.colour: .*thermometer step"):
        parse_deck(DECK.replace("warm_from: 60", "colour: red"))


def test_the_editor_reports_each_mistake_of_the_new_kind(thermometer):
    data = {
        "title": "x",
        "steps": [{"id": "t", "kind": "thermometer", "title": "T", "warm_from": 7, "size": 1}],
    }
    found = {(e.where, e.problem) for e in authoring.problems(data)}
    assert ("steps[0].warm_from", "must be 0, 10, 20 … or 100") in found
    assert ("steps[0].size", "is not a field a thermometer step can have") in found


def test_without_registering_it_a_deck_cannot_use_the_kind():
    with pytest.raises(DeckError, match=r"steps\[1\]\.kind: must be one of: "):
        parse_deck(DECK)


def test_registering_a_kind_twice_or_without_a_name_is_refused(thermometer):
    with pytest.raises(ValueError, match="already a kind called thermometer"):
        register(Thermometer())
    nameless = type("Nameless", (Activity,), {"kind": ""})
    with pytest.raises(ValueError, match="needs a kind name"):
        register(nameless())
    assert KINDS["thermometer"] is thermometer
    assert "" not in KINDS


def answer(store, session_id, participant_id, value, answer_id):
    """As the participant's handler does: check the value, then store it if the room allows."""
    deck = store.sessions.deck_of(session_id)
    step = deck.step_by_id("idea")
    store.responses.record(
        session_id=session_id,
        participant_id=participant_id,
        step_id=step.id,
        answer_id=answer_id,
        value=step.activity.validate_response(step, value),
        check=lambda state: check_answer(state, deck, step.id),
    )


def test_the_new_kind_is_answered_counted_seen_and_reported(store, facilitator_id, thermometer):
    store.decks.save("warm", DECK)
    sid = store.sessions.create("warm", facilitator_id)["id"]
    deck = store.sessions.deck_of(sid)
    people = [store.participants.add(sid, name)[0]["id"] for name in ("Ann", "Bob", "Cat")]

    state = store.sessions.load_live(sid)
    with pytest.raises(Rejected):  # the room is not on the step yet
        answer(store, sid, people[0], 80, "a1")
    for command in (GoToStep(1), OpenResponses()):
        moved = decide(state, deck, command).state
        store.sessions.save_live(sid, moved, expected_seq=state.seq)
        state = moved
    with pytest.raises(InvalidResponse, match="Choose 0, 10"):
        answer(store, sid, people[0], 85, "a0")
    for person, value, answer_id in zip(people, (80, 60, 20), ("a1", "a2", "a3"), strict=True):
        answer(store, sid, person, value, answer_id)
    answer(store, sid, people[0], 80, "a1")  # the same answer again is one response

    step = deck.step_by_id("idea")
    results = Classroom(store).results(sid, deck, step)
    assert results == {"total": 3, "warm": 2}
    for audience in (FACILITATOR, SCREEN, PARTICIPANT):
        assert views.step_view(step, 1, audience, revealed=False)["warm_from"] == 60
    room = views.results_for(
        SCREEN, step, results, seq=state.seq, revealed=True, min_responses=deck.min_responses
    )
    assert (room["warm"], room["withheld"]) == (2, False)

    ended = replace(state, seq=state.seq + 1, ended=True)
    store.sessions.save_live(sid, ended, expected_seq=state.seq)
    report = reports.session_report(store, sid)
    [entry] = [e for e in report["steps"] if e["id"] == "idea"]
    assert (entry["kind"], entry["size"]) == ("thermometer", 3)
    assert entry["rows"] == [{"label": "Warm", "count": 2, "percent": 66.7}]
    assert report["warmth"] == [{"title": step.title, "warm": 2}]

    tables = {t.name: t.cells() for t in session_tables(report)}
    assert tables["Warmth"] == [["Step", "Warm"], [step.title, 2]]
    assert [step.title, "thermometer", "Warm", 2, 66.7, 3] in [r[1:] for r in tables["Results"]]
    assert list(tables).index("Warmth") < list(tables).index("Questions")

    assert notebook(deck, {"idea": 80}, [])["title"] == deck.title
