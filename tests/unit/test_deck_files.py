"""Files people upload with decks: pictures are decoded, capped and re-made without metadata;
deck zips are read with known names only, nothing outside the zip, sizes capped."""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from sessions import deck_files, images

# Pictures -----------------------------------------------------------------------------------------


def picture(fmt: str, size=(2000, 1000), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128)).save(
        out, fmt, **save
    )
    return out.getvalue()


def jpeg_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)  # latitude
    return picture("JPEG", exif=exif.tobytes())


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_png_jpeg_or_webp_is_kept_as_webp_at_the_widths_phones_need(fmt):
    prepared = images.prepare(picture(fmt))
    assert (prepared.width, prepared.height) == (1600, 800)  # the largest size kept
    assert sorted(prepared.files) == [480, 960, 1600]
    for width, data in prepared.files.items():
        made = Image.open(io.BytesIO(data))
        assert made.format == "WEBP"
        assert made.size == (width, width // 2)


def test_a_small_picture_is_never_made_larger():
    prepared = images.prepare(picture("PNG", size=(600, 300)))
    assert sorted(prepared.files) == [480, 600]


def test_camera_details_and_location_do_not_survive():
    original = Image.open(io.BytesIO(jpeg_with_location())).getexif()
    assert original[0x010F] == "PhoneMaker"
    assert original.get_ifd(0x8825)
    for data in images.prepare(jpeg_with_location()).files.values():
        made = Image.open(io.BytesIO(data))
        assert not made.getexif()
        assert "exif" not in made.info
        assert "xmp" not in made.info


def test_transparency_is_kept():
    prepared = images.prepare(picture("PNG", size=(100, 100), mode="RGBA"))
    assert Image.open(io.BytesIO(prepared.files[100])).mode == "RGBA"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (picture("GIF"), "Use a PNG, JPEG or WebP picture."),
        (picture("BMP", size=(100, 100)), "Use a PNG, JPEG or WebP picture."),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a picture we can read"),
        (b"#!/bin/sh\necho hello\n", "not a picture we can read"),
        (picture("PNG")[:200], "not a picture we can read"),
        (b"", "The file is empty."),
        (picture("PNG", size=(8, 8)), "too small"),
    ],
    ids=["gif", "bmp", "svg", "script", "truncated", "empty", "tiny"],
)
def test_what_is_not_a_usable_picture_is_refused_with_a_reason(data, message):
    with pytest.raises(images.ImageRefused, match=re.escape(message)):
        images.prepare(data)


def test_a_png_named_like_anything_is_judged_by_its_content_not_its_name():
    assert images.prepare(picture("PNG")).width == 1600  # no name is even given


def test_a_file_over_the_byte_limit_is_refused_before_it_is_decoded():
    with pytest.raises(images.ImageRefused, match="too large: at most 5 MB"):
        images.prepare(b"\x89PNG" + b"\0" * images.MAX_BYTES)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""
    data = bytearray(picture("PNG", size=(16, 16)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4 : ihdr + 12] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr : ihdr + 17])) & 0xFFFFFFFF
    data[ihdr + 17 : ihdr + 21] = struct.pack(">I", crc)
    return bytes(data)


@pytest.mark.parametrize("size", [(10_000, 5_000), (20_000, 20_000), (100_000, 100_000)])
def test_a_picture_with_too_many_pixels_is_refused_without_decoding_it(size):
    with pytest.raises(images.ImageRefused, match="too many pixels"):
        images.prepare(png_claiming(*size))


def test_a_stored_picture_is_named_from_its_file_with_a_random_part():
    name = images.new_name("../My Spine (front).PNG")
    assert re.fullmatch(r"my-spine-front-[0-9a-f]{10}\.webp", name)
    assert images.new_name("...").startswith("picture-")
    assert images.new_name("x.png") != images.new_name("x.png")


# Deck zips ----------------------------------------------------------------------------------------

DECK = "title: Zipped\nsteps:\n  - {id: a, kind: slide, title: A}\n"


def zip_of(entries: dict[str, bytes | str], *, link: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return out.getvalue()


def test_a_written_zip_reads_back_with_its_pictures_and_kept_steps():
    kept = [{"id": "safety", "kind": "slide", "title": "Help", "body": "Call 999."}]
    data = deck_files.write_zip(DECK, {"spine-0a1b2c3d4e.webp": b"RIFF"}, kept)
    package = deck_files.read_upload(data)
    assert package.yaml_text == DECK
    assert package.images == {"spine-0a1b2c3d4e.webp": b"RIFF"}
    assert package.kept == kept


def test_a_yaml_file_is_read_as_text():
    assert deck_files.read_upload(DECK.encode()).yaml_text == DECK


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"deck.yaml": DECK, "../evil.sh": "rm -rf /"}, "'../evil.sh' is not part of a deck"),
        ({"deck.yaml": DECK, "media/../../evil.png": "x"}, "is not part of a deck"),
        ({"deck.yaml": DECK, "/etc/cron.d/evil": "x"}, "'/etc/cron.d/evil' is not part of a deck"),
        ({"deck.yaml": DECK, "media\\..\\evil.png": "x"}, "is not part of a deck"),
        ({"deck.yaml": DECK, "media/sub/pic.png": "x"}, "is not part of a deck"),
        ({"deck.yaml": DECK, "media/run.exe": "x"}, "'media/run.exe' is not part of a deck"),
        ({"deck.yaml": DECK, "notes.txt": "x"}, "'notes.txt' is not part of a deck"),
        ({"media/a.png": "x"}, "The zip has no deck.yaml"),
        ({"deck.yaml": "x" * (300 * 1024)}, "'deck.yaml' is too large"),
    ],
    ids=[
        "dot-dot",
        "dot-dot-in-media",
        "absolute",
        "backslashes",
        "sub-folder",
        "not-a-picture",
        "stranger",
        "no-deck",
        "deck-too-large",
    ],
)
def test_a_zip_with_anything_but_a_deck_in_it_is_refused_and_says_what(entries, message):
    with pytest.raises(deck_files.PackageRefused) as caught:
        deck_files.read_upload(zip_of(entries))
    assert any(message in problem for problem in caught.value.problems), caught.value.problems


def test_a_link_inside_a_zip_is_refused():
    with pytest.raises(deck_files.PackageRefused, match="is a link, not a file"):
        deck_files.read_upload(zip_of({"deck.yaml": DECK}, link="media/passwd.png"))


def test_every_bad_entry_is_listed_not_just_the_first():
    with pytest.raises(deck_files.PackageRefused) as caught:
        deck_files.read_upload(zip_of({"deck.yaml": DECK, "../a": "x", "/b": "y", "c.txt": "z"}))
    assert len(caught.value.problems) == 3


def test_a_zip_bomb_is_refused_from_its_declared_sizes_before_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("deck.yaml", DECK)
        archive.writestr("media/bomb.png", b"\0" * (50 * 1024 * 1024))  # 50 MB of nothing
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(deck_files.PackageRefused, match="'media/bomb.png' is too large"):
        deck_files.read_upload(out.getvalue())


def test_an_entry_that_lies_about_its_size_is_cut_off_at_the_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("deck.yaml", DECK)
        archive.writestr("media/liar.png", b"\0" * (images.MAX_BYTES + 10))
    data = bytearray(out.getvalue())
    # Make the central directory claim the picture is small.
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)
    with pytest.raises(deck_files.PackageRefused, match="liar.png"):
        deck_files.read_upload(bytes(data))


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04 this is not really a zip", b"PK\x03\x04" + b"\0" * 100],
)
def test_a_damaged_zip_is_refused(data):
    with pytest.raises(deck_files.PackageRefused, match="damaged"):
        deck_files.read_upload(data)


def test_an_upload_over_the_size_limit_is_refused_unread():
    with pytest.raises(deck_files.PackageRefused, match="too large"):
        deck_files.read_upload(b"x" * 11, max_bytes=10)


def test_a_file_that_is_not_text_is_refused():
    with pytest.raises(deck_files.PackageRefused, match="not a YAML text file"):
        deck_files.read_upload(b"\xff\xfe\x00garbage")


@pytest.mark.parametrize(
    "manifest",
    [
        '{"format": "other"}',
        "[1, 2]",
        "not json",
        '{"format": "talkback-deck", "kept_steps": [{"id": 1}]}',
    ],
)
def test_a_manifest_that_is_not_talkbacks_is_refused(manifest):
    with pytest.raises(deck_files.PackageRefused, match="talkback.json"):
        deck_files.read_upload(zip_of({"deck.yaml": DECK, "talkback.json": manifest}))


def test_a_photo_taken_sideways_is_turned_the_right_way_up():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show
    data = picture("JPEG", size=(2000, 1500), exif=exif.tobytes())
    prepared = images.prepare(data)
    assert (prepared.width, prepared.height) == (1500, 2000)
