"""Small helpers for tests: edit one CSV cell or append a row in a seeds copy."""

from __future__ import annotations

import csv
from pathlib import Path


def edit_cell(seeds: Path, table: str, record_id: str, field: str, value: str) -> None:
    """Set ``field`` of the row whose first column is ``record_id``."""
    path = seeds / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0].keys())
    key = fields[0]
    hits = [row for row in rows if row[key] == record_id]
    if not hits:
        raise KeyError(f"{record_id} not in {path}")
    for row in hits:
        row[field] = value
    _write(path, fields, rows)


def append_row(seeds: Path, table: str, **values: str) -> None:
    path = seeds / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames)
        rows = list(reader)
    rows.append({f: values.get(f, "") for f in fields})
    _write(path, fields, rows)


def copy_row(seeds: Path, table: str, record_id: str, **overrides: str) -> None:
    """Append a copy of a row with some fields replaced (a record factory with overrides)."""
    path = seeds / f"{table}.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    base = next(row for row in rows if next(iter(row.values())) == record_id)
    append_row(seeds, table, **{**base, **overrides})


def _write(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def html_tables(body: str) -> dict[str, dict[str, list[str]]]:
    """The ``<table>`` elements in an HTML fragment, by ``aria-label``: each a dict of column to cell texts.

    Cell texts are unescaped, as a reader sees them.
    """
    from html.parser import HTMLParser

    tables: dict[str, dict[str, list[str]]] = {}

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.label, self.cell, self.header, self.rows = None, None, [], []

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.label, self.header, self.rows = dict(attrs).get("aria-label", ""), [], []
            elif tag == "tr":
                self.rows.append([])
            elif tag in ("th", "td"):
                self.cell = []

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

        def handle_endtag(self, tag):
            if tag in ("th", "td") and self.cell is not None:
                (self.header if tag == "th" else self.rows[-1]).append("".join(self.cell))
                self.cell = None
            elif tag == "table":
                rows = [r for r in self.rows if r]
                tables[self.label] = {c: [r[i] for r in rows] for i, c in enumerate(self.header)}

    Reader().feed(body)
    return tables
