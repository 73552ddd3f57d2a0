"""The server's own messages: marked in English where they are written, with their values
apart, and translated where they are sent, in the language of whoever is answered."""

from __future__ import annotations

import pytest
from flask import request

from server.languages import COOKIE, STAFF_COOKIE, page_language_code
from server.words import said_in, say
from sessions.live import Rejected
from sessions.store import StoreError
from sessions.words import N_, Words, plural_words, words


def test_the_marker_changes_nothing():
    text = "Answers for this question are closed."
    assert N_(text) is text


def test_words_put_their_values_in_after_the_template():
    said = Words("There is no step %(number)s in this deck.", {"number": 7})
    assert said.english() == str(said) == "There is no step 7 in this deck."
    assert Words("100% sure").english() == "100% sure"  # no values: no formatting


class BrokenTranslations:
    """A catalogue whose translator dropped a placeholder and left a stray %."""

    def gettext(self, message):
        return "Dim cam %(rhif)s 50% yma."

    def ngettext(self, singular, plural, n):
        return "Wedi cadw %(n cerdyn."


def test_a_broken_translation_gives_way_to_the_english():
    said = Words("There is no step %(number)s in this deck.", {"number": 7})
    assert said.render(BrokenTranslations()) == "There is no step 7 in this deck."
    two = plural_words("%(n)s card saved.", "%(n)s cards saved.", "n", n=2)
    assert two.render(BrokenTranslations()) == "2 cards saved."


def test_a_value_may_be_words_of_its_own():
    said = Words("As the %(role)s you cannot %(does)s.", {"role": Words("moderator"), "does": "x"})
    assert said.english() == "As the moderator you cannot x."


def test_plural_words_choose_their_form_by_the_count():
    one = plural_words("%(n)s card saved.", "%(n)s cards saved.", "n", n=1)
    two = plural_words("%(n)s card saved.", "%(n)s cards saved.", "n", n=2)
    assert (one.english(), two.english()) == ("1 card saved.", "2 cards saved.")


def test_words_of_a_message_or_of_words():
    said = Words("a")
    assert words(said) is said
    assert words("b %(x)s", {"x": 1}) == Words("b %(x)s", {"x": 1})


def test_a_refusal_keeps_its_code_its_english_and_its_template_apart():
    exc = Rejected("unknown_step", N_("There is no step %(number)s in this deck."), number=3)
    assert exc.code == "unknown_step"
    assert exc.message == str(exc) == "There is no step 3 in this deck."
    assert exc.words == Words("There is no step %(number)s in this deck.", {"number": 3})
    stored = StoreError("busy", N_("The database is busy. Please try again in a moment."))
    assert stored.words.template == stored.message


def test_outside_a_request_a_message_stays_english():
    assert say(N_("This session has ended.")) == "This session has ended."


def test_a_message_is_translated_first_and_its_values_put_in_after(app):
    message = Words("There is no step %(number)s in this deck.", {"number": 12})
    with app.test_request_context("/join"):
        assert said_in(message, "cy") == "Does dim cam 12 yn y dec hwn."
        assert said_in(message, "en") == "There is no step 12 in this deck."


def test_say_speaks_the_language_of_the_request(app):
    with app.test_request_context("/join", headers={"Cookie": f"{COOKIE}=cy"}):
        assert say(N_("This session has ended.")) == "Mae’r sesiwn hon wedi dod i ben."
        assert say("Words nobody marked.") == "Words nobody marked."  # not in the catalogue
    with app.test_request_context("/join"):
        assert say(N_("This session has ended.")) == "This session has ended."


def test_say_leaves_a_message_the_catalogue_lacks_in_english(app):
    with app.test_request_context("/join", headers={"Cookie": f"{COOKIE}=pl"}):
        assert say(N_("This session has ended.")) == "Ta sesja się zakończyła."
        assert say("No catalogue holds this, %(n)s.", n=3) == "No catalogue holds this, 3."


@pytest.mark.parametrize(
    ("namespace", "expected"),
    [("/participant", "cy"), ("/facilitator", "ar"), ("/screen", "en")],
)
def test_a_socket_events_language_is_its_namespaces(app, namespace, expected):
    """A phone's connection speaks the phone's language, the console's the staff's, the
    screen's English, whatever the other cookie says."""
    cookies = f"{COOKIE}=cy; {STAFF_COOKIE}=ar"
    with app.test_request_context("/socket.io/", headers={"Cookie": cookies}):
        request.namespace = namespace  # as Flask-SocketIO sets it for each event
        assert page_language_code() == expected


def test_plural_words_may_count_by_a_value_called_count():
    said = plural_words("%(count)s card saved.", "%(count)s cards saved.", "count", count=3)
    assert said.english() == "3 cards saved."
