"""The shipped catalogues: each holds every message the code wraps (extracted afresh here, as
`make messages` does), no translation breaks a placeholder, a complete language leaves none
empty, and the browser's catalogue is made from the same .po files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from server.languages import (
    LANGUAGES,
    browser_choice,
    browser_messages,
    compile_catalogues,
    is_drafted,
    keyed,
    message_key,
    review_status,
)

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "t": None, "plural": (1, 2)}
KEYWORDS["Reaction"] = (3,)
KEYWORDS["N_"] = None  # the server's own messages, marked where they are written
KEYWORDS["plural_words"] = (1, 2)
# Catalogues shipped in part: a message may be untranslated (the page shows the English),
# but it must be there, and what is translated must keep its placeholders.
PARTIAL: set[str] = set()
SHIPPED = [code for code in LANGUAGES if code != "en"]
_PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def extracted_ids() -> set[str]:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=KEYWORDS, comment_tags=())
    return {(message if isinstance(message, str) else message[0]) for _, _, message, *_ in found}


def catalogue(code: str) -> Catalog:
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as source:
        return read_po(source, locale=code)


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def wrapped() -> set[str]:
    return extracted_ids()


def test_extraction_finds_the_phone_words(wrapped):
    assert {"Join a class", "Sending…", "{count} character left", "Agree"} <= wrapped


@pytest.mark.parametrize("code", SHIPPED)
def test_a_shipped_catalogue_holds_every_wrapped_message(code, wrapped):
    held = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(code) if m.id}
    missing = sorted(wrapped - held)
    assert not missing, f"{code}: run `make messages`, then translate: {missing}"


@pytest.mark.parametrize("code", SHIPPED)
def test_no_translation_breaks_a_placeholder(code):
    for message in catalogue(code):
        if not message.id:
            continue
        if isinstance(message.id, str):
            pairs = [(message.id, message.string)]
        else:  # every form has the plural's placeholders ({count} among them)
            pairs = [(message.id[1], form) for form in message.string]
        for english, translated in pairs:
            if translated:
                assert placeholders(translated) == placeholders(english), (code, english)


@pytest.mark.parametrize("code", [c for c in SHIPPED if c not in PARTIAL])
def test_a_complete_catalogue_translates_every_message(code):
    def untranslated(message) -> bool:
        forms = [message.string] if isinstance(message.string, str) else message.string
        return message.fuzzy or not all(forms)

    assert [m.id for m in catalogue(code) if m.id and untranslated(m)] == []


def test_every_shipped_language_has_a_review_status():
    statuses = review_status()
    assert set(statuses) == set(SHIPPED)
    assert all(
        s == "drafted" or s.startswith("reviewed by a fluent speaker on ")
        for s in statuses.values()
    )


def test_a_drafted_language_is_marked_and_a_reviewed_one_is_not():
    statuses = {"cy": "drafted", "ar": "reviewed by a fluent speaker on 2027-01-10"}
    assert is_drafted("cy", statuses)
    assert not is_drafted("ar", statuses)
    assert not is_drafted("en", statuses)


def write_catalogue(folder: Path, code: str, messages: list[tuple]) -> None:
    target = folder / code / "LC_MESSAGES"
    target.mkdir(parents=True)
    cat = Catalog(locale=code)
    for msgid, msgstr, where, *flags in messages:
        cat.add(msgid, msgstr, locations=[(where, 1)], flags=flags)
    with (target / "messages.po").open("wb") as out:
        write_po(out, cat)


def test_the_browser_catalogue_has_module_words_with_plural_categories(tmp_path):
    write_catalogue(
        tmp_path,
        "cy",
        [
            ("Sent", "Wedi anfon", "static/participant/play.js"),
            ("Join a class", "Ymuno â dosbarth", "templates/participant/join.html"),
            ("Draft", "Drafft", "static/participant/play.js", "fuzzy"),
            ("Untranslated", "", "static/participant/play.js"),
            (
                ("{count} answer", "{count} answers"),
                ("{count} ateb0", "{count} ateb1", "{count} ateb2", "3", "6", "else"),
                "static/common/results.js",
            ),
        ],
    )
    messages = browser_messages("cy", tmp_path)  # by English text, before keyed()
    assert messages["Sent"] == "Wedi anfon"
    assert "Join a class" not in messages  # a page's words are on the page already
    assert "Draft" not in messages
    assert "Untranslated" not in messages
    assert messages["{count} answer"] == {
        "zero": "{count} ateb0",
        "one": "{count} ateb1",
        "two": "{count} ateb2",
        "few": "3",
        "many": "6",
        "other": "else",
    }


def test_a_phone_catalogue_leaves_out_the_words_of_staff_modules(tmp_path):
    write_catalogue(
        tmp_path,
        "cy",
        [
            ("Sent", "Wedi anfon", "static/participant/play.js"),
            ("Reactions", "Ymatebion", "static/screen/reactions.js"),
            ("Next", "Nesaf", "static/facilitator/console.js"),
            ("Add an option", "Ychwanegu opsiwn", "static/kinds/poll/editor.js"),
            ("Open answers", "Agor atebion", "static/kinds/open/console.js"),
            ("Agree", "Cytuno", "static/kinds/poll/phone.js"),
        ],
    )
    phone = browser_messages("cy", tmp_path, staff=False)
    assert set(phone) == {"Sent", "Reactions", "Agree"}
    staff = browser_messages("cy", tmp_path)
    assert set(staff) == {"Sent", "Reactions", "Next", "Add an option", "Open answers", "Agree"}


@pytest.mark.parametrize(
    ("text", "key"),
    [("", "811c9dc5"), ("a", "e40c292c"), ("Sending…", message_key("Sending…"))],
)
def test_a_message_key_is_fnv1a_of_its_utf16_units(text, key):
    assert message_key(text) == key


def test_every_shipped_browser_message_has_a_key_of_its_own():
    for code in SHIPPED:
        assert len(keyed(browser_messages(code))) == len(browser_messages(code))


def test_two_messages_sharing_a_key_stop_the_catalogue(monkeypatch):
    monkeypatch.setattr("server.languages.message_key", lambda text: "same")
    with pytest.raises(ValueError, match="share the key"):
        keyed({"One": "Un", "Two": "Dau"})


def test_a_catalogue_is_compiled_when_its_po_is_newer(tmp_path):
    write_catalogue(tmp_path, "cy", [("Sent", "Wedi anfon", "static/x.js")])
    compile_catalogues(tmp_path)
    mo = tmp_path / "cy" / "LC_MESSAGES" / "messages.mo"
    assert b"Wedi anfon" in mo.read_bytes()
    assert not list(mo.parent.glob("*.mo-new"))


@pytest.mark.parametrize(
    ("accepted", "chosen"),
    [
        ([("cy-GB", 1), ("en", 0.5)], "cy"),
        ([("fr", 1), ("ar-EG", 0.8), ("en", 0.5)], "ar"),
        ([("en-US", 1), ("cy", 0.9)], "en"),
        ([("fr", 1), ("de", 0.5)], None),
        ([("cy", 0)], None),
        ([("pa-IN", 1), ("en-GB", 0.7)], "pa"),
        ([("ur-PK", 1), ("ur", 0.9), ("en", 0.5)], "ur"),
        ([("bn-BD", 1), ("en", 0.5)], "bn"),
        ([("ro-RO", 1), ("ro", 0.9)], "ro"),
        ([("de-DE", 1), ("pl-PL", 0.8), ("en", 0.5)], "pl"),
        ([("pl_PL", 1)], "pl"),
        ([("ur-PK", 0), ("bn-BD", 0.3)], "bn"),
    ],
)
def test_the_browser_choice_is_its_first_shipped_language(accepted, chosen):
    assert browser_choice(accepted) == chosen


@pytest.mark.parametrize(
    ("code", "direction", "forms"),
    [("pl", "ltr", 3), ("ro", "ltr", 3), ("pa", "ltr", 2), ("ur", "rtl", 2), ("bn", "ltr", 2)],
)
def test_a_new_language_is_written_its_way_with_its_plural_forms(code, direction, forms):
    assert LANGUAGES[code].direction == direction
    assert catalogue(code).num_plurals == forms


def test_a_plural_category_of_fractions_only_takes_the_last_form(tmp_path):
    write_catalogue(
        tmp_path,
        "pl",
        [
            (
                ("{count} answer", "{count} answers"),
                ("{count} odpowiedź", "{count} odpowiedzi", "{count} odpowiedzi."),
                "static/common/results.js",
            )
        ],
    )
    forms = browser_messages("pl", tmp_path)["{count} answer"]
    assert forms == {
        "one": "{count} odpowiedź",
        "few": "{count} odpowiedzi",
        "many": "{count} odpowiedzi.",
        "other": "{count} odpowiedzi.",  # Polish "other" is 1.5, 2.5, ...: no gettext form
    }
