"""Deck export and import over HTTP: an export imports as the same deck, and a bad upload is
refused with every problem and changes nothing. A real store file, Flask's test client."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml
from PIL import Image

from app import create_app, realtime_of
from sessions.deck import deck_to_data, parse_deck
from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD, Editor, csrf_token, scalar
from tests.integration.editor_decks import every_kind, gif, png

# Export and import --------------------------------------------------------------------------------


def decks_and_images(store) -> tuple[int, int]:
    return (
        scalar(store, "SELECT count(*) FROM decks"),
        scalar(store, "SELECT count(*) FROM images"),
    )


def test_an_exported_deck_imports_into_a_clean_database_as_the_same_deck(editor, tmp_path):
    deck_id = editor.new_deck()
    image = editor.upload(deck_id, png()).get_json()["image"]
    editor.save(deck_id, every_kind(image_src=image["name"]))
    exported = editor.http.get(f"/decks/{deck_id}/export.zip")
    assert exported.mimetype == "application/zip"
    assert set(zipfile.ZipFile(io.BytesIO(exported.data)).namelist()) == {
        "deck.yaml",
        "talkback.json",
        f"media/{image['name']}",
    }
    original_yaml = editor.http.get(f"/decks/{deck_id}/export.yaml").get_data(as_text=True)

    clean = create_app(
        {"DATABASE": str(tmp_path / "clean.db"), "SECRET_KEY": "other", "TESTING": True}
    )
    try:
        other = realtime_of(clean).store
        other.accounts.create_user("newcomer", hash_password(FACILITATOR_PASSWORD), "facilitator")
        http = clean.test_client()
        http.post(
            "/signin",
            data={
                "username": "newcomer",
                "password": FACILITATOR_PASSWORD,
                "csrf_token": csrf_token(http.get("/signin").get_data(as_text=True)),
            },
        )
        newcomer = Editor(http)
        response = newcomer.import_file(exported.data)
        assert response.status_code == 302, response.get_data(as_text=True)
        new_id = response.location.split("/")[2]
        assert other.decks.get(new_id)["yaml"] == original_yaml
        assert parse_deck(original_yaml) == parse_deck(other.decks.get(new_id)["yaml"])
        served = http.get(f"/media/{image['name']}?w=480")
        assert Image.open(io.BytesIO(served.data)).size == (480, 240)
        assert [i["name"] for i in other.pictures.of_deck(new_id)] == [image["name"]]
        assert other.decks.versions(new_id)[0]["origin"] == "imported"
    finally:
        realtime_of(clean).store.close()


def test_a_yaml_export_imports_too_and_a_reimport_renames_nothing_it_need_not(editor, store):
    text = editor.http.get("/decks/back-pain-1/export.yaml").get_data(as_text=True)
    response = editor.import_file(text.encode(), filename="back-pain.yaml")
    new_id = response.location.split("/")[2]
    imported = deck_to_data(parse_deck(store.decks.get(new_id)["yaml"]))
    bundled = deck_to_data(parse_deck(store.decks.get("back-pain-1")["yaml"]))
    # Everything comes across but the file's approval: an import is approved here, again.
    for key in ("approved_by", "approved_on"):
        assert key not in imported["governance"]
        del bundled["governance"][key]
    assert imported == bundled
    # The safety slide, word for word the bundled deck's, is kept by the imported deck too.
    assert editor.draft(new_id)["kept"] == ["safety"]


def broken_deck_yaml() -> str:
    data = every_kind()
    data["steps"][1]["options"] = [{"id": "red", "label": "Red"}]
    data["steps"][4]["max_words"] = 99
    data["steps"][7]["cards"] = []
    return yaml.safe_dump(data)


def test_an_upload_with_mistakes_lists_every_one_with_its_step_and_field_and_imports_nothing(
    editor, store
):
    before = decks_and_images(store)
    response = editor.import_file(broken_deck_yaml().encode(), filename="mine.yaml")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was imported from mine.yaml" in page
    for where, problem in [
        ("steps[1].options", "a poll needs at least two options"),
        ("steps[4].max_words", "must be a whole number from 1 to 10"),
        ("steps[7].cards", "needs 1 to 30 entries"),
    ]:
        assert f"<code>{where}</code>: {problem}" in page
    assert decks_and_images(store) == before


def zip_of(entries: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


GOOD = yaml.safe_dump(every_kind())
BILLION_LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            zip_of({"deck.yaml": GOOD, "../../evil.py": "import os"}),
            "&#39;../../evil.py&#39; is not part of a deck",
        ),
        (zip_of({"deck.yaml": GOOD, "/etc/passwd": "root"}), "is not part of a deck"),
        (
            zip_of({"deck.yaml": GOOD, "media/spine.png": gif()}),
            "media/spine.png</code>: Use a PNG, JPEG or WebP picture.",
        ),
        (zip_of({"deck.yaml": BILLION_LAUGHS}), "decks cannot use YAML anchors or aliases"),
        (BILLION_LAUGHS.encode(), "decks cannot use YAML anchors or aliases"),
        (b"\x89PNG not a deck", "not a YAML text file"),
        (b"title: [unclosed\n", "this is not valid YAML"),
        (
            zip_of(
                {
                    "deck.yaml": GOOD,
                    "talkback.json": '{"format": "talkback-deck",'
                    ' "kept_steps": [{"id": "safety", "kind": "slide", "title": "Help",'
                    ' "body": "Call 999."}]}',
                }
            ),
            "the locked step &#39;Help&#39; cannot be removed",
        ),
    ],
    ids=[
        "traversal",
        "absolute-path",
        "wrong-picture-type",
        "yaml-bomb-in-zip",
        "yaml-bomb",
        "not-text",
        "not-yaml",
        "kept-step-missing",
    ],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_changes_nothing(
    editor, store, data, message
):
    before = decks_and_images(store)
    response = editor.import_file(data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert decks_and_images(store) == before


def test_an_upload_over_the_import_limit_is_refused(app, editor, store):
    app.config["MAX_IMPORT_BYTES"] = 1000
    before = decks_and_images(store)
    response = editor.import_file(GOOD.encode() + b"#" * 2000, filename="big.yaml")
    assert response.status_code == 400
    assert "too large" in response.get_data(as_text=True)
    assert decks_and_images(store) == before


def test_a_picture_in_an_import_that_clashes_with_a_kept_one_is_renamed(editor, store):
    deck_id = editor.new_deck()
    name = editor.upload(deck_id, png()).get_json()["image"]["name"]
    editor.save(deck_id, every_kind(image_src=name))
    exported = editor.http.get(f"/decks/{deck_id}/export.zip").data
    response = editor.import_file(exported)  # into the same database: the name is taken
    new_id = response.location.split("/")[2]
    src = parse_deck(store.decks.get(new_id)["yaml"]).steps[0].fields["image"]["src"]
    assert src != name
    assert src.startswith("spine-")
    assert store.pictures.get(src) is not None
