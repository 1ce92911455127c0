"""The HTML the map shows: tooltips, deployment badges, the legend and the site card. All text escaped here.

The site card and the legend are Jinja2 templates with autoescape on (``geo.present.html``).
The small fragments drawn for every site on every date (tooltips, badges, labels) are built
here with ``geo.present.escape.html_text`` around every string from data, because they set
attributes and run in the slider's hot path; the caller only places the returned HTML.
Sizes are bounded per site (badges
grouped by actor and asset kind, tooltips cut to ``TOOLTIP_LINES``), so the
map's per-date payload grows with the number of sites, not of records.
"""

from __future__ import annotations

from geo.core.model import Dataset
from geo.core.text import (
    HEADINGS,
    UNTRACKED_LABEL,
    actor_name,
    as_of_text,
    deployment_line_text,
    deployment_text,
    disagreement_text,
    holder_label,
    is_stale,
    source_text,
    transition_text,
)
from geo.core.timeline import SiteState, phase
from geo.present.escape import html_text
from geo.present.html import Markup, render
from geo.present.legend import legend_html as shared_legend_html
from geo.present.style import ASSET_PATHS, UNKNOWN_COLOUR, actor_colour, asset_img, is_hedged
from geo.present.view import RECENT_DAYS, Filters, tooltip_prefix

TOOLTIP_LINES = 5
#: Badges beside one site; further (actor, asset kind) groups show as "+N".
MAX_BADGES = 6
CARD_CSS = """
.geo-card{font:13px/1.4 system-ui,sans-serif;color:#222;max-width:420px}
.geo-card h4{margin:0 0 2px;font-size:16px}.geo-card .geo-sub{color:#666;margin-bottom:6px}
.geo-card ul{margin:2px 0 6px;padding-left:16px}.geo-card li{margin:3px 0}
.geo-card .geo-src{color:#666;font-size:11px}.geo-card .geo-head{font-weight:600;margin-top:8px}
.geo-card .geo-dispute{background:#fff4e5;border-left:3px solid #e6a23c;padding:3px 6px;margin:6px 0}
.geo-card svg{vertical-align:-2px}
.geo-swatch{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}
.geo-hedged-text{color:#8a6d3b;font-style:italic}
.geo-asof{color:#555;font-style:italic}
.geo-transition{background:#f3f0ff;border-left:3px solid #7b6fd0;padding:3px 6px;margin:6px 0}
.geo-moving{opacity:.55}
"""


def _lines(texts: list[str], more: str) -> str:
    shown = [html_text(t) for t in texts[:TOOLTIP_LINES]]
    if len(texts) > TOOLTIP_LINES:
        shown.append(html_text(f"… and {len(texts) - TOOLTIP_LINES} more {more}"))
    return "<br>".join(shown)


def _titled(site, title: str, body: str) -> str:
    return f"<b>{html_text(tooltip_prefix(site))}</b>{html_text(title)}<br>{body}"


def site_tooltip(dataset: Dataset, state: SiteState, filters: Filters) -> str:
    """'<b>Tarhuna · </b>Government of National Accord (reported)', and any disputing claim."""
    text = holder_label(dataset, state)
    if state.control and is_hedged(state.control.confidence):
        text += f" ({state.control.confidence})"
    if state.transition:
        text += f"; in transition {transition_text(dataset, state.transition)}"
    claims = [c for c in state.claims if filters.confident(c)]
    disputes = "".join(
        html_text(f"; disputed: {actor_name(dataset, c.holder)} claims it ({c.confidence})") for c in claims
    )
    return f"<b>{html_text(tooltip_prefix(state.site))}</b>{html_text(text)}{disputes}"


def deployment_groups(dataset: Dataset, deployments) -> list[tuple[str, str, list]]:
    """(actor, asset kind, records) for the active deployments of a site, sorted by actor and kind."""
    groups: dict[tuple[str, str], list] = {}
    for d in deployments:
        groups.setdefault((d.actor, dataset.assets[d.asset].kind), []).append(d)
    return [(actor, kind, records) for (actor, kind), records in sorted(groups.items())]


def group_count(records) -> str:
    """The sum of the counts of records that dispute no other, when they share a unit; else ''."""
    main = [r for r in records if not r.disputes and r.count is not None]
    if not main or len({r.unit for r in main}) != 1:
        return ""
    return f"{sum(r.count for r in main):g}"


def icon_sprite() -> str:
    """One SVG ``<symbol>`` per asset kind, placed once in the base map; badges ``<use>`` them."""
    symbols = "".join(
        f'<symbol id="geo-icon-{kind}" viewBox="0 0 16 16"><path d="{path}" stroke="#fff" stroke-width="0.6"/></symbol>'
        for kind, path in sorted(ASSET_PATHS.items())
    )
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{symbols}</svg>'


def badge_html(dataset: Dataset, actor: str, kind: str, records, at=None) -> str:
    """A badge: asset icon in the actor's colour and the count; dashed when every report is hedged,
    faded when every record is arriving or leaving at ``at`` (inside a fuzzy start or end)."""
    colour = html_text(actor_colour(dataset, actor))
    hedged = " geo-hedged" if all(is_hedged(r.confidence) for r in records) else ""
    if at and all(phase(r, at) for r in records):
        hedged += " geo-moving"
    elif at and all(is_stale(dataset, r, at) for r in records):
        hedged += " geo-stale"
    label = html_text(f"{actor_name(dataset, actor)}: {kind.replace('-', ' ')}")
    icon = (
        f'<svg width="14" height="14" fill="{colour}" role="img" aria-label="{label}">'
        f'<use href="#geo-icon-{html_text(kind)}"/></svg>'
    )
    count = html_text(group_count(records))
    return f'<span class="geo-badge{hedged}" style="border-color:{colour}">{icon}{count}</span>'


def badges_html(dataset: Dataset, deployments, at=None) -> str:
    """At most ``MAX_BADGES`` badges, the groups with most reports first, then '+N'."""
    groups = sorted(deployment_groups(dataset, deployments), key=lambda g: -len(g[2]))  # stable: ties by actor, kind
    html = "".join(badge_html(dataset, a, k, rs, at) for a, k, rs in groups[:MAX_BADGES])
    if len(groups) > MAX_BADGES:
        html += f'<span class="geo-badge" style="border-color:#555">+{len(groups) - MAX_BADGES}</span>'
    return html


def deployments_tooltip(dataset: Dataset, site, deployments, at=None) -> str:
    """The tooltip of a site's deployment badges."""
    shown = deployments[: TOOLTIP_LINES + 1]
    texts = [deployment_text(dataset, d, at) for d in shown] + [""] * (len(deployments) - len(shown))
    return _titled(site, "foreign deployments", _lines(texts, "(see the site panel)"))


def events_tooltip(site, events) -> str:
    """The latest events first."""
    latest = list(reversed(events))
    texts = [f"{e.date.label()}: {e.event_kind} ({e.confidence}): {e.summary}" for e in latest[: TOOLTIP_LINES + 1]]
    texts += [""] * (len(latest) - len(texts))
    return _titled(site, f"events in the last {RECENT_DAYS} days", _lines(texts, "(see the event log)"))


def ring_tooltip(dataset: Dataset, site, asset, actor: str) -> str:
    """The tooltip of a range ring."""
    return html_text(f"{tooltip_prefix(site)}{asset.name}: range {asset.range_km:g} km ({actor_name(dataset, actor)})")


def distance_tooltip(a, b, km: float) -> str:
    """The tooltip of a distance line."""
    return html_text(f"{tooltip_prefix(a)}{b.name}: {km:,.0f} km")


def label_html(site) -> str:
    """A site's name label."""
    return html_text(site.name)


# --- the legend -----------------------------------------------------------------------------


def legend_html(dataset: Dataset) -> str:
    """Every colour and icon on the map, explained: the shared legend in a collapsible box."""
    return f"<details open><summary>Legend</summary>{shared_legend_html(dataset)}</details>"


# --- the site card (side panel): plain values, rendered by templates/site_card.html -------------


def _confidence(confidence: str) -> dict:
    return {"name": confidence, "hedged": is_hedged(confidence)}


def _deployment(dataset: Dataset, record, at=None) -> dict:
    kind = dataset.assets[record.asset].kind
    return {
        "icon": Markup(asset_img(kind, actor_colour(dataset, record.actor), size=14, title=kind.replace("-", " "))),
        "text": deployment_line_text(dataset, record, at),
        "dispute": disagreement_text(dataset, record) if record.disputes else "",
        "moving": bool(at and (phase(record, at) or is_stale(dataset, record, at))),
        "as_of": as_of_text(dataset, record, at) if at else "",
        "source": source_text(dataset, record),
    }


def _holder(dataset: Dataset, state: SiteState, at=None) -> dict:
    control = state.control
    if control is None:
        return {"untracked": state.site.id not in dataset.controlled_sites, "name": ""}
    return {
        "untracked": False,
        "name": actor_name(dataset, control.holder),
        "colour": actor_colour(dataset, control.holder),
        "since": f"since {control.start.label()} (precision: {control.start.precision})",
        "confidence": _confidence(control.confidence),
        "as_of": as_of_text(dataset, control, at) if at else "",
        "source": source_text(dataset, control),
    }


def site_card_html(
    dataset: Dataset, state: SiteState, filters: Filters, deployments, events, at=None, leaving=(), empty=""
) -> str:
    """Holder and since when, disputing claims, deployments with counts, recent events, each with its source.

    With ``at`` (the card's date), an open record past its last report says so ("still so at last report").
    """
    transition = state.transition
    return render(
        "site_card.html",
        words=HEADINGS,
        site=state.site,
        holder=_holder(dataset, state, at),
        untracked_label=UNTRACKED_LABEL,
        transition={
            "colours": [actor_colour(dataset, h) if h else UNKNOWN_COLOUR for h in transition.holders],
            "text": transition_text(dataset, transition),
        }
        if transition
        else None,
        claims=[
            {
                "holder": actor_name(dataset, c.holder),
                "since": c.start.label(),
                "confidence": _confidence(c.confidence),
                "summary": c.summary,
                "source": source_text(dataset, c),
            }
            for c in state.claims
            if filters.confident(c)
        ],
        deployments=[_deployment(dataset, d, at) for d in deployments],
        empty=empty,
        leaving=[_deployment(dataset, d, at) for d in leaving],
        recent_days=RECENT_DAYS,
        events=[
            {
                "date": e.date.label(),
                "kind": e.event_kind,
                "confidence": _confidence(e.confidence),
                "summary": e.summary,
                "source": source_text(dataset, e),
            }
            for e in reversed(events)
        ],
    ).strip()
