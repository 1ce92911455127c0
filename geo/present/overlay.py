"""An analyst's imported observations drawn as their own layer, on the map and in the briefing.

The overlay has one colour of its own (``OVERLAY_COLOUR``), distinct from every holder, and
follows the same date as the rest of the map: an observation shows on the days of its span and
for ``geo.present.view.RECENT_DAYS`` after (or from its start to its end). Every tooltip names
the file and row the observation comes from. Text from the file is escaped here
(``html_text``) for the map; the briefing's script receives plain text and writes it with
``textContent``.
"""

from __future__ import annotations

import datetime as dt

import folium

from geo.core.observations import Observation
from geo.export.geojson import PRECISION
from geo.present.escape import html_text
from geo.present.mapview import GeoJsonLayer
from geo.present.view import RECENT_DAYS

OVERLAY_COLOUR = "#e7298a"
OVERLAY_STYLE = {
    "radius": 6,
    "color": "#3b0a24",
    "weight": 1.5,
    "fillColor": OVERLAY_COLOUR,
    "fillOpacity": 0.85,
    "className": "geo-overlay-marker",
}


def tooltip_lines(observation: Observation) -> list[str]:
    """The plain-text lines of an observation's tooltip, provenance last."""
    what = " · ".join(part for part in (observation.kind, observation.actor) if part)
    when = observation.date_label + (f" to {observation.end.isoformat()}" if observation.end else "")
    lines = [observation.label or what or observation.id, what if observation.label else "", when]
    lines += [observation.notes, f"source: {observation.source}" if observation.source else ""]
    lines.append(f"from {observation.provenance}")
    return [line for line in lines if line]


def tooltip_html(observation: Observation) -> str:
    """The tooltip as HTML, every line escaped."""
    head, *rest = tooltip_lines(observation)
    body = "".join(f"<br>{html_text(line)}" for line in rest)
    return f'<div class="geo-overlay"><b>{html_text(head)}</b>{body}</div>'


def visible(observations: list[Observation], at: dt.date, window: int = RECENT_DAYS) -> list[Observation]:
    """The observations drawn on ``at``."""
    return [o for o in observations if o.shows_on(at, window)]


def overlay_features(observations: list[Observation], at: dt.date) -> list[dict]:
    """GeoJSON features for ``mapview.GeoJsonLayer``: a circle per observation drawn on ``at``."""
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(o.lon, PRECISION), round(o.lat, PRECISION)]},
            "properties": {"style": OVERLAY_STYLE, "tooltip": tooltip_html(o)},
        }
        for o in visible(observations, at)
    ]


def add_overlay(group: folium.FeatureGroup, observations: list[Observation], at: dt.date) -> None:
    """Draw the observations of ``at`` into the date's FeatureGroup (above the sites)."""
    features = overlay_features(observations, at)
    if features:
        GeoJsonLayer("overlay", features, pane="markerPane").add_to(group)


def briefing_overlay(observations: list[Observation], name: str) -> dict:
    """The overlay as plain JSON-ready data for the briefing's script (escaped there by ``script_json``)."""
    return {
        "name": name,
        "colour": OVERLAY_COLOUR,
        "window": RECENT_DAYS,
        "items": [
            {
                "lat": round(o.lat, PRECISION),
                "lon": round(o.lon, PRECISION),
                "first": o.earliest.isoformat(),
                "last": o.latest.isoformat(),
                "end": o.end.isoformat() if o.end else None,
                "lines": tooltip_lines(o),
            }
            for o in observations
        ],
    }
