"""The offline basemap the maps draw: country outlines around Libya (Natural Earth, public domain).

The file ships in ``geo/present/data/``; ``geo.export.naturalearth`` derives it. Reading it
needs only the standard library, so importing the briefing or the map costs no geopandas.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

BASEMAP = Path(__file__).resolve().parent / "data" / "basemap.geojson"
ATTRIBUTION = "Country outlines: Natural Earth (public domain)"


@lru_cache(maxsize=1)
def basemap_geojson() -> dict:
    """The shipped basemap as a dict."""
    return json.loads(BASEMAP.read_text(encoding="utf-8"))
