"""Every site's point against an independent reference: airportsdata for airfields, the cited gazetteer otherwise.

A site's reference is, in this order: its ICAO code in ``airportsdata``; the
coordinates quoted in its ``coord_locator`` (degrees-minutes-seconds or
decimal); or a distance the source states ("about 700 km south of Tripoli")
from another site. The point must lie within ``precision_km`` of it.
"""

from __future__ import annotations

import re

import airportsdata
import pytest

from geo.core.load import load_dataset
from geo.export.geodesy import distance_km

_DMS = re.compile(
    r"(\d+)°\s*(?:(\d+)[′'])?\s*(?:([\d.]+)[″\"])?\s*([NS])[,\s]+(\d+)°\s*(?:(\d+)[′'])?\s*(?:([\d.]+)[″\"])?\s*([EWL])"
)
_DECIMAL = re.compile(r"(\d+(?:\.\d+)?)\s*°?\s*([NS])[,\s]+(\d+(?:\.\d+)?)\s*°?\s*([EW])")
_PLAIN = re.compile(r"(-?\d+\.\d{3,})\s*,\s*(-?\d+\.\d{3,})")
_NAMED = re.compile(r"latitude (-?\d+\.\d+).*?longitude (-?\d+\.\d+)")
_DISTANCE = re.compile(r"about (\d+) km (?:[a-z-]+ )?of (\w[\w -]*?)\b(?:\s*\(|,|;|$)")

DATASET = load_dataset()
AIRPORTS = airportsdata.load("ICAO")


def _dms(deg, minutes, seconds, hemi) -> float:
    value = float(deg) + float(minutes or 0) / 60 + float(seconds or 0) / 3600
    return -value if hemi in "SW" else value


def quoted_point(locator: str) -> tuple[float, float] | None:
    """The (lat, lon) a locator quotes, or None."""
    m = _DMS.search(locator)
    if m:
        g = m.groups()
        return _dms(*g[0:4]), _dms(*g[4:8])
    m = _DECIMAL.search(locator)
    if m:
        lat, ns, lon, ew = m.groups()
        return (-float(lat) if ns == "S" else float(lat)), (-float(lon) if ew == "W" else float(lon))
    m = _PLAIN.search(locator) or _NAMED.search(locator)
    if m:
        return float(m.group(1)), float(m.group(2))
    return None


@pytest.mark.parametrize(
    ("locator", "expected"),
    [
        ("infobox coordinates (31°12′18″N 16°35′19″E)", (31.205, 16.5886)),
        ("infobox Coordonnées (32°28′20″N 11°54′00″E)", (32.4722, 11.9)),
        ("infobox coordinates (32°07′N 20°04′E)", (32.1167, 20.0667)),
        ("Coordenadas 28° 05′ 10″ N, 9° 47′ 16″ W", (28.0861, -9.7878)),
        ('text: "located at 55.7558, 37.6173"', (55.7558, 37.6173)),
        ("text: latitude 52.520007, longitude 13.404954", (52.52, 13.405)),
        ("airfield record HLFE (El Feel), 26.04 N 12.05 E", (26.04, 12.05)),
        ("text: approximately 30.0444 N, 31.2357 E", (30.0444, 31.2357)),
        ("para 5: 500 km SW of Benghazi", None),
    ],
)
def test_quoted_point_reads_the_forms_locators_use(locator, expected):
    got = quoted_point(locator)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected, abs=1e-3)


def _site_by_name(name: str):
    for site in DATASET.sites.values():
        if site.name == name or site.id == name.lower():
            return site
    return None


@pytest.mark.parametrize("site", [s for s in DATASET.sites.values() if s.icao], ids=lambda s: s.id)
def test_every_airfield_matches_airportsdata(site):
    airport = AIRPORTS.get(site.icao)
    assert airport is not None, f"{site.id}: ICAO {site.icao} is not in airportsdata"
    km = distance_km(site.lat, site.lon, airport["lat"], airport["lon"])
    assert km <= site.precision_km, f"{site.id}: {km:.1f} km from {site.icao} ({airport['name']})"


@pytest.mark.parametrize("site", sorted(DATASET.sites.values(), key=lambda s: s.id), ids=lambda s: s.id)
def test_every_site_lies_within_its_precision_of_its_reference(site):
    locator = site.coord_citation.locator
    if site.icao:
        airport = AIRPORTS[site.icao]
        reference, what = (airport["lat"], airport["lon"]), f"airportsdata {site.icao}"
    elif quoted_point(locator):
        reference, what = quoted_point(locator), f"the coordinates quoted in {site.coord_citation.source}"
    else:
        m = _DISTANCE.search(locator + " " + site.note)
        assert m, f"{site.id}: no ICAO code, quoted coordinates or stated distance to check the point against"
        stated, name = float(m.group(1)), m.group(2).strip()
        other = _site_by_name(name)
        assert other is not None, f"{site.id}: the stated distance names {name!r}, which is not a site"
        km = distance_km(site.lat, site.lon, other.lat, other.lon)
        assert abs(km - stated) <= site.precision_km, f"{site.id}: {km:.0f} km from {name}, source says {stated:g}"
        return
    km = distance_km(site.lat, site.lon, *reference)
    assert km <= site.precision_km, f"{site.id}: {km:.2f} km from {what}, precision {site.precision_km:g} km"


def test_every_air_base_and_airport_in_libya_names_an_icao_code_or_says_it_has_none():
    missing = [
        s.id
        for s in DATASET.sites.values()
        if s.kind in ("air base", "airport") and not s.icao and "no ICAO" not in s.note
    ]
    assert missing == []
