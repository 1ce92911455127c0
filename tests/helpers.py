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
