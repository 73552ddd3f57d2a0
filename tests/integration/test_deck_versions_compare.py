"""Two versions of a deck side by side, over HTTP: the summary, each changed step with its
words marked, restoring either version from the page, and clear refusals of bad requests."""

from __future__ import annotations

import copy
import re

import pytest

from sessions.deck import parse_deck
from tests.integration.editor_decks import every_kind


@pytest.fixture
def three_versions(editor, store):
    """Version 1 is the new deck, 2 every kind, 3 the same with one step reworded, one
    removed, one added and the first two swapped."""
    deck_id = editor.new_deck()
    first = every_kind()
    editor.save(deck_id, first)
    # A session runs version 2, so the next save is a version of its own.
    store.sessions.create(deck_id, store.accounts.user_by_name("physio")["id"])
    second = copy.deepcopy(first)
    steps = second["steps"]
    steps[0], steps[1] = steps[1], steps[0]
    steps[2]["title"] = steps[2]["title"] + " today"
    removed = steps.pop(3)
    steps.append({"id": "thanks-again", "kind": "slide", "title": "Thanks again"})
    response = editor.save(deck_id, second)
    assert response.get_json()["version"] == 3, response.get_json()
    return deck_id, first, removed


def page(http, deck_id, query):
    return http.get(f"/decks/{deck_id}/versions/compare{query}")


def test_the_page_lists_what_was_added_removed_moved_and_reworded(editor, three_versions):
    deck_id, first, removed = three_versions
    response = page(editor.http, deck_id, "?from=2&to=3")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "1 step added, 1 removed, 1 moved, 1 changed." in html
    assert f'data-step-id="{removed["id"]}"' in html
    assert "Was step 4 in version 2." in html
    assert f"Step {len(first['steps'])} in version 3." in html  # the added one, last
    assert re.search(r'<ins class="diff__added">[^/]*\[added: </span> today<span', html)
    assert "Moved from step" in html


def test_the_same_deck_twice_says_so(editor, three_versions):
    deck_id, _, _ = three_versions
    editor.post_form(f"/decks/{deck_id}/versions/2/restore")  # version 4 is version 2 again
    html = page(editor.http, deck_id, "?from=2&to=4").get_data(as_text=True)
    assert "The two versions are the same." in html


def test_either_version_can_be_restored_from_the_page(editor, store, three_versions):
    deck_id, first, _ = three_versions
    html = page(editor.http, deck_id, "?from=2&to=3").get_data(as_text=True)
    assert "Restore version 2" in html
    assert "Restore version 3" not in html  # the latest is already the deck
    response = editor.post_form(f"/decks/{deck_id}/versions/2/restore")
    assert response.status_code == 302
    assert parse_deck(store.decks.get(deck_id)["yaml"]).steps[0].id == first["steps"][0]["id"]


def test_a_reviewer_sees_the_changes_but_cannot_restore(sign_in, editor, three_versions):
    deck_id, _, _ = three_versions
    html = page(sign_in("rita", "reviewer"), deck_id, "?from=2&to=3").get_data(as_text=True)
    assert "1 step added" in html
    assert "Restore version" not in html


def test_the_versions_page_offers_the_comparison(editor, three_versions):
    deck_id, _, _ = three_versions
    html = editor.http.get(f"/decks/{deck_id}/versions").get_data(as_text=True)
    assert 'action="/decks/' + deck_id + '/versions/compare"' in html
    assert '<option value="2" selected>' in html
    assert '<option value="3" selected>' in html


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 400, "Choose two versions to compare"),
        ("?from=2", 400, "Choose two versions to compare"),
        ("?from=two&to=3", 400, "Choose two versions to compare"),
        ("?from=3&to=3", 400, "Both are version 3. Choose two different versions."),
        ("?from=2&to=9", 404, "This deck has no version 9."),
    ],
)
def test_a_bad_comparison_is_refused_with_what_to_do(
    editor, three_versions, query, status, message
):
    deck_id, _, _ = three_versions
    response = page(editor.http, deck_id, query)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_an_unknown_deck_is_not_found(editor):
    assert page(editor.http, "no-such-deck", "?from=1&to=2").status_code == 404


def test_signed_out_the_page_asks_to_sign_in(app, editor, three_versions):
    deck_id, _, _ = three_versions
    response = page(app.test_client(), deck_id, "?from=2&to=3")
    assert response.status_code == 302
    assert "/signin" in response.location
