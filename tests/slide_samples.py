"""Slides made for the tests: a PowerPoint file written with python-pptx (titles, bullets, a
picture, speaker notes, optionally a hidden slide), PDFs of plain pages, a protected PDF, and
files that only pretend to be slides."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pptx import Presentation
from pptx.util import Inches
from pypdf import PdfReader, PdfWriter

TITLE_AND_CONTENT = 1


def sample_pptx(*, hidden: bool = False) -> bytes:
    """Three slides: a title with bullets and notes, one with a picture, one with a sub-bullet.
    With `hidden`, a fourth slide between the first two is hidden."""
    deck = Presentation()
    layout = deck.slide_layouts[TITLE_AND_CONTENT]

    def slide(title: str, bullets: list[tuple[int, str]], notes: str = ""):
        made = deck.slides.add_slide(layout)
        made.shapes.title.text = title
        body = made.placeholders[1].text_frame
        for n, (level, text) in enumerate(bullets):
            paragraph = body.paragraphs[0] if n == 0 else body.add_paragraph()
            paragraph.text, paragraph.level = text, level
        if notes:
            made.notes_slide.notes_text_frame.text = notes
        return made

    slide(
        "Why backs hurt",
        [(0, "Pain is not damage"), (0, "Most back pain gets better")],
        notes="Ask who has heard this before.",
    )
    if hidden:
        secret = slide("Hidden slide", [(0, "Not for the room")])
        secret.element.set("show", "0")
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), (0, 94, 184)).save(picture, "PNG")
    picture.seek(0)
    second = slide("Keep moving", [(0, "Little and often")], notes="Show the walking chart.")
    second.shapes.add_picture(picture, Inches(5), Inches(4), width=Inches(3))
    slide("Pacing", [(0, "Plan your day"), (1, "Rest before you need to")])
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def image_pdf(pages: int, *, size: tuple[int, int] = (800, 450)) -> bytes:
    """Pages of plain colour, no text: what a scanned handout looks like."""
    images = [Image.new("RGB", size, (20 * (n % 12), 94, 184)) for n in range(pages)]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:])
    return out.getvalue()


def protected_pdf() -> bytes:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(image_pdf(2))).pages:
        writer.add_page(page)
    writer.encrypt("a password")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def unpacking_bomb() -> bytes:
    """Looks like a PowerPoint file, and unpacks to far more than any deck."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
        archive.writestr("ppt/media/huge.bin", b"\0" * (210 * 1024 * 1024))
    return out.getvalue()
