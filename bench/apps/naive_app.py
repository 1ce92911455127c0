"""The naive rebuild the dashboard is measured against: every step filters all records and draws a new map.

A GeoDataFrame of every dated record, filtered to the slider's date on each run, drawn as a
``folium.GeoJson`` layer (tooltip and popup) on a new ``folium.Map`` handed whole to ``st_folium``,
as an app that re-renders its map does. Reads ``LIBYA_SEEDS``; ``?date=`` sets the first date.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_app import naive_frame  # noqa: E402

from geo.core.load import SEEDS, read_dataset, seeds_paths  # noqa: E402
from geo.present import mapview, view  # noqa: E402


@st.cache_resource(show_spinner=False)
def _leaflet() -> tuple[list, list]:
    """Leaflet from the dashboard's ./static folder (the machine may be offline), and nothing else."""
    mapview.write_static_assets(Path(__file__).resolve().parent / "static")  # served next to the script
    urls = mapview.static_urls("/app/static")
    return [("leaflet", urls["vendor/leaflet.js"])], [("leaflet_css", urls["vendor/leaflet.css"])]


@st.cache_resource(show_spinner=False)
def _load(directory: str):
    dataset, _ = read_dataset(seeds_paths(Path(directory)))
    return dataset, naive_frame(dataset)


dataset, frame = _load(os.environ.get("LIBYA_SEEDS") or str(SEEDS))
first, last = view.date_span(dataset)
if "date" not in st.session_state:
    asked = st.query_params.get("date")
    st.session_state.date = view.clamp(dataset, dt.date.fromisoformat(asked)) if asked else last
at = st.slider("Date", min_value=first, max_value=last, key="date", step=dt.timedelta(days=1))
day, recent = at.isoformat(), (at - dt.timedelta(days=view.RECENT_DAYS)).isoformat()
periods = (frame["kind"] != "event") & (frame["start"] <= day) & (frame["end"].isna() | (frame["end"] > day))
events = (frame["kind"] == "event") & (frame["start"] > recent) & (frame["start"] <= day)
active = frame[periods | events]
m = folium.Map(location=mapview.CENTER, zoom_start=mapview.ZOOM, tiles=None)
m.default_js, m.default_css = _leaflet()
if len(active):
    fields = ["site", "kind", "who", "confidence", "start"]
    folium.GeoJson(
        active,
        tooltip=folium.GeoJsonTooltip(fields=fields),
        popup=folium.GeoJsonPopup(fields=fields + ["summary"]),
        marker=folium.CircleMarker(radius=6),
    ).add_to(m)
st_folium(m, key="map", returned_objects=[], height=560, use_container_width=True)
