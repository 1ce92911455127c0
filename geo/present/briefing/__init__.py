"""Self-contained HTML briefings: one file that opens anywhere, offline, with no server.

``briefing_html(dataset, options, generated_at)`` returns the page as text and
``write_briefing`` writes it. The page holds everything it needs inline:
Leaflet's JS and CSS (``geo.present.webassets``), the Natural Earth outlines
(``geo.present.basemap``), our own small script and styles (``geo/templates/``), fflate's
gunzip (``templates/gunzip.js``, built by ``make gunzip``) and the
records, embedded once in ``<script type="application/octet-stream"
id="briefing-data">``, in columns with every repeated string once and then gzip-compressed in
base64 (``geo.present.briefing.payload``). A Content Security
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
text as live HTML. Here every string from data reaches the page packed
(``payload.pack``, base64) or through ``script_json``, and then ``textContent``,
or through ``html_text`` for the static tables: escaping stays in one place.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import os
import re
from pathlib import Path

import numpy as np

from geo.core.dates import day_label
from geo.core.model import CONFIDENCES, HEDGED, Dataset
from geo.core.problems import OptionError
from geo.core.text import (
    HEADINGS,
    UNKNOWN_LABEL,
    UNTRACKED_LABEL,
    change_parts,
    citation_locator_text,
    citation_text,
    deployment_line_text,
    disagreement_note_text,
    disagreement_text,
    moving_text,
    stale_from,
    transition_text,
)
from geo.core.timeline import change_dates, changes, states_by_day
from geo.export import geojson as gj
from geo.export.layers import control_properties, deployment_properties, event_properties
from geo.present.basemap import ATTRIBUTION as BASEMAP_ATTRIBUTION
from geo.present.basemap import basemap_geojson
from geo.present.briefing import payload
from geo.present.escape import script_json
from geo.present.html import Markup, render
from geo.present.legend import legend_html
from geo.present.style import ASSET_PATHS, PLACE_STYLE, UNKNOWN_COLOUR, confidence_style
from geo.present.view import RECENT_DAYS, Filters, recent_events
from geo.present.webassets import LEAFLET_VERSION, declutter_js, leaflet_css, leaflet_js

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: The events panel lists the events that may have happened in the NEAR_DAYS days up to the slider's date:
#: the dashboard's "recent events" rule and window (``geo.present.view.recent_events``).
NEAR_DAYS = RECENT_DAYS
#: A site shows at most this many deployment badges on the map, then one "+N" for the rest (its popup
#: lists them all), and as many lines in the situation table, the rest behind "+N more" (closed, so not
#: laid out; printing opens it): at 10^5 observations a site may hold a hundred at once.
#: The built-in data never has more than 12 at a site on one day, so its map and table show every one.
BADGE_LIMIT = 12
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
        raise OptionError("; ".join(problems))
    where = ", ".join(dataset.sites[s].name for s in sorted(sites or ()))
    subject = f"{where}: foreign military involvement" if where else "Foreign military involvement in Libya"
    title = options.title or f"{subject}, {day_label(since)} to {day_label(until)}"
    return Resolved(since, until, at, title, sites, actors)


def _ids(values: tuple[str, ...]) -> frozenset[str] | None:
    ids = frozenset(v.strip() for v in values if v.strip())
    return ids or None


def _period(dataset: Dataset, options: BriefingOptions) -> tuple[dt.date, dt.date]:
    if options.since and options.until:
        return options.since, options.until
    if not dataset.records():
        raise OptionError("the data hold no dated records: give both 'from' and 'to'")
    low, high = dataset.study_period()
    return options.since or low, options.until or high


def scope_text(dataset: Dataset, options: BriefingOptions) -> str:
    """What a briefing covers, in words: 'the whole map' or the sites' names."""
    sites = [dataset.sites[s].name for s in options.sites if s in dataset.sites]
    return ", ".join(sites) if sites else "the whole map"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_name(dataset: Dataset, options: BriefingOptions) -> str:
    """'<title>_<from>_<to>[_<sites>].html': the title, the period and the sites the briefing covers."""
    opts = resolve_options(dataset, options)
    parts = [
        _slug(options.title or "Foreign military involvement in Libya"),
        opts.since.isoformat(),
        opts.until.isoformat(),
    ]
    parts += [_slug(dataset.sites[s].name) for s in sorted(opts.sites or ())]
    return "_".join(p for p in parts if p)[:180] + ".html"


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


#: The fields of each kind of record the page's script reads (``briefing.js``); the layers' other
#: fields stay in the layers and exports, so that an observation costs the page only what it shows.
PAGE_FIELDS = {
    "control": ("id", "holder", "date_label", "date_precision", "confidence", "summary", "citations"),
    "deployments": ("id", "actor", "asset_kind", "count", "confidence", "summary", "citations"),
    "events": ("id", "site_id", "date_label", "kind", "confidence", "summary", "citations"),
}


def _record(kind: str, props: dict, record, **extra) -> dict:
    """The layer properties the page reads (``PAGE_FIELDS``), with citations in place of the expanded sources.

    A citation is its source's key and the words ``citation_text`` puts after the source's title
    (``detail``: ', p. 4 (attributed to X)'), so that a title is written once, in ``sources``.
    """
    props = {k: props[k] for k in PAGE_FIELDS[kind] if k != "citations"}
    props["citations"] = [{"source": c.source, "detail": citation_locator_text(c)} for c in record.citations]
    return props | extra


def _cited_sources(ds: Dataset) -> list[str]:
    cited = {c.source for r in ds.records() for c in r.citations}
    cited |= {s.coord_citation.source for s in ds.sites.values()}
    return sorted(cited)


def briefing_data(ds: Dataset, since: dt.date, until: dt.date) -> dict:
    """Everything the page's script needs, as plain JSON-ready data (``ds`` already selected)."""
    actor_ids = {r.holder for r in ds.control} | {r.actor for r in ds.deployments}
    actor_ids |= {r.backing for r in ds.deployments if r.backing} | {a for e in ds.events for a in e.actors}
    days = [d.isoformat() for d in change_dates(ds) if since <= d <= until]
    control = [
        _record("control", control_properties(ds, r), r, dispute_text=disagreement_text(ds, r) if r.disputes else "")
        for r in ds.control
    ]
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
        "deployments": [
            _record(
                "deployments",
                deployment_properties(ds, r),
                r,
                text=deployment_line_text(ds, r),
                dispute_text=disagreement_text(ds, r) if r.disputes else "",
            )
            for r in ds.deployments
        ],
        "events": [
            _record("events", event_properties(ds, r), r)
            for r in sorted(ds.events, key=lambda e: (e.date.earliest, e.id))
        ],
        "change_days": days,
        "changes": change_rows(ds, since, until),
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
    days.update(first for d in ds.deployments if (first := stale_from(ds, d)) is not None)
    return sorted({since} | {d for d in days if since <= d <= until})


def _site_frame(ds: Dataset, state, notes: dict[str, str], stale: list[str]) -> dict:
    """One site's state, compactly: empty parts are left out (see ``briefing_frames``). ``notes`` are its
    deployments' arriving and leaving notes on the day (``phase_text``), ``stale`` its stale deployments."""
    frame: dict = {"control": state.control.id if state.control else None}
    if state.claims:
        frame["claims"] = [c.id for c in state.claims]
    if state.deployments:
        frame["deployments"] = [d.id for d in state.deployments]
    if state.leaving:
        frame["leaving"] = [d.id for d in state.leaving]
    # The line text names an open record's last report already; a note adds arriving or leaving only.
    if notes:
        frame["notes"] = notes
    if stale:
        frame["stale"] = stale
    t = state.transition
    if t is not None:
        frame["transition"] = {"from": t.holders[0], "to": t.holders[1], "text": transition_text(ds, t)}
    return frame


class DeploymentTurns:
    """When each deployment's note (``phase_text``) and staleness (``is_stale``) hold, as day ordinals, for
    working them out on many days without the date arithmetic of each call.

    ``phase`` holds on the days a fuzzy start or end may denote (from its earliest to its latest day, arriving
    first), and an open record is stale from its ``stale_from`` day. ``turned`` gives the sites where any of
    these may differ between two days.
    """

    def __init__(self, ds: Dataset):
        site_pos = {site: i for i, site in enumerate(ds.time_index.site_ids)}
        self.spans: dict[str, tuple[tuple[int, int, str], ...]] = {}
        self.stale_from: dict[str, int] = {}
        turns: list[tuple[int, int]] = []
        for d in ds.deployments:
            spans = []
            for moving, fuzzy in (("arriving", d.start), ("leaving", d.end)):
                if fuzzy is not None and not fuzzy.is_exact:
                    first, last = fuzzy.earliest.toordinal(), fuzzy.latest.toordinal()
                    spans.append((first, last, moving_text(moving, fuzzy)))
                    turns += [(first, site_pos[d.site_id]), (last + 1, site_pos[d.site_id])]
            if spans:
                self.spans[d.id] = tuple(spans)
            stale_day = stale_from(ds, d)
            if stale_day is not None:
                self.stale_from[d.id] = stale_day.toordinal()
                turns.append((self.stale_from[d.id], site_pos[d.site_id]))
        turns.sort()
        self._turn_day = np.array([t for t, _ in turns], np.int64)
        self._turn_site = np.array([i for _, i in turns], np.int64)

    def notes(self, records, day: int) -> dict[str, str]:
        """``{id: phase_text(record, day)}`` for the records with a note on the day (an ordinal)."""
        notes, spans = {}, self.spans
        for r in records:
            if r.id in spans:
                for first, last, text in spans[r.id]:
                    if first <= day <= last:
                        notes[r.id] = text
                        break
        return notes

    def stale(self, records, day: int) -> list[str]:
        """The ids of the records stale on the day (an ordinal), in their order."""
        stale_from = self.stale_from
        return [r.id for r in records if r.id in stale_from and day >= stale_from[r.id]]

    def turned(self, after: int, upto: int) -> set[int]:
        """The positions (in ``site_ids``) of the sites where a note or staleness may turn in (after, upto]."""
        lo, hi = np.searchsorted(self._turn_day, [after, upto], side="right")
        return set(self._turn_site[lo:hi].tolist())


def briefing_frames(ds: Dataset, since: dt.date, until: dt.date) -> list[dict]:
    """The state of every site on each of ``frame_days``, computed by ``geo.core.timeline``.

    Each frame lists only the sites whose state differs from the frame before, and the events
    that enter or leave the recent window (``events_in``, ``events_out``). A site's state is
    {control, claims, deployments, leaving, notes (id -> "arriving between ...", "last reported
    ..."), stale (ids not reported for over ``STALE_DAYS``), transition (from, to, text)}, empty
    parts left out. The page's script looks up the last frame on or before the day it shows and
    applies no time rule of its own.

    A site that keeps its ``SiteState`` from the frame day before (``states_by_day``), with no note
    or staleness turning in between (``DeploymentTurns``), keeps its frame without it being worked out again.
    """
    frames: list[dict] = []
    last_sites: dict[str, dict] = {}
    last_events: set[str] = set()
    turns = DeploymentTurns(ds)
    before: tuple[int, tuple] | None = None
    for day, states in states_by_day(ds, frame_days(ds, since, until)):
        ordinal = day.toordinal()
        turned = turns.turned(before[0], ordinal) if before else set()
        sites = {}
        for i, state in enumerate(states):
            if before is not None and state is before[1][i] and i not in turned:
                continue  # the same records and transition, and no note turns: the same frame
            notes = turns.notes(state.deployments + state.leaving, ordinal)
            frame = _site_frame(ds, state, notes, turns.stale(state.deployments, ordinal))
            if last_sites.get(state.site.id) != frame:
                sites[state.site.id] = last_sites[state.site.id] = frame
        events = {e.id for e in recent_events(ds, day, Filters())}
        frames.append(frame_of(day, sites, events, last_events))
        last_events, before = events, (ordinal, states)
    return frames


def frame_of(day: dt.date, sites: dict[str, dict], events: set[str], before: set[str]) -> dict:
    """A frame: its day, the sites whose state changed, and the events entering and leaving the recent
    window since the frame before (whose recent events were ``before``)."""
    frame: dict = {"day": day.isoformat(), "sites": sites}
    if events - before:
        frame["events_in"] = sorted(events - before)
    if before - events:
        frame["events_out"] = sorted(before - events)
    return frame


def data_hash(data: dict) -> str:
    """First 12 hex digits of the SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = gj.canonical_json(data)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def change_rows(ds: Dataset, since: dt.date, until: dt.date) -> list[dict]:
    """The change log: one row per change on a day in [since, until], in the order of ``changes``.

    A row names its record (``record``, an id), whose confidence, citations and summary the page
    shows with it, and carries the rest of its words from ``geo.core.text``: ``label`` (the date as
    the sources give it), ``text`` (``change_parts`` before the record's summary), ``text_after``
    (the words after the summary when the line quotes it, else ``None``) and ``note_after`` (for a
    record's start, the words after its summary in the note below the line: its disagreement,
    ``disagreement_note_text``; ``None``: no note).
    """
    rows = []
    for change in changes(ds, since - dt.timedelta(days=1), until):
        rec = change.record
        head, summary, after = change_parts(change, ds)
        starts = change.kind in ("control", "claim", "deployment-start")
        rows.append(
            {
                "day": change.day.isoformat(),
                "kind": change.kind,
                "label": change.date_label,
                "record": rec.id,
                "text": head,
                "text_after": after if summary or after else None,
                "note_after": disagreement_note_text(ds, rec) if starts else None,
            }
        )
    return rows


# ---- what the page's static tables show: plain values, escaped by the template ----


def _citation_texts(ds: Dataset, citations) -> list[str]:
    return [citation_text(ds, c) for c in citations]


def _confidence(confidence: str) -> dict:
    return {"name": confidence, "hedged": confidence in HEDGED}


def _note(ds: Dataset, rec) -> dict:
    """The record's own words and, after them, its disagreement in words."""
    return {"summary": rec.summary, "after": disagreement_note_text(ds, rec)}


def in_force_rows(ds: Dataset, since: dt.date) -> list[dict]:
    """Control periods, claims and deployments begun before ``since`` and still holding on it."""
    rows = []
    for r in sorted(ds.control + ds.deployments, key=lambda r: (r.start.earliest, r.kind, r.id)):
        if not (r.start.earliest < since and (r.end is None or since < r.end.earliest)):
            continue
        rows.append(
            {
                "when": f"{r.start.label()} to {r.end.label()}" if r.end else f"from {r.start.label()}",
                "site": ds.sites[r.site_id].name,
                "note": _note(ds, r),
                "confidence": _confidence(r.confidence),
                "citations": _citation_texts(ds, r.citations),
            }
        )
    return rows


def source_rows(ds: Dataset) -> list[dict]:
    """Every cited source, for the page's list of sources."""
    rows = []
    for key in _cited_sources(ds):
        s = ds.sources[key]
        details = ", ".join(p for p in (s.author, s.publisher, s.published.label() if s.published else "") if p)
        rows.append({"key": key, "title": s.title, "details": details, "url": s.url, "kind": s.kind})
    return rows


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


def briefing_html(
    dataset: Dataset,
    options: BriefingOptions,
    generated_at: dt.datetime,
    overlay: dict | None = None,
    downloads: tuple[tuple[str, str], ...] = (),
) -> str:
    """The whole briefing page; a pure function of its arguments.

    ``overlay`` is an analyst's imported layer (``geo.present.overlay.briefing_overlay``), drawn
    by ``overlay.js`` for the slider's date; ``downloads`` are (relative href, label) links to
    export files written beside the page.
    """
    opts = resolve_options(dataset, options)
    ds = select(dataset, opts)
    plain = briefing_data(ds, opts.since, opts.until)
    data = payload.encode(plain)
    view = {
        "at": opts.at.isoformat(),
        "near_days": NEAR_DAYS,
        "badge_limit": BADGE_LIMIT,
        "words": HEADINGS,
        "tile_url": TILE_URL,
        "tile_attribution": TILE_ATTRIBUTION,
    }
    library = re.sub(r"\s*//# sourceMappingURL=\S+\s*$", "", leaflet_js())
    own = _template("gunzip.js") + "\n" + declutter_js() + "\n" + _template("briefing.js")
    overlay_js = _template("overlay.js")
    generated = generated_at.isoformat(timespec="seconds")
    counts = (
        f"{len(ds.sites)} sites, {len(ds.control)} control periods, "
        f"{len(ds.deployments)} deployments, {len(ds.events)} events"
    )
    return render(
        "briefing.html",
        csp=_csp([library, own, overlay_js]),
        title=opts.title,
        period=f"{day_label(opts.since)} to {day_label(opts.until)}",
        counts=counts,
        data_hash=data_hash(data),
        generated=generated,
        last_day=(opts.until - opts.since).days,
        at_day=(opts.at - opts.since).days,
        at_label=day_label(opts.at),
        since_label=day_label(opts.since),
        near_days=NEAR_DAYS,
        legend=Markup(legend_html(ds)),
        has_changes=bool(plain["changes"]),
        in_force=in_force_rows(ds, opts.since),
        sources=source_rows(ds),
        basemap_attribution=BASEMAP_ATTRIBUTION,
        leaflet_version=LEAFLET_VERSION,
        leaflet_css=Markup(leaflet_css()),
        briefing_css=Markup(_template("briefing.css")),
        data_packed=payload.pack(data),
        view_json=Markup(script_json(view)),
        basemap_json=Markup(script_json(basemap_geojson())),
        leaflet_js=Markup(library),
        briefing_js=Markup(own),
        overlay_json=Markup(script_json(overlay or {"name": "", "colour": "", "window": 0, "items": []})),
        overlay_js=Markup(overlay_js),
        downloads=downloads,
    )


def _now() -> dt.datetime:
    """Now in UTC, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def write_briefing(
    dataset: Dataset,
    options: BriefingOptions,
    path: Path,
    generated_at: dt.datetime | None = None,
    overlay: dict | None = None,
    downloads: tuple[tuple[str, str], ...] = (),
) -> Path:
    """Write the briefing to ``path`` (UTF-8) and return ``path``."""
    path = Path(path)
    html = briefing_html(dataset, options, generated_at or _now(), overlay=overlay, downloads=downloads)
    path.write_bytes(html.encode("utf-8"))
    return path
