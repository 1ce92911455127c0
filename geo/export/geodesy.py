"""Geodesic distances and range rings on the WGS84 ellipsoid (pyproj.Geod)."""

from __future__ import annotations

import numpy as np
from pyproj import Geod
from shapely.geometry import Polygon

WGS84 = Geod(ellps="WGS84")


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Geodesic distance in kilometres between two points."""
    _, _, metres = WGS84.inv(a_lon, a_lat, b_lon, b_lat)
    return metres / 1000.0


def distance_table(sites) -> list[tuple[str, str, float]]:
    """Distances between every pair of sites, (a, b, km) with a < b by id."""
    ordered = sorted(sites, key=lambda s: s.id)
    rows = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            rows.append((a.id, b.id, distance_km(a.lat, a.lon, b.lat, b.lon)))
    return rows


def range_ring(lat: float, lon: float, radius_km: float, points: int = 72) -> Polygon:
    """A geodesic circle of ``radius_km`` around (lat, lon), counter-clockwise as RFC 7946 asks."""
    return Polygon(ring_lonlat(lat, lon, radius_km, points))


def ring_lonlat(lat: float, lon: float, radius_km: float, points: int = 72) -> list[tuple[float, float]]:
    """The vertices of ``range_ring`` as (lon, lat), 6 decimals, closed (the first point again at the end) and
    counter-clockwise: what shapely's ``orient(..., sign=1.0)`` gives, without building the polygon, which
    is most of the cost when a layer holds thousands of rings."""
    if radius_km <= 0:
        raise ValueError(f"radius must be positive, got {radius_km}")
    azimuths = np.linspace(0.0, 360.0, points, endpoint=False)
    lons, lats, _ = WGS84.fwd(np.full(points, lon), np.full(points, lat), azimuths, np.full(points, radius_km * 1000.0))
    ring = [(round(x, 6), round(y, 6)) for x, y in zip(lons.tolist(), lats.tolist())]
    ring.append(ring[0])
    twice_area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
    return ring if twice_area > 0 else ring[::-1]
