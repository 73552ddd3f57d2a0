"""Is a page valid HTML? The Nu HTML Checker (vnu.jar, installed by `make test` and
`make check`) reads a batch of pages in one run, since it takes a second or two to start; and
no heading may be empty, which the checker only warns about."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = Path(
    os.environ.get("TALKBACK_VNU_JAR")
    or ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def vnu_problems(pages: dict[str, str]) -> dict[str, list[str]]:
    """Page name -> what the checker finds wrong with it (errors, and empty headings)."""
    java = shutil.which("java")
    assert java, "the HTML checker needs Java 11 or later (apt-get install default-jre-headless)"
    assert VNU_JAR.is_file(), f"no HTML checker at {VNU_JAR}: run `make check` to install it"
    found: dict[str, list[str]] = {name: [] for name in pages}
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page-{number:03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.name] = name
        run = subprocess.run(
            [java, "-Xss1m", "-jar", str(VNU_JAR), "--format", "json", "--stdout", *names],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=600,
        )
    report = json.loads(run.stdout)
    for message in report["messages"]:
        serious = message["type"] in ("error", "non-document-error") or (
            message.get("subType") == "warning" and message["message"] == "Empty heading."
        )
        if not serious:
            continue
        name = names.get(message.get("url", "").rsplit("/", 1)[-1], "(the checker)")
        extract = message.get("extract", "").replace("\n", " ")
        found[name].append(
            f"line {message.get('lastLine', '?')}: {message['message']} [{extract.strip()}]"
        )
    return {name: problems for name, problems in found.items() if problems}


class _Headings(HTMLParser):
    """Collects h1-h6 whose text (with images' alt text) is blank."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, str, list[str]]] = []
        self.empty: list[str] = []

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag in HEADINGS:
            label = f"<{tag}" + (f' id="{named["id"]}"' if named.get("id") else "") + ">"
            self.open.append((tag, label, []))
        elif tag == "img" and self.open:
            self.open[-1][2].append(named.get("alt") or "")

    def handle_data(self, data):
        if self.open:
            self.open[-1][2].append(data)

    def handle_endtag(self, tag):
        if tag in HEADINGS and self.open and self.open[-1][0] == tag:
            _, label, text = self.open.pop()
            if not "".join(text).strip():
                self.empty.append(label)
            elif self.open:
                self.open[-1][2].extend(text)


def empty_headings(html: str) -> list[str]:
    parser = _Headings()
    parser.feed(html)
    parser.close()
    return parser.empty


def html_problems(pages: dict[str, str]) -> dict[str, list[str]]:
    """Everything wrong with each page, in one run of the checker."""
    found = vnu_problems(pages)
    for name, html in pages.items():
        empty = [f"empty heading {label}" for label in empty_headings(html)]
        if empty:
            found.setdefault(name, []).extend(empty)
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}:\n  " + "\n  ".join(problems) for name, problems in found.items())
