"""The FFT's follow-up ("why") is the service's own question, not NHS England's wording: a phone
asks it in its own language, from the catalogue, in the same English words the server sends
(and the paper form prints), while the question and its six answers keep the official rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.languages import browser_messages
from sessions.activities.feedback import FFT_QUESTION, WHY_NOTE, WHY_PROMPT

PHONE_PART = Path(__file__).resolve().parents[2] / "static" / "kinds" / "feedback" / "phone.js"


@pytest.mark.parametrize("english", [WHY_PROMPT, WHY_NOTE])
def test_the_phone_asks_the_follow_up_through_the_catalogue_in_the_servers_words(english):
    source = PHONE_PART.read_text(encoding="utf-8")
    assert f"t({json.dumps(english)})" in source


def test_a_welsh_phone_gets_the_follow_up_in_welsh():
    welsh = browser_messages("cy")
    assert welsh[WHY_PROMPT] == "Dywedwch wrthym pam y rhoesoch yr ateb hwn."
    assert welsh[WHY_NOTE] == "Peidiwch â chynnwys enwau na manylion personol."


def test_the_fft_question_itself_is_not_in_the_catalogue():
    """Its language changes only with an official wording in the deck (docs/languages.md)."""
    assert FFT_QUESTION not in browser_messages("cy")
    assert FFT_QUESTION not in PHONE_PART.read_text(encoding="utf-8")
