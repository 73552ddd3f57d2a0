"""Which language a page speaks: a phone page the phone's own choice (a cookie from the phone
bar's picker), a staff page the staff's own (another cookie, from the staff header's), else the
browser's Accept-Language, else English; the catalogues compiled at start; and the catalogue
the browser modules read, made from the same .po files."""

from __future__ import annotations

import gettext
import hashlib
import json
import os
import struct
import tempfile
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, Response, abort, has_request_context, request, url_for
from flask_babel import Babel, format_date
from werkzeug.wrappers import Response as BaseResponse

COOKIE = "talkback_language"
STAFF_COOKIE = "talkback_staff_language"  # apart, so a phone's choice never changes the console
COOKIE_DAYS = 400  # the longest a browser keeps a cookie: remembered on the device
DEFAULT = "en"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
REVIEWED = "reviewed"  # a status that starts so ("reviewed by a fluent speaker on <date>")
# Pages of the staff side: a phone's choice never changes them; they follow the staff's own.
STAFF_BLUEPRINTS = frozenset(
    {
        "facilitator",
        "facilitator_api",
        "review",
        "paper",
        "editor",
        "deck_import",
        "deck_compare",
        "step_library",
        "new_deck",
        "people",
        "running",
        "courses",
        "course_report",
        "staff_language",
    }
)
# The room's screen is served with the staff's pages but is no one's own: its page stays in
# English and speaks the room language the console chose (static/screen/room-words.js).
ROOM_PAGES = frozenset({"facilitator.screen"})
# A Socket.IO event runs in its connection's handshake request, which matches no page: its
# namespace says whose it is. The console's speaks the staff's language, the screen's English.
STAFF_NAMESPACES = frozenset({"/facilitator"})
ROOM_NAMESPACES = frozenset({"/screen"})


@dataclass(frozen=True)
class Language:
    code: str  # the catalogue's folder name, and the cookie's value
    tag: str  # for <html lang>
    name: str  # in the language itself, as the picker lists it

    @cached_property
    def direction(self) -> str:
        return self.locale.text_direction

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.tag, sep="-")


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "en-GB", "English"),
        Language("cy", "cy", "Cymraeg"),
        Language("ar", "ar", "العربية"),
        Language("pl", "pl", "Polski"),
        Language("ro", "ro", "Română"),
        Language("pa", "pa", "ਪੰਜਾਬੀ"),
        Language("ur", "ur", "اردو"),
        Language("bn", "bn", "বাংলা"),
    )
}


def phone_choice() -> str:
    """The phone's language for this request: its own choice, else its browser's, else English.
    A cookie naming a language Talkback does not ship is ignored."""
    return _choice(COOKIE)


def staff_choice() -> str:
    """The staff's language for this request, the same way from the staff's own cookie."""
    return _choice(STAFF_COOKIE)


def _choice(cookie: str) -> str:
    chosen = request.cookies.get(cookie, "")
    if chosen in LANGUAGES:
        return chosen
    return browser_choice(request.accept_languages) or DEFAULT


def keep_choice(response: BaseResponse, cookie: str, code: str) -> None:
    """Remember a picker's choice on this device, as long as a browser keeps a cookie."""
    response.set_cookie(
        cookie,
        code,
        max_age=COOKIE_DAYS * 24 * 3600,
        secure=request.is_secure,
        httponly=True,
        samesite="Lax",
    )


def browser_choice(accepted) -> str | None:
    """The first language the browser asks for (in its order of preference) that Talkback
    ships, "cy-GB" counting as "cy". Werkzeug's best_match would take a later exact "en"
    before an earlier "cy-GB"."""
    for value, quality in accepted:
        primary = value.replace("_", "-").split("-")[0].lower()
        if quality > 0 and primary in LANGUAGES:
            return primary
    return None


def page_language_code() -> str:
    namespace = getattr(request, "namespace", None)  # set by Flask-SocketIO for its events
    if namespace in ROOM_NAMESPACES:
        return DEFAULT
    if namespace in STAFF_NAMESPACES:
        return staff_choice()
    if request.endpoint in ROOM_PAGES:
        return DEFAULT
    if request.blueprint in STAFF_BLUEPRINTS:
        return staff_choice()
    return phone_choice()


def babel_locale() -> str:
    """Flask-Babel's locale: the page's language by its tag, so English dates and numbers are
    written the British way ("2 December 2026")."""
    return LANGUAGES[page_language_code()].tag.replace("-", "_")


def review_status(folder: Path = TRANSLATIONS) -> dict[str, str]:
    """Each catalogue's review status, as translations/review-status.yaml records it."""
    raw = yaml.safe_load((folder / "review-status.yaml").read_text(encoding="utf-8")) or {}
    return {str(code): str(entry.get("status", "drafted")) for code, entry in raw.items()}


def is_drafted(code: str, statuses: dict[str, str]) -> bool:
    """A clinical text in this language has not been checked by a fluent speaker."""
    return code != DEFAULT and not statuses.get(code, "drafted").startswith(REVIEWED)


def compile_catalogues(folder: Path = TRANSLATIONS) -> None:
    """Each .po becomes the .mo Flask-Babel reads, when the .mo is missing or older. Written
    to a temporary file and renamed, so apps starting side by side never read half a file."""
    for po in sorted(folder.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as source:
            catalog = read_po(source)
        handle, temporary = tempfile.mkstemp(dir=po.parent, suffix=".mo-new")
        with os.fdopen(handle, "wb") as out:
            write_mo(out, catalog)
        os.replace(temporary, mo)


def browser_messages(
    code: str, folder: Path = TRANSLATIONS, *, staff: bool = True
) -> dict[str, Any]:
    """The translated messages of the browser modules (those found in static/), keyed by their
    English text; with `staff` false, only those of the modules a phone or the room's screen
    runs. A plural message maps each of the language's plural categories (CLDR's, as the
    browser's Intl.PluralRules names them) to its form. Untranslated and fuzzy messages are
    left out: the browser shows the English text for them."""
    po = folder / code / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return {}
    with po.open("rb") as source:
        catalog = read_po(source, locale=code)
    form_of = gettext.c2py(catalog.plural_expr)
    rule = Locale.parse(code).plural_form
    samples = {tag: _sample(rule, tag) for tag in rule.tags | {"other"}}
    messages: dict[str, Any] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not _in_browser(message.locations, staff):
            continue
        if isinstance(message.id, tuple | list):
            forms = list(message.string or ())
            if not all(forms):
                continue
            # gettext has no form for fractions: such a category takes the last form
            messages[message.id[0]] = {
                tag: forms[-1 if n is None else form_of(n)] for tag, n in samples.items()
            }
        elif message.string:
            messages[message.id] = message.string
    return messages


def message_key(text: str) -> str:
    """A message's short key in the browser catalogue: FNV-1a (32 bits) over its UTF-16 code
    units, as static/common/messages.js computes it, so the English text is not sent twice."""
    data = text.encode("utf-16-le")
    digest = 0x811C9DC5
    for unit in struct.unpack(f"<{len(data) // 2}H", data):
        digest = ((digest ^ unit) * 0x01000193) & 0xFFFFFFFF
    return f"{digest:08x}"


def keyed(messages: dict[str, Any]) -> dict[str, Any]:
    """The catalogue under short keys; two messages sharing a key would show the wrong words,
    so that stops the app from starting."""
    found: dict[str, Any] = {}
    for text, translated in messages.items():
        key = message_key(text)
        if key in found:
            raise ValueError(f"two browser messages share the key {key}: reword one: {text!r}")
        found[key] = translated
    return found


# The modules only staff pages run: their words stay out of the catalogue a phone downloads,
# which is held to the first visit's weight budget (docs/accessibility.md).
STAFF_MODULES = ("static/facilitator/", "static/editor/", "static/review/")
STAFF_KIND_PARTS = ("/editor.js", "/console.js")


def _in_browser(locations, staff: bool) -> bool:
    return any(
        path.startswith("static/") and (staff or not _staff_module(path))
        for path, _line in locations
    )


def _staff_module(path: str) -> bool:
    return path.startswith(STAFF_MODULES) or (
        path.startswith("static/kinds/") and path.endswith(STAFF_KIND_PARTS)
    )


def _sample(rule, tag: str) -> int | None:
    """A whole number in this plural category (below 200 where there is one); None for a
    category that holds only fractions (Polish "other", as in 1.5)."""
    return next((n for n in range(200) if rule(n) == tag), None)


class BrowserCatalogues:
    """Each shipped language's browser catalogues as small ES modules, made once at start: the
    phone's (what phones and the room's screen run) and the staff's (every module); each
    address carries a hash of its content, so a browser keeps it for good."""

    def __init__(self, folder: Path = TRANSLATIONS):
        self.modules: dict[tuple[str, str], bytes] = {}  # by (code, version)
        self.versions: dict[tuple[str, bool], str] = {}  # by (code, staff)
        for code in LANGUAGES:
            if code == DEFAULT:
                continue  # English is the text in the modules themselves
            for staff in (False, True):
                messages = keyed(browser_messages(code, folder, staff=staff))
                body = json.dumps(
                    messages, ensure_ascii=False, sort_keys=True, separators=(",", ":")
                )
                module = f"export default {body};\n".encode()
                version = hashlib.sha256(module).hexdigest()[:12]
                self.modules[code, version] = module
                self.versions[code, staff] = version

    def url(self, code: str, *, staff: bool = False) -> str | None:
        version = self.versions.get((code, staff))
        if version is None:
            return None
        return url_for("browser_messages", version=version, code=code)

    def serve(self, version: str, code: str) -> Response:
        module = self.modules.get((code, version))
        if module is None:
            abort(404)
        response = Response(module, mimetype="text/javascript")
        response.cache_control.public = True
        response.cache_control.max_age = 365 * 24 * 3600
        response.cache_control.immutable = True
        return response


def load_locale_data() -> None:
    """Read each language's CLDR data (its dates, numbers, plural rules and direction) now,
    before the start-up heap is frozen: Babel reads it at first use, which would make the first
    phone of each language wait for it and keep about a megabyte among the connections' memory."""
    for language in LANGUAGES.values():
        _ = language.direction  # reads the locale's data and its parents'


def install(app: Flask) -> None:
    """Flask-Babel with the phone's choice, the compiled catalogues, the browser catalogues'
    route, and what every template needs to say which language it is in."""
    compile_catalogues()
    load_locale_data()
    Babel(app, locale_selector=babel_locale)
    catalogues = app.extensions["talkback.languages"] = BrowserCatalogues()
    statuses = review_status()
    app.add_url_rule(
        "/messages/<version>/<code>.js", "browser_messages", catalogues.serve, methods=["GET"]
    )

    @app.template_filter("phone_date")
    def phone_date(iso: str) -> str:
        """ "2026-12-02" as the page's language writes a date ("2 December 2026")."""
        try:
            return format_date(date.fromisoformat(iso[:10]), format="long")
        except ValueError:
            return iso

    @app.template_filter("weekday_date")
    def weekday_date(day: date) -> str:
        """A day with its weekday, as the page's language writes it ("Friday 4 December 2026")."""
        return format_date(day, format="EEEE d MMMM y")

    @app.template_global()
    def staff_language_menu() -> dict[str, Any] | None:
        """What the staff header's picker lists, on a page that follows the staff's choice only
        (a global, so that a macro imported without the page's context still sees it)."""
        if not has_request_context() or request.endpoint in ROOM_PAGES:
            return None
        if request.blueprint not in STAFF_BLUEPRINTS:
            return None
        return {
            "languages": list(LANGUAGES.values()),
            "current": page_language_code(),
            # the path alone: a sign-in page's ?next= (maybe another site's) is never echoed
            "back": request.path,
        }

    @app.template_global()
    def language_name(code: str) -> str:
        """A language's name as the page's language names it ("Saesneg" on a Welsh page)."""
        own = Locale.parse(LANGUAGES[page_language_code()].tag.replace("-", "_"))
        return str(own.languages.get(code, code))

    @app.template_global()
    def browser_messages_url() -> str | None:
        return catalogues.url(page_language_code()) if has_request_context() else None

    @app.context_processor
    def page_language() -> dict[str, Any]:
        if not has_request_context():
            return {"page_language": LANGUAGES[DEFAULT], "messages_url": None}
        language = LANGUAGES[page_language_code()]
        return {
            "page_language": language,
            "phone_languages": list(LANGUAGES.values()),
            "messages_url": catalogues.url(
                language.code, staff=request.blueprint in STAFF_BLUEPRINTS
            ),
            "translation_drafted": is_drafted(language.code, statuses),
        }
