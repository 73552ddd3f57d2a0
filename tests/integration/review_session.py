"""A known session of the back-pain deck, run through the real console and phones, whose every
number on the report is worked out by hand below; and an HTML table reader for the pages."""

from __future__ import annotations

from html.parser import HTMLParser

NAMES = ("Ann", "Bob", "Cat", "Dan")
FORMULA_COMMENT = '=HYPERLINK("http://evil.example","click")'

# What the report must show, worked out by hand from the answers in run_known_session.
EXPECTED = {
    "joined": 4,
    "reached_end": 3,
    "attendance": [
        ("1. Welcome", 4),
        ("4. How confident do you feel about managing your back pain today?", 4),
        ("5. How long has your back been troubling you this time?", 4),
        ("6. You usually need a scan to find out what's causing back pain.", 4),
        ("10. Sitting up perfectly straight all the time protects your back.", 4),
        ("17. Talk in small groups", 4),
        ("22. How confident do you feel about managing your back pain today?", 3),
        ("23. Your feedback", 3),
    ],
    # how-long: Ann under 6 weeks, Bob and Cat over a year, Dan does not answer.
    "how_long": [
        ("Less than 6 weeks", 1, "33.3%"),
        ("6 weeks–3 months", 0, "0%"),
        ("3–12 months", 0, "0%"),
        ("Over a year", 2, "66.7%"),
        ("It comes and goes", 0, "0%"),
    ],
    # myth-scan: 3 of 4 say myth (right); myth-posture: 1 of 3 says myth (right).
    "quiz": [
        ("6. You usually need a scan to find out what's causing back pain.", 4, 3, "75%"),
        ("10. Sitting up perfectly straight all the time protects your back.", 3, 1, "33.3%"),
    ],
    # confidence: before 3, 5, 6, 8 (mean 5.5); after (Dan gone) 5, 5, 8 (mean 6).
    "measure": ("5.5", "6", "+0.5", 3, 2, 0, 1),
    # FFT: very good, good, poor.
    "fft": [
        ("Very good", 1, "33.3%"),
        ("Good", 1, "33.3%"),
        ("Neither good nor poor", 0, "0%"),
        ("Poor", 1, "33.3%"),
        ("Very poor", 0, "0%"),
        ("Don't know", 0, "0%"),
    ],
    "fft_positive": "66.7%",
    "fft_negative": "33.3%",
    "comments": ["Great class, thank you", FORMULA_COMMENT],
    "notes": ["Walking every day helps"],
    "questions": [("Is swimming OK?", 1)],
}


def goto(console, step_id):
    deck = console.app.extensions["talkback"].store.sessions.deck_of(console.session["id"])
    ack = console.emit("goto", index=deck.index_of(step_id), force=True)
    assert ack["ok"], ack


def answer(phone, step_id, value, answer_id):
    ack = phone.emit("answer", step_id=step_id, value=value, id=answer_id)
    assert ack["ok"], ack


def run_known_session(start_session, join, username="physio"):
    """Run the class and end it; returns the console (its `.session` is the session row)."""
    console = start_session(username=username)
    ann, bob, cat, dan = (join(console.session, name=n) for n in NAMES)
    assert console.emit("next")["ok"]  # welcome: all four connected

    goto(console, "confidence-before")
    for phone, value in ((ann, 3), (bob, 5), (cat, 6), (dan, 8)):
        answer(phone, "confidence-before", value, f"cb-{value}")
    goto(console, "how-long")
    answer(ann, "how-long", "under-6-weeks", "hl-a")
    answer(bob, "how-long", "over-a-year", "hl-b")
    answer(cat, "how-long", "over-a-year", "hl-c")
    goto(console, "myth-scan")
    for phone, value in ((ann, "myth"), (bob, "myth"), (cat, "fact"), (dan, "myth")):
        answer(phone, "myth-scan", value, "ms")  # answer ids are per participant
    goto(console, "myth-posture")
    for phone, value in ((ann, "fact"), (bob, "fact"), (cat, "myth")):
        answer(phone, "myth-posture", value, "mp")
    goto(console, "talk-in-groups")
    answer(ann, "talk-in-groups", "Walking every day helps", "note-a")

    assert ann.emit("ask", id="q1", text="Is swimming OK?")["ok"]
    hidden = bob.emit("ask", id="q2", text="My neighbour Mrs Smith says...")
    questions = {q["text"]: q["id"] for q in console.emit("snapshot")["snapshot"]["questions"]}
    assert console.emit("question", question_id=questions["Is swimming OK?"], action="approve")[
        "ok"
    ]
    assert console.emit("question", question_id=hidden["question_id"], action="hide")["ok"]
    assert cat.emit("upvote", question_id=questions["Is swimming OK?"])["ok"]

    dan.sock.disconnect(namespace="/participant")  # Dan leaves before the end
    goto(console, "confidence-after")
    for phone, value in ((ann, 5), (bob, 5), (cat, 8)):
        answer(phone, "confidence-after", value, "ca")
    goto(console, "feedback")
    answer(ann, "feedback", {"fft": "very-good", "why": "Great class, thank you"}, "f-a")
    answer(bob, "feedback", {"fft": "good", "why": ""}, "f-b")
    answer(cat, "feedback", {"fft": "poor", "why": FORMULA_COMMENT}, "f-c")
    assert console.emit("end")["ok"]
    return console


class Tables(HTMLParser):
    """Every <table> on a page as {"caption", "id", "rows": [[cell text, ...], ...]}, and the
    text of elements carrying data-number."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: list[dict] = []
        self.numbers: dict[str, str] = {}
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._number: tuple[str, list[str]] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "id": attrs.get("id"), "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []
        if "data-number" in attrs:
            self._number = (attrs["data-number"], [])

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1]["rows"][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "dd" and self._number is not None:
            self.numbers[self._number[0]] = "".join(self._number[1]).strip()
            self._number = None

    def handle_data(self, data):
        for sink in (self._cell, self._caption, self._number[1] if self._number else None):
            if sink is not None:
                sink.append(data)

    def table(self, *, caption: str | None = None, id: str | None = None) -> list[list[str]]:
        """A table's body rows (the header row left out)."""
        for table in self.tables:
            if (caption and table["caption"] == caption) or (id and table["id"] == id):
                return table["rows"][1:]
        raise AssertionError(f"no table {caption or id}: {[t['caption'] for t in self.tables]}")
