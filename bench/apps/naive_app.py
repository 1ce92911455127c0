"""The naive rebuild the dashboard is measured against: every step filters all records and draws a new map.

A GeoDataFrame of every dated record, filtered to the slider's date on each run, drawn as a
``folium.GeoJson`` layer (tooltip and popup) on a new ``folium.Map`` handed whole to ``st_folium``,
as an app that re-renders its map does. Reads ``LIBYA_SEEDS``; ``?date=`` sets the first date.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_app import naive_frame  # noqa: E402
from shared import date_slider, leaflet, load, seeds_directory  # noqa: E402

from geo.present import mapview, view  # noqa: E402


@st.cache_resource(show_spinner=False)
def _frame(directory: str):
    return naive_frame(load(directory))


directory = seeds_directory()
dataset, frame = load(directory), _frame(directory)
at = date_slider(dataset)
day, recent = at.isoformat(), (at - dt.timedelta(days=view.RECENT_DAYS)).isoformat()
periods = (frame["kind"] != "event") & (frame["start"] <= day) & (frame["end"].isna() | (frame["end"] > day))
events = (frame["kind"] == "event") & (frame["start"] > recent) & (frame["start"] <= day)
active = frame[periods | events]
m = folium.Map(location=mapview.CENTER, zoom_start=mapview.ZOOM, tiles=None)
m.default_js, m.default_css = leaflet()
if len(active):
    fields = ["site", "kind", "who", "confidence", "start"]
    folium.GeoJson(
        active,
        tooltip=folium.GeoJsonTooltip(fields=fields),
        popup=folium.GeoJsonPopup(fields=fields + ["summary"]),
        marker=folium.CircleMarker(radius=6),
    ).add_to(m)
st_folium(m, key="map", returned_objects=[], height=560, use_container_width=True)
