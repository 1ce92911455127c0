"""The dashboard's map and date slider alone: what a step costs before the rest of the page is drawn again.

The map ``app.py`` draws (``geo.present.mapview.base_map``: outlines, site names and their placement,
legend; kept per session and passed with ``render=False``) and, per date, the same FeatureGroup through
streamlit-folium's ``feature_group_to_add``, under a plain date slider; no fragment, sidebar, site panel or
tables. Against ``bare_app.py`` it measures the map's own cost; against ``app.py``, the rest of the page's.
Reads ``LIBYA_SEEDS``; ``?date=`` sets the first date.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from geo.core.load import SEEDS, read_dataset, seeds_paths
from geo.core.timeline import snapshot
from geo.present import mapview, view

#: The dashboard's map height (``app.MAP_HEIGHT``; app.py runs its page when imported).
MAP_HEIGHT = 700


@st.cache_resource(show_spinner=False)
def _load(directory: str):
    mapview.write_static_assets(Path(__file__).resolve().parent / "static")  # served next to the script
    dataset, _ = read_dataset(seeds_paths(Path(directory)))
    dataset.time_index  # noqa: B018 - built once, as the dashboard does
    return dataset


dataset = _load(os.environ.get("LIBYA_SEEDS") or str(SEEDS))
first, last = view.date_span(dataset)
if "date" not in st.session_state:
    asked = st.query_params.get("date")
    st.session_state.date = view.clamp(dataset, dt.date.fromisoformat(asked)) if asked else last
day = st.slider("Date", min_value=first, max_value=last, key="date", format="D MMM YYYY", step=dt.timedelta(days=1))
if "base_map" not in st.session_state:
    st.session_state.base_map = mapview.SessionMap(mapview.base_map(dataset, "/app/static"))
st_folium(
    st.session_state.base_map.for_step(),
    key="map",
    feature_group_to_add=mapview.date_layer(snapshot(dataset, day), view.Filters()),
    returned_objects=[],
    render=False,
    height=MAP_HEIGHT,
    use_container_width=True,
)
