"""Pictures of any shape either become WebP files a phone can show, or are refused in words."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from sessions import images


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("size", [(16, 20_000), (20_000, 16), (100, 30_000), (40, 900)])
def test_a_long_thin_picture_is_refused_in_words(size):
    with pytest.raises(images.ImageRefused, match="too long and thin"):
        images.prepare(png(*size))


@pytest.mark.parametrize("size", [(500, 9_900), (800, 16_000), (1_000, 20_000)])
def test_a_tall_picture_is_kept_no_taller_than_the_limit(size):
    prepared = images.prepare(png(*size))
    assert prepared.height <= images.MAX_HEIGHT
    for width, data in prepared.files.items():
        kept = Image.open(io.BytesIO(data))
        assert kept.format == "WEBP"
        assert kept.width == width
        assert kept.height <= images.MAX_HEIGHT


def test_a_wide_picture_keeps_its_widths():
    prepared = images.prepare(png(8_000, 1_000))
    assert sorted(prepared.files) == list(images.WIDTHS)
    assert prepared.height == 200
