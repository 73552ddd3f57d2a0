"""Pictures in decks over HTTP: uploads at the sizes phones need, bad or oversized uploads
refused with nothing stored, and media served only from where it belongs. A real store file,
Flask's test client."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from PIL import Image

from tests.integration.editor_decks import every_kind, gif, png

# Pictures -----------------------------------------------------------------------------------------


def test_a_phone_in_a_class_is_offered_every_size_of_a_slides_picture(editor, start_session, join):
    deck_id = editor.new_deck()
    image = editor.upload(deck_id, png()).get_json()["image"]
    assert editor.save(deck_id, every_kind(image_src=image["name"])).get_json()["problems"] == []
    console = start_session(deck_id)
    phone = join(console.session)
    assert console.emit("next")["ok"]
    assert phone.last("snapshot")["step"]["image"]["srcset"] == image["srcset"]


def test_an_uploaded_picture_is_served_at_the_sizes_phones_need(editor, store):
    deck_id = editor.new_deck()
    response = editor.upload(deck_id, png())
    assert response.status_code == 201, response.get_data(as_text=True)
    image = response.get_json()["image"]
    assert re.fullmatch(r"spine-[0-9a-f]{10}\.webp", image["name"])
    assert image["srcset"] == ", ".join(
        f"/media/{image['name']}?w={w} {w}w" for w in (480, 960, 1200)
    )
    for asked, width in ((None, 960), (480, 480), (300, 480), (5000, 1200)):
        served = editor.http.get(image["url"] + (f"?w={asked}" if asked else ""))
        assert served.status_code == 200
        assert served.mimetype == "image/webp"
        assert Image.open(io.BytesIO(served.data)).width == width
        assert "immutable" in served.headers["Cache-Control"]
    draft = every_kind(image_src=image["name"])
    assert editor.save(deck_id, draft).get_json()["problems"] == []
    # Every view of the slide offers every kept size, for the phone to choose from.
    views = editor.http.post(
        f"/decks/{deck_id}/preview",
        json={"step": draft["steps"][0], "index": 0},
        headers=editor.headers,
    ).get_json()["views"]
    for view in views.values():
        assert view["image"]["srcset"] == image["srcset"]


def test_a_slide_cannot_use_a_picture_the_deck_does_not_have(editor):
    deck_id = editor.new_deck()
    problems = editor.check(deck_id, every_kind(image_src="nowhere.png")).get_json()["problems"]
    assert problems == [
        {
            "where": "steps[0].image.src",
            "problem": "there is no picture called nowhere.png with this deck",
        }
    ]


def png_claiming(width, height) -> bytes:
    data = bytearray(png((16, 16)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr : ihdr + 17])))
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "filename", "alt", "status", "message"),
    [
        (gif(), "spine.png", "A spine", 400, "Use a PNG, JPEG or WebP picture."),
        (b"MZ\x90\x00 not a picture", "spine.png", "A spine", 400, "not a picture we can read"),
        (png_claiming(30_000, 30_000), "bomb.png", "A spine", 400, "too many pixels"),
        (png(), "spine.png", "", 400, "alt text"),
        (png(), "spine.png", None, 400, "alt text"),
    ],
    ids=["gif-named-png", "program", "pixel-bomb", "empty-alt", "no-alt"],
)
def test_a_bad_picture_upload_is_refused_with_a_clear_message_and_stores_nothing(
    editor, store, data, filename, alt, status, message
):
    deck_id = editor.new_deck()
    response = editor.upload(deck_id, data, filename=filename, alt=alt)
    assert response.status_code == status
    assert message in response.get_json()["error"]["message"]
    assert store.pictures.of_deck(deck_id) == []


def test_a_picture_over_the_size_limit_is_refused(app, editor, store):
    deck_id = editor.new_deck()
    big = io.BytesIO()
    Image.effect_noise((400, 400), 100).convert("RGB").save(big, "PNG")
    app.config["MAX_IMAGE_BYTES"] = len(big.getvalue()) - 1000  # the request is within its limit
    response = editor.upload(deck_id, big.getvalue())
    assert response.status_code == 400
    assert "too large" in response.get_json()["error"]["message"]
    assert store.pictures.of_deck(deck_id) == []


def test_a_request_over_the_whole_limit_is_refused_unread(app, editor, store):
    app.config["MAX_IMAGE_BYTES"] = 100_000
    deck_id = editor.new_deck()
    response = editor.upload(deck_id, b"\0" * 300_000)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert store.pictures.of_deck(deck_id) == []


def test_media_outside_the_store_and_the_bundled_folder_is_not_served(editor):
    for path in ("/media/../app.py", "/media/..%2Fapp.py", "/media/nothing.webp"):
        assert editor.http.get(path).status_code == 404


def test_a_long_thin_picture_is_refused_with_a_clear_message(editor, store):
    deck_id = editor.new_deck()
    response = editor.upload(deck_id, png((16, 20_000)))
    assert response.status_code == 400
    assert "too long and thin" in response.get_json()["error"]["message"]
    assert store.pictures.of_deck(deck_id) == []
