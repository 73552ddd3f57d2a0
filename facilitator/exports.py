"""Writing report tables as downloads: CSV (UTF-8 with a byte-order mark, so that Excel reads
the accents right) and XLSX (one sheet per table). Every cell goes through
`sessions.reports.tables.neutralise` on the way (Table.cells), so text never runs as a formula."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from flask import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from sessions.reports.tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def csv_text(tables: Sequence[Table]) -> str:
    """One table as plain CSV; several as blocks, each a title row, its header and rows, then
    an empty row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for table in tables:
        if len(tables) > 1:
            writer.writerow([table.name])
        writer.writerows(table.cells())
        if len(tables) > 1:
            writer.writerow([])
    return buffer.getvalue()


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.name, used))
        for row in table.cells():
            sheet.append(
                [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row]
            )
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column, heading in zip(sheet.columns, table.header, strict=False):
            widest = max([len(str(c.value or "")) for c in column] + [len(heading)])
            sheet.column_dimensions[column[0].column_letter].width = min(max(widest + 2, 8), 60)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet"
    candidate, n = title, 2
    while candidate.lower() in used:
        candidate = f"{title[:28]} {n}"
        n += 1
    used.add(candidate.lower())
    return candidate


def download(tables: Sequence[Table], filename: str, fmt: str) -> Response:
    """A download of the tables in `fmt` (csv or xlsx), never cached."""
    if fmt == "csv":
        body: bytes = ("\ufeff" + csv_text(tables)).encode("utf-8")
        mimetype = "text/csv"
    else:
        body, mimetype = xlsx_bytes(tables), XLSX_TYPE
    response = Response(body, mimetype=mimetype)
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", filename)
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response
