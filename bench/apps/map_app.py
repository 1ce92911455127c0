"""The dashboard's map and date slider alone: what a step costs before the rest of the page is drawn again.

The map ``app.py`` draws (``geo.present.mapview.base_map``: outlines, site names and their placement,
legend; kept per session and passed with ``render=False``) and, per date, the same FeatureGroup through
streamlit-folium's ``feature_group_to_add``, under a plain date slider; no fragment, sidebar, site panel or
tables. Against ``bare_app.py`` it measures the map's own cost; against ``app.py``, the rest of the page's.
Reads ``LIBYA_SEEDS``; ``?date=`` sets the first date.
"""

from __future__ import annotations

import streamlit as st
from shared import date_slider, load, seeds_directory, write_static
from streamlit_folium import st_folium

from geo.core.timeline import snapshot
from geo.present import mapview, view

write_static()
dataset = load(seeds_directory())
day = date_slider(dataset, format="D MMM YYYY")
if "base_map" not in st.session_state:
    st.session_state.base_map = mapview.SessionMap(mapview.base_map(dataset))
st_folium(
    st.session_state.base_map.for_step(),
    key="map",
    feature_group_to_add=mapview.date_layer(snapshot(dataset, day), view.Filters()),
    returned_objects=[],
    render=False,
    height=mapview.MAP_HEIGHT,
    use_container_width=True,
)
