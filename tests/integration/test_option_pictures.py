"""Pictures as options over HTTP: the editor saves a deck whose options show uploaded pictures,
refuses an option picture without its description (saving no version), a class offers the phone
each option picture's sizes, and a zip export carries a picture only an option uses."""

from __future__ import annotations

import io
import zipfile

from sessions.deck import parse_deck
from tests.integration.editor_decks import every_kind, png

PICTURE_STEPS = ("poll", "quiz", "order", "share")  # a poll, a quiz, a ranking and points


def with_option_pictures(first: str, second: str) -> dict:
    """Every kind, the first two options of each choosing kind showing a picture."""
    draft = every_kind()
    for step in draft["steps"]:
        if step["id"] in PICTURE_STEPS:
            step["options"][0]["image"] = {"src": first, "alt": "Lifting with bent knees"}
            step["options"][1]["image"] = {"src": second, "alt": "Lifting with a bent back"}
    return draft


def two_pictures(editor, deck_id) -> list[dict]:
    return [
        editor.upload(deck_id, png(size), filename=f"lift-{n}.png").get_json()["image"]
        for n, size in enumerate(((800, 600), (600, 800)))
    ]


def test_the_editor_saves_option_pictures_and_every_preview_offers_their_sizes(editor, store):
    deck_id = editor.new_deck()
    first, second = two_pictures(editor, deck_id)
    draft = with_option_pictures(first["name"], second["name"])
    saved = editor.save(deck_id, draft).get_json()
    assert saved["problems"] == []
    deck = parse_deck(store.decks.get(deck_id)["yaml"])
    for step_id in PICTURE_STEPS:
        options = deck.step_by_id(step_id).fields["options"]
        assert [o.get("image", {}).get("src") for o in options] == [first["name"], second["name"]]
    index = next(i for i, s in enumerate(draft["steps"]) if s["id"] == "order")
    views = editor.http.post(
        f"/decks/{deck_id}/preview",
        json={"step": draft["steps"][index], "index": index},
        headers=editor.headers,
    ).get_json()["views"]
    assert set(views) == {"participant", "screen", "facilitator"}
    for view in views.values():
        pictured = view["options"][0]["image"]
        assert pictured["srcset"] == first["srcset"]
        assert pictured["alt"] == "Lifting with bent knees"


def test_an_option_picture_without_a_description_or_unknown_is_a_problem_and_no_version(
    editor, store
):
    deck_id = editor.new_deck()
    first, second = two_pictures(editor, deck_id)
    before = store.decks.get(deck_id)["yaml"]
    draft = with_option_pictures(first["name"], second["name"])
    del draft["steps"][1]["options"][1]["image"]["alt"]  # the poll
    draft["steps"][11]["options"][0]["image"]["src"] = "nowhere.png"  # the ranking
    draft["steps"][12]["options"][1]["image"]["alt"] = ""  # the points
    problems = editor.save(deck_id, draft).get_json()["problems"]
    assert problems == [
        {"where": "steps[1].options[1].image.alt", "problem": "is required"},
        {
            "where": "steps[11].options[0].image.src",
            "problem": "there is no picture called nowhere.png with this deck",
        },
        {"where": "steps[12].options[1].image.alt", "problem": "must not be empty"},
    ]
    assert store.decks.get(deck_id)["yaml"] == before


def test_a_phone_in_a_class_is_offered_every_size_of_an_option_picture(editor, start_session, join):
    deck_id = editor.new_deck()
    first, second = two_pictures(editor, deck_id)
    assert (
        editor.save(deck_id, with_option_pictures(first["name"], second["name"])).get_json()[
            "problems"
        ]
        == []
    )
    console = start_session(deck_id)
    phone = join(console.session)
    assert console.emit("goto", {"index": 1})["ok"]
    options = phone.last("snapshot")["step"]["options"]
    assert [o["image"]["srcset"] for o in options] == [first["srcset"], second["srcset"]]
    assert console.last("snapshot")["step"]["options"][0]["image"]["url"] == first["url"]


def test_a_zip_export_carries_pictures_only_options_use_and_an_import_renames_them(editor, store):
    deck_id = editor.new_deck()
    first, second = two_pictures(editor, deck_id)
    editor.save(deck_id, with_option_pictures(first["name"], second["name"]))
    exported = editor.http.get(f"/decks/{deck_id}/export.zip").data
    assert set(zipfile.ZipFile(io.BytesIO(exported)).namelist()) == {
        "deck.yaml",
        "talkback.json",
        f"media/{first['name']}",
        f"media/{second['name']}",
    }
    response = editor.import_file(exported)  # into the same database: both names are taken
    assert response.status_code == 302, response.get_data(as_text=True)
    new_id = response.location.split("/")[2]
    imported = parse_deck(store.decks.get(new_id)["yaml"])
    for step_id in PICTURE_STEPS:
        first_src, second_src = (
            o["image"]["src"] for o in imported.step_by_id(step_id).fields["options"][:2]
        )
        assert first_src not in (first["name"], second["name"])
        assert first_src.startswith("lift-0-")
        assert second_src.startswith("lift-1-")
        assert store.pictures.get(first_src) is not None
    assert sorted(i["name"] for i in store.pictures.of_deck(new_id)) == sorted(
        {o["image"]["src"] for o in imported.step_by_id("poll").fields["options"][:2]}
    )


def test_a_self_paced_phone_is_offered_option_pictures_and_a_quiz_keeps_them_once_answered(
    editor, start_session, join, store
):
    deck_id = editor.new_deck()
    first, second = two_pictures(editor, deck_id)
    editor.save(deck_id, with_option_pictures(first["name"], second["name"]))
    start_session(deck_id)
    row = store.sessions.create(
        deck_id,
        store.accounts.user_by_name("physio")["id"],
        mode="self-paced",
        closes_at="2999-01-01T00:00:00+00:00",
    )
    phone = join(row)
    for _ in range(2):  # to the quiz, past the slide and the poll
        phone.emit("next")
    step = phone.emit("snapshot")["snapshot"]["step"]
    assert step["id"] == "quiz"
    assert [o["image"]["srcset"] for o in step["options"]] == [first["srcset"], second["srcset"]]
    phone.received()
    assert phone.emit("answer", step_id="quiz", value="fact", id="q")["ok"]
    step = phone.last("snapshot")["step"]
    assert step["correct"] == ["myth"]
    assert step["options"][1]["image"]["alt"] == "Lifting with a bent back"
