"""Our modules go to phones without comments, blank lines and indentation, and nothing else
changes: every line of code stays, in order, with its line break."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from server.lean_scripts import without_comments
from tests.unit.test_phone_words_wrapped import STATIC

NODE = shutil.which("node")
OUR_MODULES = sorted(p for p in STATIC.rglob("*.js") if "vendor" not in p.parts)


def test_comments_blank_lines_and_indentation_go():
    source = (
        "// What this module is for.\n"
        "/**\n * A doc comment.\n */\n"
        "export function f(x) {\n"
        "\n"
        "  /* one line */\n"
        "  return x + 1; // a comment after code stays\n"
        "}\n"
    )
    assert without_comments(source) == (
        "export function f(x) {\nreturn x + 1; // a comment after code stays\n}\n"
    )


def test_a_line_starting_with_a_comment_then_code_is_kept():
    source = "/* a */ run();\n/* b */ x /* c */\n"
    assert without_comments(source) == "/* a */ run();\n/* b */ x /* c */\n"


@pytest.mark.parametrize(
    "source",
    [
        "const page = `\n  // not a comment: part of the text\n`;\n",
        "const s = 'one \\\n  // still the string';\n",
        "/* a comment\n ends here */ code();\n",
    ],
    ids=["template literal over lines", "continued string", "code after a comment's end"],
)
def test_a_file_where_a_lines_start_may_matter_is_sent_as_it_is(source):
    assert without_comments(source) == source


def test_every_line_of_code_of_our_modules_stays_in_order():
    for path in OUR_MODULES:
        source = path.read_text()
        lean = without_comments(source).splitlines()
        code = iter(line.strip() for line in source.splitlines())
        assert all(line in code for line in lean), path  # a subsequence of the source's lines
        assert len(lean) < len(source.splitlines()), path


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed (CONTRIBUTING.md, Set up)")
def test_every_module_still_parses_once_lean(tmp_path):
    broken = {}
    for path in OUR_MODULES:
        lean = tmp_path / "lean.js"
        lean.write_text(without_comments(path.read_text()))
        checked = subprocess.run(
            [NODE, "--experimental-default-type=module", "--check", str(lean)],
            capture_output=True,
            text=True,
            check=False,
        )
        if checked.returncode:
            broken[str(path)] = checked.stderr.strip().splitlines()[-3:]
    assert broken == {}
