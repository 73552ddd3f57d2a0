"""The server's own messages in the language of the person they are sent to. The domain writes
each in English, marked with `N_` and its values apart (sessions/words.py); here, at the edge,
the template is translated first and the values put in after, in the language Flask-Babel's
selector gives the request being answered: a phone's for a phone page or a phone's Socket.IO
connection, the staff's for a staff page or the console's, English for the room's screen
(server/languages.py, `page_language_code`)."""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_babel import force_locale, get_translations

from server.languages import LANGUAGES, page_language_code
from sessions.words import Words, words


def say(message: str | Words, **values: Any) -> str:
    """`message` (English, marked where it is written) in the reader's language. Outside a
    request there is nobody to read it in another language: it stays English."""
    said = words(message, values)
    if not has_request_context():
        return said.english()
    return said_in(said, page_language_code())


def said_in(message: Words, code: str) -> str:
    """`message` in the language `code`, with its values put in after translating. The
    locale is chosen afresh rather than read from Flask-Babel's cache of it, which an app
    context shared by several Socket.IO events would otherwise carry from one to the next."""
    with force_locale(LANGUAGES[code].tag.replace("-", "_")):
        translations = get_translations()
        return message.render(translations)
