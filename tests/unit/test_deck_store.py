"""Decks in the store: every save a version with who and when, sessions on the version they
started with, restoring, copies that keep their locked steps, archiving, and pictures."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sessions import authoring
from sessions.deck import deck_from_data, deck_to_data, dump_deck, parse_deck
from sessions.store import Store, StoreError
from sessions.store.pictures import NewImage
from tests.unit.conftest import SMALL_DECK


class Clock:
    def __init__(self):
        self.minute = 0

    def __call__(self) -> str:
        return f"2025-03-01T10:{self.minute:02d}:00+00:00"


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_setting, clock, back_pain_text, password_hash):
    store = Store(database_setting, clock=clock)
    store.decks.save("back-pain-1", back_pain_text, bundled=True)
    for name in ("ann", "bob"):
        store.accounts.create_user(name, password_hash, "facilitator")
    yield store
    store.close()


@pytest.fixture
def ann(store):
    return store.accounts.user_by_name("ann")["id"]


@pytest.fixture
def bob(store):
    return store.accounts.user_by_name("bob")["id"]


@pytest.fixture
def small_id(store, ann):
    return store.decks.create(SMALL_DECK, owner_id=ann)


def save(store, deck_id, author, *, title=None, data=None, rev=None):
    """Save a valid draft the way the editor does; returns the store's answer."""
    row = store.decks.for_editing(deck_id)
    data = data or row["draft"]
    if title:
        data = {**data, "title": title}
    found = authoring.problems(data, kept=row["kept"])
    yaml_text = None if found else dump_deck(deck_from_data(data))
    return store.decks.save_draft(
        deck_id,
        data,
        rev=row["draft_rev"] if rev is None else rev,
        author_id=author,
        yaml_text=yaml_text,
        problem_count=len(found),
    )


# Versions -----------------------------------------------------------------------------------------


def test_a_new_deck_is_version_one_by_its_owner(store, small_id, ann):
    (version,) = store.decks.versions(small_id)
    made = (version["version"], version["origin"], version["saved_by_name"])
    assert made == (1, "created", "ann")
    assert store.decks.get(small_id)["title"] == "Small class"


def test_saves_by_one_person_within_minutes_are_one_version(store, small_id, ann, clock):
    save(store, small_id, ann, title="One")
    clock.minute = 5
    reply = save(store, small_id, ann, title="Two")
    assert reply["version"] == 2
    assert [v["title"] for v in store.decks.versions(small_id)] == ["Two", "Small class"]


def test_a_save_after_the_window_starts_a_new_version(store, small_id, ann, clock):
    save(store, small_id, ann, title="One")
    clock.minute = 11
    assert save(store, small_id, ann, title="Two")["version"] == 3
    assert [v["title"] for v in store.decks.versions(small_id)] == ["Two", "One", "Small class"]


def test_a_save_by_someone_else_starts_a_new_version(store, small_id, ann, bob):
    save(store, small_id, ann, title="Ann's")
    save(store, small_id, bob, title="Bob's")
    versions = store.decks.versions(small_id)
    assert [(v["title"], v["saved_by_name"]) for v in versions] == [
        ("Bob's", "bob"),
        ("Ann's", "ann"),
        ("Small class", "ann"),
    ]


def test_a_session_keeps_the_version_it_started_with(store, small_id, ann):
    save(store, small_id, ann, title="Before the class")
    session = store.sessions.create(small_id, ann)
    save(store, small_id, ann, title="After the class")  # within the window, but used: new
    assert (
        store.sessions.get(session["id"])["deck_yaml"] == store.decks.version(small_id, 2)["yaml"]
    )
    store.sessions.forget_decks()  # and after a restart too
    assert store.sessions.deck_of(session["id"]).title == "Before the class"
    assert store.sessions.create(small_id, ann)["title"] == "After the class"
    versions = store.decks.versions(small_id)
    assert [(v["version"], v["sessions"]) for v in versions] == [(3, 1), (2, 1), (1, 0)]


def test_a_draft_with_problems_is_kept_but_sessions_use_the_last_good_version(store, small_id, ann):
    data = store.decks.for_editing(small_id)["draft"]
    data["title"] = ""
    reply = save(store, small_id, ann, data=data)
    assert reply["version"] == 1
    row = store.decks.for_editing(small_id)
    assert row["draft"]["title"] == ""
    assert row["draft_problems"] == 1
    assert parse_deck(row["yaml"]).title == "Small class"
    assert store.sessions.create(small_id, ann)["title"] == "Small class"


def test_a_save_based_on_an_old_revision_is_refused_and_changes_nothing(store, small_id, ann):
    save(store, small_id, ann, title="First")
    with pytest.raises(StoreError) as caught:
        save(store, small_id, ann, title="Stale", rev=0)
    assert caught.value.code == "conflict"
    assert store.decks.for_editing(small_id)["draft"]["title"] == "First"


def test_restoring_makes_an_old_version_the_latest_as_a_new_version(store, small_id, ann, bob):
    save(store, small_id, ann, title="Changed")
    assert store.decks.restore_version(small_id, 1, author_id=bob) == 3
    versions = store.decks.versions(small_id)
    assert [(v["version"], v["origin"], v["restored_from"]) for v in versions] == [
        (3, "restored", 1),
        (2, "edit", None),
        (1, "created", None),
    ]
    row = store.decks.for_editing(small_id)
    assert row["title"] == "Small class"
    assert row["draft"]["title"] == "Small class"
    assert row["draft_json"] is None


def test_a_version_that_does_not_exist_cannot_be_restored(store, small_id, ann):
    with pytest.raises(StoreError, match="no such version"):
        store.decks.restore_version(small_id, 9, author_id=ann)


def test_a_deck_saved_from_its_file_gets_a_version_when_the_file_changes(
    store, back_pain_text, back_pain
):
    assert [v["origin"] for v in store.decks.versions("back-pain-1")] == ["file"]
    changed = dump_deck(replace(back_pain, title="Back pain, revised"))
    store.decks.save("back-pain-1", changed, bundled=True)
    versions = store.decks.versions("back-pain-1")
    assert [(v["version"], v["title"]) for v in versions] == [
        (2, "Back pain, revised"),
        (1, "Making sense of back pain"),
    ]


# The bundled deck, copies and locked steps --------------------------------------------------------


def test_the_bundled_deck_cannot_be_saved_restored_or_archived(store, ann):
    for action in (
        lambda: save(store, "back-pain-1", ann, title="Mine"),
        lambda: store.decks.restore_version("back-pain-1", 1, author_id=ann),
        lambda: store.decks.set_archived("back-pain-1", True, by=ann),
    ):
        with pytest.raises(StoreError) as caught:
            action()
        assert caught.value.code == "read_only"


def test_a_copy_of_the_bundled_deck_keeps_its_safety_slide(store, ann):
    copy_id = store.decks.duplicate("back-pain-1", owner_id=ann)
    row = store.decks.for_editing(copy_id)
    assert row["title"] == "Copy of Making sense of back pain"
    assert row["derived_from"] == "back-pain-1"
    assert [k["id"] for k in row["kept"]] == ["safety"]
    assert store.decks.versions(copy_id)[0]["origin"] == "copied"
    data = row["draft"]
    data["steps"] = [s for s in data["steps"] if s["id"] != "safety"]
    reply = save(store, copy_id, ann, data=data)
    assert reply["version"] == 1  # nothing without the safety slide becomes a version
    assert parse_deck(store.decks.get(copy_id)["yaml"]).step_by_id("safety") is not None


def test_a_copy_of_a_copy_still_keeps_the_safety_slide(store, ann, bob):
    first = store.decks.duplicate("back-pain-1", owner_id=ann)
    second = store.decks.duplicate(first, owner_id=bob)
    assert [k["id"] for k in store.decks.for_editing(second)["kept"]] == ["safety"]
    assert store.decks.get(second)["title"] == "Copy of Copy of Making sense of back pain"


def test_a_restore_cannot_bring_back_a_version_without_a_kept_step(store, ann):
    copy_id = store.decks.duplicate("back-pain-1", owner_id=ann)
    data = deck_to_data(parse_deck(store.decks.get(copy_id)["yaml"]))
    data["steps"] = [s for s in data["steps"] if s["id"] != "safety"]
    data.pop("translations", None)  # its Welsh names the safety step's texts
    with store.database.write() as db:  # a version from before the rule, say
        db.execute(
            "INSERT INTO deck_versions (deck_id, version, yaml, title, step_count, origin,"
            " started_at, saved_at) VALUES (?, 2, ?, 'Old', 23, 'edit', 'x', 'x')",
            (copy_id, dump_deck(deck_from_data(data))),
        )
    with pytest.raises(StoreError, match="cannot be restored"):
        store.decks.restore_version(copy_id, 2, author_id=ann)


# The library --------------------------------------------------------------------------------------


def test_the_library_says_who_changed_each_deck_and_finds_by_words(store, small_id, bob):
    save(store, small_id, bob, title="Sleep and pain")
    entry = {d["id"]: d for d in store.library.search()}[small_id]
    assert (entry["updated_by_name"], entry["owner_name"], entry["version"]) == ("bob", "ann", 2)
    assert [d["id"] for d in store.library.search("sleep")] == [small_id]
    assert [d["id"] for d in store.library.search("back pain")] == ["back-pain-1"]
    assert store.library.search("%") == []
    assert store.library.search("_") == []


def test_an_archived_deck_leaves_the_library_and_the_list_to_start_from(store, small_id, ann):
    store.decks.set_archived(small_id, True, by=ann)
    assert small_id not in {d["id"] for d in store.library.search()}
    assert small_id not in {d["id"] for d in store.library.all()}
    assert [d["id"] for d in store.library.search(archived=True)] == [small_id]
    store.decks.set_archived(small_id, False, by=ann)
    assert small_id in {d["id"] for d in store.library.all()}


def test_a_trial_session_is_marked(store, small_id, ann):
    session = store.sessions.create(small_id, ann)
    store.sessions.mark_trial(session["id"])
    assert store.sessions.get(session["id"])["trial"] == 1


# Pictures -----------------------------------------------------------------------------------------


def picture(name="spine-0123456789.webp", widths=(480, 960, 1600)):
    return NewImage(name, 1600, 800, {w: f"{name}@{w}".encode() for w in widths})


def test_a_picture_is_kept_at_each_width_and_the_nearest_size_is_served(store, small_id, ann):
    store.decks.add_image(picture(), deck_id=small_id, by=ann)
    assert store.pictures.file("spine-0123456789.webp", 400)["width"] == 480
    assert store.pictures.file("spine-0123456789.webp", 961)["width"] == 1600
    assert store.pictures.file("spine-0123456789.webp", 5000)["width"] == 1600
    assert store.pictures.file("spine-0123456789.webp")["width"] == 960
    assert store.pictures.file("other.webp") is None
    assert [i["name"] for i in store.pictures.of_deck(small_id)] == ["spine-0123456789.webp"]
    assert store.pictures.get("spine-0123456789.webp")["widths"] == [480, 960, 1600]


def test_a_picture_name_is_never_taken_twice(store, small_id, ann):
    store.decks.add_image(picture(), deck_id=small_id, by=ann)
    with pytest.raises(StoreError) as caught:
        store.decks.add_image(picture(), deck_id=small_id, by=ann)
    assert caught.value.code == "conflict"


def test_a_copy_may_use_the_pictures_of_its_original(store, small_id, ann):
    store.decks.add_image(picture(), deck_id=small_id, by=ann)
    copy_id = store.decks.duplicate(small_id, owner_id=ann)
    assert [i["name"] for i in store.pictures.of_deck(copy_id)] == ["spine-0123456789.webp"]


def test_a_new_deck_and_its_pictures_are_stored_together_or_not_at_all(store, small_id, ann):
    store.decks.add_image(picture("taken.webp"), deck_id=small_id, by=ann)
    before = len(store.library.search())
    with pytest.raises(StoreError):
        store.decks.create(
            SMALL_DECK, owner_id=ann, new_images=[picture("fresh.webp"), picture("taken.webp")]
        )
    assert len(store.library.search()) == before
    assert store.pictures.get("fresh.webp") is None


def test_kept_steps_are_stored_as_given(store, ann):
    kept = [{"id": "safety", "kind": "slide", "title": "When to get help", "body": "Call 999."}]
    deck_id = store.decks.create(
        SMALL_DECK.replace("When to get help", "When to get help\n    body: Call 999."),
        owner_id=ann,
        kept=kept,
    )
    assert json.loads(store.decks.get(deck_id)["kept_steps"]) == kept


def test_an_older_database_gains_versions_for_the_decks_it_already_has(tmp_path, back_pain_text):
    from sqlite_utils import Database

    from sessions.migrations import migrations

    path = tmp_path / "old.db"
    old = Database(str(path))
    migrations.apply(old, stop_before="m007_deck_versions")
    old.execute(
        "INSERT INTO decks (id, title, description, yaml, step_count, bundled, updated_at)"
        " VALUES ('mine', 'Making sense of back pain', '', ?, 24, 0, '2024-01-01T09:00:00+00:00')",
        (back_pain_text,),
    )
    old.conn.commit()
    old.close()
    store = Store(str(path))
    try:
        (version,) = store.decks.versions("mine")
        assert (version["version"], version["origin"], version["title"]) == (
            1,
            "file",
            "Making sense of back pain",
        )
        assert store.decks.for_editing("mine")["draft"]["title"] == "Making sense of back pain"
        assert store.library.search()[0]["archived"] == 0
    finally:
        store.close()
