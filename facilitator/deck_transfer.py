"""Decks in and out of Talkback: export as YAML or as a zip with pictures, import either, and
the pictures a deck may use. An import with any problem imports nothing."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from flask import Response, request, send_from_directory

from facilitator.identity import store as current_store
from server.offload import off_the_loop
from sessions import approved_steps, authoring, deck_files, images, slide_files
from sessions.deck import DeckError, deck_from_data, deck_to_data, dump_deck, parse_deck
from sessions.store import Store
from sessions.store.pictures import NewImage

BUNDLED_MEDIA = Path(__file__).resolve().parents[1] / "sessions" / "decks" / "media"


class ImportRefused(Exception):
    """Every problem found in an upload, as (where, problem) pairs; nothing was imported."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__("; ".join(f"{w}: {p}" for w, p in problems))
        self.problems = problems


def bundled_media_names() -> set[str]:
    if not BUNDLED_MEDIA.is_dir():
        return set()
    return {p.name for p in BUNDLED_MEDIA.iterdir() if p.is_file()}


def available_images(store: Store, deck_id: str) -> set[str]:
    """The picture names a deck's slides may use: its own, and those that ship with Talkback."""
    return {i["name"] for i in store.pictures.of_deck(deck_id)} | bundled_media_names()


def used_images(data: Any) -> list[str]:
    """The picture names a deck's slides and options use, in order, each once."""
    names: list[str] = []
    steps = data.get("steps") if isinstance(data, dict) else None
    for step in steps if isinstance(steps, list) else []:
        for _, image in authoring.step_pictures(step):
            src = image.get("src")
            if isinstance(src, str) and src.strip() and src.strip() not in names:
                names.append(src.strip())
    return names


def export_zip(store: Store, deck_id: str, yaml_text: str, kept: list[dict[str, str]]) -> bytes:
    """The deck's YAML, what a copy must keep, and each picture its steps use, at the largest
    size kept (a bundled picture as its file)."""
    pictures: dict[str, bytes] = {}
    for name in used_images(deck_to_plain(yaml_text)):
        stored = store.pictures.file(name, width=10**6)
        if stored is not None:
            pictures[name] = stored["data"]
        elif name in bundled_media_names():
            pictures[name] = (BUNDLED_MEDIA / name).read_bytes()
    return deck_files.write_zip(yaml_text, pictures, kept)


def deck_to_plain(yaml_text: str) -> dict[str, Any]:
    return deck_to_data(parse_deck(yaml_text))


SLIDE_SUFFIXES = (".pdf", ".pptx")
OLD_POWERPOINT = (
    "Old PowerPoint files (.ppt) cannot be read. Open it in PowerPoint and save it as .pptx"
    " or as a PDF, then upload that."
)


def import_file(
    store: Store,
    data: bytes,
    *,
    filename: str,
    owner_id: str,
    max_bytes: int,
    max_image_bytes: int,
    progress: slide_files.Progress = slide_files.unheard,
) -> tuple[str, int]:
    """A new deck from an upload: slides (PDF or PowerPoint) or a Talkback deck (YAML or zip),
    told apart by content. The deck's id, and how many slides became steps (0 for a deck).
    `progress` hears how far slides have gone (slide_files.Progress, then "saving")."""
    if not data:
        raise ImportRefused([("file", "The file is empty.")])
    if slide_files.kind_of(data) is not None:
        return import_slides(
            store,
            data,
            filename=filename,
            owner_id=owner_id,
            max_bytes=max_bytes,
            progress=progress,
        )
    if filename.lower().endswith(".ppt"):
        raise ImportRefused([("file", OLD_POWERPOINT)])
    if filename.lower().endswith(SLIDE_SUFFIXES):
        raise ImportRefused([("file", slide_files.NOT_SLIDES)])
    deck_id = import_upload(
        store, data, owner_id=owner_id, max_bytes=max_bytes, max_image_bytes=max_image_bytes
    )
    return deck_id, 0


def import_slides(
    store: Store,
    data: bytes,
    *,
    filename: str,
    owner_id: str,
    max_bytes: int,
    progress: slide_files.Progress = slide_files.unheard,
) -> tuple[str, int]:
    """A draft deck of one slide step per page, each page's picture drawn off the loop, so a
    class running on this server is not slowed while a long file converts."""
    try:
        pages = off_the_loop(slide_files.read_slides, data, max_bytes=max_bytes, progress=progress)
        prepared = []
        for page in pages:
            progress("saving", page.number, len(pages))
            prepared.append(off_the_loop(images.prepare, page.picture))
    except slide_files.SlidesRefused as exc:
        raise ImportRefused([("file", str(exc))]) from None
    except images.ImageRefused as exc:
        raise ImportRefused([("file", f"A page could not be kept as a picture: {exc}")]) from None
    names = [images.new_name(f"slide-{page.number}.png") for page in pages]
    raw = slide_files.draft_deck(Path(filename).stem.replace("_", " "), pages, names)
    yaml_text = dump_deck(deck_from_data(raw))
    new_images = [
        NewImage(name, p.width, p.height, p.files) for name, p in zip(names, prepared, strict=True)
    ]
    deck_id = store.decks.create(
        yaml_text, owner_id=owner_id, origin="imported", new_images=new_images
    )
    return deck_id, len(pages)


def import_upload(
    store: Store, data: bytes, *, owner_id: str, max_bytes: int, max_image_bytes: int
) -> str:
    """A new deck from an uploaded YAML file or zip, or ImportRefused with every problem."""
    try:
        package = off_the_loop(deck_files.read_upload, data, max_bytes=max_bytes)
    except deck_files.PackageRefused as exc:
        raise ImportRefused([("file", p) for p in exc.problems]) from None
    try:
        raw = authoring.load_yaml(package.yaml_text)
    except DeckError as exc:
        raise ImportRefused([(exc.where, exc.problem)]) from None
    found: list[tuple[str, str]] = []
    prepared: dict[str, images.Prepared] = {}
    for name, blob in package.images.items():
        try:
            prepared[name] = off_the_loop(images.prepare, blob, max_bytes=max_image_bytes)
        except images.ImageRefused as exc:
            found.append((f"media/{name}", str(exc)))
    renames = _renames(store, list(prepared))
    raw = _rename_images(raw, renames)
    new_names = {renames.get(n, n) for n in prepared}
    used = used_images(raw)
    existing = store.pictures.existing([n for n in used if n not in new_names])
    kept = _kept_for_import(store, raw, package.kept)
    for error in authoring.problems(
        raw, kept=kept, images=new_names | existing | bundled_media_names()
    ):
        found.append((error.where, error.problem))
    if not found and isinstance(raw, dict):  # a copy of an approved step keeps its wording
        lookup = store.approved_steps.get
        found += [
            (e.where, e.problem) for e in approved_steps.reference_problems(raw["steps"], lookup)
        ]
    if found:
        raise ImportRefused(found)
    yaml_text = dump_deck(deck_from_data(raw))
    new_images = [
        NewImage(renames.get(n, n), p.width, p.height, p.files) for n, p in prepared.items()
    ]
    return store.decks.create(
        yaml_text,
        owner_id=owner_id,
        origin="imported",
        kept=kept,
        images=sorted(existing),
        new_images=new_images,
    )


def _renames(store: Store, names: list[str]) -> dict[str, str]:
    """A picture keeps its name when that is a free .webp name (as in Talkback's own exports);
    otherwise it gets a new one and the deck's slides and options follow."""
    taken = store.pictures.existing(names) | bundled_media_names()
    return {n: images.new_name(n) for n in names if not n.endswith(".webp") or n in taken}


def _rename_images(raw: Any, renames: dict[str, str]) -> Any:
    if not renames or not isinstance(raw, dict) or not isinstance(raw.get("steps"), list):
        return raw
    raw = copy.deepcopy(raw)  # the pictures found are the copy's own, renamed in place
    for step in raw["steps"]:
        for _, image in authoring.step_pictures(step):
            src = image.get("src")
            if isinstance(src, str) and src.strip() in renames:
                image["src"] = renames[src.strip()]
    return raw


def _kept_for_import(store: Store, raw: Any, listed: list[dict[str, str]]) -> list[dict[str, str]]:
    """What an imported deck must keep: the locked steps its zip says it keeps, and any locked
    step that is word for word one of a bundled deck's (the back-pain safety slide)."""
    kept = [dict(k) for k in listed]
    ids = {k["id"] for k in kept}
    bundled = []
    for row in store.library.all():
        if row["bundled"]:
            bundled += authoring.locked_steps(parse_deck(store.decks.get(row["id"])["yaml"]))
    steps = raw.get("steps") if isinstance(raw, dict) else None
    for step in steps if isinstance(steps, list) else []:
        if not isinstance(step, dict) or step.get("locked") is not True:
            continue
        mine = {
            "id": step.get("id"),
            "kind": step.get("kind"),
            "title": authoring.plain_text(step.get("title")),
            "body": authoring.plain_text(step.get("body")),
        }
        if mine in bundled and mine["id"] not in ids:
            kept.append(mine)
            ids.add(mine["id"])
    return kept


# Serving pictures and files -----------------------------------------------------


def serve_media(filename: str, bundled_dir: Path):
    """/media/<name>: a picture kept in the database (?w= picks the size), else a bundled file.
    A kept picture never changes under its name, so it may be cached for good."""
    if images.NAME.fullmatch(filename):
        width = request.args.get("w", type=int)
        found = current_store().pictures.file(filename, width if width and width > 0 else None)
        if found is not None:
            response = Response(found["data"], mimetype=found["mime"])
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            return response
    return send_from_directory(bundled_dir, filename, max_age=86400)


def download(data: str | bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "deck"
