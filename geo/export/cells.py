"""Spreadsheet-safe cells: text that a spreadsheet would run as a formula is kept as text.

Used by the CSV export and by every table the dashboard offers as CSV. A cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP's advice);
``uncell`` takes it off again when such a file is read back.
"""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A table cell safe for a spreadsheet: text that would start a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_rows(rows: list[dict]) -> list[dict]:
    """``csv_cell`` applied to every cell of table rows."""
    return [{k: csv_cell(v) for k, v in row.items()} for row in rows]


def uncell(text: str) -> str:
    """The text a ``csv_cell`` stood for: a leading ``'`` before a formula character is dropped."""
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text
