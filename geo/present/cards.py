"""The HTML the map shows: tooltips, deployment badges, the legend and the site card. All text escaped here.

Every string from data that reaches the map passes through
``geo.present.escape.html_text`` in this module, before folium or Leaflet sees it;
the caller only places the returned HTML. Sizes are bounded per site (badges
grouped by actor and asset kind, tooltips cut to ``TOOLTIP_LINES``), so the
map's per-date payload grows with the number of sites, not of records.
"""

from __future__ import annotations

from geo.core.model import Dataset
from geo.core.text import (
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


# --- the site card (side panel) --------------------------------------------------------------


def _li(text_html: str, source: str) -> str:
    return f'<li>{text_html} <span class="geo-src">{html_text(source)}</span></li>'


def _hedge(confidence: str) -> str:
    css = "geo-hedged-text" if is_hedged(confidence) else ""
    return f'<span class="{css}">{html_text(confidence)}</span>'


def _as_of_html(dataset: Dataset, record, at) -> str:
    text = as_of_text(dataset, record, at) if at else ""
    return f' <span class="geo-asof">({html_text(text)})</span>' if text else ""


def _deployment_line(dataset: Dataset, record, at=None) -> str:
    kind = dataset.assets[record.asset].kind
    icon = asset_img(kind, actor_colour(dataset, record.actor), size=14, title=kind.replace("-", " "))
    dispute = (
        f' <span class="geo-hedged-text">({html_text(disagreement_text(dataset, record))})</span>'
        if record.disputes
        else ""
    )
    moving = " geo-moving" if at and (phase(record, at) or is_stale(dataset, record, at)) else ""
    text = html_text(deployment_line_text(dataset, record, at))
    return f'<span class="geo-deployment{moving}">{icon} {text}{dispute}{_as_of_html(dataset, record, at)}</span>'


def _holder_html(dataset: Dataset, state: SiteState, at=None) -> str:
    control = state.control
    if control is None and state.site.id not in dataset.controlled_sites:
        return f"<div>{html_text(UNTRACKED_LABEL)}</div>"
    if control is None:
        return "<div><b>No known holder</b> at this date</div>" + _transition_html(dataset, state)
    colour = actor_colour(dataset, control.holder)
    since = f"since {control.start.label()} (precision: {control.start.precision})"
    out = (
        f'<div><span class="geo-swatch" style="background:{html_text(colour)}"></span>'
        f"<b>{html_text(actor_name(dataset, control.holder))}</b> {html_text(since)}, {_hedge(control.confidence)}"
        f"{_as_of_html(dataset, control, at)}"
        f'<br><span class="geo-src">{html_text(source_text(dataset, control))}</span></div>'
    )
    return out + _transition_html(dataset, state)


def _transition_html(dataset: Dataset, state: SiteState) -> str:
    t = state.transition
    if t is None:
        return ""
    swatches = "".join(
        f'<span class="geo-swatch" style="background:{html_text(actor_colour(dataset, h) if h else UNKNOWN_COLOUR)}">'
        "</span>"
        for h in t.holders
    )
    return f'<div class="geo-transition">{swatches}In transition {html_text(transition_text(dataset, t))}.</div>'


def _claim_html(dataset: Dataset, claim) -> str:
    return (
        f'<div class="geo-dispute">Disputed: {html_text(actor_name(dataset, claim.holder))} claims it '
        f"since {html_text(claim.start.label())}, {_hedge(claim.confidence)}: {html_text(claim.summary)} "
        f'<span class="geo-src">{html_text(source_text(dataset, claim))}</span></div>'
    )


def site_card_html(
    dataset: Dataset, state: SiteState, filters: Filters, deployments, events, at=None, leaving=(), empty=""
) -> str:
    """Holder and since when, disputing claims, deployments with counts, recent events, each with its source.

    With ``at`` (the card's date), an open record past its last report says so ("still so at last report").
    """
    site = state.site
    parts = [f'<div class="geo-card"><h4>{html_text(site.name)}</h4>']
    parts.append(f'<div class="geo-sub">{html_text(site.kind)}, {html_text(site.region)}</div>')
    parts.append(_holder_html(dataset, state, at))
    parts += [_claim_html(dataset, c) for c in state.claims if filters.confident(c)]
    if deployments:
        parts.append('<div class="geo-head">Foreign deployments</div><ul>')
        parts += [_li(_deployment_line(dataset, d, at), source_text(dataset, d)) for d in deployments]
        parts.append("</ul>")
    if empty:
        parts.append(f'<div class="geo-head">Foreign deployments</div><div class="geo-asof">{html_text(empty)}</div>')
    if leaving:
        parts.append('<div class="geo-head">Possibly leaving (the end is dated only roughly)</div><ul>')
        parts += [_li(_deployment_line(dataset, d, at), source_text(dataset, d)) for d in leaving]
        parts.append("</ul>")
    if events:
        parts.append(f'<div class="geo-head">Events in the last {RECENT_DAYS} days</div><ul>')
        parts += [
            _li(
                f"<b>{html_text(e.date.label())}</b> {html_text(e.event_kind)}, {_hedge(e.confidence)}: "
                f"{html_text(e.summary)}",
                source_text(dataset, e),
            )
            for e in reversed(events)
        ]
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)
