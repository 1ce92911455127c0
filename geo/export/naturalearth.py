"""Derive the offline basemap from Natural Earth (public domain): a maintainer's build step.

``python -m geo.export.naturalearth`` clips the Natural Earth 1:110m countries that
pyogrio ships to the window the maps show and writes ``geo/present/data/basemap.geojson``,
which ``geo.present.basemap`` reads at run time. Only this module needs geopandas.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio
from shapely.geometry import box

from geo.export import geojson as gj

BASEMAP = Path(__file__).resolve().parent.parent / "present" / "data" / "basemap.geojson"
#: lon/lat window: North Africa, the Mediterranean, Turkey, Syria and Moscow.
WINDOW = (-12.0, 4.0, 50.0, 60.0)
ATTRIBUTION = "Country outlines: Natural Earth (public domain)"
_DECIMALS = 3


def natural_earth_path() -> Path:
    """The Natural Earth 1:110m countries shapefile packaged with pyogrio."""
    path = Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
    if not path.exists():
        raise FileNotFoundError(f"Natural Earth countries not found at {path}")
    return path


def build_basemap(source: Path | None = None) -> str:
    """GeoJSON text of the countries clipped to ``WINDOW``, sorted by name."""
    countries = gpd.read_file(source or natural_earth_path())
    clipped = countries.clip(box(*WINDOW))
    clipped = clipped[~clipped.geometry.is_empty].sort_values("name")
    features = []
    for _, row in clipped.iterrows():
        geometry = json.loads(gpd.GeoSeries([row.geometry]).set_precision(10**-_DECIMALS).to_json())
        geom = geometry["features"][0]["geometry"]
        features.append(gj.feature(geom, {"name": row["name"], "iso_a3": row["iso_a3"]}))
    return gj.dumps(features, attribution=ATTRIBUTION, name="basemap")


def main() -> None:
    """Write the basemap file and print its path."""
    BASEMAP.write_text(build_basemap(), encoding="utf-8")
    print(BASEMAP)


if __name__ == "__main__":
    main()
