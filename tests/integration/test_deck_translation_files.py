"""A deck's translation file over HTTP: exported for a translator, imported back as a new
version, and a bad file, another language's file or a reader without editing rights refused
with nothing changed."""

from __future__ import annotations

import io

import pytest
import yaml

from sessions.deck import parse_deck
from tests.html_check import html_problems, report
from tests.integration.editor_decks import every_kind


@pytest.fixture
def deck_id(editor):
    made = editor.new_deck()
    response = editor.save(made, every_kind())
    assert response.status_code == 200, response.get_json()
    return made


def exported(editor, deck_id, language="cy") -> dict:
    response = editor.http.get(f"/decks/{deck_id}/translations/{language}.yaml")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    return yaml.safe_load(response.get_data(as_text=True))


def send(editor, deck_id, data, language="cy"):
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    return editor.post_form(
        f"/decks/{deck_id}/translations/{language}",
        {"file": (io.BytesIO(text.encode()), "cy.yaml")},
        content_type="multipart/form-data",
    )


def test_a_filled_in_file_becomes_a_new_version_with_the_translation(editor, store, deck_id):
    data = exported(editor, deck_id)
    before = store.decks.get(deck_id)["yaml"]
    data["texts"][0]["translation"] = "Teitl yn Gymraeg"
    response = send(editor, deck_id, data)
    assert response.status_code == 200, response.get_json()
    deck = parse_deck(store.decks.get(deck_id)["yaml"])
    assert deck.translations["cy"].texts == {data["texts"][0]["key"]: "Teitl yn Gymraeg"}
    assert store.decks.get(deck_id)["yaml"] != before
    again = exported(editor, deck_id)
    assert again["texts"][0]["translation"] == "Teitl yn Gymraeg"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            lambda data: data["texts"].append({"key": "nowhere.title", "translation": "x"}),
            "no text",
        ),
        (lambda data: data.update(language="ar"), "must be cy"),
        (lambda data: "language: [", "not valid YAML"),
    ],
)
def test_a_bad_file_is_refused_and_the_deck_is_unchanged(editor, store, deck_id, change, problem):
    data = exported(editor, deck_id)
    changed = change(data)
    before = store.decks.get(deck_id)["yaml"]
    response = send(editor, deck_id, changed if isinstance(changed, str) else data)
    assert response.status_code == 400
    assert problem in response.get_json()["error"]["message"]
    assert store.decks.get(deck_id)["yaml"] == before


def test_no_file_and_a_language_not_shipped_are_refused(editor, deck_id):
    response = editor.post_form(f"/decks/{deck_id}/translations/cy")
    assert response.status_code == 400
    assert editor.http.get(f"/decks/{deck_id}/translations/xx.yaml").status_code == 404
    assert editor.http.get(f"/decks/{deck_id}/translations/en.yaml").status_code == 404


def test_a_reviewer_may_export_but_not_import(sign_in, editor, store, deck_id):
    reviewer = sign_in("rita", "reviewer")
    assert reviewer.get(f"/decks/{deck_id}/translations/cy.yaml").status_code == 200
    before = store.decks.get(deck_id)["yaml"]
    response = reviewer.post(f"/decks/{deck_id}/translations/cy", data={})
    assert response.status_code in (400, 403)
    assert store.decks.get(deck_id)["yaml"] == before


def test_the_editor_page_lists_each_translation_with_the_texts_it_still_lacks(editor, deck_id):
    data = exported(editor, deck_id)
    data["texts"][0]["translation"] = "Teitl yn Gymraeg"
    assert send(editor, deck_id, data).status_code == 200
    page = editor.http.get(f"/decks/{deck_id}/edit").get_data(as_text=True)
    section = page.split('id="translations"', 1)[1]
    total = len(data["texts"])
    assert f"{total - 1} of {total} texts still missing" in section
    assert f"<code>{data['texts'][0]['key']}</code>" not in section  # translated
    assert f"<code>{data['texts'][1]['key']}</code>" in section
    assert 'Welsh (<span lang="cy" dir="auto">Cymraeg</span>)' in section
    assert "Status: drafted." in section
    assert "FFT wording: not marked official" in section  # every_kind has a feedback step
    assert f'href="/decks/{deck_id}/translations/cy.yaml"' in section
    assert f'href="/decks/{deck_id}/translations/pl.yaml"' in section  # to start one
    assert f'action="/decks/{deck_id}/translations"' in section


def test_the_editor_page_with_its_translations_is_valid_html(editor, deck_id):
    data = exported(editor, deck_id)
    data["texts"][0]["translation"] = "Teitl yn Gymraeg"
    assert send(editor, deck_id, data).status_code == 200
    page = editor.http.get(f"/decks/{deck_id}/edit").get_data(as_text=True)
    found = html_problems({"editor with a translation": page})
    assert not any(found.values()), report(found)


def test_the_page_form_imports_the_chosen_language_and_comes_back_to_the_page(
    editor, store, deck_id
):
    data = exported(editor, deck_id, language="pl")
    assert all(entry["translation"] == "" for entry in data["texts"])  # a new, empty file
    data["texts"][0]["translation"] = "Tytuł po polsku"
    text = yaml.safe_dump(data, allow_unicode=True)
    response = editor.post_form(
        f"/decks/{deck_id}/translations",
        {"language": "pl", "file": (io.BytesIO(text.encode()), "pl.yaml")},
        content_type="multipart/form-data",
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/decks/{deck_id}/edit")
    assert parse_deck(store.decks.get(deck_id)["yaml"]).translations["pl"].texts
    page = editor.http.get(response.location).get_data(as_text=True)
    assert "The Polish translation is imported as a new version." in page


@pytest.mark.parametrize(
    ("language", "file_language", "problem"),
    [
        ("pl", "cy", "The file was not imported: translation file.language: must be pl"),
        ("en", "en", "Choose a language Talkback ships."),
        ("xx", "xx", "Choose a language Talkback ships."),
    ],
)
def test_the_page_form_refuses_a_bad_choice_or_file_and_says_why_on_the_page(
    editor, store, deck_id, language, file_language, problem
):
    data = exported(editor, deck_id)
    data["language"] = file_language
    before = store.decks.get(deck_id)["yaml"]
    response = editor.post_form(
        f"/decks/{deck_id}/translations",
        {"language": language, "file": (io.BytesIO(yaml.safe_dump(data).encode()), "x.yaml")},
        content_type="multipart/form-data",
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 302
    assert problem in editor.http.get(response.location).get_data(as_text=True)
    assert store.decks.get(deck_id)["yaml"] == before
