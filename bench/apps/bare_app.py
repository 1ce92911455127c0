"""The bare streamlit-folium app the dashboard is measured against: a date slider and the same markers.

One plain ``folium.Map`` (Leaflet, the markers' styles and icons; no basemap, legend or labels)
and, per date, the dashboard's own FeatureGroup (``geo.present.mapview.date_layer``) through
streamlit-folium's ``feature_group_to_add``; nothing else on the page. Reads ``LIBYA_SEEDS`` like
``app.py``; ``?date=`` sets the first date.
"""

from __future__ import annotations

import folium
from shared import date_slider, leaflet, load, seeds_directory
from streamlit_folium import st_folium

from geo.core.timeline import snapshot
from geo.present import cards, mapview, view

dataset = load(seeds_directory())
day = date_slider(dataset)
m = folium.Map(location=mapview.CENTER, zoom_start=mapview.ZOOM, tiles=None)
m.default_js, m.default_css = leaflet()
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
