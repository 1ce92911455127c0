"""The export registry: one small writer per format, keyed by name, used by the CLI, the dashboard and the briefing.

Each writer takes a ``Dataset`` (already narrowed by ``geo.export.selection``) and returns the
files it makes as {file name: bytes}. One file is written at ``--out``; several (one per layer)
go into the directory ``--out`` names, or into one zip for a download. ``EXPORTS`` lists them:

* ``gpkg``: GeoPackage, every layer, DateTime start/end, QGIS styles in ``layer_styles``.
* ``kml`` / ``kmz``: Google Earth, folders per layer, TimeSpans, holder colours.
* ``csv``: one row per record, ISO dates, WKT and lon/lat, ACLED and UCDP precision codes.
* ``fgb``: FlatGeobuf, one file per layer.
* ``parquet``: GeoParquet, one file per layer.
* ``geojson``: the GeoJSON layers of ``layers/`` (the field contract in the README).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from geo.core.model import Dataset
from geo.export.csvtable import records_csv
from geo.export.geoparquet import parquet_bytes
from geo.export.kml import dataset_kml, dataset_kmz
from geo.export.layers import build_layers
from geo.export.ogr import write_flatgeobuf, write_geopackage
from geo.export.selection import Selection, select
from geo.export.tables import layer_tables

BASENAME = "libya-sites"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Export:
    """A format: its name, what it is for, the media type of its file (or zip), and its writer."""

    name: str
    label: str
    media_type: str
    write: Callable[[Dataset], dict[str, bytes]]


def _gpkg(dataset: Dataset) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_geopackage(dataset, Path(tmp) / f"{BASENAME}.gpkg")
        return {path.name: path.read_bytes()}


def _fgb(dataset: Dataset) -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        return {p.name: p.read_bytes() for p in write_flatgeobuf(dataset, Path(tmp))}


def _parquet(dataset: Dataset) -> dict[str, bytes]:
    return {f"{name}.parquet": parquet_bytes(table) for name, table in layer_tables(dataset).items()}


def _geojson(dataset: Dataset) -> dict[str, bytes]:
    return {f"{name}.geojson": text.encode("utf-8") for name, text in build_layers(dataset).items()}


def _kmz(dataset: Dataset) -> dict[str, bytes]:
    return {f"{BASENAME}.kmz": dataset_kmz(dataset)}


def _kml(dataset: Dataset) -> dict[str, bytes]:
    return {f"{BASENAME}.kml": dataset_kml(dataset).encode("utf-8")}


def _csv(dataset: Dataset) -> dict[str, bytes]:
    return {f"{BASENAME}.csv": records_csv(dataset)}


EXPORTS: dict[str, Export] = {
    e.name: e
    for e in (
        Export("gpkg", "GeoPackage for QGIS (styled, time-aware)", "application/geopackage+sqlite3", _gpkg),
        Export("kmz", "KMZ for Google Earth (time slider)", "application/vnd.google-earth.kmz", _kmz),
        Export("kml", "KML (the KMZ unzipped)", "application/vnd.google-earth.kml+xml", _kml),
        Export("csv", "CSV for spreadsheets and kepler.gl", "text/csv", _csv),
        Export("fgb", "FlatGeobuf, one file per layer", "application/zip", _fgb),
        Export("parquet", "GeoParquet, one file per layer", "application/zip", _parquet),
        Export("geojson", "GeoJSON layers", "application/zip", _geojson),
    )
}


def export_files(name: str, dataset: Dataset) -> dict[str, bytes]:
    """The files format ``name`` makes of ``dataset``; ``KeyError`` names the known formats."""
    if name not in EXPORTS:
        raise KeyError(f"unknown export format {name!r}; known: {', '.join(EXPORTS)}")
    return EXPORTS[name].write(dataset)


def zipped(files: dict[str, bytes]) -> bytes:
    """Several files as one reproducible zip (fixed entry times, sorted names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[name])
    return buffer.getvalue()


_ONE_FILE = {"gpkg": "gpkg", "kmz": "kmz", "kml": "kml", "csv": "csv"}


def download_name(name: str, actors: tuple[str, ...] = ()) -> str:
    """The file name of format ``name``'s download, known before it is written; ``actors`` (ids) name the
    selection it holds (``libya-sites-rus-wag.gpkg``)."""
    stem = "-".join([BASENAME, *sorted(a.lower() for a in actors)])
    suffix = _ONE_FILE.get(name)
    return f"{stem}.{suffix}" if suffix else f"{stem}-{name}.zip"


def download(name: str, dataset: Dataset, actors: tuple[str, ...] = ()) -> tuple[str, bytes]:
    """(file name, bytes) of one download: the file itself, or a zip of a format's several files.

    ``actors`` keeps only those actors' deployments and events (every site's control periods stay), as
    ``python -m geo export --actors`` does.
    """
    if actors:
        dataset = select(dataset, Selection(actors=frozenset(actors)))
    files = export_files(name, dataset)
    if len(files) == 1:
        (data,) = files.values()
        return download_name(name, actors), data
    return download_name(name, actors), zipped(files)


def write_export(name: str, dataset: Dataset, out: Path) -> list[Path]:
    """Write format ``name`` at ``out``: the file for a one-file format, else a directory of files."""
    files = export_files(name, dataset)
    out = Path(out)
    if len(files) == 1:
        content = next(iter(files.values()))
        if out.is_dir():
            out = out / next(iter(files))
        out.write_bytes(content)
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, content in files.items():
        (out / file_name).write_bytes(content)
        written.append(out / file_name)
    return written
