"""An analyst's own observations, read from a CSV, GeoJSON or GeoPackage file, row by row.

A CSV may use our export's columns (``geo.export.csvtable``) or ACLED's export columns
(``event_date``, ``event_type``, ``actor1``, ``latitude``, ``longitude``, ``time_precision``,
``geo_precision``, ``source``, ``notes``); other columns are ignored. A GeoJSON or GeoPackage
feature gives its place by its geometry and the same names in its properties.

Each row that cannot be read (no date, a date that is not one, a position outside the globe,
no position, a control character, bytes that are not UTF-8) is one ``Problem`` per bad field,
naming the file, the row and the field; every good row is kept. Rows are numbered as a
spreadsheet shows them (the header is row 1); features from 1.

Dates: ISO days (``2020-06-15``), ACLED's ``15 June 2020``, or our fuzzy dates with a
``date_precision``. ACLED's ``time_precision`` 2 (the week) makes the span the three days
either side, 3 the month. An observation shows on the map on the days of its span and for
``window`` days after, like the dashboard's recent events, or from ``start`` up to ``end``
when the row has an end.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

from geo.core.dates import PRECISIONS, DateError, FuzzyDate, parse_fuzzy_date
from geo.core.problems import Problem
from geo.core.rows import RowReader

#: Our name for a value -> the column names it may come under, first match wins.
ALIASES = {
    "id": ("id", "event_id_cnty", "event_id"),
    "date": ("date", "start", "event_date"),
    "date_precision": ("date_precision",),
    "time_precision": ("time_precision",),
    "end": ("end",),
    "end_precision": ("end_precision",),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "longitude"),
    "wkt": ("wkt",),
    "label": ("site_name", "location", "name"),
    "kind": ("kind", "event_type", "what", "layer"),
    "actor": ("actor_name", "actor1", "actor", "actors", "holder"),
    "source": ("source", "sources", "source_ids"),
    "notes": ("notes", "summary", "note"),
    "confidence": ("confidence",),
    "site_id": ("site_id",),
}
SUFFIXES = (".csv", ".geojson", ".json", ".gpkg")
_POINT = re.compile(r"^\s*POINT\s*\(\s*(-?[\d.]+(?:e-?\d+)?)\s+(-?[\d.]+(?:e-?\d+)?)\s*\)\s*$", re.IGNORECASE)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")


@dataclass(frozen=True)
class Observation:
    """One good row of an analyst's file: where, when (a span of days, and an end if given), what, and from where."""

    file: str
    row: int
    id: str
    earliest: dt.date
    latest: dt.date
    date_label: str
    end: dt.date | None
    lat: float
    lon: float
    label: str
    kind: str
    actor: str
    source: str
    notes: str
    confidence: str = ""
    site_id: str = ""

    @property
    def provenance(self) -> str:
        """'notes.csv, row 7': where the observation comes from."""
        return f"{self.file}, row {self.row}"

    def shows_on(self, day: dt.date, window: int) -> bool:
        """True on the days the observation is drawn: [start, end), or its span and ``window`` days after."""
        if self.end is not None:
            return self.earliest <= day < self.end
        return self.earliest <= day and day - dt.timedelta(days=window) < self.latest


def _pick(row: dict[str, str], name: str) -> tuple[str, str]:
    """(column, value) of the first alias of ``name`` present in the row, else ('', '')."""
    for column in ALIASES[name]:
        if column in row:
            return column, _FORMULA_GUARD.sub("", row[column])
    return "", ""


def _acled_day(text: str) -> dt.date | None:
    for pattern in ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def fuzzy_date(text: str, precision: str) -> FuzzyDate:
    """A fuzzy date as the seeds write it (``2020-06``, ``month``) or as our exports do, its earliest day
    (``2020-06-01``, ``month``); ``DateError`` when neither fits."""
    try:
        return parse_fuzzy_date(text, precision)
    except DateError:
        if not _ISO_DAY.match(text) or precision not in PRECISIONS or precision == "day":
            raise
    fuzzy = parse_fuzzy_date(text[:4] if precision == "year" else text[:7], precision)
    if fuzzy.earliest.isoformat() != text:
        raise DateError(f"{text!r} is not the first day of a {precision} date")
    return fuzzy


def _date(reader: RowReader, row: dict[str, str]) -> tuple[dt.date, dt.date, str] | None:
    column, text = _pick(row, "date")
    if not column:
        reader.problem("date", "no date column (date, start or event_date)")
        return None
    if not text:
        reader.problem(column, "is required but empty")
        return None
    precision_column, precision = _pick(row, "date_precision")
    if precision:
        try:
            fuzzy = fuzzy_date(text, precision)
        except DateError as exc:
            reader.problem(column, str(exc))
            return None
        return fuzzy.earliest, fuzzy.latest, fuzzy.label()
    day = _acled_day(text)
    if day is None:
        reader.problem(column, f"{text!r} is not a date like 2020-06-15 or 15 June 2020")
        return None
    code_column, code = _pick(row, "time_precision")
    if code in ("", "1"):
        return day, day, f"{day.day} {day:%b %Y}"
    if code == "2":
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3), f"week of {day.day} {day:%b %Y}"
    if code == "3":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last), f"{day:%b %Y}"
    reader.problem(code_column, f"{code!r} is not an ACLED time_precision (1, 2 or 3)")
    return None


def _position(reader: RowReader, row: dict[str, str], geometry: tuple[float, float] | None):
    if geometry is not None:
        return geometry
    _, wkt = _pick(row, "wkt")
    lat_column, lat_text = _pick(row, "lat")
    lon_column, lon_text = _pick(row, "lon")
    if not (lat_text or lon_text) and wkt:
        match = _POINT.match(wkt)
        if not match:
            reader.problem("wkt", f"{wkt[:60]!r} is not a WKT POINT (lon lat)")
            return None
        lon_text, lat_text, lon_column, lat_column = match.group(1), match.group(2), "wkt", "wkt"
    if not lat_column or not lon_column:
        reader.problem("latitude", "no position: give latitude and longitude (or lat/lon, or a WKT point)")
        return None
    lat = _number(reader, lat_column, lat_text, 90)
    lon = _number(reader, lon_column, lon_text, 180)
    return (lat, lon) if lat is not None and lon is not None else None


def _number(reader: RowReader, column: str, text: str, bound: float) -> float | None:
    if not text:
        reader.problem(column, "is required but empty")
        return None
    try:
        value = float(text)
    except ValueError:
        reader.problem(column, f"{text[:40]!r} is not a number")
        return None
    if math.isnan(value) or not -bound <= value <= bound:
        reader.problem(column, f"{value:g} is outside -{bound:g}..{bound:g}")
        return None
    return value


def parse_row(
    file: str, line: int, row: dict[str, str], problems: list[Problem], geometry: tuple[float, float] | None = None
) -> Observation | None:
    """One row (column -> text) as an ``Observation``, or None with its problems added to ``problems``."""
    reader = RowReader(file, line, row, problems)
    if not reader.record:
        reader.record = f"row {line}"
    clean = reader.row
    when = _date(reader, clean)
    where = _position(reader, clean, geometry)
    end = None
    end_column, end_text = _pick(clean, "end")
    if end_text:
        _, end_precision = _pick(clean, "end_precision")
        try:
            end = fuzzy_date(end_text, end_precision or "day").earliest
        except DateError as exc:
            reader.problem(end_column, str(exc))
        if when and end and end <= when[0]:
            reader.problem(end_column, f"end {end} is not after the start {when[0]}")
    if not reader.ok or when is None or where is None:
        return None
    return Observation(
        file=file,
        row=line,
        id=_pick(clean, "id")[1] or f"row {line}",
        earliest=when[0],
        latest=when[1],
        date_label=when[2],
        end=end,
        lat=where[0],
        lon=where[1],
        label=_pick(clean, "label")[1],
        kind=_pick(clean, "kind")[1],
        actor=_pick(clean, "actor")[1],
        source=_pick(clean, "source")[1],
        notes=_pick(clean, "notes")[1],
        confidence=_pick(clean, "confidence")[1],
        site_id=_pick(clean, "site_id")[1],
    )


def _csv_rows(name: str, data: bytes, problems: list[Problem]) -> list[Observation]:
    text = data.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[Observation] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except csv.Error as exc:
        problems.append(Problem(name, 1, "", "", f"not readable as CSV: {exc}"))
        return out
    if not header:
        problems.append(Problem(name, 0, "", "", "the file is empty"))
        return out
    line = reader.line_num
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                problems.append(Problem(name, start, f"row {start}", "", "row has more fields than the header"))
                continue
            row = dict(zip(header, values + [""] * (len(header) - len(values))))
            observation = parse_row(name, start, row, problems)
            if observation is not None:
                out.append(observation)
    except csv.Error as exc:
        problems.append(
            Problem(name, reader.line_num, "", "", f"CSV syntax error: {exc} (the rows before it are kept)")
        )
    return out


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def _features(name: str, path: Path, problems: list[Problem]) -> list[Observation]:
    import pyogrio

    out: list[Observation] = []
    try:
        layers = [str(layer) for layer, _ in pyogrio.list_layers(path) if str(layer) != "layer_styles"]
    except Exception as exc:  # GDAL's errors for a file it cannot open differ by driver
        problems.append(Problem(name, 0, "", "", f"not readable as GeoJSON or GeoPackage: {exc}"))
        return out
    offset = 0
    for layer in layers:
        try:
            frame = pyogrio.read_dataframe(path, layer=layer)
        except Exception as exc:
            problems.append(Problem(name, 0, "", "", f"layer {layer!r} not readable: {exc}"))
            continue
        if frame.crs is not None and not frame.crs.equals("EPSG:4326") and frame.crs.to_epsg() != 4326:
            frame = frame.to_crs("EPSG:4326")
        columns = [c for c in frame.columns if c != "geometry"]
        for i, record in enumerate(frame.itertuples(index=False), start=1):
            values = dict(zip(frame.columns, record))
            row = {str(c).lower(): _text(values[c]) for c in columns}
            geometry = values.get("geometry")
            position = None
            if geometry is None or geometry.is_empty:
                problems.append(
                    Problem(name, offset + i, row.get("id") or f"row {offset + i}", "geometry", "has no geometry")
                )
                continue
            point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
            position = (point.y, point.x)
            observation = parse_row(name, offset + i, row, problems, geometry=position)
            if observation is not None:
                out.append(observation)
        offset += len(frame)
    return out


def read_observations(path: Path, name: str | None = None) -> tuple[list[Observation], list[Problem]]:
    """The good rows of ``path`` and a problem for each bad field; ``name`` is the file name shown."""
    path = Path(path)
    name = name or path.name
    problems: list[Problem] = []
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        problems.append(
            Problem(name, 0, "", "", f"unknown file type {suffix!r}; expected one of {', '.join(SUFFIXES)}")
        )
        return [], problems
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, 0, "", "", f"cannot read file: {exc.strerror}"))
        return [], problems
    rows = _csv_rows(name, data, problems) if suffix == ".csv" else _features(name, path, problems)
    return rows, sorted(problems)


def read_observations_bytes(data: bytes, name: str) -> tuple[list[Observation], list[Problem]]:
    """``read_observations`` for an uploaded file's bytes and its name."""
    import tempfile

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        return read_observations(path, Path(name).name)
