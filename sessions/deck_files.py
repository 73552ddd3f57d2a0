"""A deck as a file to download and upload: its YAML alone, or a zip with the YAML, its pictures
and what a copy must keep. Reading a zip trusts nothing in it: known names only, no paths out of
it, sizes capped before anything is unpacked."""

from __future__ import annotations

import io
import json
import re
import stat
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sessions.authoring import MAX_YAML_BYTES
from sessions.images import MAX_BYTES as MAX_IMAGE_BYTES

DECK_ENTRY = "deck.yaml"
MANIFEST_ENTRY = "talkback.json"
MEDIA_DIR = "media/"
MAX_IMAGES = 100
MAX_PACKAGE_BYTES = 25 * 1024 * 1024
MANIFEST_FORMAT = "talkback-deck"
_MEDIA_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,199}\.(png|jpe?g|webp)")


class PackageRefused(ValueError):
    """A file that is not a deck we can import; `problems` lists every reason found."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Package:
    yaml_text: str
    images: dict[str, bytes] = field(default_factory=dict)
    kept: list[dict[str, str]] = field(default_factory=list)


def is_zip(data: bytes) -> bool:
    """By its first bytes, not its name."""
    return data[:4] == b"PK\x03\x04"


def read_upload(data: bytes, *, max_bytes: int = MAX_PACKAGE_BYTES) -> Package:
    """A YAML file or a zip, told apart by content."""
    if len(data) > max_bytes:
        raise PackageRefused([f"The file is too large (at most {max_bytes // (1024 * 1024)} MB)."])
    if not data:
        raise PackageRefused(["The file is empty."])
    if is_zip(data):
        return read_zip(data, max_bytes=max_bytes)
    return Package(yaml_text=_text(data, "The file"))


def read_zip(data: bytes, *, max_bytes: int = MAX_PACKAGE_BYTES) -> Package:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageRefused(["This zip file is damaged and cannot be opened."]) from None
    problems = _entry_problems(entries, max_bytes)
    if problems:
        raise PackageRefused(problems)
    yaml_text, manifest, images = None, {}, {}
    with archive:
        for info in entries:
            if info.is_dir():
                continue
            if info.filename == DECK_ENTRY:
                yaml_text = _text(_read(archive, info, MAX_YAML_BYTES), DECK_ENTRY)
            elif info.filename == MANIFEST_ENTRY:
                manifest = _manifest(_read(archive, info, 64 * 1024))
            else:
                images[info.filename[len(MEDIA_DIR) :]] = _read(archive, info, MAX_IMAGE_BYTES)
    if yaml_text is None:
        raise PackageRefused([f"The zip has no {DECK_ENTRY}: it is not a Talkback deck."])
    return Package(yaml_text=yaml_text, images=images, kept=manifest.get("kept_steps", []))


def _entry_problems(entries: list[zipfile.ZipInfo], max_bytes: int) -> list[str]:
    problems = []
    if len(entries) > MAX_IMAGES + 3:
        return [f"The zip holds too many files (at most {MAX_IMAGES} pictures)."]
    total = 0
    seen = set()
    for info in entries:
        name = info.filename
        if name in seen:
            problems.append(f"{name!r} is in the zip twice.")
        seen.add(name)
        if not _known_entry(name):
            problems.append(
                f"{name[:200]!r} is not part of a deck. A deck's zip holds {DECK_ENTRY}, "
                f"{MANIFEST_ENTRY} and pictures in {MEDIA_DIR}, and nothing else."
            )
            continue
        if stat.S_ISLNK(info.external_attr >> 16):
            problems.append(f"{name!r} is a link, not a file.")
        if info.flag_bits & 0x1:
            problems.append(f"{name!r} is encrypted.")
        limit = MAX_YAML_BYTES if name == DECK_ENTRY else MAX_IMAGE_BYTES
        if info.file_size > limit:
            problems.append(f"{name!r} is too large (at most {limit // 1024} KB).")
        total += info.file_size
    if total > max_bytes:
        problems.append("The zip unpacks to more than a deck can hold.")
    return problems


def _known_entry(name: str) -> bool:
    if name in (DECK_ENTRY, MANIFEST_ENTRY, MEDIA_DIR):
        return True
    if not name.startswith(MEDIA_DIR):
        return False
    rest = name[len(MEDIA_DIR) :]
    return bool(_MEDIA_NAME.fullmatch(rest)) and ".." not in rest


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """At most `limit` bytes, whatever the entry's header claimed."""
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        raise PackageRefused([f"{info.filename!r} in the zip is damaged."]) from None
    if len(data) > limit:
        raise PackageRefused([f"{info.filename!r} is too large (at most {limit // 1024} KB)."])
    return data


def _text(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PackageRefused([f"{what} is not a YAML text file (UTF-8)."]) from None


def _manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageRefused([f"{MANIFEST_ENTRY} is damaged."]) from None
    if not isinstance(manifest, dict):
        raise PackageRefused([f"{MANIFEST_ENTRY} is not a Talkback deck's."])
    if manifest.get("format") != MANIFEST_FORMAT or not _valid_kept(manifest.get("kept_steps")):
        raise PackageRefused([f"{MANIFEST_ENTRY} is not a Talkback deck's."])
    return manifest


def _valid_kept(kept: Any) -> bool:
    keys = {"id", "kind", "title", "body"}
    return (
        isinstance(kept, list)
        and len(kept) <= 200
        and all(
            isinstance(k, dict) and set(k) == keys and all(isinstance(v, str) for v in k.values())
            for k in kept
        )
    )


def write_zip(
    yaml_text: str, images: Mapping[str, bytes], kept: Sequence[Mapping[str, str]] = ()
) -> bytes:
    """The deck with its pictures, to download; read_zip reads it back."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(DECK_ENTRY, yaml_text)
        manifest = {"format": MANIFEST_FORMAT, "kept_steps": [dict(k) for k in kept]}
        archive.writestr(MANIFEST_ENTRY, json.dumps(manifest, indent=2))
        for name, data in sorted(images.items()):
            archive.writestr(MEDIA_DIR + name, data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()
