"""GeoJSON (RFC 7946) output: lon/lat order, 6 decimals, one feature per line, stable bytes.

``lonlat`` and ``latlon`` are the only places that order coordinates: GeoJSON
is [lon, lat], Leaflet is [lat, lon].
"""

from __future__ import annotations

import json

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
    return _round(mapping(shape))


def _round(value):
    if isinstance(value, float):
        return round(value, PRECISION)
    if isinstance(value, (list, tuple)):
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


def dumps(features: list[dict], **members) -> str:
    """A FeatureCollection as text: sorted keys, one feature per line, newline at the end."""
    head = {"type": "FeatureCollection", **members}
    opening = json.dumps(head, sort_keys=True, ensure_ascii=False)[:-1]
    lines = [json.dumps(f, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    return f'{opening}, "features": [\n{body}\n]}}\n' if lines else f'{opening}, "features": []}}\n'
