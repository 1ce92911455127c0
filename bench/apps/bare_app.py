"""The bare streamlit-folium app the dashboard is measured against: a date slider and the same markers.

One plain ``folium.Map`` (Leaflet, the markers' styles and icons; no basemap, legend or labels)
and, per date, the dashboard's own FeatureGroup (``geo.present.mapview.date_layer``) through
streamlit-folium's ``feature_group_to_add``; nothing else on the page. Reads ``LIBYA_SEEDS`` like
``app.py``; ``?date=`` sets the first date.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.core.load import SEEDS, read_dataset, seeds_paths
from geo.core.timeline import snapshot
from geo.present import cards, mapview, view


@st.cache_resource(show_spinner=False)
def _leaflet() -> tuple[list, list]:
    """Leaflet from the dashboard's ./static folder (the machine may be offline), and nothing else."""
    mapview.write_static_assets(Path(__file__).resolve().parent / "static")  # served next to the script
    urls = mapview.static_urls("/app/static")
    return [("leaflet", urls["vendor/leaflet.js"])], [("leaflet_css", urls["vendor/leaflet.css"])]


@st.cache_resource(show_spinner=False)
def _load(directory: str):
    dataset, _ = read_dataset(seeds_paths(Path(directory)))
    dataset.time_index  # noqa: B018 - built once, as the dashboard does
    return dataset


dataset = _load(os.environ.get("LIBYA_SEEDS") or str(SEEDS))
first, last = view.date_span(dataset)
if "date" not in st.session_state:
    asked = st.query_params.get("date")
    st.session_state.date = view.clamp(dataset, dt.date.fromisoformat(asked)) if asked else last
day = st.slider("Date", min_value=first, max_value=last, key="date", step=dt.timedelta(days=1))
m = folium.Map(location=mapview.CENTER, zoom_start=mapview.ZOOM, tiles=None)
m.default_js, m.default_css = _leaflet()
# what the dashboard's markers need to draw: their styles, icons and the geoLayer helper; no basemap, legend or labels
m.get_root().header.add_child(mapview._Raw(f"<style>{mapview.MAP_CSS}</style>"), name="geo_css")
m.get_root().html.add_child(mapview._Raw(cards.icon_sprite()), name="geo_icons")
mapview._Helpers().add_to(m)
st_folium(
    m,
    key="map",
    feature_group_to_add=mapview.date_layer(snapshot(dataset, day), view.Filters()),
    returned_objects=[],
    height=560,
    use_container_width=True,
)
