"""The deck library and editor over HTTP: autosave and versions, validation with every problem,
previews, pictures, import and export (a bad upload changes nothing), locked steps, and trying
a deck out. A real store file, Flask's test client."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

import pytest
import yaml
from PIL import Image

from app import create_app, realtime_of
from sessions.deck import deck_to_data, parse_deck
from sessions.passwords import hash_password
from tests.conftest import FACILITATOR_PASSWORD, csrf_token

JSON = "application/json"


class Editor:
    """A signed-in physio in the editor: page forms with the form token, JSON with the header."""

    def __init__(self, http):
        self.http = http
        page = http.get("/decks").get_data(as_text=True)
        self.form_token = csrf_token(page)
        self.headers = {"X-CSRFToken": self.form_token, "Accept": JSON}

    def post_form(self, url, data=None, **kwargs):
        return self.http.post(url, data={"csrf_token": self.form_token, **(data or {})}, **kwargs)

    def new_deck(self, title="Sleep and pain") -> str:
        response = self.post_form("/decks", {"title": title})
        assert response.status_code == 302, response.get_data(as_text=True)
        return re.fullmatch(r"/decks/([^/]+)/edit", response.location).group(1)

    def draft(self, deck_id):
        response = self.http.get(f"/decks/{deck_id}/draft", headers=self.headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    def save(self, deck_id, draft, rev=None):
        if rev is None:
            rev = self.draft(deck_id)["deck"]["rev"]
        return self.http.put(f"/decks/{deck_id}/draft", json={"draft": draft, "rev": rev},
                             headers=self.headers)

    def check(self, deck_id, draft):
        return self.http.post(f"/decks/{deck_id}/check", json={"draft": draft},
                              headers=self.headers)

    def upload(self, deck_id, data: bytes, *, filename="spine.png", alt="A drawing of a spine"):
        body = {"file": (io.BytesIO(data), filename)}
        if alt is not None:
            body["alt"] = alt
        return self.http.post(f"/decks/{deck_id}/images", data=body, headers=self.headers,
                              content_type="multipart/form-data")

    def import_file(self, data: bytes, filename="deck.zip"):
        return self.post_form("/decks/import", {"file": (io.BytesIO(data), filename)},
                              content_type="multipart/form-data")


@pytest.fixture
def editor(sign_in):
    return Editor(sign_in("physio"))


def png(size=(1200, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 90, 180)).save(out, "PNG")
    return out.getvalue()


def every_kind(image_src: str | None = None) -> dict:
    """A deck's data with one step of every kind."""
    slide = {"id": "welcome", "kind": "slide", "title": "Welcome", "body": "Hello **all**."}
    if image_src:
        slide["image"] = {"src": image_src, "alt": "A drawing of a spine"}
    return {"title": "Every kind", "steps": [
        slide,
        {"id": "poll", "kind": "poll", "title": "Colour?",
         "options": [{"id": "red", "label": "Red"}, {"id": "blue", "label": "Blue"}]},
        {"id": "quiz", "kind": "quiz", "title": "Bed rest is best.",
         "options": [{"id": "myth", "label": "Myth"}, {"id": "fact", "label": "Fact"}],
         "correct": "myth", "explanation": "Moving helps."},
        {"id": "before", "kind": "scale", "title": "Confident?", "measure": "confidence"},
        {"id": "words", "kind": "wordcloud", "title": "One word"},
        {"id": "open", "kind": "open", "title": "What helps?"},
        {"id": "reflect", "kind": "reflect", "title": "Looking back",
         "prompts": [{"id": "remember", "label": "What will you remember?"}]},
        {"id": "talk", "kind": "discuss", "title": "Talk",
         "cards": [{"id": "c1", "text": "What helps on a bad day?"}]},
        {"id": "plan", "kind": "plan", "title": "My plan"},
        {"id": "feedback", "kind": "feedback", "title": "Feedback",
         "extra": [{"id": "pace", "title": "Pace?"}]},
        {"id": "after", "kind": "scale", "title": "Confident now?", "measure": "confidence"},
    ]}


# The library --------------------------------------------------------------------------------------


def test_the_library_lists_decks_with_who_changed_them_and_finds_by_title(editor):
    deck_id = editor.new_deck("Sleep and pain")
    editor.save(deck_id, {**editor.draft(deck_id)["draft"], "description": "Nights"})
    page = editor.http.get("/decks").get_data(as_text=True)
    assert "Sleep and pain" in page
    assert "Making sense of back pain" in page
    assert "changed by physio" in page
    assert "Comes with Talkback: read-only" in page
    found = editor.http.get("/decks?q=nights").get_data(as_text=True)
    assert "Sleep and pain" in found
    assert "Making sense of back pain" not in found


def test_archiving_hides_a_deck_from_the_library_and_from_starting_a_class(editor, store):
    deck_id = editor.new_deck("Old deck")
    assert editor.post_form(f"/decks/{deck_id}/archive", {"archived": "1"}).status_code == 302
    assert "“Old deck” is archived." in editor.http.get("/decks").get_data(as_text=True)
    assert "Old deck" not in editor.http.get("/decks").get_data(as_text=True)
    assert "Old deck" not in editor.http.get("/").get_data(as_text=True)
    assert "Old deck" in editor.http.get("/decks?archived=1").get_data(as_text=True)
    editor.post_form(f"/decks/{deck_id}/archive", {"archived": "0"})
    assert "Old deck" in editor.http.get("/").get_data(as_text=True)


def test_a_reviewer_may_read_the_library_but_not_change_decks(sign_in):
    reviewer = Editor(sign_in("rita", role="reviewer"))
    assert reviewer.http.get("/decks").status_code == 200
    assert reviewer.post_form("/decks", {"title": "Mine"}).status_code == 403
    read = reviewer.http.get("/decks/back-pain-1/draft", headers=reviewer.headers)
    assert read.status_code == 200
    response = reviewer.save("back-pain-1", {"title": "Mine"}, rev=0)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    page = reviewer.http.get("/decks/back-pain-1/edit").get_data(as_text=True)
    assert 'data-read-only="1"' in page
    assert "Duplicate to tailor" not in page


def test_the_editor_needs_a_sign_in_and_says_so_in_json(app):
    http = app.test_client()
    assert http.get("/decks").status_code == 302
    response = http.get("/decks/back-pain-1/draft", headers={"Accept": JSON})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "signed_out"


def test_a_json_save_without_the_csrf_header_is_refused(editor):
    deck_id = editor.new_deck()
    response = editor.http.put(f"/decks/{deck_id}/draft", json={"draft": {}, "rev": 0},
                               headers={"Accept": JSON})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf"


# Autosave and versions ----------------------------------------------------------------------------


def test_autosave_keeps_a_valid_draft_as_the_latest_version(editor, store):
    deck_id = editor.new_deck()
    response = editor.save(deck_id, every_kind())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["problems"] == []
    assert response.get_json()["version"] == 2
    assert parse_deck(store.deck_row(deck_id)["yaml"]).title == "Every kind"
    versions = editor.http.get(f"/decks/{deck_id}/versions").get_data(as_text=True)
    assert "Every kind" in versions
    assert "Edited" in versions
    assert "physio" in versions


def test_a_draft_with_mistakes_is_saved_with_every_problem_and_changes_no_version(editor, store):
    deck_id = editor.new_deck("Sleep")
    draft = every_kind()
    draft["steps"][1]["options"] = [{"id": "red", "label": ""}]
    draft["steps"][2]["correct"] = "maybe"
    draft["steps"][3]["max"] = 99
    response = editor.save(deck_id, draft)
    problems = response.get_json()["problems"]
    assert {(p["where"], p["problem"]) for p in problems} >= {
        ("steps[1].options", "a poll needs at least two options"),
        ("steps[2].correct", "'maybe' is not one of the options"),
        ("steps[3].max", "must be between 1 and 20 more than min"),
    }
    assert response.get_json()["version"] == 1
    assert editor.draft(deck_id)["draft"]["steps"][2]["correct"] == "maybe"  # nothing lost
    assert parse_deck(store.deck_row(deck_id)["yaml"]).title == "Sleep"


def test_checking_as_you_type_gives_the_loaders_messages_without_saving(editor, store):
    deck_id = editor.new_deck("Sleep")
    response = editor.check(deck_id, {"title": "T", "steps": [{"id": "Bad", "kind": "poll"}]})
    assert [f"{p['where']}: {p['problem']}" for p in response.get_json()["problems"]] == [
        "steps[0].id: needs a short id of lowercase letters, digits and hyphens (at most 40)",
        "steps[0].title: is required",
        "steps[0].options: a poll needs at least two options",
    ]
    assert editor.draft(deck_id)["draft"]["title"] == "Sleep"


def test_a_save_from_a_stale_page_is_refused_as_a_conflict(editor):
    deck_id = editor.new_deck()
    first = editor.save(deck_id, every_kind(), rev=0)
    assert first.status_code == 200
    stale = editor.save(deck_id, {**every_kind(), "title": "Stale tab"}, rev=0)
    assert stale.status_code == 409
    assert stale.get_json()["error"]["code"] == "conflict"
    assert editor.draft(deck_id)["draft"]["title"] == "Every kind"


def test_a_session_runs_the_version_it_started_with_and_a_version_can_be_restored(
    editor, store, sign_in
):
    deck_id = editor.new_deck()
    editor.save(deck_id, every_kind())
    user = store.user_by_name("physio")
    session = store.create_session(deck_id, user["id"])
    editor.save(deck_id, {**every_kind(), "title": "Renamed"})
    assert store.deck_of(session["id"]).title == "Every kind"
    assert store.create_session(deck_id, user["id"])["title"] == "Renamed"
    response = editor.post_form(f"/decks/{deck_id}/versions/2/restore")
    assert response.status_code == 302
    assert parse_deck(store.deck_row(deck_id)["yaml"]).title == "Every kind"
    page = editor.http.get(f"/decks/{deck_id}/versions").get_data(as_text=True)
    assert "Restored from version 2" in page
    old = editor.http.get(f"/decks/{deck_id}/versions/3.yaml")
    assert yaml.safe_load(old.get_data(as_text=True))["title"] == "Renamed"


def test_the_bundled_deck_is_read_only_and_a_copy_keeps_its_safety_slide(editor, store):
    response = editor.save("back-pain-1", {"title": "Mine", "steps": []})
    assert response.status_code == 403
    page = editor.http.get("/decks/back-pain-1/edit").get_data(as_text=True)
    assert 'data-read-only="1"' in page
    assert "Duplicate to tailor" in page
    copied = editor.post_form("/decks/back-pain-1/duplicate")
    copy_id = copied.location.split("/")[2]
    data = editor.draft(copy_id)
    assert data["kept"] == ["safety"]
    without = {**data["draft"], "steps": [s for s in data["draft"]["steps"]
                                          if s["id"] != "safety"]}
    reply = editor.save(copy_id, without).get_json()
    assert reply["problems"] == [{
        "where": "steps",
        "problem": "the locked step 'When to get help' cannot be removed: put it back"}]
    assert parse_deck(store.deck_row(copy_id)["yaml"]).step_by_id("safety").locked


def test_a_preview_gives_each_audience_its_view_of_one_step(editor):
    deck_id = editor.new_deck()
    quiz = every_kind()["steps"][2]
    response = editor.http.post(f"/decks/{deck_id}/preview", json={"step": quiz, "index": 2},
                                headers=editor.headers)
    views = response.get_json()["views"]
    assert views["facilitator"]["correct"] == ["myth"]
    assert "correct" not in views["participant"]
    assert "correct" not in views["screen"]
    assert "explanation" not in views["participant"]
    slide = every_kind()["steps"][0]
    response = editor.http.post(f"/decks/{deck_id}/preview", json={"step": slide, "index": 0},
                                headers=editor.headers)
    body = response.get_json()["views"]["screen"]["body_html"]
    assert body == "<p>Hello <strong>all</strong>.</p>\n"
    broken = editor.http.post(f"/decks/{deck_id}/preview",
                              json={"step": {"kind": "poll"}, "index": 4}, headers=editor.headers)
    assert [p["where"] for p in broken.get_json()["problems"]][0] == "steps[4].id"


def test_try_it_starts_a_test_session_a_participant_can_join(editor, store, join):
    deck_id = editor.new_deck()
    editor.save(deck_id, every_kind())
    response = editor.post_form(f"/decks/{deck_id}/try")
    assert response.status_code == 302
    session_id = response.location.rsplit("/", 1)[1]
    row = store.session(session_id)
    assert row["trial"] == 1
    assert row["title"] == "Every kind"
    assert row["mode"] == "group"
    page = editor.http.get(response.location).get_data(as_text=True)
    assert f"/join?code={row['code']}" in page
    assert f"/console/{session_id}" in page
    person = join(row, name="Me testing")
    assert person.connected


# Pictures -----------------------------------------------------------------------------------------


def test_a_phone_in_a_class_is_offered_every_size_of_a_slides_picture(
        editor, start_session, join):
    deck_id = editor.new_deck()
    image = editor.upload(deck_id, png()).get_json()["image"]
    assert editor.save(deck_id, every_kind(image_src=image["name"])).get_json()["problems"] == []
    console = start_session(deck_id)
    phone = join(console.session)
    assert console.emit("next")["ok"]
    assert phone.last("snapshot")["step"]["image"]["srcset"] == image["srcset"]


def test_an_uploaded_picture_is_served_at_the_sizes_phones_need(editor, store):
    deck_id = editor.new_deck()
    response = editor.upload(deck_id, png())
    assert response.status_code == 201, response.get_data(as_text=True)
    image = response.get_json()["image"]
    assert re.fullmatch(r"spine-[0-9a-f]{10}\.webp", image["name"])
    assert image["srcset"] == ", ".join(
        f"/media/{image['name']}?w={w} {w}w" for w in (480, 960, 1200))
    for asked, width in ((None, 960), (480, 480), (300, 480), (5000, 1200)):
        served = editor.http.get(image["url"] + (f"?w={asked}" if asked else ""))
        assert served.status_code == 200
        assert served.mimetype == "image/webp"
        assert Image.open(io.BytesIO(served.data)).width == width
        assert "immutable" in served.headers["Cache-Control"]
    draft = every_kind(image_src=image["name"])
    assert editor.save(deck_id, draft).get_json()["problems"] == []
    # Every view of the slide offers every kept size, for the phone to choose from.
    views = editor.http.post(f"/decks/{deck_id}/preview",
                             json={"step": draft["steps"][0], "index": 0},
                             headers=editor.headers).get_json()["views"]
    for view in views.values():
        assert view["image"]["srcset"] == image["srcset"]


def test_a_slide_cannot_use_a_picture_the_deck_does_not_have(editor):
    deck_id = editor.new_deck()
    problems = editor.check(deck_id, every_kind(image_src="nowhere.png")).get_json()["problems"]
    assert problems == [{"where": "steps[0].image.src",
                         "problem": "there is no picture called nowhere.png with this deck"}]


def gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (100, 100)).save(out, "GIF")
    return out.getvalue()


def png_claiming(width, height) -> bytes:
    data = bytearray(png((16, 16)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4:ihdr + 12] = struct.pack(">II", width, height)
    data[ihdr + 17:ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr:ihdr + 17])))
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "filename", "alt", "status", "message"),
    [
        (gif(), "spine.png", "A spine", 400, "Use a PNG, JPEG or WebP picture."),
        (b"MZ\x90\x00 not a picture", "spine.png", "A spine", 400, "not a picture we can read"),
        (png_claiming(30_000, 30_000), "bomb.png", "A spine", 400, "too many pixels"),
        (png(), "spine.png", "", 400, "alt text"),
        (png(), "spine.png", None, 400, "alt text"),
    ],
    ids=["gif-named-png", "program", "pixel-bomb", "empty-alt", "no-alt"],
)
def test_a_bad_picture_upload_is_refused_with_a_clear_message_and_stores_nothing(
    editor, store, data, filename, alt, status, message
):
    deck_id = editor.new_deck()
    response = editor.upload(deck_id, data, filename=filename, alt=alt)
    assert response.status_code == status
    assert message in response.get_json()["error"]["message"]
    assert store.deck_images(deck_id) == []


def test_a_picture_over_the_size_limit_is_refused(app, editor, store):
    app.config["MAX_IMAGE_BYTES"] = 50_000
    deck_id = editor.new_deck()
    big = io.BytesIO()
    Image.effect_noise((400, 400), 100).convert("RGB").save(big, "PNG")
    response = editor.upload(deck_id, big.getvalue())
    assert response.status_code == 400
    assert "too large" in response.get_json()["error"]["message"]
    assert store.deck_images(deck_id) == []


def test_a_request_over_the_whole_limit_is_refused_unread(app, editor, store):
    app.config["MAX_CONTENT_LENGTH"] = 100_000
    deck_id = editor.new_deck()
    response = editor.upload(deck_id, b"\0" * 200_000)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert store.deck_images(deck_id) == []


def test_media_outside_the_store_and_the_bundled_folder_is_not_served(editor):
    for path in ("/media/../app.py", "/media/..%2Fapp.py", "/media/nothing.webp"):
        assert editor.http.get(path).status_code == 404


# Export and import --------------------------------------------------------------------------------


def decks_and_images(store) -> tuple[int, int]:
    return (store.db.execute("SELECT count(*) FROM decks").fetchone()[0],
            store.db.execute("SELECT count(*) FROM images").fetchone()[0])


def test_an_exported_deck_imports_into_a_clean_database_as_the_same_deck(editor, tmp_path):
    deck_id = editor.new_deck()
    image = editor.upload(deck_id, png()).get_json()["image"]
    editor.save(deck_id, every_kind(image_src=image["name"]))
    exported = editor.http.get(f"/decks/{deck_id}/export.zip")
    assert exported.mimetype == "application/zip"
    assert set(zipfile.ZipFile(io.BytesIO(exported.data)).namelist()) == {
        "deck.yaml", "talkback.json", f"media/{image['name']}"}
    original_yaml = editor.http.get(f"/decks/{deck_id}/export.yaml").get_data(as_text=True)

    clean = create_app({"DATABASE": str(tmp_path / "clean.db"), "SECRET_KEY": "other",
                        "TESTING": True})
    try:
        other = realtime_of(clean).store
        other.create_user("newcomer", hash_password(FACILITATOR_PASSWORD), "facilitator")
        http = clean.test_client()
        http.post("/signin", data={"username": "newcomer", "password": FACILITATOR_PASSWORD,
                                   "csrf_token": csrf_token(http.get("/signin").get_data(
                                       as_text=True))})
        newcomer = Editor(http)
        response = newcomer.import_file(exported.data)
        assert response.status_code == 302, response.get_data(as_text=True)
        new_id = response.location.split("/")[2]
        assert other.deck_row(new_id)["yaml"] == original_yaml
        assert parse_deck(original_yaml) == parse_deck(other.deck_row(new_id)["yaml"])
        served = http.get(f"/media/{image['name']}?w=480")
        assert Image.open(io.BytesIO(served.data)).size == (480, 240)
        assert [i["name"] for i in other.deck_images(new_id)] == [image["name"]]
        assert other.deck_versions(new_id)[0]["origin"] == "imported"
    finally:
        realtime_of(clean).store.close()


def test_a_yaml_export_imports_too_and_a_reimport_renames_nothing_it_need_not(editor, store):
    text = editor.http.get("/decks/back-pain-1/export.yaml").get_data(as_text=True)
    response = editor.import_file(text.encode(), filename="back-pain.yaml")
    new_id = response.location.split("/")[2]
    assert deck_to_data(parse_deck(store.deck_row(new_id)["yaml"])) == deck_to_data(
        parse_deck(store.deck_row("back-pain-1")["yaml"]))
    # The safety slide, word for word the bundled deck's, is kept by the imported deck too.
    assert editor.draft(new_id)["kept"] == ["safety"]


def broken_deck_yaml() -> str:
    data = every_kind()
    data["steps"][1]["options"] = [{"id": "red", "label": "Red"}]
    data["steps"][4]["max_words"] = 99
    data["steps"][7]["cards"] = []
    return yaml.safe_dump(data)


def test_an_upload_with_mistakes_lists_every_one_with_its_step_and_field_and_imports_nothing(
    editor, store
):
    before = decks_and_images(store)
    response = editor.import_file(broken_deck_yaml().encode(), filename="mine.yaml")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was imported from mine.yaml" in page
    for where, problem in [("steps[1].options", "a poll needs at least two options"),
                           ("steps[4].max_words", "must be a whole number from 1 to 10"),
                           ("steps[7].cards", "needs 1 to 30 entries")]:
        assert f"<code>{where}</code>: {problem}" in page
    assert decks_and_images(store) == before


def zip_of(entries: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


GOOD = yaml.safe_dump(every_kind())
BILLION_LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (zip_of({"deck.yaml": GOOD, "../../evil.py": "import os"}),
         "&#39;../../evil.py&#39; is not part of a deck"),
        (zip_of({"deck.yaml": GOOD, "/etc/passwd": "root"}), "is not part of a deck"),
        (zip_of({"deck.yaml": GOOD, "media/spine.png": gif()}),
         "media/spine.png</code>: Use a PNG, JPEG or WebP picture."),
        (zip_of({"deck.yaml": BILLION_LAUGHS}), "decks cannot use YAML anchors or aliases"),
        (BILLION_LAUGHS.encode(), "decks cannot use YAML anchors or aliases"),
        (b"\x89PNG not a deck", "not a YAML text file"),
        (b"title: [unclosed\n", "this is not valid YAML"),
        (zip_of({"deck.yaml": GOOD, "talkback.json": '{"format": "talkback-deck",'
                 ' "kept_steps": [{"id": "safety", "kind": "slide", "title": "Help",'
                 ' "body": "Call 999."}]}'}),
         "the locked step &#39;Help&#39; cannot be removed"),
    ],
    ids=["traversal", "absolute-path", "wrong-picture-type", "yaml-bomb-in-zip", "yaml-bomb",
         "not-text", "not-yaml", "kept-step-missing"],
)
def test_a_bad_upload_is_refused_with_a_clear_message_and_changes_nothing(
    editor, store, data, message
):
    before = decks_and_images(store)
    response = editor.import_file(data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert decks_and_images(store) == before


def test_an_upload_over_the_import_limit_is_refused(app, editor, store):
    app.config["MAX_IMPORT_BYTES"] = 1000
    before = decks_and_images(store)
    response = editor.import_file(GOOD.encode() + b"#" * 2000, filename="big.yaml")
    assert response.status_code == 400
    assert "too large" in response.get_data(as_text=True)
    assert decks_and_images(store) == before


def test_a_picture_in_an_import_that_clashes_with_a_kept_one_is_renamed(editor, store):
    deck_id = editor.new_deck()
    name = editor.upload(deck_id, png()).get_json()["image"]["name"]
    editor.save(deck_id, every_kind(image_src=name))
    exported = editor.http.get(f"/decks/{deck_id}/export.zip").data
    response = editor.import_file(exported)  # into the same database: the name is taken
    new_id = response.location.split("/")[2]
    src = parse_deck(store.deck_row(new_id)["yaml"]).steps[0].fields["image"]["src"]
    assert src != name
    assert src.startswith("spine-")
    assert store.image(src) is not None
