"""The one legend, for the dashboard's map and the briefing: every colour, line style and icon explained."""

from __future__ import annotations

from geo.core.model import Dataset
from geo.core.text import STALE_DAYS, UNTRACKED_LABEL
from geo.present.html import Markup, render
from geo.present.style import PLACE_STYLE, asset_svg, legend
from geo.present.view import RECENT_DAYS


def legend_html(dataset: Dataset) -> str:
    """The legend's HTML (escaped), the same on the dashboard and in the briefing."""
    spec = legend(dataset)
    icons = [(kind, Markup(asset_svg(kind, "#555555", title=kind))) for kind in spec["asset_kinds"]]
    return render(
        "legend.html",
        legend=spec,
        icons=icons,
        place=PLACE_STYLE,
        untracked_label=UNTRACKED_LABEL,
        stale_days=STALE_DAYS,
        recent_days=RECENT_DAYS,
    )
