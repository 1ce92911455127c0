"""Reading CSV rows field by field, collecting a ``Problem`` for each bad value.

``RowReader`` wraps one CSV row. Each accessor parses one field, returns the
value or ``None``, and on failure records a problem naming the file, the line,
the record id and the field, repeating the bad value. A row is kept only when
it produced no problem.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from pathlib import Path

from geo.core.dates import DateError, FuzzyDate, parse_fuzzy_date
from geo.core.problems import Problem

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


#: The longest text a field may hold; a summary is a sentence or two, not a document.
MAX_FIELD_CHARS = 10_000
# Python's csv module stops at 131,072 characters a field; here a long field is a reported problem of its
# row instead, up to a hard limit that keeps a runaway file from filling the memory.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def read_csv(path: Path, columns: tuple[str, ...], problems: list[Problem]) -> list[RowReader]:
    """Rows of ``path``; a missing or misnamed column is one problem for the file.

    The file is read as UTF-8 (a byte-order mark is accepted). Bytes that are not UTF-8, control
    characters, bidi overrides and over-long fields are problems of the row and field they are in;
    a CSV syntax error (such as a quoted field cut off at the end of the file) is a problem at its
    line, and the rows before it are kept.
    """
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, 0, "", "", f"cannot read file: {exc.strerror}"))
        return []
    text = data.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = tuple(h.strip() for h in next(reader, ()))
    except csv.Error as exc:
        problems.append(Problem(name, 1, "", "", f"not readable as CSV: {exc}"))
        return []
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    for column in missing:
        problems.append(Problem(name, 1, "", column, "column is missing from the header"))
    for column in extra:
        problems.append(Problem(name, 1, "", column, "unknown column"))
    if missing:
        return []
    rows = []
    line = reader.line_num
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                problems.append(Problem(name, start, values[0], "", "row has more fields than the header"))
                continue
            row = dict(zip(header, values + [""] * (len(header) - len(values))))
            rows.append(RowReader(name, start, row, problems))
    except csv.Error as exc:
        message = f"CSV syntax error: {exc} (the rows before it are kept)"
        problems.append(Problem(name, reader.line_num, "", "", message))
    return rows


class RowReader:
    """One CSV row; accessors parse a field or record a problem and return None."""

    def __init__(self, file: str, line: int, row: Mapping[str, str | None], problems: list[Problem]):
        self.file = file
        self.line = line
        self.row = {k: (v or "").strip() for k, v in row.items()}
        self.record = self.row.get("id") or self.row.get("record_id") or self.row.get("country") or ""
        self._problems = problems
        self.ok = True
        if _UNDECODABLE.search(self.record) or _CONTROL.search(self.record):
            self.record = self.record.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        for field, value in self.row.items():
            self._check_text(field, value)

    def _check_text(self, field: str, value: str) -> None:
        if _UNDECODABLE.search(value):
            self.problem(field, "holds bytes that are not UTF-8 (save the file as UTF-8)")
            self.row[field] = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        control = _CONTROL.search(value)
        if control:
            char = control.group(0)
            self.problem(field, f"holds the control or direction character U+{ord(char):04X}")
        if len(value) > MAX_FIELD_CHARS:
            self.problem(field, f"is {len(value):,} characters long; the limit is {MAX_FIELD_CHARS:,}")

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
