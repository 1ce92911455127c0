"""The dashboard's folium map: a base map identical on every rerun, and the layer for one date.

streamlit-folium keys its component on a hash of the base map's script, so
while ``base_map`` returns the same map the browser keeps its Leaflet map
(zoom, pan) and only swaps the FeatureGroup from ``date_layer``. The base
holds what depends on the dataset alone (outlines, site labels, legend);
whatever depends on the date or the filters is in ``date_layer``.

Offline: Leaflet's files are served from ``static/`` (``write_static_assets``)
and set per map as ``default_js``/``default_css``; the outlines are fetched
from there too; icons are inline SVG. Nothing comes from a CDN.

Escaping: the tooltip, badge, label and legend HTML comes from ``geo.present.cards``,
which escapes every string from data with ``geo.present.escape.html_text``; the
features then travel as ``geo.present.escape.script_json``. folium never
sees raw text from the data.
"""

from __future__ import annotations

import base64
import itertools
from functools import lru_cache
from pathlib import Path
from typing import cast

import folium
from branca.element import Element, Figure, MacroElement
from jinja2 import Template

from geo.core.model import Dataset
from geo.core.timeline import SiteState, Snapshot
from geo.export import geojson as gj
from geo.export.geodesy import distance_km, ring_lonlat
from geo.present import cards, view, webassets
from geo.present.basemap import ATTRIBUTION, BASEMAP
from geo.present.escape import html_text, script_json
from geo.present.style import PLACE_STYLE, UNKNOWN_COLOUR, actor_colour, confidence_style, is_hedged
from geo.present.view import Filters, recent_events

CENTER = (28.0, 17.0)
ZOOM = 5
#: Room kept around the key sites when the map opens, in pixels: left (names), top, right (legend), bottom.
FIT_PADDING = (120, 40, 240, 30)
#: The most of the map's width or height that room may take.
FIT_ROOM = 0.55
#: A map narrower than this (pixels) opens with its legend folded.
LEGEND_FOLD_BELOW = 560
#: Where Streamlit serves an app's ./static folder.
STATIC_URL = "/app/static"
#: The dashboard's map height in pixels: on a 1000 px high screen, what its compact header and date controls leave.
MAP_HEIGHT = 700
MAP_CSS = """
.leaflet-container{background:#d7e5ee}.leaflet-control-attribution{font-size:10px}
.geo-label{font:600 11px/1 system-ui,sans-serif;color:#1b1b1b;white-space:nowrap;
  text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff}
.geo-badges{display:flex;gap:2px;white-space:nowrap}
.geo-badge{display:inline-flex;align-items:center;gap:1px;background:#fff;border:2px solid;border-radius:9px;
  padding:0 4px 0 1px;font:600 11px/14px system-ui,sans-serif;color:#222}
.geo-badge.geo-hedged{border-style:dashed;opacity:.8}
.geo-badge.geo-moving{opacity:.45}
.geo-badge.geo-stale{filter:grayscale(1);opacity:.5}
.geo-events{background:#fff;border:1px solid #555;border-radius:3px;padding:0 3px;
  font:600 11px/14px system-ui,sans-serif;color:#222;white-space:nowrap}
.geo-legend{background:rgba(255,255,255,.94);padding:6px 9px;border-radius:6px;box-shadow:0 1px 4px rgba(0,0,0,.3);
  font:11px/1.3 system-ui,sans-serif;max-height:270px;overflow:auto;max-width:220px}
.geo-legend summary{font-weight:700;cursor:pointer}.geo-legend .geo-head{font-weight:600;margin-top:5px}
.geo-legend div.geo-row{display:flex;align-items:center;gap:5px}.geo-legend svg{flex:none}
.leaflet-tooltip{max-width:340px;white-space:normal;width:max-content}
"""

_HELPERS = Template(
    """
{% macro script(this, kwargs) %}
function geoLayer(data, pane) {
    return L.geoJson(data, {
        pane: pane,
        pointToLayer: function (feature, latlng) {
            var p = feature.properties;
            if (p.icon) {
                return L.marker(latlng, {icon: L.divIcon(p.icon), keyboard: false, interactive: p.interactive});
            }
            return L.circleMarker(latlng, p.style);
        },
        style: function (feature) { return feature.properties.style; },
        onEachFeature: function (feature, layer) {
            var p = feature.properties;
            if (p.tooltip) { layer.bindTooltip(p.tooltip, {direction: "top", opacity: 0.95}); }
        }
    });
}
{{ this.declutter }}
geoWatchClutter({{ this._parent.get_name() }}, {{ this.selectors }});
{% endmacro %}
"""
)
#: What the map keeps apart: badges and event marks, then site names, off every site marker.
CLUTTER_SELECTORS = {"markers": "path.geo-site", "badges": [".geo-badges", ".geo-events"], "labels": ".geo-label"}


class _Raw(Element):
    """Text placed as it is: never compiled as a Jinja template.

    branca's ``MacroElement.render`` wraps each rendered script in
    ``Element(text)``, which compiles the text, data included, as a template:
    slow for large layers, and a ``{{ ... }}`` in a site name would run on the
    server. Every element of this module renders through ``_Raw`` instead.
    """

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **_kwargs) -> str:
        return self._text


class _Macro(MacroElement):
    """A MacroElement with only a ``script`` macro, rendered into the figure as raw text."""

    def render(self, **kwargs) -> str:
        script = self._template.module.__dict__["script"]
        cast(Figure, self.get_root()).script.add_child(_Raw(str(script(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        return ""


class _Helpers(_Macro):
    """Defines ``geoLayer(data, pane)`` once in the base map, so each date's layers carry only data."""

    _template = _HELPERS

    def __init__(self):
        super().__init__()
        self._name = "geo_helpers"
        self.declutter = webassets.declutter_js()
        self.selectors = script_json(CLUTTER_SELECTORS)


class GeoJsonLayer(_Macro):
    """A GeoJSON layer whose features carry their own style or icon, and tooltip (already escaped).

    Drawn by ``geoLayer``, which ``base_map`` defines: add it to a map built by ``base_map`` or to a
    FeatureGroup passed to st_folium beside such a map.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = geoLayer({{ this.data }}, {{ this.pane }}).addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, name: str, features: list[dict], pane: str = "overlayPane"):
        super().__init__()
        self._name = name
        self.data = script_json({"type": "FeatureCollection", "features": features})
        self.pane = script_json(pane)


class _Outlines(_Macro):
    """The offline basemap, fetched from the static folder into a pane beneath every layer."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.createPane("outlines").style.zIndex = 250;
fetch({{ this.url }}).then(function (r) { return r.json(); }).then(function (data) {
    L.geoJson(data, {pane: "outlines", interactive: false, attribution: {{ this.attribution }},
        style: function (f) { return {color: "#8d8d8d", weight: 1, fillOpacity: 1,
            fillColor: f.properties.iso_a3 === "LBY" ? "#fbf8f1" : "#ebe7dd"}; }
    }).addTo({{ this._parent.get_name() }});
}).catch(function (e) { console.warn("basemap outlines:", e); });
{% endmacro %}
"""
    )

    def __init__(self, url: str):
        super().__init__()
        self._name = "outlines"
        self.url = script_json(url)
        self.attribution = script_json(html_text(ATTRIBUTION))


class _FitSites(_Macro):
    """Fits the map to the key sites with room for the names (left) and the legend (right).

    The room is at most ``FIT_ROOM`` of the map's width and height: on a narrow map (a laptop screen with
    the sidebar open) fixed margins would take the whole width, and Leaflet would zoom out to the world.
    A map narrower than ``LEGEND_FOLD_BELOW`` opens with the legend folded and keeps no room for it.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function (map) {
    var size = map.getSize(), room = {{ this.room }}, pad = {{ this.padding }};
    if (size.x < {{ this.fold_below }}) pad[2] = pad[0];  // the legend opens folded: no room kept for it
    var sx = Math.min(1, room * size.x / (pad[0] + pad[2])), sy = Math.min(1, room * size.y / (pad[1] + pad[3]));
    map.fitBounds({{ this.bounds }}, {paddingTopLeft: [pad[0] * sx, pad[1] * sy],
        paddingBottomRight: [pad[2] * sx, pad[3] * sy]});
})({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self._name = "fit_sites"
        self.bounds = script_json(bounds)
        self.padding = script_json(FIT_PADDING)
        self.room = script_json(FIT_ROOM)
        self.fold_below = LEGEND_FOLD_BELOW


class _Legend(_Macro):
    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control({position: "bottomright"});
{{ this.get_name() }}.onAdd = function () {
    var div = L.DomUtil.create("div", "geo-legend");
    div.innerHTML = {{ this.html }};
    var details = div.querySelector("details");  // a narrow map opens with the legend folded, to show the sites
    if (details && {{ this._parent.get_name() }}.getSize().x < {{ this.fold_below }}) details.open = false;
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
};
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, html: str):
        super().__init__()
        self._name = "legend"
        self.html = script_json(html)
        self.fold_below = LEGEND_FOLD_BELOW


# --- static files ---------------------------------------------------------------------------


def static_files() -> dict[str, bytes]:
    """What the map needs beside the page: Leaflet (images inlined) and the outlines."""
    return {
        "vendor/leaflet.js": webassets.leaflet_js().encode("utf-8"),
        "vendor/leaflet.css": webassets.leaflet_css().encode("utf-8"),
        "basemap.geojson": BASEMAP.read_bytes(),
    }


def static_urls(base: str) -> dict[str, str]:
    """Where the page loads ``static_files`` from when they are served from ``base``."""
    return {name: f"{base}/{name}" for name in static_files()}


def inline_urls() -> dict[str, str]:
    """``static_files`` as ``data:`` URLs, for an install whose ``static/`` cannot be written."""
    kinds = {".js": "text/javascript", ".css": "text/css", ".geojson": "application/json"}
    return {
        name: f"data:{kinds[Path(name).suffix]};base64,{base64.b64encode(content).decode('ascii')}"
        for name, content in static_files().items()
    }


def write_static_assets(directory: Path) -> list[Path]:
    """Copy ``static_files`` into ``directory`` (Streamlit serves it at /app/static); rewrite only changes."""
    written = []
    for name, content in static_files().items():
        path = Path(directory) / name
        if not path.exists() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        written.append(path)
    return written


# --- the base map ---------------------------------------------------------------------------


def base_map(dataset: Dataset, static_url: str | dict[str, str] = STATIC_URL, online_tiles: bool = False) -> folium.Map:
    """The map without anything that depends on the date: the same for the same arguments.

    ``static_url`` is where ``static_files`` are served, or a mapping of their names to URLs (``inline_urls``).
    """
    urls = static_url if isinstance(static_url, dict) else static_urls(static_url)
    m = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=None, control_scale=True, min_zoom=3, max_zoom=13)
    m.default_js = [("leaflet", urls["vendor/leaflet.js"])]
    m.default_css = [("leaflet_css", urls["vendor/leaflet.css"])]
    root = cast(Figure, m.get_root())
    root.header.add_child(_Raw(f"<style>{MAP_CSS}</style>"), name="geo_css")
    root.html.add_child(_Raw(cards.icon_sprite()), name="geo_icons")
    _Helpers().add_to(m)
    _FitSites(site_bounds(dataset)).add_to(m)
    if online_tiles:
        folium.TileLayer("OpenStreetMap").add_to(m)
    else:
        _Outlines(urls["basemap.geojson"]).add_to(m)
    GeoJsonLayer("site_names", label_features(dataset), pane="markerPane").add_to(m)
    _Legend(cards.legend_html(dataset)).add_to(m)
    return m


def site_bounds(dataset: Dataset) -> list[list[float]]:
    """[[south, west], [north, east]] around the key sites (every site when none is key), Leaflet order."""
    sites = [s for s in dataset.sites.values() if s.role == "key"] or list(dataset.sites.values())
    points = [gj.latlon(s) for s in sites]
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def label_features(dataset: Dataset) -> list[dict]:
    """A name label beside each key site, not interactive (context places are named by their tooltip)."""
    out = []
    for site_id, site in sorted(dataset.sites.items()):
        if site.role != "key":
            continue
        icon = {"className": "geo-label", "html": cards.label_html(site), "iconSize": None, "iconAnchor": [-9, -3]}
        out.append(gj.feature(gj.point(site), {"icon": icon, "interactive": False}, site_id))
    return out


# --- the layer for one date -----------------------------------------------------------------


class DateGroup(folium.FeatureGroup):
    """The FeatureGroup of one date, rendered like ``_Macro``: its script is never compiled as a template.

    folium's own ``FeatureGroup.render`` wraps its output and an ``addTo`` statement in two elements
    compiled by Jinja on every render; on a slider step that was most of the cost of the group.
    """

    def render(self, **kwargs) -> str:
        """Its ``L.featureGroup``, its layers, then its ``addTo`` into the parent, into the figure's script."""
        script = cast(Figure, self.get_root()).script
        make = self._template.module.__dict__["script"]
        script.add_child(_Raw(str(make(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)
        if self.show:
            parent = self._parent.get_name() if self._parent is not None else "map"
            script.add_child(_Raw(f"{self.get_name()}.addTo({parent});"), name=self.get_name() + "_add")
        return ""


class SessionMap:
    """One session's base map, rendered once and given back as it was before every step.

    streamlit-folium adds the date's FeatureGroup to the map it is given and renders it into the map's
    figure; left there, every step's features would stay in the figure for the whole session (tens of
    KB per step). ``for_step`` takes off the previous group and everything its rendering added, so the
    map renders to the same script on every step; pass it with ``st_folium(..., render=False)``.
    """

    def __init__(self, m: folium.Map):
        self.map = m
        root = cast(Figure, m.get_root())
        root.render()
        self._parts = (root.header, root.html, root.script)
        self._kept = [frozenset(part._children) for part in self._parts]
        self._children = frozenset(m._children)

    def for_step(self) -> folium.Map:
        """The base map, without anything a previous step added."""
        for name in [n for n in self.map._children if n not in self._children]:
            del self.map._children[name]
        for part, kept in zip(self._parts, self._kept):
            for name in [n for n in part._children if n not in kept]:
                del part._children[name]
        return self.map


def date_layer(snap: Snapshot, filters: Filters) -> folium.FeatureGroup:
    """Everything that depends on the date and the filters, as one FeatureGroup."""
    group = DateGroup(name="At the date")
    for name, features in date_features(snap, filters).items():
        if features:
            pane = "markerPane" if name in ("deployments", "events") else "overlayPane"
            GeoJsonLayer(name, features, pane=pane).add_to(group)
    return group


def date_features(snap: Snapshot, filters: Filters) -> dict[str, list[dict]]:
    """The per-date features by layer, in drawing order (lines and rings under the sites)."""
    dataset = snap.dataset
    events = _events_by_site(snap, filters) if filters.shows("events") else {}
    out: dict[str, list[dict]] = {"distances": [], "range_rings": [], "control": [], "deployments": [], "events": []}
    if filters.shows("distances"):
        out["distances"] = distance_features(dataset, filters.distance_sites)
    for state in snap.states:
        site = state.site
        deployments = filters.deployments(dataset, state.deployments)
        drawn = deployments + filters.deployments(dataset, state.leaving)
        if filters.shows("range_rings"):
            out["range_rings"] += ring_features(dataset, site, deployments)
        if filters.shows("control"):
            out["control"].append(site_feature(dataset, state, filters))
        if filters.shows("deployments") and drawn:
            out["deployments"].append(badge_feature(dataset, site, drawn, snap.at))
        if events.get(site.id):
            out["events"].append(event_feature(site, events[site.id]))
    return out


def _events_by_site(snap: Snapshot, filters: Filters) -> dict[str, list]:
    """Recent events (oldest first) by site."""
    out: dict[str, list] = {}
    for event in recent_events(snap.dataset, snap.at, filters):
        if event.site_id:
            out.setdefault(event.site_id, []).append(event)
    return out


def site_style(dataset: Dataset, state: SiteState) -> dict:
    """Holder's colour; hedged records with a dashed outline; a disputing claim rings the marker in its colour.

    In a transition the fill is the newer side and a dashed ring in the other side's colour says the
    change may not have happened yet on this day.
    """
    control = state.control
    style = {
        **confidence_style(control.confidence if control else "confirmed"),
        "radius": 9 if state.site.role == "key" else 6,
        "fillColor": actor_colour(dataset, state.holder) if control else UNKNOWN_COLOUR,
        "color": actor_colour(dataset, state.claims[0].holder) if state.claims else "#333333",
        "className": f"geo-site geo-site-{state.site.id}",
    }
    if state.claims:
        style["weight"] = 3.5
    if control is None and state.site.id not in dataset.controlled_sites:
        style.update(PLACE_STYLE, dashArray=None, className=f"geo-site geo-place geo-site-{state.site.id}")
    if state.transition:
        before = state.transition.holders[0]
        style.update(
            color=actor_colour(dataset, before) if before else UNKNOWN_COLOUR,
            weight=4,
            dashArray="4 3",
            className=f"{style['className']} geo-transition-site",
        )
    return {k: v for k, v in style.items() if v is not None}


def site_feature(dataset: Dataset, state: SiteState, filters: Filters) -> dict:
    """One circle marker in the holder's colour; a click opens the site's card beside the map."""
    props = {"style": site_style(dataset, state), "tooltip": cards.site_tooltip(dataset, state, filters)}
    return gj.feature(gj.point(state.site), props, state.site.id)


def _marker(site, icon: dict, tooltip: str) -> dict:
    return gj.feature(gj.point(site), {"icon": icon, "tooltip": tooltip, "interactive": True})


def badge_feature(dataset: Dataset, site, deployments, at=None) -> dict:
    """One marker beside the site: a badge per (actor, asset kind) of its active (or leaving) deployments."""
    icon = {
        "className": "geo-badges",
        "html": cards.badges_html(dataset, deployments, at),
        "iconSize": None,
        "iconAnchor": [-11, 22],
    }
    return _marker(site, icon, cards.deployments_tooltip(dataset, site, deployments, at))


def event_feature(site, events) -> dict:
    """The marker counting a site's recent events."""
    icon = {"className": "geo-events", "html": f"&#9670; {len(events)}", "iconSize": None, "iconAnchor": [30, 8]}
    return _marker(site, icon, cards.events_tooltip(site, events))


@lru_cache(maxsize=4096)
def _ring(lat: float, lon: float, km: float) -> dict:
    return gj.ring_polygon(ring_lonlat(lat, lon, km))


def ring_features(dataset: Dataset, site, deployments) -> list[dict]:
    """One range ring per (actor, asset) with a range; dashed when every report of it is hedged."""
    out = []
    for (actor, asset_id), group in itertools.groupby(
        sorted(deployments, key=lambda d: (d.actor, d.asset, d.id)), key=lambda d: (d.actor, d.asset)
    ):
        asset = dataset.assets[asset_id]
        if not asset.range_km:
            continue
        colour = actor_colour(dataset, actor)
        style = {"color": colour, "weight": 1.5, "fillColor": colour, "fillOpacity": 0.06, "className": "geo-ring"}
        if all(is_hedged(d.confidence) for d in group):
            style["dashArray"] = "6 4"
        props = {"style": style, "tooltip": cards.ring_tooltip(dataset, site, asset, actor)}
        out.append(gj.feature(_ring(site.lat, site.lon, asset.range_km), props, f"{site.id}-{actor}-{asset_id}"))
    return out


def distance_features(dataset: Dataset, site_ids) -> list[dict]:
    """A geodesic distance line between each pair of the chosen sites."""
    out = []
    sites = [dataset.sites[s] for s in site_ids if s in dataset.sites]
    for a, b in itertools.combinations(sites, 2):
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        style = {"color": "#333333", "weight": 2, "dashArray": "2 5", "className": "geo-distance"}
        geom = {"type": "LineString", "coordinates": [gj.lonlat(a), gj.lonlat(b)]}
        props = {"style": style, "tooltip": cards.distance_tooltip(a, b, km)}
        out.append(gj.feature(geom, props, f"{a.id}--{b.id}"))
    return out


def site_card(snap: Snapshot, site_id: str, filters: Filters) -> str:
    """The side panel's card for one site at the snapshot's date (escaped HTML)."""
    dataset = snap.dataset
    state = snap.state(site_id)
    deployments = filters.deployments(dataset, state.deployments)
    events = _events_by_site(snap, filters).get(site_id, [])
    leaving = filters.deployments(dataset, state.leaving)
    empty = view.why_no_deployment(dataset, state, filters) if state.deployments else ""
    return cards.site_card_html(dataset, state, filters, deployments, events, snap.at, leaving, empty)
