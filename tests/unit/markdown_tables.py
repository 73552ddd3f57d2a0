"""The tables of a Markdown page, read strictly: a row must sit under a header and its
separator, so a blank line that splits a table shows up as a problem, not as a second table
that renders as stray text."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATOR = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+$")
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")
_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class Table:
    line: int  # where its header is, counted from 1
    heading: str  # the nearest heading above it
    header: list[str]
    rows: list[list[str]]

    def column(self, name: str) -> list[str]:
        index = self.header.index(name)
        return [row[index] for row in self.rows]


class BrokenTable(ValueError):
    pass


def code_spans(cell: str) -> list[str]:
    """The `code` spans of a cell, in order."""
    return _CODE.findall(cell)


def _cells(line: str) -> list[str]:
    inner = line.strip()[1:-1] if line.strip().endswith("|") else line.strip()[1:]
    return [cell.strip() for cell in _UNESCAPED_BAR.split(inner)]


def tables(text: str) -> list[Table]:
    """Every table outside code blocks; BrokenTable names the first line that is not part of a
    well-formed one."""
    found: list[Table] = []
    lines = text.splitlines()
    heading, fenced, i = "", False, 0
    while i < len(lines):
        stripped = lines[i].strip()
        if stripped.startswith("```"):
            fenced = not fenced
        elif not fenced and stripped.startswith("#"):
            heading = stripped.lstrip("#").strip()
        elif not fenced and stripped.startswith("|"):
            start = i
            block = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append(lines[i].strip())
                i += 1
            found.append(_table(block, start + 1, heading))
            continue
        i += 1
    return found


def _table(block: list[str], line: int, heading: str) -> Table:
    if len(block) < 2 or not _SEPARATOR.match(block[1].replace(" ", "")):
        raise BrokenTable(
            f"line {line}: a table row with no header and separator above it"
            " (does a blank line split a table?)"
        )
    header = _cells(block[0])
    rows = [_cells(row) for row in block[2:]]
    for offset, row in enumerate(rows):
        if len(row) != len(header):
            raise BrokenTable(
                f"line {line + 2 + offset}: {len(row)} cells under a header of {len(header)}"
            )
    return Table(line, heading, header, rows)
