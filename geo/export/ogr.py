"""Writing ``geo.export.tables`` tables through GDAL (pyogrio): GeoPackage and FlatGeobuf.

Every field gets its type from the table's schema, not from the values, so an empty layer or a
column of nulls keeps its type: text as String, datetime as DateTime (no time zone), real as
Real, JSON as String.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.core.model import Dataset
from geo.export.qgis_style import LAYER_STYLES, layer_qml
from geo.export.tables import GEOMETRY_TYPES, Table, layer_tables

_DTYPES = {"text": "object", "json": "object", "datetime": "datetime64[ms]", "real": "Float64"}


def table_frame(table: Table) -> gpd.GeoDataFrame:
    """The table as a GeoDataFrame with one explicit dtype per field (WGS84 lon/lat)."""
    columns = {}
    for i, (name, kind) in enumerate(table.fields):
        values = [row[i] for row in table.rows]
        columns[name] = pd.array(values, dtype=_DTYPES[kind]) if kind != "text" and kind != "json" else values
    frame = pd.DataFrame(columns, columns=table.columns)
    for name, kind in table.fields:
        if kind in ("text", "json"):
            frame[name] = frame[name].astype("object")
    return gpd.GeoDataFrame(frame, geometry=list(table.geometries), crs="EPSG:4326")


def _write(path: Path, table: Table, driver: str, **options) -> None:
    pyogrio.write_dataframe(
        table_frame(table),
        path,
        layer=table.name,
        driver=driver,
        geometry_type=GEOMETRY_TYPES[table.name],
        promote_to_multi=False,
        **options,
    )


def write_geopackage(dataset: Dataset, path: Path) -> Path:
    """One GeoPackage with every layer and a default QGIS style for each in ``layer_styles``."""
    path = Path(path)
    path.unlink(missing_ok=True)
    tables = layer_tables(dataset)
    for table in tables.values():
        _write(path, table, "GPKG", append=path.exists())
    _write_styles(dataset, path, tables)
    return path


_STYLES_TABLE = """CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME)"""


def _write_styles(dataset: Dataset, path: Path, tables: dict[str, Table]) -> None:
    """The ``layer_styles`` table QGIS reads a GeoPackage layer's default style from, registered in gpkg_contents."""
    with sqlite3.connect(path) as db:
        db.execute(_STYLES_TABLE)
        for name, table in tables.items():
            attribute = LAYER_STYLES[name][0]
            values = table.column(attribute) if attribute else []
            db.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                "VALUES ('', '', ?, 'geom', ?, ?, '', 1, ?, '', '', '2000-01-01T00:00:00Z')",
                (name, name, layer_qml(dataset, name, values), f"Default style of {name}"),
            )
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles', "
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
        )
    db.close()


def write_flatgeobuf(dataset: Dataset, directory: Path) -> list[Path]:
    """One FlatGeobuf file per layer; no spatial index, so features with no geometry are kept."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in layer_tables(dataset).items():
        path = directory / f"{name}.fgb"
        path.unlink(missing_ok=True)
        _write(path, table, "FlatGeobuf", layer_options={"SPATIAL_INDEX": "NO"})
        written.append(path)
    return written
