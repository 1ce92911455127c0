"""How things look, from data: faction colours, asset icons, confidence styles, the legend.

Colours come from ``seeds/actors.csv``; nothing here is random. Icons are
inline SVG (no icon fonts, no network).
"""

from __future__ import annotations

import base64

from geo.core.model import CONFIDENCES, HEDGED, Dataset
from geo.core.text import UNKNOWN_LABEL
from geo.present.escape import html_text

#: A tracked site whose holder is not known at the date: white, a colour no holder uses.
UNKNOWN_COLOUR = "#ffffff"
#: A context place (no control record at all): a small neutral mark, not a site with an unknown holder.
PLACE_STYLE = {"fillColor": "#8a8a8a", "color": "#ffffff", "weight": 1, "fillOpacity": 1, "opacity": 1, "radius": 4}
#: Outline of confirmed and hedged markers: the difference is the line's style, never the fill's lightness.
SOLID_OUTLINE = {"dashArray": None, "weight": 1.5, "fillOpacity": 0.95, "opacity": 1.0}
HEDGED_OUTLINE = {"dashArray": "3 2", "weight": 2.5, "fillOpacity": 0.95, "opacity": 1.0}

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
    """The actor's colour from ``seeds/actors.csv``; ``UNKNOWN_COLOUR`` for no or an unknown actor."""
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
    """Reported, claimed and alleged claims are drawn with a dashed outline, confirmed ones with a solid one."""
    return confidence in HEDGED


def confidence_style(confidence: str) -> dict:
    """Leaflet path options: confirmed solid, hedged dashed and thicker; the same fill either way."""
    return dict(HEDGED_OUTLINE if is_hedged(confidence) else SOLID_OUTLINE)


def colour_groups(dataset: Dataset, actor_ids) -> list[tuple[tuple[str, ...], str, str]]:
    """(actor ids, their names joined, colour) per colour: actors of one family share a colour and a legend row."""
    by_colour: dict[str, list[str]] = {}
    for actor_id in sorted(actor_ids, key=lambda a: dataset.actors[a].name):
        by_colour.setdefault(dataset.actors[actor_id].colour.lower(), []).append(actor_id)
    rows = [(tuple(ids), "; ".join(dataset.actors[a].name for a in ids), colour) for colour, ids in by_colour.items()]
    return sorted(rows, key=lambda row: row[1])


def legend(dataset: Dataset) -> dict:
    """Everything a legend shows, as plain data: holders, foreign actors, asset icons, confidence.

    ``holders`` and ``actors`` are ``colour_groups``: one row per colour, so no two rows share a swatch.
    """
    holders = {c.holder for c in dataset.control}
    actors = {d.actor for d in dataset.deployments}
    kinds = sorted({dataset.assets[d.asset].kind for d in dataset.deployments})
    return {
        "holders": colour_groups(dataset, holders) + [((), UNKNOWN_LABEL, UNKNOWN_COLOUR)],
        "actors": colour_groups(dataset, actors),
        "asset_kinds": kinds,
        "confidences": list(CONFIDENCES),
    }
