"""The initiatives as one CSV table, guarded against spreadsheet formulas.

The guard is the one deliberate change of the data's text among the exports (see
`spreadsheet_text`); everything else is written by the csv module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from .catalogue import CSV_LIST_SEPARATOR, INITIATIVE_COLUMNS
from .records import Record

# A spreadsheet treats a cell starting with one of these as a formula (OWASP's
# list); the apostrophe is added so that the guard is reversible (see below).
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")


def spreadsheet_text(text: str) -> str:
    """Text for a CSV cell that no spreadsheet program runs as a formula.

    Text starting with a formula trigger gets one leading apostrophe, the
    spreadsheets' own "this is text" mark. The apostrophe is also a trigger, so
    the rule is reversible without exception: every text cell that starts with
    an apostrophe has exactly one added; `original_text` removes it.
    """
    return "'" + text if text.startswith(SPREADSHEET_TRIGGERS) else text


def original_text(cell: str) -> str:
    """The data's own text of a guarded CSV cell (inverse of `spreadsheet_text`)."""
    return cell[1:] if cell.startswith("'") else cell


def csv_link(link: dict[str, str]) -> str:
    return f"{link['title']} <{link['url']}>"


def csv_cell(value: object) -> str | float:
    """A JSON value as a CSV cell: lists joined, numbers as numbers, text guarded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        # Numbers (lat, lon) stay numeric: a leading minus is a sign, not a formula.
        return value
    if isinstance(value, list):
        parts = [csv_link(item) if isinstance(item, dict) else str(item) for item in value]
        return spreadsheet_text(CSV_LIST_SEPARATOR.join(parts))
    return spreadsheet_text(str(value))


def initiatives_csv(records: Iterable[Record]) -> bytes:
    """RFC 4180 (comma, CRLF, quotes as needed), UTF-8 with BOM for spreadsheet programs."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in INITIATIVE_COLUMNS])
    for record in records:
        writer.writerow([csv_cell(record[column.name]) for column in INITIATIVE_COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")
