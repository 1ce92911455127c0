"""The map at a date as a picture for a slide: PNG or PDF, 16:9, drawn offline with matplotlib.

``write_image(dataset, at, path)`` draws the country outlines, every site in its holder's colour
(hedged control with a dashed outline, context places as small grey marks), a row of squares per
site for its foreign deployments (one per actor family, dashed when every report is hedged, with
the count when the reports agree on one), the key sites' names placed clear of each other and of
the markers, a legend of what the picture shows, the title, the date and a source line. The
format follows the file's suffix. Text from data is drawn as plain text (``usetex`` off, ``$``
escaped), so it is never interpreted.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from geo.core.dates import day_label  # noqa: E402
from geo.core.model import Dataset  # noqa: E402
from geo.core.text import UNKNOWN_LABEL, UNTRACKED_LABEL  # noqa: E402
from geo.core.timeline import Snapshot, snapshot  # noqa: E402
from geo.present.basemap import ATTRIBUTION, basemap_geojson  # noqa: E402
from geo.present.style import PLACE_STYLE, UNKNOWN_COLOUR, colour_groups, is_hedged  # noqa: E402

#: 1920 x 1080 pixels for a PNG at ``DPI``.
SIZE_INCHES = (19.2, 10.8)
DPI = 100
TITLE = "Foreign military involvement in Libya"
SEA, LIBYA, ABROAD, BORDER = "#d7e5ee", "#fbf8f1", "#ebe7dd", "#8d8d8d"
FORMATS = (".png", ".pdf")


def plain(text: str, width: int = 0) -> str:
    """Text drawn as it is (matplotlib's mathtext would read ``$...$``), wrapped at ``width`` when given."""
    text = text.replace("$", r"\$")
    return textwrap.fill(text, width) if width else text


def _extent(dataset: Dataset) -> tuple[float, float, float, float]:
    sites = [s for s in dataset.sites.values() if s.country == "LY"] or list(dataset.sites.values())
    lons, lats = [s.lon for s in sites], [s.lat for s in sites]
    return min(lons) - 1.6, max(lons) + 1.6, min(lats) - 1.0, max(lats) + 1.0


def _draw_outlines(ax) -> None:
    import geopandas as gpd

    frame = gpd.GeoDataFrame.from_features(basemap_geojson()["features"])
    is_libya = frame.get("iso_a3", "") == "LBY"
    frame[~is_libya].plot(ax=ax, color=ABROAD, edgecolor=BORDER, linewidth=0.6, zorder=1)
    frame[is_libya].plot(ax=ax, color=LIBYA, edgecolor=BORDER, linewidth=0.8, zorder=1)


def _site_marks(ax, snap: Snapshot) -> dict[str, tuple[float, float]]:
    dataset, points = snap.dataset, {}
    for state in snap.states:
        site, control = state.site, state.control
        points[site.id] = (site.lon, site.lat)
        if control is None and site.id not in dataset.controlled_sites:
            ax.scatter(
                site.lon, site.lat, s=22, c=PLACE_STYLE["fillColor"], edgecolors="white", linewidths=0.6, zorder=3
            )
            continue
        colour = dataset.actors[control.holder].colour if control else UNKNOWN_COLOUR
        hedged = control is not None and is_hedged(control.confidence)
        size = 170 if site.role == "key" else 70
        ax.scatter(
            site.lon,
            site.lat,
            s=size,
            c=colour,
            edgecolors="#222222",
            linewidths=1.8 if hedged else 1.0,
            linestyle=(0, (2, 1.5)) if hedged else "solid",
            zorder=4,
        )
    return points


def _deployment_marks(ax, snap: Snapshot) -> list:
    """A row of squares above-right of each site with deployments: one per actor family."""
    dataset, artists = snap.dataset, []
    for state in snap.states:
        shown = state.deployments + state.leaving
        if not shown:
            continue
        groups = colour_groups(dataset, {d.actor for d in shown})
        for i, (ids, _, colour) in enumerate(groups[:6]):
            records = [d for d in shown if d.actor in ids]
            hedged = all(is_hedged(d.confidence) for d in records)
            counts = {d.unit for d in records if d.count is not None and not d.disputes}
            count = (
                sum(d.count for d in records if d.count is not None and not d.disputes) if len(counts) == 1 else None
            )
            label = f"{count:g}" if count is not None else ""
            label = f"{label:^5}"  # a fixed width: the squares of a row never overlap
            artists.append(
                ax.annotate(
                    label,
                    (state.site.lon, state.site.lat),
                    xytext=(12 + 34 * i, 10),
                    textcoords="offset points",
                    fontsize=8,
                    fontweight="bold",
                    fontfamily="monospace",
                    color="white" if _dark(colour) else "#111111",
                    ha="left",
                    va="bottom",
                    bbox={
                        "boxstyle": "square,pad=0.25",
                        "fc": colour,
                        "ec": "#222222",
                        "lw": 1.0,
                        "ls": "--" if hedged else "-",
                    },
                    zorder=6,
                )
            )
    return artists


def _dark(colour: str) -> bool:
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.299 * r + 0.587 * g + 0.114 * b < 140


def _overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


#: Where a name may go, in points from its site: right, left, above, below, then the corners and further out.
_OFFSETS = [(9, 0), (-9, 0), (0, 9), (0, -11), (8, 8), (8, -9), (-8, 8), (-8, -9), (18, 0), (-18, 0), (0, 18), (0, -20)]


def _labels(ax, fig, snap: Snapshot, obstacles: list) -> None:
    """Name each key site at the first offset whose box overlaps no marker, badge or name placed before."""
    renderer = fig.canvas.get_renderer()
    taken = [a.get_window_extent(renderer) for a in obstacles]
    to_px = ax.transData.transform
    for site in sorted((s for s in snap.dataset.sites.values() if s.role == "key"), key=lambda s: s.id):
        x, y = to_px((site.lon, site.lat))
        taken.append(matplotlib.transforms.Bbox([[x - 8, y - 8], [x + 8, y + 8]]))
    for site in sorted((s for s in snap.dataset.sites.values() if s.role == "key"), key=lambda s: (-s.lat, s.id)):
        for dx, dy in _OFFSETS:
            text = ax.annotate(
                plain(site.name),
                (site.lon, site.lat),
                xytext=(dx, dy),
                textcoords="offset points",
                ha="left" if dx > 0 else "right" if dx < 0 else "center",
                va="center" if dy == 0 else "bottom" if dy > 0 else "top",
                fontsize=11,
                fontweight="bold",
                color="#1b1b1b",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                zorder=7,
            )
            box = text.get_window_extent(renderer)
            clash = [t for t in taken if _overlaps(box, t) and not _is_own(t, ax, site)]
            if not clash or (dx, dy) == _OFFSETS[-1]:
                taken.append(box)
                break
            text.remove()


def _is_own(box, ax, site) -> bool:
    x, y = ax.transData.transform((site.lon, site.lat))
    return abs((box.x0 + box.x1) / 2 - x) < 1 and abs((box.y0 + box.y1) / 2 - y) < 1


def _legend(fig, snap: Snapshot) -> None:
    dataset, states = snap.dataset, snap.states
    holders = {s.control.holder for s in states if s.control}
    actors = {d.actor for s in states for d in s.deployments + s.leaving}
    handles: list[Artist] = [Patch(facecolor="none", edgecolor="none", label="Site held by")]
    handles += [
        Line2D([], [], marker="o", ls="", ms=11, mfc=colour, mec="#222222", label=plain(names, 46))
        for _, names, colour in colour_groups(dataset, holders)
    ]
    if any(s.control is None and s.site.id in dataset.controlled_sites for s in states):
        handles.append(Line2D([], [], marker="o", ls="", ms=11, mfc=UNKNOWN_COLOUR, mec="#222222", label=UNKNOWN_LABEL))
    handles.append(
        Line2D([], [], marker="o", ls="", ms=6, mfc=PLACE_STYLE["fillColor"], mec="white", label=UNTRACKED_LABEL)
    )
    handles.append(Patch(facecolor="none", edgecolor="none", label="Foreign deployments (number: count)"))
    handles += [
        Patch(facecolor=colour, edgecolor="#222222", label=plain(names, 46))
        for _, names, colour in colour_groups(dataset, actors)
    ]
    handles.append(Patch(facecolor="none", edgecolor="none", label="How sure"))
    handles.append(Line2D([], [], marker="o", ls="", ms=11, mfc="#bbbbbb", mec="#222222", label="confirmed: solid"))
    handles.append(
        Patch(facecolor="#bbbbbb", edgecolor="#222222", ls="--", lw=1.6, label="reported, claimed or alleged: dashed")
    )
    legend = fig.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(0.745, 0.9), fontsize=10, frameon=False, handlelength=1.4
    )
    for text in legend.get_texts():
        if text.get_text() in ("Site held by", "Foreign deployments (number: count)", "How sure"):
            text.set_fontweight("bold")


def render(dataset: Dataset, at: dt.date):
    """The figure of the map at ``at`` (a matplotlib Figure, 16:9)."""
    snap = snapshot(dataset, at)
    fig = plt.figure(figsize=SIZE_INCHES, dpi=DPI, facecolor="white")
    ax = fig.add_axes((0.015, 0.07, 0.72, 0.83))
    ax.set_facecolor(SEA)
    west, east, south, north = _extent(dataset)
    _draw_outlines(ax)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    _site_marks(ax, snap)
    badges = _deployment_marks(ax, snap)
    fig.canvas.draw()
    _labels(ax, fig, snap, badges)
    fig.text(0.015, 0.955, TITLE, fontsize=26, fontweight="bold", va="center")
    fig.text(0.015, 0.915, f"Situation on {day_label(at)}", fontsize=17, va="center", color="#333333")
    cited = {c.source for r in dataset.records() for c in r.citations}
    fig.text(
        0.015,
        0.035,
        f"Source: libya-sites records ({len(cited)} cited sources, latest report {day_label(dataset.horizon)}). "
        f"{ATTRIBUTION}.",
        fontsize=10,
        color="#555555",
        va="center",
    )
    _legend(fig, snap)
    return fig


def write_image(dataset: Dataset, at: dt.date, path: Path) -> Path:
    """Write the map at ``at`` to ``path``; PNG or PDF by the suffix."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"{path.name}: the image is written as .png or .pdf")
    fig = render(dataset, at)
    try:
        metadata = {"Software": None} if path.suffix.lower() == ".png" else {"Creator": None, "CreationDate": None}
        fig.savefig(path, dpi=DPI, metadata=metadata)
    finally:
        plt.close(fig)
    return path


def image_bytes(dataset: Dataset, at: dt.date, suffix: str = ".png") -> bytes:
    """The same picture as bytes, for a download button."""
    import io

    fig = render(dataset, at)
    try:
        buffer = io.BytesIO()
        fig.savefig(buffer, format=suffix.lstrip("."), dpi=DPI)
    finally:
        plt.close(fig)
    return buffer.getvalue()
