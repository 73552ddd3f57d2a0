"""The deck editor over HTTP: autosave and versions, validation with every problem, previews,
locked steps, and trying a deck out. A real store file, Flask's test client."""

from __future__ import annotations

import yaml

from sessions.deck import parse_deck
from tests.integration.editor_decks import every_kind

# Autosave and versions ----------------------------------------------------------------------------


def test_autosave_keeps_a_valid_draft_as_the_latest_version(editor, store):
    deck_id = editor.new_deck()
    response = editor.save(deck_id, every_kind())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["problems"] == []
    assert response.get_json()["version"] == 2
    assert parse_deck(store.decks.get(deck_id)["yaml"]).title == "Every kind"
    versions = editor.http.get(f"/decks/{deck_id}/versions").get_data(as_text=True)
    assert "Every kind" in versions
    assert "Edited" in versions
    assert "physio" in versions


def test_a_draft_with_mistakes_is_saved_with_every_problem_and_changes_no_version(editor, store):
    deck_id = editor.new_deck("Sleep")
    draft = every_kind()
    draft["steps"][1]["options"] = [{"id": "red", "label": ""}]
    draft["steps"][2]["correct"] = "maybe"
    draft["steps"][3]["max"] = 99
    response = editor.save(deck_id, draft)
    problems = response.get_json()["problems"]
    assert {(p["where"], p["problem"]) for p in problems} >= {
        ("steps[1].options", "a poll needs at least two options"),
        ("steps[2].correct", "'maybe' is not one of the options"),
        ("steps[3].max", "must be between 1 and 20 more than min"),
    }
    assert response.get_json()["version"] == 1
    assert editor.draft(deck_id)["draft"]["steps"][2]["correct"] == "maybe"  # nothing lost
    assert parse_deck(store.decks.get(deck_id)["yaml"]).title == "Sleep"


def test_checking_as_you_type_gives_the_loaders_messages_without_saving(editor, store):
    deck_id = editor.new_deck("Sleep")
    response = editor.check(deck_id, {"title": "T", "steps": [{"id": "Bad", "kind": "poll"}]})
    assert [f"{p['where']}: {p['problem']}" for p in response.get_json()["problems"]] == [
        "steps[0].id: needs a short id of lowercase letters, digits and hyphens (at most 40)",
        "steps[0].title: is required",
        "steps[0].options: a poll needs at least two options",
    ]
    assert editor.draft(deck_id)["draft"]["title"] == "Sleep"


def test_a_save_from_a_stale_page_is_refused_as_a_conflict(editor):
    deck_id = editor.new_deck()
    first = editor.save(deck_id, every_kind(), rev=0)
    assert first.status_code == 200
    stale = editor.save(deck_id, {**every_kind(), "title": "Stale tab"}, rev=0)
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "conflict"
    assert editor.draft(deck_id)["draft"]["title"] == "Every kind"


def test_a_session_runs_the_version_it_started_with_and_a_version_can_be_restored(
    editor, store, sign_in
):
    deck_id = editor.new_deck()
    editor.save(deck_id, every_kind())
    user = store.accounts.user_by_name("physio")
    session = store.sessions.create(deck_id, user["id"])
    editor.save(deck_id, {**every_kind(), "title": "Renamed"})
    assert store.sessions.deck_of(session["id"]).title == "Every kind"
    assert store.sessions.create(deck_id, user["id"])["title"] == "Renamed"
    response = editor.post_form(f"/decks/{deck_id}/versions/2/restore")
    assert response.status_code == 302
    assert parse_deck(store.decks.get(deck_id)["yaml"]).title == "Every kind"
    page = editor.http.get(f"/decks/{deck_id}/versions").get_data(as_text=True)
    assert "Restored from version 2" in page
    old = editor.http.get(f"/decks/{deck_id}/versions/3.yaml")
    assert yaml.safe_load(old.get_data(as_text=True))["title"] == "Renamed"


def test_the_bundled_deck_is_read_only_and_a_copy_keeps_its_safety_slide(editor, store):
    response = editor.save("back-pain-1", {"title": "Mine", "steps": []})
    assert response.status_code == 403
    page = editor.http.get("/decks/back-pain-1/edit").get_data(as_text=True)
    assert 'data-read-only="1"' in page
    assert "Duplicate to tailor" in page
    copied = editor.post_form("/decks/back-pain-1/duplicate")
    copy_id = copied.location.split("/")[2]
    data = editor.draft(copy_id)
    assert data["kept"] == ["safety"]
    without = {**data["draft"], "steps": [s for s in data["draft"]["steps"] if s["id"] != "safety"]}
    reply = editor.save(copy_id, without).get_json()
    assert reply["problems"] == [
        {
            "where": "steps",
            "problem": "the locked step 'When to get help' cannot be removed: put it back",
        }
    ]
    assert parse_deck(store.decks.get(copy_id)["yaml"]).step_by_id("safety").locked


def test_a_preview_gives_each_audience_its_view_of_one_step(editor):
    deck_id = editor.new_deck()
    quiz = every_kind()["steps"][2]
    response = editor.http.post(
        f"/decks/{deck_id}/preview", json={"step": quiz, "index": 2}, headers=editor.headers
    )
    views = response.get_json()["views"]
    assert views["facilitator"]["correct"] == ["myth"]
    assert "correct" not in views["participant"]
    assert "correct" not in views["screen"]
    assert "explanation" not in views["participant"]
    slide = every_kind()["steps"][0]
    response = editor.http.post(
        f"/decks/{deck_id}/preview", json={"step": slide, "index": 0}, headers=editor.headers
    )
    body = response.get_json()["views"]["screen"]["body_html"]
    assert body == "<p>Hello <strong>all</strong>.</p>\n"
    broken = editor.http.post(
        f"/decks/{deck_id}/preview",
        json={"step": {"kind": "poll"}, "index": 4},
        headers=editor.headers,
    )
    assert [p["where"] for p in broken.get_json()["problems"]][0] == "steps[4].id"


def test_a_plans_preview_shows_the_drafts_safety_reminder(editor):
    deck_id = editor.new_deck()
    plan = {"id": "plan", "kind": "plan", "title": "My plan"}
    for safety, reminder in (
        ({"plan_reminder": "Tell someone before you try a new exercise."}, "Tell someone"),
        (None, "If you are worried about your health"),
        ({"red_flags": "no-such-list"}, "If you are worried about your health"),
    ):
        response = editor.http.post(
            f"/decks/{deck_id}/preview",
            json={"step": plan, "index": 0, "safety": safety},
            headers=editor.headers,
        )
        assert response.get_json()["views"]["participant"]["safety"].startswith(reminder)


def test_try_it_starts_a_test_session_a_participant_can_join(editor, store, join):
    deck_id = editor.new_deck()
    editor.save(deck_id, every_kind())
    response = editor.post_form(f"/decks/{deck_id}/try")
    assert response.status_code == 302
    session_id = response.location.rsplit("/", 1)[1]
    row = store.sessions.get(session_id)
    assert row["trial"] == 1
    assert row["title"] == "Every kind"
    assert row["mode"] == "group"
    page = editor.http.get(response.location).get_data(as_text=True)
    assert f"/join?code={row['code']}" in page
    assert f"/console/{session_id}" in page
    person = join(row, name="Me testing")
    assert person.connected
