"""Self-contained HTML briefings: one file that opens anywhere, offline, with no server.

``briefing_html(dataset, options, generated_at)`` returns the page as text and
``write_briefing`` writes it. The page holds everything it needs inline:
Leaflet's JS and CSS (``geo.present.webassets``), the Natural Earth outlines
(``geo.present.basemap``), our own small script and styles (``geo/templates/``) and the
records, embedded once as JSON in ``<script type="application/json"
id="briefing-data">`` through ``geo.present.escape.script_json``, in columns with every
repeated string once (``geo.present.briefing.payload``). A Content Security
Policy admits only those inline scripts (by hash) and data: images, so the
page fetches nothing; the one exception is the optional OpenStreetMap layer,
off by default, whose tiles simply do not appear when offline.

Contract
--------
* Period: ``since``..``until``, both inclusive. By default
  ``Dataset.study_period``: from 2011 (the uprising; the 2008 background
  events would only stretch the slider) to the data's horizon, the latest
  report, so new records extend it. Dates given explicitly are taken as they are.
* Control periods and deployments are included when they overlap the period
  (those ending on ``since`` too, so that a hand-over on the first day names
  the previous holder); events when dated inside it. ``sites`` keeps only
  those sites and the records about them (national events without a site are
  left out); ``actors`` keeps only the deployments and events of those actors.
* The slider opens at ``at`` (default ``until``). The page shows the state on
  day t by the rule of ``geo.core.timeline``: a record holds when
  ``start <= t < end``, on the earliest day of each fuzzy date.
* The same dataset, options and ``generated_at`` give the same bytes. The data
  hash depends on the embedded data only, not on the title, ``at`` or the time.

Why not folium's ``TimestampedGeoJson`` or ``Timeline`` plugins: they draw
their own controls and key features on their own time fields, so the
per-record [start, end) rule with open ends, a site's colour taken from
whichever control record is active, and a table and popups that follow the
same slider would all be workarounds around them; and folium renders popup
text as live HTML. Here every string from data reaches the page through
``script_json`` and then ``textContent``, or through ``html_text`` for the
static tables: escaping stays in one place.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from string import Template

from geo.core.dates import day_label
from geo.core.model import CONFIDENCES, HEDGED, Dataset
from geo.core.text import (
    STALE_DAYS,
    UNKNOWN_LABEL,
    UNTRACKED_LABEL,
    describe_change,
    is_stale,
    transition_text,
    when_text,
)
from geo.core.timeline import change_dates, changes, snapshot
from geo.export import geojson as gj
from geo.export.layers import control_properties, deployment_properties, event_properties
from geo.present.basemap import ATTRIBUTION as BASEMAP_ATTRIBUTION
from geo.present.basemap import basemap_geojson
from geo.present.briefing import payload
from geo.present.escape import html_text, script_json
from geo.present.style import ASSET_PATHS, PLACE_STYLE, UNKNOWN_COLOUR, asset_svg, confidence_style, legend
from geo.present.view import RECENT_DAYS, Filters, recent_events
from geo.present.webassets import LEAFLET_VERSION, leaflet_css, leaflet_js

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The events panel lists the events that may have happened in the NEAR_DAYS days up to the slider's date:
#: the dashboard's "recent events" rule and window (``geo.present.view.recent_events``).
NEAR_DAYS = RECENT_DAYS
TILE_ORIGIN = "https://tile.openstreetmap.org"
TILE_URL = TILE_ORIGIN + "/{z}/{x}/{y}.png"
TILE_ATTRIBUTION = "Map tiles \u00a9 OpenStreetMap contributors"


@dataclasses.dataclass(frozen=True)
class BriefingOptions:
    """What to brief on; ``None`` and empty tuples mean the defaults in the module docstring."""

    since: dt.date | None = None
    until: dt.date | None = None
    at: dt.date | None = None
    title: str | None = None
    sites: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class Resolved:
    """Options with every default filled in; ``None`` filters keep everything."""

    since: dt.date
    until: dt.date
    at: dt.date
    title: str
    sites: frozenset[str] | None
    actors: frozenset[str] | None


def resolve_options(dataset: Dataset, options: BriefingOptions) -> Resolved:
    """Fill in the defaults; raise one ``ValueError`` naming every bad option."""
    problems = []
    sites, actors = _ids(options.sites), _ids(options.actors)
    for kind, asked, known in (("site", sites, dataset.sites), ("actor", actors, dataset.actors)):
        unknown = sorted(i for i in asked or () if i not in known)
        if unknown:
            problems.append(f"unknown {kind} id(s) {', '.join(map(repr, unknown))} (known: {', '.join(sorted(known))})")
    since, until = _period(dataset, options)
    if since > until:
        problems.append(f"'from' {since} is after 'to' {until}")
    at = options.at or until
    if since <= until and not since <= at <= until:
        problems.append(f"'date' {at} is outside the period {since} to {until}")
    if problems:
        raise ValueError("; ".join(problems))
    title = options.title or f"Foreign military involvement in Libya, {day_label(since)} to {day_label(until)}"
    return Resolved(since, until, at, title, sites, actors)


def _ids(values: tuple[str, ...]) -> frozenset[str] | None:
    ids = frozenset(v.strip() for v in values if v.strip())
    return ids or None


def _period(dataset: Dataset, options: BriefingOptions) -> tuple[dt.date, dt.date]:
    if options.since and options.until:
        return options.since, options.until
    if not dataset.records():
        raise ValueError("the data hold no dated records: give both 'from' and 'to'")
    low, high = dataset.study_period()
    return options.since or low, options.until or high


def select(dataset: Dataset, opts: Resolved) -> Dataset:
    """The part of ``dataset`` the briefing shows (the inclusion rules are in the module docstring)."""

    def overlaps(r) -> bool:
        return r.start.earliest <= opts.until and (r.end is None or r.end.earliest >= opts.since)

    def at_site(site_id: str) -> bool:
        return opts.sites is None or site_id in opts.sites

    def by_actor(actors) -> bool:
        return opts.actors is None or not opts.actors.isdisjoint(actors)

    return dataclasses.replace(
        dataset,
        sites={k: s for k, s in dataset.sites.items() if at_site(k)},
        control=tuple(r for r in dataset.control if overlaps(r) and at_site(r.site_id)),
        deployments=tuple(
            r for r in dataset.deployments if overlaps(r) and at_site(r.site_id) and by_actor((r.actor,))
        ),
        events=tuple(
            r
            for r in dataset.events
            if opts.since <= r.date.earliest <= opts.until and at_site(r.site_id) and by_actor(r.actors)
        ),
        superseded=(),
    )


def _record(props: dict, record) -> dict:
    """Layer properties with the citations in place of the expanded sources (listed once in ``sources``)."""
    props = {k: v for k, v in props.items() if k != "sources"}
    props["citations"] = [
        {"source": c.source, "locator": c.locator, "attributed_to": c.attributed_to or None} for c in record.citations
    ]
    return props


def _cited_sources(ds: Dataset) -> list[str]:
    cited = {c.source for r in ds.records() for c in r.citations}
    cited |= {s.coord_citation.source for s in ds.sites.values()}
    return sorted(cited)


def briefing_data(ds: Dataset, since: dt.date, until: dt.date) -> dict:
    """Everything the page's script needs, as plain JSON-ready data (``ds`` already selected)."""
    actor_ids = {r.holder for r in ds.control} | {r.actor for r in ds.deployments}
    actor_ids |= {r.backing for r in ds.deployments if r.backing} | {a for e in ds.events for a in e.actors}
    days = [d.isoformat() for d in change_dates(ds) if since <= d <= until]
    control = [_record(control_properties(ds, r), r) for r in ds.control]
    return {
        "period": {"start": since.isoformat(), "end": until.isoformat()},
        "sites": [
            {
                "id": s.id,
                "name": s.name,
                "kind": s.kind,
                "role": s.role,
                "region": s.region,
                "country": s.country,
                "latlon": gj.latlon(s),
                "tracked": s.id in ds.controlled_sites,
            }
            for _, s in sorted(ds.sites.items())
        ],
        "actors": {a: {"name": ds.actors[a].name, "colour": ds.actors[a].colour} for a in sorted(actor_ids)},
        "sources": {
            k: {"title": s.title, "publisher": s.publisher, "url": s.url or None}
            for k in _cited_sources(ds)
            for s in [ds.sources[k]]
        },
        "control": control,
        "deployments": [_record(deployment_properties(ds, r), r) for r in ds.deployments],
        "events": [
            _record(event_properties(ds, r), r) for r in sorted(ds.events, key=lambda e: (e.date.earliest, e.id))
        ],
        "change_days": days,
        "frames": briefing_frames(ds, since, until),
        "asset_paths": {k: ASSET_PATHS[k] for k in sorted({ds.assets[r.asset].kind for r in ds.deployments})},
        "confidence_styles": {c: confidence_style(c) for c in CONFIDENCES},
        "hedged": sorted(HEDGED),
        "unknown": {"colour": UNKNOWN_COLOUR, "label": UNKNOWN_LABEL},
        "untracked": {"label": UNTRACKED_LABEL, "style": PLACE_STYLE},
    }


def frame_days(ds: Dataset, since: dt.date, until: dt.date) -> list[dt.date]:
    """Every day in [since, until] on which some site's state or the recent events may change.

    The change days, the day after each fuzzy span (a transition, arrival or departure ends), and
    the days an event enters or leaves the recent window.
    """
    one = dt.timedelta(days=1)
    days = set(change_dates(ds))
    for r in ds.control + ds.deployments:
        for fuzzy in (r.start, r.end):
            if fuzzy is not None and not fuzzy.is_exact:
                days.add(fuzzy.latest + one)
    for e in ds.events:
        days.update((e.date.earliest, e.date.latest + dt.timedelta(days=NEAR_DAYS)))
    for d in ds.deployments:
        if d.end is None:
            days.add(ds.last_reported(d) + dt.timedelta(days=STALE_DAYS + 1))
    return sorted({since} | {d for d in days if since <= d <= until})


def _site_frame(ds: Dataset, state, at: dt.date) -> dict:
    """One site's state, compactly: empty parts are left out (see ``briefing_frames``)."""
    frame: dict = {"control": state.control.id if state.control else None}
    if state.claims:
        frame["claims"] = [c.id for c in state.claims]
    if state.deployments:
        frame["deployments"] = [d.id for d in state.deployments]
    if state.leaving:
        frame["leaving"] = [d.id for d in state.leaving]
    notes = {d.id: text for d in state.deployments + state.leaving if (text := when_text(ds, d, at))}
    if notes:
        frame["notes"] = notes
    stale = [d.id for d in state.deployments if is_stale(ds, d, at)]
    if stale:
        frame["stale"] = stale
    t = state.transition
    if t is not None:
        frame["transition"] = {"from": t.holders[0], "to": t.holders[1], "text": transition_text(ds, t)}
    return frame


def briefing_frames(ds: Dataset, since: dt.date, until: dt.date) -> list[dict]:
    """The state of every site on each of ``frame_days``, computed by ``geo.core.timeline``.

    Each frame lists only the sites whose state differs from the frame before, and the events
    that enter or leave the recent window (``events_in``, ``events_out``). A site's state is
    {control, claims, deployments, leaving, notes (id -> "arriving between ...", "last reported
    ..."), stale (ids not reported for over ``STALE_DAYS``), transition (from, to, text)}, empty
    parts left out. The page's script looks up the last frame on or before the day it shows and
    applies no time rule of its own.
    """
    frames, last_sites, last_events = [], {}, set()
    for day in frame_days(ds, since, until):
        snap = snapshot(ds, day)
        sites = {}
        for state in snap.states:
            frame = _site_frame(ds, state, day)
            if last_sites.get(state.site.id) != frame:
                sites[state.site.id] = last_sites[state.site.id] = frame
        events = {e.id for e in recent_events(ds, day, Filters())}
        frame = {"day": day.isoformat(), "sites": sites}
        if events - last_events:
            frame["events_in"] = sorted(events - last_events)
        if last_events - events:
            frame["events_out"] = sorted(last_events - events)
        last_events = events
        frames.append(frame)
    return frames


def data_hash(data: dict) -> str:
    """First 12 hex digits of the SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


# ---- static HTML fragments: every string from data goes through html_text ----


def _citations_html(ds: Dataset, citations) -> str:
    items = []
    for c in citations:
        text = f"{ds.sources[c.source].title}, {c.locator}"
        if c.attributed_to:
            text += f" (attributed to {c.attributed_to})"
        items.append(html_text(text))
    return "<br>".join(items)


def _confidence_cell(confidence: str) -> str:
    hedged = " hedged" if confidence in HEDGED else ""
    return f'<td class="confidence{hedged}">{html_text(confidence)}</td>'


def _note(rec) -> str:
    """The record's own words and id, shown once: in the change log or the in-force table."""
    label = f"{rec.kind} {rec.id}" + (f"; disputes {rec.disputes}" if rec.disputes else "")
    return f'<br><span class="muted">{html_text(rec.summary)} [{html_text(label)}]</span>'


def _change_rows(ds: Dataset, since: dt.date, until: dt.date) -> str:
    """One row per change on a day in [since, until]; a record's summary goes with its start."""
    rows = []
    for change in changes(ds, since - dt.timedelta(days=1), until):
        text = describe_change(change, ds).removeprefix(f"{change.date_label}: ")
        rec = change.record
        note = _note(rec) if change.kind in ("control", "claim", "deployment-start") else ""
        rows.append(
            f'<tr class="{html_text(change.kind)}"><td><button type="button" data-date="{change.day.isoformat()}">'
            f"{html_text(change.date_label)}</button></td><td>{html_text(text)}{note}</td>"
            f'{_confidence_cell(rec.confidence)}<td class="sources">{_citations_html(ds, rec.citations)}</td></tr>'
        )
    return "\n".join(rows) or '<tr><td colspan="4">No change in this period.</td></tr>'


def _in_force_rows(ds: Dataset, since: dt.date) -> str:
    """Control periods, claims and deployments begun before ``since`` and still holding on it."""
    rows = []
    for r in sorted(ds.control + ds.deployments, key=lambda r: (r.start.earliest, r.kind, r.id)):
        if not (r.start.earliest < since and (r.end is None or since < r.end.earliest)):
            continue
        when = f"{r.start.label()} to {r.end.label()}" if r.end else f"from {r.start.label()}"
        rows.append(
            f"<tr><td>{html_text(when)}</td><td>{html_text(ds.sites[r.site_id].name)}{_note(r)}</td>"
            f'{_confidence_cell(r.confidence)}<td class="sources">{_citations_html(ds, r.citations)}</td></tr>'
        )
    return "\n".join(rows) or '<tr><td colspan="4">Nothing recorded before the period still holds.</td></tr>'


def _source_items(ds: Dataset) -> str:
    items = []
    for key in _cited_sources(ds):
        s = ds.sources[key]
        details = ", ".join(p for p in (s.author, s.publisher, s.published.label() if s.published else "") if p)
        url = f' <span class="url">{html_text(s.url)}</span>' if s.url else ""
        items.append(
            f'<li id="source-{html_text(key)}"><b>{html_text(s.title)}</b>. {html_text(details)}.{url} '
            f'<span class="muted">[{html_text(key)}, {html_text(s.kind)}]</span></li>'
        )
    return "\n".join(items)


def _legend_html(ds: Dataset) -> str:
    spec = legend(ds)

    def swatches(title: str, entries, extra: str = "") -> str:
        items = "".join(
            f'<li><span class="swatch" style="background-color:{html_text(colour)}"></span>{html_text(name)}</li>'
            for _, name, colour in entries
        )
        return f'<div class="legend-group"><h3>{title}</h3><ul>{items}{extra}</ul></div>'

    icons = "".join(f"<li>{asset_svg(k, '#444444', 16, k)} {html_text(k)}</li>" for k in spec["asset_kinds"])
    confidence = "".join(f"<li>{_confidence_svg(c)}{html_text(c)}</li>" for c in spec["confidences"])
    place = (
        '<li><span class="swatch" style="background-color:#ffffff;border:1px solid #6b6b6b"></span>'
        f"{html_text(UNTRACKED_LABEL)}</li>"
    )
    return (
        swatches("Site holder", spec["holders"], place)
        + swatches("Foreign deployments (badge border)", spec["actors"])
        + f'<div class="legend-group"><h3>Asset kinds</h3><ul>{icons}</ul></div>'
        + f'<div class="legend-group"><h3>Confidence</h3><ul>{confidence}</ul></div>'
        + '<div class="legend-group"><h3>Uncertain dates</h3><ul>'
        + '<li><svg class="legend-circle" width="18" height="18" viewBox="0 0 18 18"><circle cx="9" cy="9" r="6" '
        + 'fill="#555555" stroke="#c33333" stroke-width="3" stroke-dasharray="4 3"/></svg>in transition: a dashed '
        + "ring in the earlier holder's colour; the sources date the change only to a span</li>"
        + '<li><span class="badge moving">&#9679;</span> faded badge: arriving or leaving within a span</li>'
        + f'<li><span class="badge stale">&#9679;</span> grey badge: no report for over {STALE_DAYS} days</li>'
        + "</ul></div>"
        + '<div class="legend-group"><h3>Events</h3><ul><li><span class="event-mark">!</span>'
        + f"an event at the site that may fall in the {NEAR_DAYS} days to the date</li></ul></div>"
    )


def _confidence_svg(confidence: str) -> str:
    """A sample site marker drawn the way the map draws this confidence."""
    style = confidence_style(confidence)
    dash = f' stroke-dasharray="{style["dashArray"]}"' if style["dashArray"] else ""
    return (
        '<svg class="legend-circle" width="18" height="18" viewBox="0 0 18 18"><circle cx="9" cy="9" r="6" '
        f'fill="#555555" fill-opacity="{style["fillOpacity"]}" stroke="#555555" stroke-width="2.5"{dash}/></svg>'
    )


# ---- the page ----


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode('ascii')}'" for s in scripts
    )
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        f"img-src data: {TILE_ORIGIN}; base-uri 'none'; form-action 'none'"
    )


def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def briefing_html(dataset: Dataset, options: BriefingOptions, generated_at: dt.datetime) -> str:
    """The whole briefing page; a pure function of its arguments."""
    opts = resolve_options(dataset, options)
    ds = select(dataset, opts)
    data = payload.encode(briefing_data(ds, opts.since, opts.until))
    view = {
        "at": opts.at.isoformat(),
        "near_days": NEAR_DAYS,
        "tile_url": TILE_URL,
        "tile_attribution": TILE_ATTRIBUTION,
    }
    library = re.sub(r"\s*//# sourceMappingURL=\S+\s*$", "", leaflet_js())
    own = _template("briefing.js")
    generated = generated_at.isoformat(timespec="seconds")
    counts = (
        f"{len(ds.sites)} sites, {len(ds.control)} control periods, "
        f"{len(ds.deployments)} deployments, {len(ds.events)} events"
    )
    return Template(_template("briefing.html")).substitute(
        csp=html_text(_csp([library, own])),
        title=html_text(opts.title),
        period=html_text(f"{day_label(opts.since)} to {day_label(opts.until)}"),
        counts=html_text(counts),
        data_hash=data_hash(data),
        generated=html_text(generated),
        last_day=(opts.until - opts.since).days,
        at_day=(opts.at - opts.since).days,
        at_label=html_text(day_label(opts.at)),
        since_label=html_text(day_label(opts.since)),
        near_days=NEAR_DAYS,
        legend=_legend_html(ds),
        changes=_change_rows(ds, opts.since, opts.until),
        in_force=_in_force_rows(ds, opts.since),
        sources=_source_items(ds),
        basemap_attribution=html_text(BASEMAP_ATTRIBUTION),
        leaflet_version=html_text(LEAFLET_VERSION),
        leaflet_css=leaflet_css(),
        briefing_css=_template("briefing.css"),
        data_json=script_json(data),
        view_json=script_json(view),
        basemap_json=script_json(basemap_geojson()),
        leaflet_js=library,
        briefing_js=own,
    )


def _now() -> dt.datetime:
    """Now in UTC, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def write_briefing(
    dataset: Dataset, options: BriefingOptions, path: Path, generated_at: dt.datetime | None = None
) -> Path:
    """Write the briefing to ``path`` (UTF-8) and return ``path``."""
    path = Path(path)
    path.write_bytes(briefing_html(dataset, options, generated_at or _now()).encode("utf-8"))
    return path
