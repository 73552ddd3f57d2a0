"""The back-pain red-flag list in every language it is translated into: a Welsh, Polish or
Romanian answer alerts as the English does, a plain denial in its own language does not, the
words are read whatever their script, accents or apostrophes, each translation covers the
English list entry by entry with its review status, and a bad list file is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from server.languages import LANGUAGES
from sessions import redflags
from sessions.redflag_lists import LISTS, PhraseListError, fold, translation

SCAN = redflags.phrases_for("back-pain")
ENGLISH = redflags.phrase_list("back-pain")
LABELS = tuple(" ".join(p) for p in ENGLISH)
FILES = sorted((LISTS / "back-pain").glob("*.yaml"))


def flags(text: str) -> list[str]:
    return redflags.red_flags_in(text, SCAN)


def english_of(found: list[str]) -> set[str]:
    """The English entries the alerts stand for ('pledren (cy: bladder)' stands for bladder)."""
    return {label.rsplit(": ", 1)[1].rstrip(")") if ": " in label else label for label in found}


# Welsh -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("Mae gen i broblem gyda fy mhledren", {"bladder"}),
        ("Mae'r bledren yn od ers dydd Llun", {"bladder"}),
        ("Dw i'n poeni am fy ngholuddion", {"bowel"}),
        ("Rwy'n methu pasio dŵr", {"can't pee"}),
        ("Rwy'n methu pasio dwr", {"can't pee"}),  # the circumflex left off
        ("Dw i ddim yn gallu pasio dŵr", {"can't pee"}),  # the phrase holds its negation
        ("Mae trafferth pasio dŵr gen i", {"trouble peeing"}),
        ("Mae fferdod yn fy mhen-ôl", {"numb bottom"}),
        ("Mae fy mhenôl yn ddideimlad", {"numb bottom"}),
        ("Mae pinnau bach yn fy ngafl", {"tingl groin"}),
        ("Mae fy nwy goes yn wan", {"both legs", "both legs weak"}),
        ("Mae'r ddwy goes yn gwegian", {"both legs", "legs giving way"}),
        ("Mae gen i dwymyn", {"fever"}),
        ("Mae gen i dymheredd uchel", {"high temperature"}),
        ("Dw i wedi colli pwysau heb drio", {"weight loss"}),
        ("Mae'r boen yn waeth yn y nos", {"worse at night", "night pain"}),
        ("Ydy hwn yn cauda equina?", {"cauda equina"}),  # the English words serve
        # the denial holds for its own clause only
        ("Nid wyf wedi colli pwysau ond mae fy mhledren yn od", {"bladder"}),
    ],
)
def test_welsh_free_text_alerts(text, entries):
    found = flags(text)
    assert english_of(found) == entries
    assert len(found) == len(set(found))


@pytest.mark.parametrize(
    "text",
    [
        "Does dim problem gyda fy mhledren",
        "Dydw i ddim wedi cael unrhyw drafferth gyda'm pledren",
        "Does gen i ddim twymyn",
        "Heb golli pwysau",
        "Dim fferdod yn fy mhenôl",
        "Dim twymyn, dim tymheredd uchel",
        "Dw i wedi cerdded y ddau gi",  # "both dogs"
        "Mae fy nghoes yn brifo",  # one leg
        "Rwy'n rhoi fy nghoesau i fyny",  # legs up, not giving way
    ],
)
def test_welsh_denials_and_ordinary_welsh_do_not_alert(text):
    assert flags(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Dim twymyn ond mae fy mhledren yn od",  # the denial ends at "ond"
        "Dim poen heddiw a mae fy mhledren yn od",  # and at "a"
        "Dim byd arall. Mae fy mhledren yn od",  # another sentence
        "Dim fferdod yn fy mhen-ôl",  # the hyphen splits the phrase: doubt alerts
    ],
)
def test_anything_short_of_a_plain_welsh_denial_still_alerts(text):
    assert flags(text)


def test_a_welsh_alert_names_its_welsh_words_and_the_english_entry():
    assert flags("Mae fy mhledren yn od") == ["pledren (cy: bladder)"]


def test_one_welsh_symptom_written_any_way_alerts_once():
    found = flags("Methu piso. Methu pasio dŵr. Dw i ddim yn gallu pasio dŵr.")
    assert english_of(found) == {"can't pee"}


# Other languages and scripts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("Mam problem z pęcherzem", {"bladder"}),
        ("MAM PROBLEM Z PĘCHERZEM", {"bladder"}),
        ("mam problem z pecherzem", {"bladder"}),  # typed without the ogonek
        ("Zdrętwienie pośladków od wczoraj", {"numb bottom"}),
        ("Brak czucia w kroczu", {"numb genital"}),
        ("Nie mogę oddać moczu", {"can't pee"}),
        ("Obie nogi są słabe", {"both legs", "both legs weak"}),
        ("Ból w nocy", {"night pain"}),
        ("Am probleme cu vezica", {"bladder"}),
        ("Amorțeală în fese", {"numb bottom"}),
        ("Amorteala in fese", {"numb bottom"}),
        ("Nu pot urina", {"can't pee"}),
    ],
)
def test_polish_and_romanian_free_text_alerts(text, entries):
    assert english_of(flags(text)) == entries


@pytest.mark.parametrize(
    "text",
    [
        "Nie mam problemów z pęcherzem",
        "Nie mam żadnych problemów z pęcherzem",
        "Nie mam gorączki",
        "Nu am probleme cu vezica",
        "Fără febră",
    ],
)
def test_a_plain_polish_or_romanian_denial_does_not_alert(text):
    assert flags(text) == []


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("عندي مشكلة في المثانة", {"bladder"}),
        ("أعاني من خدر في المؤخرة", {"numb bottom"}),
        ("لا أستطيع التبول", {"can't pee"}),  # the phrase holds its negation
        ("عندي حُمّى", {"fever"}),  # vowel marks written
        ("مجھے بخار ہے", {"fever"}),
        ("میرے دونوں ٹانگیں کمزور ہیں", {"both legs", "both legs weak"}),
        ("ਮੈਨੂੰ ਬੁਖ਼ਾਰ ਹੈ", {"fever"}),
        ("ਮੈਨੂੰ ਬੁਖਾਰ ਹੈ", {"fever"}),  # the nukta left out
        ("আমার জ্বর আছে।", {"fever"}),
        ("রাতে ব্যথা বাড়ে", {"worse at night", "night pain"}),
    ],
)
def test_arabic_urdu_panjabi_and_bengali_free_text_alerts(text, entries):
    assert english_of(flags(text)) == entries


@pytest.mark.parametrize("text", ["لا توجد مشاكل في المثانة", "ليس عندي حمى"])
def test_a_plain_arabic_denial_does_not_alert(text):
    assert flags(text) == []


@pytest.mark.parametrize("text", ["مجھے بخار نہیں ہے", "ਮੈਨੂੰ ਬੁਖਾਰ ਨਹੀਂ ਹੈ", "আমার জ্বর নেই"])
def test_a_denial_after_the_word_is_not_read_so_it_alerts(text):
    """Urdu, Panjabi and Bengali say "not" after what they deny; the scan reads no such
    denial, so the mention alerts: the safe side."""
    assert english_of(flags(text)) == {"fever"}


def test_a_denial_is_read_only_in_its_own_language():
    # Welsh "dim" denies nothing in English, nor English "no" in Welsh: doubt alerts.
    assert flags("dim bladder problems") == ["bladder"]
    assert english_of(flags("no pledren")) == {"bladder"}


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Pęcherz", "pęcherz".replace("ę", "e")),
        ("DŴR", "dwr"),
        ("tyłek", "tylek"),
        ("can\u2019t", "can't"),
        ("\uff21\uff22", "ab"),  # full-width letters
        ("ŞA ȘA", "sa sa"),  # Romanian's cedilla and comma forms
        ("جلد", "جلد"),  # Arabic keeps its letters
        ("জ্বর", "জ্বর"),  # Bengali keeps its vowel signs and virama
    ],
)
def test_text_is_folded_to_plain_letters_in_latin_script_only(text, folded):
    assert fold(text) == folded


def test_words_in_other_scripts_stay_whole():
    phrases = redflags.Scan(
        (redflags.PhraseSet(redflags.ENGLISH, (redflags.Entry("জ্বর", (("জ্বর",),)),)),)
    )
    assert redflags.red_flags_in("আমার জ্বর আছে।", phrases) == ["জ্বর"]
    assert redflags.red_flags_in("আমার জ", phrases) == []


def test_english_alone_behaves_as_before_whatever_else_is_scanned():
    text = "No fever, but my bladder is odd. Both legs are weak."
    assert flags(text) == redflags.red_flags_in(text, ENGLISH)


# The list files --------------------------------------------------------------------------------


def test_every_phone_language_has_a_translation():
    """A language a phone can choose has the red-flag list in its words too."""
    assert {path.stem for path in FILES} == set(LANGUAGES) - {"en"}
    assert [s.language.code for s in SCAN.sets] == ["en", *(path.stem for path in FILES)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_translation_covers_every_english_entry(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert list(raw["phrases"]) == list(LABELS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_translation_says_its_review_status(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert raw["status"] == "drafted" or raw["status"].startswith("reviewed by a fluent speaker")
    assert raw["note"]


@pytest.mark.parametrize("phrase_set", SCAN.sets[1:], ids=lambda s: s.language.code)
def test_no_one_word_alone_is_a_whole_phrase(phrase_set):
    """A word start that also starts every other word of its phrase would alert by itself."""
    for entry in phrase_set.entries:
        for starts in entry.slots:
            for start in starts:
                assert not all(start.startswith(o) for o in entry.slots) or len(entry.slots) == 1


TRANSLATED = [entry for phrase_set in SCAN.sets[1:] for entry in phrase_set.entries]


@pytest.mark.parametrize("entry", TRANSLATED, ids=lambda e: e.label)
def test_every_translated_phrase_said_plainly_alerts(entry):
    words = entry.label.rsplit(" (", 1)[0]
    assert entry.label in flags(f"{words}.")


@pytest.mark.parametrize("label", LABELS)
def test_no_translation_alerts_on_a_plainly_denied_english_phrase(label):
    assert flags(f"I don't have any {label}") == []


# A bad file -----------------------------------------------------------------------------------

GOOD = "language: cy\nstatus: drafted\nphrases:\n  bladder: [pledren]\n"


def bad_list(tmp_path: Path, text: str, name: str = "cy") -> Path:
    path = tmp_path / "back-pain" / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_reads(tmp_path):
    read = translation(bad_list(tmp_path, GOOD), LABELS)
    assert [e.label for e in read.entries] == ["pledren (cy: bladder)"]


@pytest.mark.parametrize(
    ("text", "name", "says"),
    [
        ("bladder: [pledren]\n: :\n", "cy", "cannot be read"),
        ("- pledren\n", "cy", "must be a mapping"),
        (GOOD + "colour: red\n", "cy", "unknown field 'colour'"),
        (GOOD.replace("language: cy", "language: pl"), "cy", "language must be the file's name"),
        (GOOD.replace("drafted", "checked"), "cy", "status must be 'drafted'"),
        (GOOD.replace("bladder", "elbow"), "cy", "['elbow']: is not an entry of the English"),
        (GOOD.replace("[pledren]", "[pled-ren]"), "cy", "['bladder'][0]: 'pled-ren' must be word"),
        (GOOD.replace("[pledren]", "[a b c d e]"), "cy", "must be a phrase of 1 to 4 words"),
        (GOOD.replace("[pledren]", "[7]"), "cy", "must be a phrase of 1 to 4 words"),
        (GOOD.replace("[pledren]", "[pledren//bledren]"), "cy", "alternatives split by '/'"),
        (GOOD.replace("[pledren]", "fever"), "cy", "'fever' names no entry with phrases"),
        (GOOD.replace("[pledren]", "7"), "cy", "must be a list of phrases or another entry"),
        (GOOD + "negations: dim\n", "cy", "cy.yaml: negations: must be a list of words"),
        (GOOD + "fillers: [gyda fi]\n", "cy", "fillers: each must be one word"),
        (GOOD.replace("phrases:\n  bladder: [pledren]\n", "phrases: []\n"), "cy", "must map"),
    ],
)
def test_a_bad_list_file_is_a_clear_error_naming_where(tmp_path, text, name, says):
    with pytest.raises(PhraseListError) as error:
        translation(bad_list(tmp_path, text, name), LABELS)
    assert says in str(error.value)
    assert str(error.value).startswith(f"back-pain/{name}.yaml")


def test_a_bad_list_file_stops_the_start_with_its_reason(tmp_path, monkeypatch):
    from sessions import redflag_lists

    bad_list(tmp_path, GOOD.replace("bladder", "elbow"))
    (tmp_path / "back-pain.yaml").write_text("- [bladder]\n", encoding="utf-8")
    monkeypatch.setattr(redflag_lists, "LISTS", tmp_path)
    monkeypatch.setattr(redflags, "LISTS", tmp_path)
    redflags.phrase_list.cache_clear()
    redflags.named_scan.cache_clear()
    try:
        with pytest.raises(PhraseListError, match="'elbow'"):
            redflags.all_lists(("back-pain",))
    finally:
        redflags.phrase_list.cache_clear()
        redflags.named_scan.cache_clear()


def test_every_symptom_of_the_bundled_welsh_safety_wording_is_flagged_once():
    """The bundled deck's own Welsh for when to get help, as a Welsh speaker might write it."""
    deck = yaml.safe_load((LISTS.parents[1] / "decks" / "back-pain-1.yaml").read_text("utf-8"))
    text = deck["translations"]["cy"]["texts"]["safety.when_to_get_help"].replace("**", "")
    found = flags(text)
    assert english_of(found) == {
        "numb bottom",
        "numb genital",
        "tingl bottom",
        "tingl genital",
        "bladder",
        "bowel",
        "trouble peeing",
        "both legs",
        "both legs weak",
        "high temperature",
        "weight loss",
        "worse at night",
        "night pain",
    }
    assert len(found) == len(english_of(found))  # one alert a symptom, not one a phrase


def test_a_very_long_word_still_matches_by_its_start():
    assert flags("bladder" + "r" * 5000) == ["bladder"]
    assert flags("pledren" + "n" * 5000) == ["pledren (cy: bladder)"]
