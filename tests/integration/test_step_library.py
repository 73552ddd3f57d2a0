"""The library of approved steps through the app: the four it starts with, who may change one
(an admin or a reviewer, never a facilitator), every mistake refused with nothing kept, a
deck's copy whose wording cannot change in place, and a deck owner taking or turning down a
newer version (a new deck version, audited). Then "New deck" with its templates and copies."""

from __future__ import annotations

import re

import pytest
import yaml

from app import load_bundled_decks
from facilitator.step_library import seed_library
from tests.conftest import DECK_ID, Editor, scalar, tuples


def count(store, table) -> int:
    return scalar(store, f"SELECT count(*) FROM {table}")  # noqa: S608


def fft_yaml(store, body: str) -> str:
    (step,) = store.approved_steps.get("fft").steps
    return yaml.safe_dump([{**step, "body": body}], sort_keys=False)


@pytest.fixture
def reviewer(sign_in):
    return Editor(sign_in("lead", role="reviewer"))


def change(who: Editor, entry_id: str, **fields):
    data = {"title": "Friends and Family Test", "note": "Clearer wording", "after": "1", **fields}
    return who.post_form(f"/library/steps/{entry_id}", data)


def entries_for(editor: Editor, deck_id: str) -> dict:
    response = editor.http.get(f"/decks/{deck_id}/approved-steps", headers=editor.headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {e["id"]: e for e in response.get_json()["entries"]}


def with_copy(editor: Editor, deck_id: str, entry: dict, notes: str = "") -> dict:
    """The deck's draft with a copy of `entry` after its first step, as the editor inserts it."""
    draft = editor.draft(deck_id)["draft"]
    marker = {"id": entry["id"], "version": entry["version"]}
    copies = [
        {**s, "library": marker, **({"notes": notes} if notes else {})} for s in entry["steps"]
    ]
    draft["steps"][1:1] = copies
    return draft


def test_the_library_starts_with_the_four_approved_steps_of_the_bundled_deck(editor, store):
    page = editor.http.get("/library/steps").get_data(as_text=True)
    for title in (
        "When to get help (locked safety slide)",
        "Friends and Family Test",
        "Confidence before and after",
        "Our group agreement",
    ):
        assert title in page
    assert "An admin or a reviewer changes these steps." in page
    safety = store.approved_steps.get("safety-slide")
    assert safety.version == 1
    assert safety.steps[0]["locked"] is True
    bundled = yaml.safe_load(store.decks.get(DECK_ID)["yaml"])["steps"]
    assert safety.steps[0]["body"] == next(
        s["body"].strip() for s in bundled if s["id"] == "safety"
    )
    assert [s["id"] for s in store.approved_steps.get("confidence").steps] == [
        "confidence-before",
        "confidence-after",
    ]


def test_a_facilitator_cannot_change_an_approved_step(editor, store):
    response = change(editor, "fft", steps=fft_yaml(store, "Changed by a physio."))
    assert response.status_code == 403
    assert "Only an admin or a reviewer" in response.get_data(as_text=True)
    assert store.approved_steps.get("fft").version == 1
    assert "Save as version" not in editor.http.get("/library/steps/fft").get_data(as_text=True)


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"steps": "- id: fft\n  kind: feedback\n  title: [unclosed"}, "this is not valid YAML"),
        ({"steps": "- {id: fft, kind: slide, title: Q}"}, "same steps, of the same kinds"),
        ({"steps": "- {id: fft, kind: feedback, title: ''}"}, "steps[0].title"),
        ({"steps": "[]"}, "needs 1 to 4 steps"),
        ({"title": ""}, "needs a name"),
        ({"note": ""}, "say in a few words what changed"),
        (
            {"steps": "- {id: fft, kind: feedback, title: F, library: {id: x, version: 1}}"},
            "cannot be a reference",
        ),
    ],
)
def test_bad_input_to_an_approved_step_is_refused_and_changes_nothing(
    reviewer, store, fields, said
):
    before = count(store, "approved_steps"), count(store, "audit_log")
    fields = {"steps": fft_yaml(store, "New words."), **fields}
    response = change(reviewer, "fft", **fields)
    assert response.status_code == 400
    assert "Nothing was changed" in response.get_data(as_text=True)
    assert said in response.get_data(as_text=True)
    assert (count(store, "approved_steps"), count(store, "audit_log")) == before


def test_a_reviewer_makes_a_new_version_once_and_a_stale_page_is_refused(reviewer, store):
    response = change(reviewer, "fft", steps=fft_yaml(store, "Tell us how we did."))
    assert response.status_code == 302
    assert store.approved_steps.get("fft").version == 2
    assert store.approved_steps.get("fft", 1).steps[0].get("body") != "Tell us how we did."
    again = change(reviewer, "fft", steps=fft_yaml(store, "Something else."))  # after=1: stale
    assert again.status_code == 409
    assert store.approved_steps.get("fft").version == 2
    actions = [r[0] for r in tuples(store, "SELECT action FROM audit_log")]
    assert actions.count("library.step") == 1


def test_a_copy_in_a_deck_keeps_its_wording_until_it_is_detached(editor):
    deck_id = editor.new_deck()
    entry = entries_for(editor, deck_id)["safety-slide"]
    draft = with_copy(editor, deck_id, entry, notes="Say it slowly.")
    saved = editor.save(deck_id, draft)
    assert saved.status_code == 200
    assert saved.get_json()["problems"] == []

    draft["steps"][1]["body"] = "Reworded by the physio."
    problems = editor.check(deck_id, draft).get_json()["problems"]
    assert [p["where"] for p in problems] == ["steps[1].body"]
    assert "Detach it from the library" in problems[0]["problem"]

    del draft["steps"][1]["library"]  # detached: the wording is the physio's own
    assert editor.check(deck_id, draft).get_json()["problems"] == []


def test_half_of_a_pair_or_an_unknown_version_is_a_problem(editor):
    deck_id = editor.new_deck()
    entry = entries_for(editor, deck_id)["confidence"]
    draft = with_copy(editor, deck_id, entry)
    del draft["steps"][2]
    problems = editor.check(deck_id, draft).get_json()["problems"]
    assert "2 steps that go together" in problems[0]["problem"]
    draft = with_copy(editor, deck_id, {**entry, "version": 7})
    problems = editor.check(deck_id, draft).get_json()["problems"]
    assert problems[0]["where"] == "steps[1].library"


@pytest.fixture
def deck_with_fft(editor, reviewer, store):
    """A physio's deck holding version 1 of the FFT step; then a reviewer makes version 2."""
    deck_id = editor.new_deck()
    draft = with_copy(editor, deck_id, entries_for(editor, deck_id)["fft"], notes="Hand out pens.")
    assert editor.save(deck_id, draft).get_json()["problems"] == []
    assert change(reviewer, "fft", steps=fft_yaml(store, "Tell us how we did.")).status_code == 302
    return deck_id


def test_the_owner_is_told_and_takes_the_new_version_as_a_new_deck_version(
    editor, store, deck_with_fft
):
    deck_id = deck_with_fft
    page = editor.http.get(f"/decks/{deck_id}/edit").get_data(as_text=True)
    assert "An approved step has changed: review and update" in page
    versions_before = store.decks.latest_version(deck_id)["version"]
    review = editor.http.get(f"/decks/{deck_id}/approved-steps/updates").get_data(as_text=True)
    assert "Clearer wording" in review
    assert "[added: </span>we did." in review  # the words put in, marked
    assert "[removed: </span>anonymous." in review
    rev = re.search(r'name="rev" value="(\d+)"', review).group(1)
    response = editor.post_form(
        f"/decks/{deck_id}/approved-steps/updates/fft",
        {"choice": "update", "version": "2", "rev": rev},
    )
    assert response.status_code == 302
    latest = store.decks.latest_version(deck_id)
    assert latest["version"] == versions_before + 1
    assert latest["origin"] == "library"
    assert latest["approved_at"] is None  # a draft until approved again
    step = next(s for s in yaml.safe_load(latest["yaml"])["steps"] if s["kind"] == "feedback")
    assert step["body"] == "Tell us how we did."
    assert step["notes"] == "Hand out pens."
    assert step["library"] == {"id": "fft", "version": 2}
    audit = tuples(store, "SELECT detail FROM audit_log WHERE action = 'deck.library_update'")
    assert audit == [(f"fft updated to version 2, as deck version {latest['version']}",)]
    page = editor.http.get(f"/decks/{deck_id}/edit").get_data(as_text=True)
    assert "An approved step has changed" not in page


def test_the_owner_may_keep_the_old_version(editor, store, deck_with_fft):
    deck_id = deck_with_fft
    before = store.decks.latest_version(deck_id)
    response = editor.post_form(
        f"/decks/{deck_id}/approved-steps/updates/fft", {"choice": "keep", "version": "2"}
    )
    assert response.status_code == 302
    assert store.decks.latest_version(deck_id) == before
    assert "An approved step has changed" not in editor.http.get(f"/decks/{deck_id}/edit").get_data(
        as_text=True
    )
    assert store.approved_steps.kept(deck_id) == {"fft": 2}
    review = editor.http.get(f"/decks/{deck_id}/approved-steps/updates").get_data(as_text=True)
    assert "You chose to keep the old one; you can still take the change." in review
    rev = re.search(r'name="rev" value="(\d+)"', review).group(1)
    later = editor.post_form(
        f"/decks/{deck_id}/approved-steps/updates/fft",
        {"choice": "update", "version": "2", "rev": rev},
    )
    assert later.status_code == 302
    assert store.decks.latest_version(deck_id)["origin"] == "library"


@pytest.mark.parametrize(
    ("who", "data", "status"),
    [
        ("other", {"choice": "update", "version": "2"}, 403),
        ("owner", {"choice": "update", "version": "1"}, 409),
        ("owner", {"choice": "maybe", "version": "2"}, 400),
        ("owner", {"choice": "update", "version": "2", "rev": "0"}, 409),
    ],
)
def test_a_refused_decision_changes_nothing(
    editor, sign_in, store, deck_with_fft, who, data, status
):
    deck_id = deck_with_fft
    before = store.decks.latest_version(deck_id), count(store, "audit_log")
    actor = editor if who == "owner" else Editor(sign_in("another-physio"))
    response = actor.post_form(f"/decks/{deck_id}/approved-steps/updates/fft", data)
    assert response.status_code == status
    assert (store.decks.latest_version(deck_id), count(store, "audit_log")) == before
    assert store.approved_steps.kept(deck_id) == {}


# New decks --------------------------------------------------------------------------------------


def test_new_deck_offers_the_four_templates_a_blank_deck_and_a_copy(editor):
    page = editor.http.get("/decks/new").get_data(as_text=True)
    for title in (
        "Education session",
        "Peer-support session",
        "One-to-one review",
        "Self-paced refresher",
        "A blank deck",
        "A copy of a deck",
    ):
        assert title in page


def test_a_deck_from_a_template_is_a_draft_the_creator_owns_with_approved_steps(editor, store):
    response = editor.post_form(
        "/decks/new", {"template": "education-session", "title": "Pacing group"}
    )
    assert response.status_code == 302
    deck_id = re.fullmatch(r"/decks/([^/]+)/edit", response.location).group(1)
    row = store.decks.get(deck_id)
    assert row["owner_id"] == store.accounts.user_by_name("physio")["id"]
    assert row["title"] == "Pacing group"
    latest = store.decks.latest_version(deck_id)
    assert latest["origin"] == "template"
    assert latest["approved_at"] is None
    markers = {s["library"]["id"] for s in yaml.safe_load(row["yaml"])["steps"] if "library" in s}
    assert markers == {"group-agreement", "safety-slide", "confidence", "fft"}
    assert editor.draft(deck_id)["problems"] == []


@pytest.mark.parametrize(
    ("url", "data"),
    [("/decks/new", {"template": "no-such"}), ("/decks/new/copy", {"deck": "no-such"})],
)
def test_an_unknown_template_or_deck_makes_no_deck(editor, store, url, data):
    before = count(store, "decks")
    assert editor.post_form(url, data).status_code == 400
    assert count(store, "decks") == before


def test_a_copy_from_the_new_deck_page(editor, store):
    response = editor.post_form("/decks/new/copy", {"deck": DECK_ID})
    assert response.status_code == 302
    deck_id = re.fullmatch(r"/decks/([^/]+)/edit", response.location).group(1)
    assert store.decks.get(deck_id)["derived_from"] == DECK_ID


def test_a_reviewer_cannot_make_decks_from_the_new_deck_page(reviewer, store):
    before = count(store, "decks")
    assert reviewer.http.get("/decks/new").status_code == 403
    assert reviewer.post_form("/decks/new", {"template": "education-session"}).status_code == 403
    assert count(store, "decks") == before


def test_only_the_owner_is_asked_and_the_editors_list_needs_a_sign_in(
    app, sign_in, store, deck_with_fft
):
    other = Editor(sign_in("another-physio"))
    assert "An approved step has changed" not in other.http.get(
        f"/decks/{deck_with_fft}/edit"
    ).get_data(as_text=True)
    review = other.http.get(f"/decks/{deck_with_fft}/approved-steps/updates")
    assert "Only the deck's owner can take or turn down" in review.get_data(as_text=True)
    assert "Update the deck to version" not in review.get_data(as_text=True)
    signed_out = app.test_client().get(
        f"/decks/{deck_with_fft}/approved-steps", headers={"Accept": "application/json"}
    )
    assert signed_out.status_code == 401
    assert other.http.get("/decks/no-such/approved-steps", headers=other.headers).status_code == 404


def test_an_imported_deck_file_keeps_its_copies_wording_or_is_refused(editor, store):
    (step,) = store.approved_steps.get("safety-slide").steps
    marked = {**step, "library": {"id": "safety-slide", "version": 1}}
    for body, status in (("Reworded.", 400), (step["body"], 302)):
        before = count(store, "decks")
        deck = {"title": "Imported", "steps": [{**marked, "body": body}]}
        response = editor.import_file(yaml.safe_dump(deck).encode(), filename="deck.yaml")
        assert response.status_code == status, response.get_data(as_text=True)
        assert count(store, "decks") == before + (status == 302)
    assert "Detach it from the library" in editor.import_file(
        yaml.safe_dump({"title": "X", "steps": [{**marked, "title": "Other"}]}).encode(),
        filename="deck.yaml",
    ).get_data(as_text=True)


def test_starting_again_keeps_the_library_as_it_was_changed(reviewer, store):
    assert change(reviewer, "fft", steps=fft_yaml(store, "Tell us how we did.")).status_code == 302
    rows = count(store, "approved_steps")
    seed_library(store, load_bundled_decks(store))
    assert count(store, "approved_steps") == rows
    assert store.approved_steps.get("fft").steps[0]["body"] == "Tell us how we did."
