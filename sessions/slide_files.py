"""Slides a physio already has, read into pages: a PDF's pages, or a PowerPoint file's slides
(its text and speaker notes read with python-pptx, its pictures drawn by LibreOffice, which
turns it into a PDF first). Each page comes back as a picture and its text. The file is told
by its content, never its name, and refused with a message a physio can act on when it is
too large, too long, protected, damaged or not what it says."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from pptx import Presentation
from pptx.exc import PackageNotFoundError

from sessions.activities import Slide

MAX_PAGES = 60
PICTURE_WIDTH = 1600  # the widest size a slide picture is kept at (sessions/images.py)
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a .pptx is a zip: more than this unpacked is a bomb
MAX_ENTRIES = 5000
CONVERT_SECONDS = 180  # LibreOffice's longest turn on one file
PDF, PPTX = "pdf", "pptx"


NOT_SLIDES = (
    "This is not a PDF or a PowerPoint (.pptx) file, whatever its name says. "
    "Save the slides as .pptx or PDF and upload that."
)


# Told how far reading has gone: ("converting", 0, 0) before LibreOffice starts, then
# ("drawing", n, count) as each page is about to be drawn. Called on the reading thread.
Progress = Callable[[str, int, int], None]


def unheard(phase: str, done: int, total: int) -> None:
    pass


class SlidesRefused(Exception):
    """The file cannot be read as slides; the message says why, in plain words."""


@dataclass(frozen=True)
class Page:
    number: int  # from 1
    title: str
    text: str  # the rest of the page's text, a line per paragraph
    notes: str  # the speaker's notes (PowerPoint only)
    picture: bytes  # PNG, PICTURE_WIDTH wide


def kind_of(data: bytes) -> str | None:
    """PDF or PowerPoint by the first bytes and, for a zip, what it holds; None otherwise."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data[:4] != b"PK\x03\x04":
        return None
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return PPTX if {"[Content_Types].xml", "ppt/presentation.xml"} <= names else None


def read_slides(
    data: bytes, *, max_bytes: int, max_pages: int = MAX_PAGES, progress: Progress = unheard
) -> list[Page]:
    if not data:
        raise SlidesRefused("The file is empty.")
    if len(data) > max_bytes:
        raise SlidesRefused(f"The file is too large (at most {max_bytes // (1024 * 1024)} MB).")
    kind = kind_of(data)
    if kind == PDF:
        return _pdf_pages(data, max_pages=max_pages, notes={}, texts={}, progress=progress)
    if kind == PPTX:
        return _pptx_pages(data, max_pages=max_pages, progress=progress)
    raise SlidesRefused(NOT_SLIDES)


# PDF -------------------------------------------------------------------------------------------


def _pdf_pages(
    data: bytes,
    *,
    max_pages: int,
    notes: dict[int, str],
    texts: dict[int, tuple[str, str]],
    progress: Progress,
) -> list[Page]:
    """Every page drawn and its text read. `texts` (title, text) and `notes` by page number,
    when the PDF was made from a PowerPoint file whose own text is better than the PDF's."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise SlidesRefused(
                "This PDF is protected by a password. Save a copy without one and upload that."
            ) from None
        raise SlidesRefused("This PDF is damaged and cannot be opened.") from None
    try:
        count = len(document)
        if count == 0:
            raise SlidesRefused("This PDF has no pages.")
        if count > max_pages:
            raise SlidesRefused(
                f"This file has {count} pages; a deck takes at most {max_pages}. "
                "Split it, or keep the pages you need."
            )
        pages = []
        for index in range(count):
            page = document[index]
            number = index + 1
            progress("drawing", number, count)
            title, text = texts.get(number) or _title_and_text(page)
            pages.append(Page(number, title, text, notes.get(number, ""), _picture(page)))
            page.close()
        return pages
    finally:
        document.close()


def _title_and_text(page) -> tuple[str, str]:
    textpage = page.get_textpage()
    try:
        lines = [" ".join(line.split()) for line in textpage.get_text_range().splitlines()]
    finally:
        textpage.close()
    lines = [line for line in lines if line]
    return (lines[0] if lines else ""), "\n".join(lines[1:])


def _picture(page) -> bytes:
    width = page.get_width()
    if width <= 0:
        raise SlidesRefused("A page of this PDF has no size.")
    image = page.render(scale=PICTURE_WIDTH / width).to_pil()
    out = io.BytesIO()
    image.convert("RGB").save(out, "PNG")
    return out.getvalue()


# PowerPoint ------------------------------------------------------------------------------------


def _pptx_pages(data: bytes, *, max_pages: int, progress: Progress) -> list[Page]:
    _check_zip(data)
    try:
        presentation = Presentation(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise SlidesRefused("This PowerPoint file is damaged and cannot be opened.") from None
    # LibreOffice leaves hidden slides out of the PDF, so they are left out here too.
    slides = [s for s in presentation.slides if s.element.get("show") != "0"]
    if not slides:
        raise SlidesRefused("This PowerPoint file has no slides to show.")
    if len(slides) > max_pages:
        raise SlidesRefused(
            f"This file has {len(slides)} slides; a deck takes at most {max_pages}. "
            "Split it, or keep the slides you need."
        )
    texts, notes = {}, {}
    for number, slide in enumerate(slides, start=1):
        texts[number] = _slide_text(slide)
        if slide.has_notes_slide:
            notes[number] = slide.notes_slide.notes_text_frame.text.strip()
    progress("converting", 0, 0)
    pdf = _to_pdf(data)
    return _pdf_pages(pdf, max_pages=max_pages, notes=notes, texts=texts, progress=progress)


def _check_zip(data: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise SlidesRefused("This PowerPoint file holds too many parts to be a slide deck.")
    if any(info.flag_bits & 0x1 for info in entries):
        raise SlidesRefused(
            "This PowerPoint file is protected by a password. Save a copy without one."
        )
    if sum(info.file_size for info in entries) > MAX_UNPACKED_BYTES:
        raise SlidesRefused("This PowerPoint file unpacks to far more than a slide deck holds.")


def _slide_text(slide) -> tuple[str, str]:
    """The slide's title, and the text of its other shapes, bullets as Markdown list items."""
    title_shape = slide.shapes.title
    title = " ".join(title_shape.text.split()) if title_shape is not None else ""
    title_id = title_shape.shape_id if title_shape is not None else None
    lines = []
    for shape in slide.shapes:  # each a new proxy: told apart by id, not identity
        if shape.shape_id == title_id or not shape.has_text_frame:
            continue
        for paragraph in shape.text_frame.paragraphs:
            text = " ".join(paragraph.text.split())
            if text:
                lines.append(f"{'  ' * paragraph.level}- {text}")
    return title, "\n".join(lines)


def converter() -> str | None:
    """LibreOffice's command, if this machine has it."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _to_pdf(data: bytes) -> bytes:
    command = converter()
    if command is None:
        raise SlidesRefused(
            "This server cannot read PowerPoint files (LibreOffice is not installed). "
            "Save the slides as a PDF and upload that."
        )
    with tempfile.TemporaryDirectory(prefix="talkback-slides-") as folder:
        work = Path(folder)
        (work / "slides.pptx").write_bytes(data)
        try:
            subprocess.run(
                [
                    command,
                    f"-env:UserInstallation=file://{work / 'profile'}",  # a profile of its own
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work),
                    str(work / "slides.pptx"),
                ],
                check=False,
                capture_output=True,
                timeout=CONVERT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            raise SlidesRefused(
                "The slides took too long to convert. Save them as a PDF and upload that."
            ) from None
        pdf = work / "slides.pdf"
        if not pdf.exists():
            raise SlidesRefused("This PowerPoint file could not be converted. Is it damaged?")
        return pdf.read_bytes()


# Into a deck ------------------------------------------------------------------------------------

MAX_TITLE, MAX_TEXT, MAX_ALT = 200, 5000, 300


def draft_deck(title: str, pages: list[Page], pictures: list[str]) -> dict:
    """A deck of one slide step a page: its title, its text as the body and, until the physio
    writes a better one, as the picture's description; the speaker notes as presenter notes.
    `pictures` are the kept pictures' names, page by page."""
    steps = []
    for page, picture in zip(pages, pictures, strict=True):
        heading = _cut(page.title, MAX_TITLE) or f"Slide {page.number}"
        described = " ".join(f"{page.title} {page.text.replace('- ', '')}".split())
        step = {
            "id": f"slide-{page.number}",
            "kind": Slide.kind,
            "title": heading,
            "image": {"src": picture, "alt": _cut(described, MAX_ALT) or heading},
        }
        if page.text:
            step["body"] = _cut(page.text, MAX_TEXT)
        if page.notes:
            step["notes"] = _cut(page.notes, MAX_TEXT)
        steps.append(step)
    return {"title": _cut(title, MAX_TITLE) or "Imported slides", "steps": steps}


def _cut(text: str, most: int) -> str:
    text = text.strip()
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
