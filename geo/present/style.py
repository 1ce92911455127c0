"""How things look, from data: faction colours, asset icons, confidence styles, the legend.

Colours come from ``seeds/actors.csv``; nothing here is random. Icons are
inline SVG (no icon fonts, no network).
"""

from __future__ import annotations

import base64

from geo.core.model import CONFIDENCES, HEDGED, Dataset
from geo.core.text import UNKNOWN_LABEL
from geo.present.escape import html_text

UNKNOWN_COLOUR = "#bdbdbd"
PLACE_STYLE = {"fillColor": "#ffffff", "color": "#6b6b6b", "weight": 1.5, "fillOpacity": 1, "opacity": 0.9}

#: One 16x16 SVG path per asset kind.
ASSET_PATHS: dict[str, str] = {
    "aircraft": "M8 1l1.2 5 5.8 2.5v1.5l-5.8-1-0.7 4 2 1.5v1l-2.5-.7L8 15l-.5-.2-2.5.7v-1l2-1.5-.7-4-5.8 1V8.5L6.3 6z",
    "air-defence": "M2 14h12v-2H2zM4 11h8l-1-3H5zM7.2 8l1.6-6 .8.3L8.2 8z",
    "mercenaries": "M8 2a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM3 14c0-3 2.2-5 5-5s5 2 5 5z",
    "drones": "M1 3h5v1.5H1zM10 3h5v1.5h-5zM3 4.5h1V7h8V4.5h1V8l-3 2v3H6v-3L3 8z",
    "cargo-flights": "M2 5h12v8H2zM2 5l2-3h8l2 3M6 8h4v1.5H6z",
    "money": "M1 4h14v8H1zM8 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4z",
    "weapons": "M2 12l8-8 2 2-8 8H2zM11 3l1-1 2 2-1 1z",
    "advisers": "M3 3h10v7H9l-3 3v-3H3z",
}


def actor_colour(dataset: Dataset, actor_id: str | None) -> str:
    """The actor's colour from the seeds, grey for none or unknown."""
    actor = dataset.actors.get(actor_id or "")
    return actor.colour if actor else UNKNOWN_COLOUR


def asset_svg(kind: str, colour: str, size: int = 16, title: str = "") -> str:
    """An inline SVG icon for an asset kind, filled with ``colour``."""
    path = ASSET_PATHS.get(kind, "M3 3h10v10H3z")
    label = f"<title>{html_text(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 16 16" '
        f'role="img" aria-label="{html_text(title or kind)}">{label}'
        f'<path d="{path}" fill="{html_text(colour)}" stroke="#ffffff" stroke-width="0.6"/></svg>'
    )


def asset_img(kind: str, colour: str, size: int = 16, title: str = "") -> str:
    """The same icon as an ``<img>`` with a data: URI, for HTML sanitisers that drop inline SVG."""
    svg = asset_svg(kind, colour, size, title)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    label = html_text(title or kind)
    return f'<img src="data:image/svg+xml;base64,{data}" width="{size}" height="{size}" alt="{label}" title="{label}">'


def is_hedged(confidence: str) -> bool:
    """Reported, claimed and alleged claims are drawn dashed and lighter than confirmed ones."""
    return confidence in HEDGED


def confidence_style(confidence: str) -> dict:
    """Leaflet path options: confirmed solid and opaque; hedged dashed and lighter."""
    if is_hedged(confidence):
        return {"dashArray": "4 3", "fillOpacity": 0.45, "opacity": 0.9}
    return {"dashArray": None, "fillOpacity": 0.9, "opacity": 1.0}


def legend(dataset: Dataset) -> dict:
    """Everything a legend shows, as plain data: holders, foreign actors, asset icons, confidence."""
    holders = sorted({c.holder for c in dataset.control})
    actors = sorted({d.actor for d in dataset.deployments})
    kinds = sorted({dataset.assets[d.asset].kind for d in dataset.deployments})
    return {
        "holders": [(a, dataset.actors[a].name, dataset.actors[a].colour) for a in holders]
        + [("", UNKNOWN_LABEL, UNKNOWN_COLOUR)],
        "actors": [(a, dataset.actors[a].name, dataset.actors[a].colour) for a in actors],
        "asset_kinds": kinds,
        "confidences": list(CONFIDENCES),
    }
