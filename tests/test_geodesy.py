from __future__ import annotations

import pytest
from shapely.geometry import Point

from geo.export.geodesy import distance_km, distance_table, range_ring


def test_one_degree_of_longitude_on_the_equator():
    assert distance_km(0, 0, 0, 1) == pytest.approx(111.319, abs=0.01)


def test_distance_is_symmetric_and_uses_lat_lon_order():
    # Tripoli to Benghazi is about 650 km; swapping lat and lon would give thousands.
    there = distance_km(32.8872, 13.1913, 32.1167, 20.0667)
    assert there == pytest.approx(distance_km(32.1167, 20.0667, 32.8872, 13.1913))
    assert 600 < distance_km(32.8872, 13.1913, 32.1167, 20.0667) < 700


def test_distance_table_pairs_each_site_once(mini):
    rows = distance_table(mini.sites.values())
    assert [(a, b) for a, b, _ in rows] == [("alpha", "bravo"), ("alpha", "charlie"), ("bravo", "charlie")]


def test_range_ring_vertices_lie_at_the_radius():
    ring = range_ring(31.2, 16.6, 20)
    assert ring.is_valid
    assert ring.exterior.is_ccw
    for lon, lat in ring.exterior.coords:
        assert distance_km(31.2, 16.6, lat, lon) == pytest.approx(20, abs=0.01)
    assert ring.contains(Point(16.6, 31.2))


def test_range_ring_rejects_a_non_positive_radius():
    with pytest.raises(ValueError, match="radius"):
        range_ring(31.2, 16.6, 0)


@pytest.mark.parametrize(
    ("lat", "lon", "km"), [(31.2, 16.6, 20), (32.9, 13.2, 1500), (-33.9, 151.2, 400), (0.0, 0.0, 5)]
)
def test_ring_vertices_are_those_of_the_oriented_shapely_polygon(lat, lon, km):
    """The layers write ``ring_lonlat`` straight into GeoJSON; it must be what orienting the polygon gives."""
    import numpy as np
    from shapely.geometry import Polygon, mapping
    from shapely.geometry.polygon import orient

    from geo.export.geodesy import WGS84, ring_lonlat

    azimuths = np.linspace(0.0, 360.0, 72, endpoint=False)
    lons, lats, _ = WGS84.fwd(np.full(72, lon), np.full(72, lat), azimuths, np.full(72, km * 1000.0))
    reference = orient(Polygon([(round(float(x), 6), round(float(y), 6)) for x, y in zip(lons, lats)]), sign=1.0)
    ring = ring_lonlat(lat, lon, km)
    assert [list(p) for p in ring] == [list(p) for p in mapping(reference)["coordinates"][0]]
    assert ring[0] == ring[-1]
    assert Polygon(ring).exterior.is_ccw
