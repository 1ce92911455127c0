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


def ring_polygon(ring) -> dict:
    """A GeoJSON Polygon of one closed ring of (lon, lat) already rounded (``geodesy.ring_lonlat``)."""
    return {"type": "Polygon", "coordinates": [[[x, y] for x, y in ring]]}


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


#: Where orjson's text may hold a number json.dumps writes otherwise: a negative exponent (orjson ``1e-5``,
#: json ``1e-05``) or a number below 1e-4 without one (orjson ``0.00001``). Both searches run at C speed over a
#: whole layer: every digit made 0 (a piece at a time), then a substring search for ``0e-0``; a regular
#: expression that starts with a literal for the small numbers, whose few candidates are then checked one by one.
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
_SMALL = re.compile(rb"0\.0000[0-9]")
_CHUNK = 1 << 24  # bytes made 0 at once: a layer is searched without a copy of it whole


def _writes_otherwise(out: bytes | bytearray, start: int = 0) -> bool:
    """True when orjson's text (from ``start`` on) holds a number json writes otherwise. Text in strings may
    match too: that only sends the value through ``json``, which writes strings as orjson does."""
    for i in range(start, len(out), _CHUNK):  # a piece at a time, each overlapping the one before
        if b"0e-0" in out[max(start, i - 3) : i + _CHUNK].translate(_DIGITS_TO_ZERO):
            return True
    for m in _SMALL.finditer(out, start):
        at = m.start() - (1 if m.start() and out[m.start() - 1] == 45 else 0)  # over a minus sign
        if not at or out[at - 1] not in b"0123456789.":
            return True
    return False


def _orjson(value) -> bytes | None:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except (orjson.JSONEncodeError, TypeError):  # e.g. an integer beyond 64 bits
        return None


def canonical_json(value) -> str:
    """The project's one canonical JSON text: sorted keys, no spaces, characters as they are (not ``\\u`` escapes).

    Feature lines, the briefing's embedded data, its hash and the JSON in the dashboard's scripts are written so.
    """
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _json(value) -> bytes:
    return canonical_json(value).encode("utf-8")


def feature_bytes(feature: dict) -> bytes:
    """One feature (or any JSON value) as compact UTF-8 text with sorted keys, as ``json.dumps`` writes it."""
    out = _orjson(feature)
    if out is None or _writes_otherwise(out):
        return _json(feature)
    return out


def dumps(features: Iterable[dict], **members) -> str:
    """A FeatureCollection as text: sorted keys, one feature per line, newline at the end.

    ``features`` may be a generator: each is written as it comes, so a layer never holds all its dicts at once.
    The lines go straight into one buffer, each line's bytes freed as soon as they are copied: kept one object
    a line, orjson's buffers (each made larger than its line, then cut down) left the heap in pieces, and a
    layer of 10^6 records touched ten times its own size in fresh memory, which took longer than writing it.
    The whole layer is searched once for what orjson writes otherwise than ``json``; only when something is
    found are the features looked at one by one.
    """
    head = {"type": "FeatureCollection", **members}
    opening = json.dumps(head, sort_keys=True, ensure_ascii=False)[:-1].encode("utf-8") + b', "features": ['
    text = bytearray(opening)
    first = len(text) + 1  # the first line's start, after the newline
    starts: list[int] = []  # where each line starts in text
    by_json: set[int] = set()  # lines json wrote already (orjson could not)
    for value in features:
        out = _orjson(value)
        if out is None:
            by_json.add(len(starts))
            out = _json(value)
        text += b",\n" if starts else b"\n"
        starts.append(len(text))
        text += out
    if starts and _writes_otherwise(text, first):
        ends = [s - 2 for s in starts[1:]] + [len(text)]
        lines = [bytes(text[s:e]) for s, e in zip(starts, ends)]
        for i, line in enumerate(lines):
            if i not in by_json and _writes_otherwise(line):
                lines[i] = _json(orjson.loads(line))
        text = bytearray(opening) + b"\n" + b",\n".join(lines)
    text += b"\n]}\n" if starts else b"]}\n"
    return text.decode("utf-8")
