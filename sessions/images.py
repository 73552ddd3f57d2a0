"""Pictures for slides: an upload is checked by decoding it (never by its name), then re-made
from its pixels alone (no metadata survives) as WebP at the widths phones and screens need."""

from __future__ import annotations

import io
import re
import secrets
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"PNG", "JPEG", "WEBP"}
WIDTHS = (480, 960, 1600)
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: more than any phone camera; a bomb is far larger
MIN_SIDE = 16
MAX_SIDE_RATIO = 20  # one side at most this many times the other: a strip is no slide picture
MAX_HEIGHT = 8000  # of a kept picture; WebP itself cannot go past 16383 pixels a side
MIME = "image/webp"
QUALITY = 82


class ImageRefused(ValueError):
    """An upload that is not a picture we can use; the message says why, in plain words."""


@dataclass(frozen=True)
class Prepared:
    """The picture as kept: `width` and `height` are its largest kept size's."""

    width: int
    height: int
    files: dict[int, bytes]  # width -> WebP bytes


def prepare(data: bytes, *, max_bytes: int = MAX_BYTES, max_pixels: int = MAX_PIXELS) -> Prepared:
    """Check an uploaded picture and re-encode it at each of WIDTHS no wider than itself."""
    if len(data) > max_bytes:
        raise ImageRefused(
            f"The picture is too large: at most {max_bytes // (1024 * 1024)} MB, please."
        )
    if not data:
        raise ImageRefused("The file is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture: Image.Image = Image.open(io.BytesIO(data))
            if picture.format not in FORMATS:
                raise ImageRefused("Use a PNG, JPEG or WebP picture.")
            width, height = picture.size
            if width * height > max_pixels:
                raise ImageRefused(_too_many_pixels(max_pixels))
            if min(width, height) < MIN_SIDE:
                raise ImageRefused(f"The picture is too small: at least {MIN_SIDE} pixels a side.")
            if max(width, height) > MAX_SIDE_RATIO * min(width, height):
                raise ImageRefused(
                    "The picture is too long and thin: one side may be at most "
                    f"{MAX_SIDE_RATIO} times the other. Crop it and try again."
                )
            picture.seek(0)  # an animation gives its first frame
            if picture.format == "JPEG":  # decode at the smallest scale still big enough
                picture.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))  # either way up
            picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRefused(_too_many_pixels(max_pixels)) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, ImageRefused):
            raise
        raise ImageRefused(
            "This file is not a picture we can read. Use a PNG, JPEG or WebP picture."
        ) from None
    picture = ImageOps.exif_transpose(picture)  # turn it the way the camera meant, then forget
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
    wanted = "RGBA" if has_alpha else "RGB"
    if picture.mode != wanted:
        picture = picture.convert(wanted)
    # The largest size kept is the master; the others are made from it, which is quick.
    master = _scaled(picture, min(WIDTHS[-1], _width_for_height(picture, MAX_HEIGHT)))
    width, height = master.size
    files = {}
    for target in sorted({min(w, width) for w in WIDTHS}):
        out = io.BytesIO()
        _scaled(master, target).save(out, "WEBP", quality=QUALITY, method=4)  # no metadata
        files[target] = out.getvalue()
    return Prepared(width=width, height=height, files=files)


def _scaled(picture: Image.Image, width: int) -> Image.Image:
    if picture.width <= width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    # reducing_gap: a fast box reduction first, then Lanczos over the last factor of two.
    return picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=2.0)


def _width_for_height(picture: Image.Image, height: int) -> int:
    """The width at which the picture is `height` tall (or its own, if shorter)."""
    if picture.height <= height:
        return picture.width
    return max(1, picture.width * height // picture.height)


def _too_many_pixels(max_pixels: int) -> str:
    return (
        f"The picture has too many pixels (at most {max_pixels // 1_000_000} megapixels). "
        "Make it smaller and try again."
    )


_SLUG = re.compile(r"[^a-z0-9]+")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}")


def new_name(original: str) -> str:
    """A name for a stored picture: readable from the file's name, unique by a random part,
    and always .webp (what it now is). It is what a slide's image.src holds."""
    stem = original.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    slug = _SLUG.sub("-", stem.lower()).strip("-")[:40].strip("-") or "picture"
    return f"{slug}-{secrets.token_hex(5)}.webp"
