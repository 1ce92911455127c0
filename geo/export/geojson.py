"""GeoJSON (RFC 7946) output: lon/lat order, 6 decimals, one feature per line, stable bytes.

``lonlat`` and ``latlon`` are the only places that order coordinates: GeoJSON
is [lon, lat], Leaflet is [lat, lon].

A feature's line is what ``json.dumps(feature, sort_keys=True, ensure_ascii=False,
separators=(",", ":"))`` writes. ``orjson`` writes it, several times faster; the
one place the two differ, the exponent of numbers below 1e-4 (``1e-05`` against
``1e-5`` or ``0.00001``), sends that feature through ``json`` instead. Numbers
are finite (the loader refuses NaN and infinity, which are not JSON).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import orjson
from shapely.geometry import mapping

PRECISION = 6


def lonlat(site) -> list[float]:
    """GeoJSON position of a site: [lon, lat]."""
    return [round(site.lon, PRECISION), round(site.lat, PRECISION)]


def latlon(site) -> list[float]:
    """Leaflet position of a site: [lat, lon]."""
    return [round(site.lat, PRECISION), round(site.lon, PRECISION)]


def point(site) -> dict:
    """A GeoJSON Point for a site, in lon/lat order."""
    return {"type": "Point", "coordinates": lonlat(site)}


def geometry(shape) -> dict:
    """A shapely geometry as GeoJSON with rounded coordinates."""
    if shape.geom_type == "Polygon" and not shape.is_empty and not shape.interiors:  # a range ring
        ring = [[round(x, PRECISION), round(y, PRECISION)] for x, y in shape.exterior.coords]
        return {"type": "Polygon", "coordinates": [ring]}
    return _round(mapping(shape))


def _round(value):
    if isinstance(value, float):
        return round(value, PRECISION)
    if isinstance(value, (list, tuple)):
        if value and all(type(v) is tuple and len(v) == 2 for v in value):  # a ring: pairs of numbers
            return [[_round(x), _round(y)] for x, y in value]
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def feature(geom: dict | None, properties: dict, feature_id: str | None = None) -> dict:
    """A GeoJSON Feature with its properties and optional id."""
    out = {"type": "Feature", "geometry": geom, "properties": properties}
    if feature_id is not None:
        out["id"] = feature_id
    return out


#: In orjson's output, a number below 1e-4 written without an exponent (json.dumps writes one).
_SMALL = re.compile(rb"(?<![0-9.])-?0\.0000[0-9]")


def _json_writes_otherwise(out: bytes) -> bool:
    """True when orjson's text holds a number json.dumps writes otherwise: a negative exponent or 0.0000...

    Substring searches first (a few per line), the regular expression only when they find something.
    """
    at = out.find(b"e-")
    while at != -1:
        if at and 48 <= out[at - 1] <= 57 and at + 2 < len(out) and 48 <= out[at + 2] <= 57:
            return True
        at = out.find(b"e-", at + 2)
    return b"0.0000" in out and _SMALL.search(out) is not None


def feature_bytes(feature: dict) -> bytes:
    """One feature (or any JSON value) as compact UTF-8 text with sorted keys, as ``json.dumps`` writes it."""
    try:
        out = orjson.dumps(feature, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONEncodeError, TypeError):  # e.g. an integer beyond 64 bits
        out = None
    if out is None or _json_writes_otherwise(out):
        return json.dumps(feature, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def dumps(features: Iterable[dict], **members) -> str:
    """A FeatureCollection as text: sorted keys, one feature per line, newline at the end.

    ``features`` may be a generator: each is written as it comes, so a layer never holds all its dicts at once.
    """
    head = {"type": "FeatureCollection", **members}
    opening = json.dumps(head, sort_keys=True, ensure_ascii=False)[:-1]
    body = b",\n".join(feature_bytes(f) for f in features).decode("utf-8")
    return f'{opening}, "features": [\n{body}\n]}}\n' if body else f'{opening}, "features": []}}\n'
