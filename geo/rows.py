"""Reading CSV rows field by field, collecting a ``Problem`` for each bad value.

``RowReader`` wraps one CSV row. Each accessor parses one field, returns the
value or ``None``, and on failure records a problem naming the file, the line,
the record id and the field, repeating the bad value. A row is kept only when
it produced no problem.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from geo.dates import DateError, FuzzyDate, parse_fuzzy_date
from geo.problems import Problem

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def read_csv(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[RowReader]:
    """Rows of ``path``; a missing or misnamed column is one problem for the file."""
    name = str(path)
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        problems.append(Problem(name, 0, "", "", f"cannot read file: {exc.strerror}"))
        return []
    with handle:
        reader = csv.DictReader(handle)
        header = tuple(reader.fieldnames or ())
        missing = [c for c in columns if c not in header]
        extra = [c for c in header if c not in columns]
        for column in missing:
            problems.append(Problem(name, 1, "", column, "column is missing from the header"))
        for column in extra:
            problems.append(Problem(name, 1, "", column, "unknown column"))
        if missing:
            return []
        rows = []
        for row in reader:
            if None in row:
                problems.append(
                    Problem(name, reader.line_num, row.get(columns[0], ""), "", "row has more fields than the header")
                )
                continue
            rows.append(RowReader(name, reader.line_num, row, problems))
        return rows


class RowReader:
    """One CSV row; accessors parse a field or record a problem and return None."""

    def __init__(self, file: str, line: int, row: dict[str, str | None], problems: list[Problem]):
        self.file = file
        self.line = line
        self.row = {k: (v or "").strip() for k, v in row.items()}
        self.record = self.row.get("id") or self.row.get("record_id") or self.row.get("country") or ""
        self._problems = problems
        self.ok = True

    def problem(self, field: str, message: str) -> None:
        self.ok = False
        self._problems.append(Problem(self.file, self.line, self.record, field, message))

    def text(self, field: str, required: bool = True) -> str:
        value = self.row.get(field, "")
        if required and not value:
            self.problem(field, "is required but empty")
        return value

    def ident(self, field: str = "id") -> str:
        value = self.text(field)
        if value and not _ID.match(value):
            self.problem(field, f"{value!r} is not a valid id (letters, digits, '-', '_', '.')")
        return value

    def choice(self, field: str, options: tuple[str, ...], required: bool = True) -> str:
        value = self.text(field, required)
        if value and value not in options:
            self.problem(field, f"{value!r} is not one of: {', '.join(options)}")
        return value

    def number(self, field: str, required: bool = True, low: float | None = None, high: float | None = None):
        value = self.text(field, required)
        if not value:
            return None
        try:
            number = float(value.replace("_", ""))
        except ValueError:
            self.problem(field, f"{value!r} is not a number")
            return None
        if math.isnan(number) or math.isinf(number):
            self.problem(field, f"{value!r} is not a finite number")
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            self.problem(field, f"{number:g} is outside the valid range {low:g}..{high:g}")
            return None
        return number

    def colour(self, field: str) -> str:
        value = self.text(field)
        if value and not _COLOUR.match(value):
            self.problem(field, f"{value!r} is not a colour like #1f77b4")
        return value

    def fuzzy_date(self, field: str, precision_field: str, required: bool = True) -> FuzzyDate | None:
        value = self.row.get(field, "")
        precision = self.row.get(precision_field, "")
        if not value and not precision and not required:
            return None
        if not value:
            self.problem(field, "is required but empty")
            return None
        try:
            return parse_fuzzy_date(value, precision)
        except DateError as exc:
            bad_field = precision_field if "precision" in str(exc) and "unknown" in str(exc) else field
            self.problem(bad_field, str(exc))
            return None

    def items(self, field: str, required: bool = False) -> tuple[str, ...]:
        value = self.text(field, required)
        return tuple(part.strip() for part in value.split(";") if part.strip())
