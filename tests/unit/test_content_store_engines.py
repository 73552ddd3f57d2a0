"""Decks, their versions, the deck library, approvals, approved steps, pictures and demo
sessions, on SQLite and on PostgreSQL: these parts speak only through the database's portable
calls, so each behaves the same on either engine."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sessions import authoring
from sessions.approved_steps import ApprovedStep
from sessions.deck import deck_from_data, dump_deck
from sessions.store import StoreError
from sessions.store import deck_version_rows as version_rows
from sessions.store.pictures import NewImage
from tests.store_engines import CLOCK, engine_store, pg_url  # noqa: F401  (fixtures)
from tests.unit.conftest import SMALL_DECK


@pytest.fixture
def store(engine_store) -> Any:  # noqa: F811
    return engine_store


@pytest.fixture
def ann(store) -> dict[str, Any]:
    return add_user(store, "u-ann", "ann")


@pytest.fixture
def rita(store) -> dict[str, Any]:
    return add_user(store, "u-rita", "rita")


@pytest.fixture
def deck_id(store, ann) -> str:
    return store.decks.create(SMALL_DECK, owner_id=ann["id"])


# Rows of parts that are not ported yet, written with the portable insert ----------------------


def add_user(store, user_id: str, name: str) -> dict[str, Any]:
    row = {"id": user_id, "username": name, "password_hash": "x", "role": "facilitator"}
    store.database.insert("users", {**row, "created_at": CLOCK})
    return {"id": user_id, "username": name}


def add_session(store, session_id: str, deck_id: str, *, facilitator: str) -> None:
    yaml_text = store.decks.get(deck_id)["yaml"]
    store.database.insert(
        "sessions",
        {
            "id": session_id,
            "deck_id": deck_id,
            "title": "Class",
            "deck_yaml": yaml_text,
            "code": session_id[-4:],
            "screen_key": f"screen-{session_id}",
            "facilitator_id": facilitator,
            "min_responses": 3,
            "created_at": CLOCK,
        },
    )


def save(store, deck_id: str, author: str, *, title: str) -> dict[str, Any]:
    """Save a valid draft under a new title, the way the editor does."""
    row = store.decks.for_editing(deck_id)
    data = {**row["draft"], "title": title}
    assert authoring.problems(data, kept=row["kept"]) == []
    return store.decks.save_draft(
        deck_id,
        data,
        rev=row["draft_rev"],
        author_id=author,
        yaml_text=dump_deck(deck_from_data(data)),
        problem_count=0,
    )


def picture(name: str) -> NewImage:
    return NewImage(
        name=name, width=640, height=480, files={160: b"small", 320: b"middle", 640: b"large"}
    )


def step_entry(version: int, title: str) -> ApprovedStep:
    step = {"id": "red-flags", "kind": "slide", "title": title, "locked": True}
    return ApprovedStep(
        id="red-flags", version=version, title=title, description="When to get help", steps=(step,)
    )


# Decks ----------------------------------------------------------------------------------------


def test_a_deck_from_a_file_is_saved_once_and_gets_its_first_version(store):
    saved = store.decks.save("small", SMALL_DECK)
    store.decks.save("small", SMALL_DECK)  # the same text again changes nothing
    row = store.decks.get("small")
    assert (row["title"], row["step_count"], row["bundled"]) == (saved.title, 9, 0)
    (version,) = store.decks.versions("small")
    assert (version["version"], version["origin"], version["sessions"]) == (1, "file", 0)
    assert store.decks.latest_version("small")["yaml"] == SMALL_DECK
    assert store.decks.get("nothing") is None


def test_a_changed_deck_file_becomes_the_next_version(store):
    store.decks.save("small", SMALL_DECK)
    store.decks.save("small", SMALL_DECK.replace("Small class", "Bigger class"), bundled=True)
    assert [v["title"] for v in store.decks.versions("small")] == ["Bigger class", "Small class"]
    assert store.decks.get("small")["bundled"] == 1


def test_a_created_deck_is_version_one_by_its_owner(store, deck_id):
    (version,) = store.decks.versions(deck_id)
    assert (version["version"], version["origin"], version["saved_by_name"]) == (
        1,
        "created",
        "ann",
    )
    editing = store.decks.for_editing(deck_id)
    assert (editing["version"], editing["draft"]["title"], editing["kept"]) == (
        1,
        "Small class",
        [],
    )


def test_a_copy_keeps_the_locked_steps_and_pictures_of_its_original(store, ann):
    original = store.decks.create(
        SMALL_DECK, owner_id=ann["id"], new_images=[picture("welcome.webp")]
    )
    copy_id = store.decks.duplicate(original, owner_id=ann["id"])
    copy = store.decks.get(copy_id)
    assert (copy["title"], copy["derived_from"]) == ("Copy of Small class", original)
    assert [k["id"] for k in json.loads(copy["kept_steps"])] == ["safety"]
    assert [p["name"] for p in store.pictures.of_deck(copy_id)] == ["welcome.webp"]
    assert store.decks.versions(copy_id)[0]["origin"] == "copied"


def test_a_draft_save_extends_the_authors_version_until_a_session_runs_it(store, deck_id, ann):
    assert save(store, deck_id, ann["id"], title="Second")["version"] == 2
    assert save(store, deck_id, ann["id"], title="Third")["version"] == 2  # extended
    add_session(store, "session-1", deck_id, facilitator=ann["id"])
    saved = save(store, deck_id, ann["id"], title="Fourth")
    assert (saved["version"], saved["rev"], saved["saved_at"]) == (3, 3, CLOCK)
    versions = store.decks.versions(deck_id)
    assert [(v["version"], v["title"], v["sessions"]) for v in versions] == [
        (3, "Fourth", 0),
        (2, "Third", 1),
        (1, "Small class", 0),
    ]
    assert store.decks.version(deck_id, 2)["origin"] == "edit"
    assert store.decks.version(deck_id, 9) is None


def test_a_draft_saved_over_a_newer_one_is_refused_and_nothing_changes(store, deck_id, ann):
    save(store, deck_id, ann["id"], title="Second")
    with pytest.raises(StoreError, match="changed somewhere else") as refused:
        store.decks.save_draft(
            deck_id, {"title": "Stale"}, rev=0, author_id=ann["id"], yaml_text=None, problem_count=1
        )
    assert refused.value.code == "conflict"
    row = store.decks.for_editing(deck_id)
    assert (row["draft_rev"], row["draft"]["title"], row["version"]) == (1, "Second", 2)


def test_an_unfinished_draft_is_kept_without_a_version(store, deck_id, ann):
    saved = store.decks.save_draft(
        deck_id, {"title": ""}, rev=0, author_id=ann["id"], yaml_text=None, problem_count=2
    )
    assert saved["version"] == 1
    row = store.decks.for_editing(deck_id)
    assert (row["draft"], row["draft_problems"]) == ({"title": ""}, 2)


def test_restoring_a_version_makes_it_the_newest_and_drops_the_draft(store, deck_id, ann):
    save(store, deck_id, ann["id"], title="Second")
    assert store.decks.restore_version(deck_id, 1, author_id=ann["id"]) == 3
    restored = store.decks.latest_version(deck_id)
    assert (restored["origin"], restored["restored_from"], restored["title"]) == (
        "restored",
        1,
        "Small class",
    )
    row = store.decks.get(deck_id)
    assert (row["title"], row["draft_json"], row["draft_rev"]) == ("Small class", None, 2)


def test_restoring_a_version_that_is_not_there_is_refused(store, deck_id, ann):
    with pytest.raises(StoreError, match="no such version"):
        store.decks.restore_version(deck_id, 7, author_id=ann["id"])
    assert len(store.decks.versions(deck_id)) == 1


def test_replacing_a_decks_text_adds_a_version_inside_the_callers_write(store, deck_id, ann):
    renamed = SMALL_DECK.replace("Small class", "Replaced")
    with store.database.write():
        number = store.decks.replace_in(deck_id, renamed, origin="library", by=ann["id"])
    assert number == 2
    assert store.decks.get(deck_id)["title"] == "Replaced"
    assert store.decks.latest_version(deck_id)["origin"] == "library"


def test_a_failed_write_undoes_the_replaced_text_with_the_rest(store, deck_id, ann):
    renamed = SMALL_DECK.replace("Small class", "Replaced")
    with pytest.raises(RuntimeError):
        replace_then_fail(store, deck_id, renamed, by=ann["id"])
    assert store.decks.get(deck_id)["title"] == "Small class"
    assert len(store.decks.versions(deck_id)) == 1


def replace_then_fail(store, deck_id: str, yaml_text: str, *, by: str) -> None:
    with store.database.write():
        store.decks.replace_in(deck_id, yaml_text, origin="library", by=by)
        raise RuntimeError("the caller's later step failed")


def test_a_deck_is_archived_and_brought_back(store, deck_id, ann):
    store.decks.set_archived(deck_id, True, by=ann["id"])
    assert store.decks.get(deck_id)["archived"] == 1
    assert deck_id not in [d["id"] for d in store.library.all()]
    store.decks.set_archived(deck_id, False, by=ann["id"])
    assert deck_id in [d["id"] for d in store.library.all()]


def test_a_bundled_deck_cannot_be_archived_or_edited(store, ann):
    store.decks.save("small", SMALL_DECK, bundled=True)
    with pytest.raises(StoreError, match="cannot be archived"):
        store.decks.set_archived("small", True, by=ann["id"])
    with pytest.raises(StoreError, match="cannot be changed"):
        save(store, "small", ann["id"], title="Mine")
    assert store.decks.get("small")["archived"] == 0


def test_a_deck_that_is_not_there_is_not_found(store, ann):
    with pytest.raises(StoreError, match="no such deck"):
        store.decks.versions("nothing")
    with pytest.raises(StoreError, match="no such deck"):
        store.decks.duplicate("nothing", owner_id=ann["id"])


def test_the_newest_version_row_is_read_inside_a_write(store, deck_id):
    with store.database.write():
        assert version_rows.latest_version_in(store.database, deck_id)["version"] == 1
        with pytest.raises(StoreError, match="no versions"):
            version_rows.latest_version_in(store.database, "nothing")


# The deck library -----------------------------------------------------------------------------


def test_the_library_search_is_blind_to_case_and_takes_wildcards_literally(store, ann):
    store.decks.save("small", SMALL_DECK, bundled=True)
    store.decks.create(SMALL_DECK.replace("Small class", "apple 50% off"), owner_id=ann["id"])
    archived = store.decks.create(SMALL_DECK.replace("Small class", "Old"), owner_id=ann["id"])
    store.decks.set_archived(archived, True, by=ann["id"])
    assert [d["title"] for d in store.library.search()] == ["Small class", "apple 50% off"]
    assert [d["title"] for d in store.library.search("SMALL")] == ["Small class"]
    assert [d["title"] for d in store.library.search("50%")] == ["apple 50% off"]
    assert store.library.search("5_%") == []
    assert [d["title"] for d in store.library.search(archived=True)] == ["Old"]


def test_a_library_entry_has_its_latest_version_and_who_made_it(store, deck_id, ann, rita):
    save(store, deck_id, ann["id"], title="Second")
    store.approvals.approve(deck_id, 2, user=rita)
    entry = store.library.entry(deck_id)
    assert (entry["version"], entry["owner_name"], entry["updated_by_name"]) == (2, "ann", "ann")
    assert (entry["approver_name"], entry["approved_at"]) == ("rita", CLOCK)
    (listed,) = store.library.all()
    assert (listed["title"], listed["approver_name"]) == ("Second", "rita")
    assert store.library.entry("nothing") is None


# Approvals ------------------------------------------------------------------------------------


def test_an_approval_is_of_the_newest_version_and_audited(store, deck_id, rita):
    assert not store.approvals.is_approved(deck_id)
    assert store.approvals.approve(deck_id, 1, user=rita) == CLOCK
    assert store.approvals.is_approved(deck_id)
    assert store.approvals.latest(deck_id)["approved_by"] == "u-rita"
    yaml_text = store.decks.get(deck_id)["yaml"]
    assert store.approvals.of_text(deck_id, yaml_text) == {
        "version": 1,
        "approver_name": "rita",
        "approved_at": CLOCK,
    }
    assert store.approvals.of_text(deck_id, "other text") is None
    entries, _ = store.audit.entries(action="deck.approve")
    assert [(e["target"], e["detail"]) for e in entries] == [(f"deck {deck_id}", "version 1")]


def test_approving_an_old_version_is_refused_and_nothing_is_audited(store, deck_id, ann, rita):
    save(store, deck_id, ann["id"], title="Second")
    with pytest.raises(StoreError, match="no longer the one to approve"):
        store.approvals.approve(deck_id, 1, user=rita)
    assert store.decks.version(deck_id, 1)["approved_at"] is None
    assert store.audit.entries(action="deck.approve") == ([], 0)


# Approved steps -------------------------------------------------------------------------------


def test_seeding_adds_an_approved_step_only_once(store):
    store.approved_steps.seed([step_entry(1, "Red flags")])
    store.approved_steps.seed([step_entry(1, "Changed in the bundled deck")])
    assert store.approved_steps.get("red-flags") == step_entry(1, "Red flags")
    assert store.approved_steps.row("red-flags", 1)["note"] == "From the bundled deck"
    assert store.approved_steps.get("red-flags", 2) is None


def test_a_new_approved_step_version_is_kept_audited_and_listed_by_name(store, rita):
    store.approved_steps.seed([step_entry(1, "Red flags"), replace_id(step_entry(1, "alpha"))])
    newer = step_entry(2, "Red flags, shorter")
    assert store.approved_steps.add_version(newer, after=1, note="Shorter", user=rita) == 2
    assert [r["title"] for r in store.approved_steps.latest()] == ["alpha", "Red flags, shorter"]
    assert store.approved_steps.latest_versions() == {"alpha": 1, "red-flags": 2}
    assert store.approved_steps.get("red-flags") == newer
    history = store.approved_steps.history("red-flags")
    assert [(h["version"], h["saved_by_name"]) for h in history] == [(2, "rita"), (1, None)]
    entries, _ = store.audit.entries(action="library.step")
    assert entries[0]["detail"] == "version 2"


def test_an_approved_step_version_after_an_old_one_is_refused(store, rita):
    store.approved_steps.seed([step_entry(1, "Red flags")])
    store.approved_steps.add_version(step_entry(2, "Second"), after=1, note="", user=rita)
    with pytest.raises(StoreError, match="changed by someone else"):
        store.approved_steps.add_version(step_entry(2, "Clash"), after=1, note="", user=rita)
    assert [h["title"] for h in store.approved_steps.history("red-flags")] == [
        "Second",
        "Red flags",
    ]


def test_an_owner_keeps_the_old_approved_step_and_it_is_audited(store, deck_id, ann):
    store.approved_steps.keep_old(deck_id, "red-flags", 2, user=ann)
    store.approved_steps.keep_old(deck_id, "red-flags", 2, user=ann)  # asked twice: kept once
    store.approved_steps.keep_old(deck_id, "red-flags", 3, user=ann)
    assert store.approved_steps.kept(deck_id) == {"red-flags": 3}
    _, total = store.audit.entries(action="deck.library_keep")
    assert total == 3


def test_a_deck_is_brought_up_to_an_approved_step_as_a_new_version(store, deck_id, ann):
    renamed = SMALL_DECK.replace("Small class", "Updated")
    rev = store.decks.get(deck_id)["draft_rev"]
    entry = step_entry(2, "Red flags")
    number = store.approved_steps.update_deck(deck_id, renamed, rev=rev, entry=entry, user=ann)
    assert number == 2
    assert store.decks.latest_version(deck_id)["origin"] == "library"
    entries, _ = store.audit.entries(action="deck.library_update")
    assert entries[0]["detail"] == "red-flags updated to version 2, as deck version 2"


def test_bringing_up_a_deck_changed_since_is_refused_and_nothing_changes(store, deck_id, ann):
    renamed = SMALL_DECK.replace("Small class", "Updated")
    entry = step_entry(2, "Red flags")
    with pytest.raises(StoreError, match="changed since you opened"):
        store.approved_steps.update_deck(deck_id, renamed, rev=5, entry=entry, user=ann)
    with pytest.raises(StoreError, match="changed since you opened"):
        store.approved_steps.update_deck("nothing", renamed, rev=0, entry=entry, user=ann)
    assert store.decks.get(deck_id)["title"] == "Small class"
    assert store.audit.entries(action="deck.library_update") == ([], 0)


def replace_id(entry: ApprovedStep) -> ApprovedStep:
    return ApprovedStep(
        id=entry.title, version=1, title=entry.title, description="", steps=entry.steps
    )


# Pictures -------------------------------------------------------------------------------------


def test_a_picture_is_kept_at_each_width_and_served_by_size(store, deck_id, ann):
    store.decks.add_image(picture("knee.webp"), deck_id=deck_id, by=ann["id"])
    assert store.pictures.existing(["knee.webp", "elbow.webp"]) == {"knee.webp"}
    assert store.pictures.get("knee.webp") == {
        "name": "knee.webp",
        "width": 640,
        "height": 480,
        "widths": [160, 320, 640],
    }
    assert store.pictures.widths("knee.webp") == [160, 320, 640]
    assert store.pictures.widths("elbow.webp") == []
    assert [p["name"] for p in store.pictures.of_deck(deck_id)] == ["knee.webp"]
    assert store.pictures.file("knee.webp", 200)["data"] == b"middle"
    assert store.pictures.file("knee.webp", 2000)["data"] == b"large"
    assert store.pictures.file("knee.webp") == {
        "name": "knee.webp",
        "width": 320,
        "mime": "image/webp",
        "data": b"middle",
    }
    assert store.pictures.file("elbow.webp") is None
    assert store.pictures.get("elbow.webp") is None


def test_a_picture_name_already_kept_is_refused_and_nothing_changes(store, deck_id, ann):
    store.decks.add_image(picture("knee.webp"), deck_id=deck_id, by=ann["id"])
    other = store.decks.create(SMALL_DECK, owner_id=ann["id"])
    again = NewImage(name="knee.webp", width=10, height=10, files={10: b"other"})
    with pytest.raises(StoreError, match="already kept") as refused:
        store.decks.add_image(again, deck_id=other, by=ann["id"])
    assert refused.value.code == "conflict"
    assert store.pictures.of_deck(other) == []
    assert store.pictures.file("knee.webp", 10)["data"] == b"small"
    with pytest.raises(StoreError, match="no such deck"):
        store.decks.add_image(picture("elbow.webp"), deck_id="nothing", by=ann["id"])
    assert store.pictures.existing(["elbow.webp"]) == set()


def test_a_deck_made_with_a_picture_already_kept_is_not_made(store, deck_id, ann):
    store.decks.add_image(picture("knee.webp"), deck_id=deck_id, by=ann["id"])
    with pytest.raises(StoreError, match="already kept"):
        store.decks.create(SMALL_DECK, owner_id=ann["id"], new_images=[picture("knee.webp")])
    assert [d["id"] for d in store.library.all()] == [deck_id]


# Demo sessions --------------------------------------------------------------------------------


def test_demo_sessions_are_removed_and_sessions_that_ran_are_kept(store, deck_id, ann):
    for session_id in ("demo-1", "demo-2", "real-1"):
        add_session(store, session_id, deck_id, facilitator=ann["id"])
    store.demo.mark("demo-1")
    store.demo.mark("demo-2")
    store.database.insert(
        "participants",
        {"id": "p-1", "session_id": "demo-1", "token_hash": "t", "name": "Sam", "joined_at": CLOCK},
    )
    assert store.demo.count() == 2
    assert store.demo.remove_all() == 2
    assert store.demo.count() == 0
    assert [r["id"] for r in store.database.rows("SELECT id FROM sessions")] == ["real-1"]
    assert store.database.rows("SELECT id FROM participants") == []
    assert store.demo.remove_all() == 0
