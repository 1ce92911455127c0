"""Where each country's places may lie, to catch swapped or mistyped coordinates.

Boxes are (min_lat, max_lat, min_lon, max_lon) in WGS84 degrees, drawn a little
wider than the country so that a coastal or border site always passes while a
latitude/longitude swap (Sirte at 16.6 N, 31.2 E) lands far outside.
"""

from __future__ import annotations

COUNTRY_BOXES: dict[str, tuple[float, float, float, float]] = {
    "LY": (19.0, 34.0, 9.0, 25.5),
    "SY": (32.0, 37.5, 35.5, 42.5),
    "EG": (21.5, 32.0, 24.5, 37.0),
    "MT": (35.7, 36.2, 14.1, 14.7),
    "TR": (35.5, 42.5, 25.5, 45.0),
    "RU": (41.0, 82.0, 19.0, 180.0),
    "DE": (47.0, 55.5, 5.5, 15.5),
    "TN": (30.0, 37.7, 7.3, 11.8),
}


def outside_country(lat: float, lon: float, country: str) -> str | None:
    """A message when (lat, lon) lies outside ``country``'s box, else None."""
    box = COUNTRY_BOXES.get(country)
    if box is None:
        return f"unknown country {country!r}; expected one of {', '.join(sorted(COUNTRY_BOXES))}"
    min_lat, max_lat, min_lon, max_lon = box
    if min_lat <= lat <= max_lat and min_lon <= lon <= max_lon:
        return None
    swapped = min_lat <= lon <= max_lat and min_lon <= lat <= max_lon
    hint = " (latitude and longitude look swapped)" if swapped else ""
    return f"point ({lat}, {lon}) lies outside {country} (lat {min_lat}..{max_lat}, lon {min_lon}..{max_lon}){hint}"
