"""Our browser modules as a phone downloads them: without their comments, blank lines and
indentation, which are a quarter of their compressed size and mean nothing to the browser.

Only whole lines go (a comment line, the lines of a block comment that starts a line, a blank
line) and each line's leading spaces; every other character stays where it was, line breaks
included, so what runs is what was written, automatic semicolons and all. The one place a
line's start means something is inside a literal that spans lines (a template literal, a
string continued with a backslash): a file that may have one is sent as it is."""

from __future__ import annotations


def without_comments(source: str) -> str:
    lines = source.split("\n")
    if any(_may_continue_a_literal(line) for line in lines):
        return source
    kept: list[str] = []
    in_block = False
    for line in lines:
        text = line.strip()
        if in_block:
            in_block = "*/" not in text
            if not in_block and not text.endswith("*/"):
                return source  # code after a comment's end on its last line: keep it all
            continue
        if not text or text.startswith("//"):
            continue
        if text.startswith("/*"):
            if "*/" not in text:
                in_block = True
                continue
            if text.endswith("*/") and text.count("*/") == 1:
                continue
        kept.append(text)
    return "\n".join(kept) + "\n"


def _may_continue_a_literal(line: str) -> bool:
    """An odd number of backticks (a template literal left open) or a backslash at the end."""
    return line.count("`") % 2 == 1 or line.rstrip().endswith("\\")
