"""Markdown: deck step bodies come out as safe HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sessions.markup import render_markdown
from tests.unit.deck_yaml import deck, parse, slide

# Markdown -------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    """Every tag and attribute in a piece of HTML, as a browser would read them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


SAFE_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def assert_safe(html: str) -> None:
    for tag, attrs in _Tags(html).tags:
        assert tag in SAFE_TAGS, f"<{tag}> survived in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{name}= survived in {html!r}"
            assert name in {"href", "title", "rel"}, f"{name}= survived in {html!r}"
            if name == "href":
                scheme = urlsplit(value or "").scheme.lower()
                assert scheme in {"", "http", "https", "mailto"}, f"{value!r} survived"


HOSTILE_BODIES = [
    "<script>alert(1)</script>",
    "Hello <script src=https://evil.example/x.js></script> there",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">hi</a>',
    "![x](https://evil.example/x.png)",
    '![x](x" onerror="alert(1))',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"></svg>',
    "<b>bold</b>",
    '[click](https://example.org "a" onmouseover="alert(1))',
]


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_a_hostile_body_is_rendered_without_scripts_handlers_or_bad_links(body):
    html = parse(deck(slide(body=body))).steps[0].body_html
    assert_safe(html)


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_raw_html_in_a_body_shows_as_plain_text(body):
    html = parse(deck(slide(body=body))).steps[0].body_html
    tags = {tag for tag, _ in _Tags(html).tags}
    assert not tags & {"script", "img", "iframe", "style", "svg", "b"}


def test_a_script_tag_never_survives():
    html = parse(deck(slide(body="Hi <script>alert(1)</script>"))).steps[0].body_html
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html


def test_markdown_formatting_and_safe_links_survive():
    body = (
        "## Pacing\n\n**Small** changes *add up*.\n\n- one\n- two\n\n"
        "> a quote\n\n[NHS](https://www.nhs.uk) or [email](mailto:team@example.org)"
    )
    html = parse(deck(slide(body=body))).steps[0].body_html
    tags = [tag for tag, _ in _Tags(html).tags]
    for tag in ("h2", "strong", "em", "ul", "li", "blockquote", "a"):
        assert tag in tags
    links = [attrs for tag, attrs in _Tags(html).tags if tag == "a"]
    assert [a["href"] for a in links] == ["https://www.nhs.uk", "mailto:team@example.org"]
    assert all(a["rel"] == "noopener noreferrer" for a in links)


def test_a_top_level_heading_shows_as_plain_text():
    html = parse(deck(slide(body="# Big heading"))).steps[0].body_html
    assert "<h1" not in html
    assert "Big heading" in html


def test_a_table_is_rendered():
    html = parse(deck(slide(body="| a | b |\n| - | - |\n| 1 | 2 |"))).steps[0].body_html
    assert {"table", "th", "td"} <= {tag for tag, _ in _Tags(html).tags}


def test_an_empty_body_renders_as_empty_html():
    assert parse(deck(slide())).steps[0].body_html == ""


_MARKUP_PIECES = st.sampled_from(
    [
        "<script>", "</script>", "<img src=x ", "onerror=", "onload=", "javascript:", "data:",
        "[a](", ")", "](", "![", "<a href=", '"', "'", ">", "<", "&#", "&#x6A;", "\n\n", "**",
        "<iframe", "<svg", "style=", "`", "    ", "# ", "- ", "| a |", "\t", "%0a", "x",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(_MARKUP_PIECES, st.text(max_size=5)), max_size=30).map("".join))
def test_any_body_renders_to_safe_html(body):
    assert_safe(render_markdown(body))


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<p><a href="javascript:alert(1)">x</a></p>',
        '<p><a href=" JAVASCRIPT:alert(1)">x</a></p>',
        '<p><img src="x" onerror="alert(1)"></p>',
        '<p onclick="alert(1)">x</p>',
        '<p><a href="data:text/html,x">x</a></p>',
    ],
)
def test_the_safety_check_itself_catches_unsafe_html(html):
    with pytest.raises(AssertionError):
        assert_safe(html)
