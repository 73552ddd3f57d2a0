"""Each request may send only as much as its page needs: a little for forms and the JSON API,
more for the editor's drafts, most for pictures and deck imports. Anything larger is refused
from its length alone, before it is read."""

from __future__ import annotations

import io
import json

import yaml
from PIL import Image

from sessions import deck_files
from tests.integration.editor_decks import every_kind

MiB = 1024 * 1024


def test_a_huge_json_body_to_the_api_is_refused_unread(app):
    body = b'{"name": "' + b"x" * (25 * MiB) + b'"}'
    response = app.test_client().post("/api/join", data=body, content_type="application/json")
    assert response.status_code == 413
    error = response.get_json()["error"]
    assert error["code"] == "too_large"
    assert "at most 8 KB" in error["message"]


def test_the_api_takes_an_ordinary_body(app, console):
    response = app.test_client().post("/api/join", json={"code": console.session["code"]})
    assert response.status_code == 201, response.get_data(as_text=True)


def test_a_large_form_is_refused_with_a_page(app):
    response = app.test_client().post("/join", data={"code": "1" * (100 * 1024)})
    assert response.status_code == 413
    assert "too large to send" in response.get_data(as_text=True)


def test_a_draft_larger_than_a_form_is_saved(editor):
    deck_id = editor.new_deck()
    draft = editor.draft(deck_id)["draft"]
    draft["steps"][0]["body"] = "Rest a little, move a little. " * 4000  # about 120 KB
    assert len(json.dumps(draft)) > 100 * 1024
    response = editor.save(deck_id, draft)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]


def test_a_draft_over_its_limit_is_refused(app, editor):
    app.config["MAX_DRAFT_BYTES"] = 200 * 1024
    deck_id = editor.new_deck()
    response = editor.check(deck_id, {"title": "x" * (400 * 1024)})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def noisy_png() -> bytes:
    picture = io.BytesIO()
    Image.effect_noise((400, 400), 100).convert("RGB").save(picture, "PNG")
    assert len(picture.getvalue()) > 100 * 1024
    return picture.getvalue()


def test_a_picture_larger_than_a_form_is_uploaded(editor):
    deck_id = editor.new_deck()
    assert editor.upload(deck_id, noisy_png()).status_code == 201


def test_a_deck_import_larger_than_a_form_is_read(editor):
    yaml_text = yaml.safe_dump(every_kind(image_src="spine.png"), sort_keys=False)
    data = deck_files.write_zip(yaml_text, {"spine.png": noisy_png()}, [])
    response = editor.import_file(data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def test_deeply_nested_json_is_bad_json_not_a_server_error(app, editor):
    deep = "[" * 3000 + "]" * 3000
    api = app.test_client().post("/api/join", data=deep, content_type="application/json")
    assert api.status_code == 400
    assert api.get_json()["error"]["code"] == "bad_request"
    deck_id = editor.new_deck()
    draft = editor.http.post(
        f"/decks/{deck_id}/check",
        data='{"draft": ' + deep + "}",
        content_type="application/json",
        headers=editor.headers,
    )
    assert draft.status_code == 400
    assert draft.get_json()["error"]["code"] == "bad_request"
