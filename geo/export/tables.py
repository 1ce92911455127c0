"""The layers as typed tables: one explicit schema per layer, shared by every binary format.

GeoJSON keeps its own contract (``geo.export.layers``). The GeoPackage, FlatGeobuf and
GeoParquet files are written from these tables, so every format has the same fields with the
same types: dates as DateTime (midnight, no time zone) so that a GIS compares them as
instants, never as text; lists and the sources as JSON text (``["a","b"]``, ``[]`` for an
empty list); counts and distances as real numbers; nulls left null. A feature with no
geometry (an event with no site) keeps a null geometry.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.core.model import Dataset
from geo.export.layers import LAYER_NAMES, layer_features

#: Field kinds: ``text``, ``datetime`` (a day at midnight), ``real``, ``json`` (a list or list of objects as text).
KINDS = ("text", "datetime", "real", "json")

_CLAIM = (
    ("start", "datetime"),
    ("end", "datetime"),
    ("start_latest", "datetime"),
    ("end_latest", "datetime"),
    ("date_precision", "text"),
    ("end_precision", "text"),
    ("date_label", "text"),
    ("end_label", "text"),
    ("confidence", "text"),
    ("disputes", "text"),
    ("last_reported", "datetime"),
    ("summary", "text"),
    ("sources", "json"),
)
_DEPLOYMENT = (
    ("id", "text"),
    ("site_id", "text"),
    ("site_name", "text"),
    ("actor", "text"),
    ("actor_name", "text"),
    ("backing", "text"),
    ("asset", "text"),
    ("asset_name", "text"),
    ("asset_kind", "text"),
    ("count", "real"),
    ("unit", "text"),
    ("count_note", "text"),
    ("range_km", "real"),
    *_CLAIM,
)

#: Layer name -> ((field, kind), ...) in the order of the GeoJSON properties.
SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "sites": (
        ("site_id", "text"),
        ("name", "text"),
        ("kind", "text"),
        ("role", "text"),
        ("region", "text"),
        ("country", "text"),
        ("aliases", "json"),
        ("precision_km", "real"),
        ("coord_source", "text"),
        ("coord_locator", "text"),
    ),
    "control": (
        ("id", "text"),
        ("site_id", "text"),
        ("site_name", "text"),
        ("holder", "text"),
        ("holder_name", "text"),
        ("holder_side", "text"),
        *_CLAIM,
    ),
    "deployments": _DEPLOYMENT,
    "events": (
        ("id", "text"),
        ("site_id", "text"),
        ("site_name", "text"),
        ("date", "datetime"),
        ("date_latest", "datetime"),
        ("date_precision", "text"),
        ("date_label", "text"),
        ("kind", "text"),
        ("actors", "json"),
        ("count", "real"),
        ("unit", "text"),
        ("count_note", "text"),
        ("confidence", "text"),
        ("disputes", "text"),
        ("summary", "text"),
        ("sources", "json"),
    ),
    "range_rings": (*_DEPLOYMENT, ("deployment_id", "text")),
}
GEOMETRY_TYPES = {
    "sites": "Point",
    "control": "Point",
    "deployments": "Point",
    "events": "Point",
    "range_rings": "Polygon",
}


@dataclass(frozen=True)
class Table:
    """One layer: its schema, one tuple of typed values per feature, and the features' geometries (or None)."""

    name: str
    fields: tuple[tuple[str, str], ...]
    rows: tuple[tuple, ...]
    geometries: tuple[BaseGeometry | None, ...]

    @property
    def columns(self) -> list[str]:
        """The field names, in order."""
        return [name for name, _ in self.fields]

    def column(self, name: str) -> list:
        """Every feature's value of one field."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]


def typed_value(value, kind: str):
    """A GeoJSON property value as the table holds it: a datetime, a float, JSON text, or text."""
    if kind == "json":
        return json.dumps(value if value is not None else [], ensure_ascii=False, sort_keys=True)
    if value is None:
        return None
    if kind == "datetime":
        day = dt.date.fromisoformat(value)
        return dt.datetime(day.year, day.month, day.day)
    if kind == "real":
        return float(value)
    return str(value)


def layer_tables(dataset: Dataset) -> dict[str, Table]:
    """Every layer of ``dataset`` as a ``Table``, features in the GeoJSON layers' order (by id)."""
    tables = {}
    features = layer_features(dataset)
    for name in LAYER_NAMES:
        fields = SCHEMA[name]
        rows = tuple(tuple(typed_value(f["properties"].get(k), kind) for k, kind in fields) for f in features[name])
        geometries = tuple(shape(f["geometry"]) if f["geometry"] else None for f in features[name])
        tables[name] = Table(name, fields, rows, geometries)
    return tables
