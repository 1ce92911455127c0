"""What the comparison apps share: the seeds read once, Leaflet served from ./static, the date slider.

Streamlit puts a script's folder on the import path, so the apps beside this file import it as ``shared``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import streamlit as st

from geo.core.load import SEEDS, read_dataset, seeds_paths
from geo.present import mapview, view


def seeds_directory() -> str:
    """``LIBYA_SEEDS``, as ``app.py`` reads it, or the built-in seeds."""
    return os.environ.get("LIBYA_SEEDS") or str(SEEDS)


@st.cache_resource(show_spinner=False)
def load(directory: str):
    """The dataset of ``directory``, its time index built once, as the dashboard does."""
    dataset, _ = read_dataset(seeds_paths(Path(directory)))
    dataset.time_index  # noqa: B018 - built once
    return dataset


@st.cache_resource(show_spinner=False)
def write_static() -> dict[str, str]:
    """Leaflet and the outlines copied next to the apps (the machine may be offline), served at
    ``mapview.STATIC_URL``; their URLs."""
    mapview.write_static_assets(Path(__file__).resolve().parent / "static")
    return mapview.static_urls(mapview.STATIC_URL)


def date_slider(dataset, **options) -> dt.date:
    """The date slider over the record's span, starting at ``?date=`` (clamped) or the record's end."""
    first, last = view.date_span(dataset)
    if "date" not in st.session_state:
        asked = st.query_params.get("date")
        st.session_state.date = view.clamp(dataset, dt.date.fromisoformat(asked)) if asked else last
    return st.slider("Date", min_value=first, max_value=last, key="date", step=dt.timedelta(days=1), **options)


@st.cache_resource(show_spinner=False)
def leaflet() -> tuple[list, list]:
    """Leaflet alone as a ``folium.Map``'s ``default_js`` and ``default_css``, from ./static."""
    urls = write_static()
    return [("leaflet", urls["vendor/leaflet.js"])], [("leaflet_css", urls["vendor/leaflet.css"])]
