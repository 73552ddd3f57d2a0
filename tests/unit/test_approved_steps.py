"""The rules of approved steps and templates, without a store: checking one, the `library`
marker on a deck's steps, a copy whose wording must not change, bringing a copy up to a newer
version, and the four templates built from the four approved steps of the bundled deck."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from sessions import approved_steps as a
from sessions import deck_templates as t
from sessions.deck import DeckError, deck_from_data, deck_to_data, dump_deck, parse_deck

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = parse_deck((ROOT / "sessions/decks/back-pain-1.yaml").read_text(encoding="utf-8"))


def seeded() -> dict[str, a.ApprovedStep]:
    data = yaml.safe_load((ROOT / "sessions/data/approved_steps.yaml").read_text())
    return {s.id: a.make_entry(s.id, 1, t.seed_data(s, BUNDLED)) for s in t.parse_seeds(data)}


ENTRIES = seeded()
TEMPLATES = t.parse_templates(
    yaml.safe_load((ROOT / "sessions/data/deck_templates.yaml").read_text())
)


def lookup(entry_id, version):
    found = ENTRIES.get(entry_id)
    return found if found is not None and found.version == version else None


def slide(step_id="welcome"):
    return {"id": step_id, "kind": "slide", "title": "Welcome"}


def test_the_seeds_are_the_bundled_decks_steps_word_for_word():
    assert set(ENTRIES) == {"safety-slide", "fft", "confidence", "group-agreement"}
    by_id = {s["id"]: s for s in deck_to_data(BUNDLED)["steps"]}
    assert list(ENTRIES["safety-slide"].steps) == [by_id["safety"]]
    assert ENTRIES["safety-slide"].steps[0]["locked"] is True
    assert [s["id"] for s in ENTRIES["confidence"].steps] == [
        "confidence-before",
        "confidence-after",
    ]


def test_a_seed_naming_a_step_the_deck_lacks_is_refused():
    seed = t.Seed("x", "back-pain-1", ("no-such-step",), "X", "")
    with pytest.raises(DeckError, match="no step 'no-such-step'"):
        t.seed_data(seed, BUNDLED)


@pytest.mark.parametrize(
    ("entry_id", "data", "where"),
    [
        ("Bad Id", {"title": "X", "steps": [slide()]}, "id"),
        ("x", {"title": " ", "steps": [slide()]}, "title"),
        ("x", {"title": "X", "steps": []}, "steps"),
        ("x", {"title": "X", "steps": [slide(str(n)) for n in range(5)]}, "steps"),
        ("x", {"title": "X", "steps": [slide()], "colour": "red"}, "colour"),
        ("x", {"title": "X", "steps": [{"id": "q", "kind": "quiz", "title": "Q"}]}, "steps[0]"),
        ("x", {"title": "X", "steps": [slide(), slide()]}, "steps[1].id"),
        (
            "x",
            {"title": "X", "steps": [{**slide(), "library": {"id": "y", "version": 1}}]},
            "steps[0].library",
        ),
        ("x", "not a mapping", "entry"),
    ],
)
def test_every_mistake_in_an_approved_step_is_named(entry_id, data, where):
    found = a.entry_problems(entry_id, data)
    assert any(e.where.startswith(where) for e in found), found
    with pytest.raises(DeckError):
        a.make_entry(entry_id, 1, data if isinstance(data, dict) else {})


def test_a_new_version_keeps_the_kinds_of_its_steps():
    confidence = ENTRIES["confidence"]
    same = {"steps": [dict(s) for s in confidence.steps]}
    assert a.changed_shape(confidence, same) is None
    assert a.changed_shape(confidence, {"steps": same["steps"][:1]}) is not None
    assert a.changed_shape(ENTRIES["fft"], {"steps": [slide()]}) is not None


def test_the_marker_is_a_step_field_the_loader_checks_and_writes_back():
    step = {**slide(), "library": {"id": "safety-slide", "version": 3}}
    deck = deck_from_data({"title": "T", "steps": [step]})
    assert deck.steps[0].library == ("safety-slide", 3)
    assert parse_deck(dump_deck(deck)) == deck
    assert deck_to_data(deck)["steps"][0]["library"] == {"id": "safety-slide", "version": 3}


@pytest.mark.parametrize(
    ("marker", "where"),
    [
        ("safety", "steps[0].library"),
        ({"id": "Safety!", "version": 1}, "steps[0].library.id"),
        ({"id": "safety", "version": 0}, "steps[0].library.version"),
        ({"id": "safety", "version": True}, "steps[0].library.version"),
        ({"id": "safety", "version": 1, "by": "me"}, "steps[0].library.by"),
    ],
)
def test_a_malformed_marker_is_refused_by_the_loader(marker, where):
    with pytest.raises(DeckError) as caught:
        deck_from_data({"title": "T", "steps": [{**slide(), "library": marker}]})
    assert caught.value.where == where


def copy_in_deck(entry_id="safety-slide", **changes):
    copies = a.copy_of(ENTRIES[entry_id], ["welcome"])
    copies[0].update(changes)
    return [slide(), *copies]


def test_a_copy_may_change_only_its_id_notes_and_timing():
    assert a.reference_problems(copy_in_deck(), lookup) == []
    assert a.reference_problems(copy_in_deck(id="help", notes="Slowly.", minutes=5), lookup) == []
    assert a.reference_problems(copy_in_deck("group-agreement", optional=True), lookup) == []
    # the editor's forms add empty lists and false ticks, as the deck file leaves them out
    assert a.reference_problems(copy_in_deck("fft", extra=[], takeaway=False), lookup) == []
    (found,) = a.reference_problems(copy_in_deck(body="Other words."), lookup)
    assert found.where == "steps[1].body"
    assert "Detach it from the library" in found.problem
    (found,) = a.reference_problems(copy_in_deck(locked=False), lookup)
    assert found.where == "steps[1].locked"


def test_a_copy_of_a_pair_keeps_both_steps_and_one_version():
    steps = copy_in_deck("confidence")
    assert a.reference_problems(steps, lookup) == []
    assert "2 steps that go together" in a.reference_problems(steps[:2], lookup)[0].problem
    steps[2] = {**steps[2], "library": {"id": "confidence", "version": 2}}
    assert "different versions" in a.reference_problems(steps, lookup)[0].problem


def test_a_copy_of_an_unknown_step_or_version_is_named():
    steps = copy_in_deck()
    steps[1]["library"] = {"id": "safety-slide", "version": 2}
    (found,) = a.reference_problems(steps, lookup)
    assert found.where == "steps[1].library"
    assert "no version 2 of 'safety-slide'" in found.problem


def test_a_deck_holds_an_approved_step_once():
    steps = [*copy_in_deck(), {**copy_in_deck()[1], "id": "safety-again"}]
    (found,) = a.reference_problems(steps, lookup)
    assert found.where == "steps[2].library"
    assert "already in this deck" in found.problem


def test_copies_take_ids_no_other_step_has():
    copies = a.copy_of(ENTRIES["safety-slide"], ["safety", "safety-2"])
    assert copies[0]["id"] == "safety-3"
    assert copies[0]["library"] == {"id": "safety-slide", "version": 1}


def test_outdated_names_only_older_copies():
    steps = copy_in_deck()
    assert a.outdated(steps, {"safety-slide": 1}) == {}
    assert a.outdated(steps, {"safety-slide": 2}) == {"safety-slide": 1}
    assert a.outdated(steps, {"fft": 9}) == {}


def test_an_update_takes_the_new_wording_and_keeps_the_decks_own_notes_and_id():
    steps = copy_in_deck("fft", id="feedback-end", notes="Hand out pens.", optional=True)
    newer = a.ApprovedStep(
        "fft", 2, "FFT", "", ({**ENTRIES["fft"].steps[0], "body": "Tell us how we did."},)
    )
    (_, updated) = a.updated(steps, newer)
    assert updated["body"] == "Tell us how we did."
    assert updated["id"] == "feedback-end"
    assert updated["notes"] == "Hand out pens."
    assert updated["optional"] is True
    assert updated["library"] == {"id": "fft", "version": 2}
    assert a.reference_problems([slide(), updated], lambda i, v: newer) == []
    with pytest.raises(DeckError, match="whole copy"):
        a.updated([slide()], newer)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda x: x.id)
def test_each_template_is_a_valid_deck_of_approved_steps_and_slides(template):
    data = t.template_deck(template, ENTRIES)
    deck = deck_from_data(data)
    assert deck.title == template.title
    assert a.reference_problems(data["steps"], lookup) == []
    assert set(a.references(data["steps"])) == set(template.uses)
    assert any(step.locked for step in deck.steps[:3])  # the safety slide comes early


def test_the_four_templates_and_a_missing_approved_step():
    assert [x.id for x in TEMPLATES] == [
        "education-session",
        "peer-support-session",
        "one-to-one-review",
        "self-paced-refresher",
    ]
    without_fft = {k: v for k, v in ENTRIES.items() if k != "fft"}
    with pytest.raises(DeckError, match="'fft' is not in the library"):
        t.template_deck(TEMPLATES[0], without_fft)
    assert t.template_deck(TEMPLATES[0], ENTRIES, title="Mine")["title"] == "Mine"
