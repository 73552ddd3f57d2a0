"""A session's questions as a printable PDF handout: one question per block, tick boxes, room
to write, in normal or large print. What each step puts on paper is its kind's (on_paper)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from sessions.activities.base import WRITE, OnPaper, PaperQuestion
from sessions.paper import PaperStep

# DejaVu Sans has every letter a deck may use (Debian: fonts-dejavu-core). Without it the PDF
# falls back to the built-in Helvetica, which has only Latin-1: other letters become "?".
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "-",
}


@dataclass(frozen=True)
class Print:
    body: float  # points
    heading: float
    box: float  # millimetres
    line: float  # millimetres between writing lines
    footer: float  # points


NORMAL = Print(body=12, heading=15, box=5, line=10, footer=10)
LARGE = Print(body=18, heading=22, box=7.5, line=14, footer=18)  # every word at 18pt or more


class Handout(FPDF):
    def __init__(self, title: str, size: Print):
        super().__init__(format="A4")
        self.size = size
        self.title_text = title
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.set_title(title)
        self.set_lang("en-GB")  # read aloud in the right voice by a screen reader
        self.set_creator("Talkback")
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").is_file()
        if self.unicode:
            self.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.family = "body"
        else:
            self.family = "helvetica"

    def text_of(self, text: str) -> str:
        if self.unicode:
            return text
        text = "".join(FALLBACK.get(ch, ch) for ch in text)
        return text.encode("latin-1", "replace").decode("latin-1")

    def write_line(self, text: str, *, bold: bool = False, size: float | None = None) -> None:
        self.set_font(self.family, "B" if bold else "", size or self.size.body)
        height = (size or self.size.body) * 0.5
        self.multi_cell(0, height, self.text_of(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", self.size.footer)
        self.cell(
            0, 6, self.text_of(f"{self.title_text}: page {self.page_no()} of {{nb}}"), align="C"
        )


def handout_pdf(title: str, steps: list[PaperStep], *, large: bool = False) -> bytes:
    pdf = Handout(title, LARGE if large else NORMAL)
    pdf.add_page()
    pdf.write_line(title, bold=True, size=pdf.size.heading + 4)
    pdf.ln(2)
    pdf.write_line(
        "Tick one box for each question unless it says otherwise. Leave out anything you would"
        " rather not answer. Please do not write your name on this form."
    )
    pdf.ln(pdf.size.line / 2)
    if not steps:
        pdf.write_line("This session has no questions to answer on paper.")
    for item in steps:
        _block(pdf, item)
    return bytes(pdf.output())


def _block(pdf: Handout, item: PaperStep) -> None:
    paper: OnPaper = item.paper
    for index, question in enumerate(paper.questions):
        height = _height(pdf, question) + (pdf.size.heading * 1.2 if index == 0 else 0)
        if pdf.will_page_break(height):  # a question and its boxes stay on one page
            pdf.add_page()
        if index == 0:
            pdf.write_line(f"{item.number}. {item.step.title}", bold=True, size=pdf.size.heading)
            if paper.note:
                pdf.write_line(paper.note)
            pdf.ln(1)
        if question.label != item.step.title:
            pdf.write_line(question.label, bold=True)
        _answer_space(pdf, question)
        pdf.ln(pdf.size.line / 2)
    pdf.ln(pdf.size.line / 3)


def _height(pdf: Handout, question: PaperQuestion) -> float:
    """About how tall a question is drawn, in millimetres, to keep it on one page."""
    size = pdf.size
    text_line = size.body * 0.5
    per_line = max(20, int((pdf.w - pdf.l_margin - pdf.r_margin) / (size.body * 0.22)))
    height = text_line * (1 + len(question.label) // per_line) + size.line / 2
    if question.answer == WRITE:
        return height + max(1, question.lines) * size.line + 2
    if all(len(label) <= 3 for _, label in question.choices):
        per_row = max(1, int((pdf.w - pdf.l_margin - pdf.r_margin) // (size.box + 6)))
        rows = -(-len(question.choices) // per_row)
        return height + text_line + rows * (size.box + size.body * 0.5 + 3)
    return height + len(question.choices) * (size.box + 2.5)


def _answer_space(pdf: Handout, question: PaperQuestion) -> None:
    size = pdf.size
    pdf.set_font(pdf.family, "", size.body)
    if question.answer == WRITE:
        for _ in range(max(1, question.lines)):
            pdf.ln(size.line)
            y = pdf.get_y()
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(2)
        return
    low, high = question.ends
    if low or high:
        first, last = question.choices[0][1], question.choices[-1][1]
        pdf.write_line(f"{first} = {low or 'lowest'}, {last} = {high or 'highest'}")
    short = all(len(label) <= 3 for _, label in question.choices)
    if short:  # numbers: boxes side by side, each with its number under it
        step = size.box + 6
        per_row = max(1, int((pdf.w - pdf.l_margin - pdf.r_margin) // step))
        row_height = size.box + size.body * 0.5 + 3
        x0, y0 = pdf.l_margin + 3, pdf.get_y() + 2
        for i, (_, label) in enumerate(question.choices):
            x, y = x0 + (i % per_row) * step, y0 + (i // per_row) * row_height
            pdf.rect(x, y, size.box, size.box)
            pdf.set_xy(x - 3, y + size.box + 0.5)
            pdf.cell(size.box + 6, size.body * 0.45, label, align="C")
        rows = -(-len(question.choices) // per_row)
        pdf.set_xy(pdf.l_margin, y0 + rows * row_height)
        return
    for _, label in question.choices:
        y = pdf.get_y() + 1.5
        pdf.rect(pdf.l_margin, y, size.box, size.box)
        pdf.set_xy(pdf.l_margin + size.box + 3, y + (size.box - size.body * 0.45) / 2)
        pdf.multi_cell(
            0, size.body * 0.45, pdf.text_of(label), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_y(max(pdf.get_y(), y + size.box) + 1)
