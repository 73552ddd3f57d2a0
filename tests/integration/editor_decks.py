"""A deck with one step of every kind, and pictures (PNG, and a GIF decks refuse), for the editor
tests."""

from __future__ import annotations

import io

from PIL import Image


def png(size=(1200, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 90, 180)).save(out, "PNG")
    return out.getvalue()


def every_kind(image_src: str | None = None) -> dict:
    """A deck's data with one step of every kind."""
    slide = {"id": "welcome", "kind": "slide", "title": "Welcome", "body": "Hello **all**."}
    if image_src:
        slide["image"] = {"src": image_src, "alt": "A drawing of a spine"}
    return {
        "title": "Every kind",
        "steps": [
            slide,
            {
                "id": "poll",
                "kind": "poll",
                "title": "Colour?",
                "options": [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Blue"}],
            },
            {
                "id": "quiz",
                "kind": "quiz",
                "title": "Bed rest is best.",
                "options": [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}],
                "correct": "myth",
                "explanation": "Moving helps.",
            },
            {"id": "before", "kind": "scale", "title": "Confident?", "measure": "confidence"},
            {"id": "words", "kind": "wordcloud", "title": "One word"},
            {"id": "open", "kind": "open", "title": "What helps?"},
            {
                "id": "reflect",
                "kind": "reflect",
                "title": "Looking back",
                "prompts": [{"id": "remember", "label": "What will you remember?"}],
            },
            {
                "id": "talk",
                "kind": "discuss",
                "title": "Talk",
                "cards": [{"id": "c1", "text": "What helps on a bad day?"}],
            },
            {"id": "plan", "kind": "plan", "title": "My plan"},
            {
                "id": "feedback",
                "kind": "feedback",
                "title": "Feedback",
                "extra": [{"id": "pace", "title": "Pace?"}],
            },
            {"id": "after", "kind": "scale", "title": "Confident now?", "measure": "confidence"},
            {
                "id": "order",
                "kind": "rank",
                "title": "What matters most?",
                "options": [{"id": "sleep", "label": "Sleep"}, {"id": "work", "label": "Work"}],
            },
            {
                "id": "share",
                "kind": "points",
                "title": "Share 100 points",
                "options": [{"id": "sleep", "label": "Sleep"}, {"id": "mood", "label": "Mood"}],
            },
            {
                "id": "walk",
                "kind": "numeric",
                "title": "Minutes walked?",
                "min": 0,
                "max": 120,
                "unit": "minutes",
            },
        ],
    }


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (100, 100)).save(out, "GIF")
    return out.getvalue()
