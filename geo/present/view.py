"""View model of the dashboard: filters, the URL's query state, and plain rows for tables and charts.

Pure functions of a ``Dataset``: no Streamlit, no folium, no I/O. The app
shows what these return; the tables render their cells as text.

URL query state (every key optional, unknown values dropped with a message)::

    date=2020-06-15        the slider date, clamped into the data's span
    actors=RUS,TUR         foreign actors whose deployments and events show (empty: all)
    kinds=aircraft,drones  asset kinds whose deployments show (empty: all)
    conf=reported          minimum confidence (confirmed > reported > claimed > alleged)
    layers=control,events  layers drawn on the map ('none' for none)
    sites=sirte,al-jufra   sites joined by distance lines
    site=tarhuna           the site whose history is open
    tiles=osm              the online OpenStreetMap basemap instead of the offline outlines

Filters apply to deployments, range rings, events and disputing claims. Every
site keeps its marker and its main holder whatever the filters, so the map
never hides who holds a place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from geo.core.dates import DateError, day_label, parse_day
from geo.core.model import ASSET_KINDS, CONFIDENCES, Dataset, Deployment, Event, confidence_rank
from geo.core.text import (
    actor_name,
    as_of_text,
    claim_text,
    deployment_line_text,
    deployment_text,
    disagreement_text,
    holder_label,
    since_text,
    source_text,
    transition_text,
    what_text,
    why_empty_text,
)
from geo.core.timeline import Snapshot, history

LAYERS = ("control", "deployments", "events", "range_rings", "distances")
DEFAULT_LAYERS = ("control", "deployments", "events")
NO_LAYERS = "none"
LAYER_LABELS = {
    "control": "Control",
    "deployments": "Deployments",
    "events": "Recent events",
    "range_rings": "Range rings",
    "distances": "Distance lines",
}
#: Events this many days before the date, up to and including it, count as recent.
RECENT_DAYS = 90
TOOLTIP_SEPARATOR = " · "
#: No fuzzy date spans more days than a leap year.
LONGEST_SPAN_DAYS = 366
#: A situation cell lists at most this many deployments or claims; the site card lists them all.
CELL_ITEMS = 8
#: The event log lists at most this many events on each side of the date.
EVENT_WINDOW = 100
#: Above this many records the timeline chart shows one bar per site and bin instead of one per record.
TIMELINE_MAX_ROWS = 3000
#: ... with at most about this many bars and marks in all.
TIMELINE_CELLS = 1500


@dataclass(frozen=True)
class Filters:
    """What the analyst chose to see: actors, asset kinds, minimum confidence, layers, distance sites."""

    actors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    min_confidence: str = CONFIDENCES[-1]
    layers: tuple[str, ...] = DEFAULT_LAYERS
    distance_sites: tuple[str, ...] = ()

    @cached_property
    def _confidences(self) -> frozenset[str]:
        return frozenset(c for c in CONFIDENCES if confidence_rank(c) >= confidence_rank(self.min_confidence))

    def shows(self, layer: str) -> bool:
        return layer in self.layers

    def confident(self, record) -> bool:
        return record.confidence in self._confidences

    def keeps_deployment(self, dataset: Dataset, record: Deployment) -> bool:
        actor_ok = not self.actors or record.actor in self.actors
        kind_ok = not self.kinds or dataset.assets[record.asset].kind in self.kinds
        return actor_ok and kind_ok and record.confidence in self._confidences

    def deployments(self, dataset: Dataset, records) -> list[Deployment]:
        """The records that pass the filters, in their order."""
        if not self.actors and not self.kinds and self.min_confidence == CONFIDENCES[-1]:
            return list(records)
        return [r for r in records if self.keeps_deployment(dataset, r)]

    def keeps_event(self, record: Event) -> bool:
        actor_ok = not self.actors or any(a in self.actors for a in record.actors)
        return actor_ok and record.confidence in self._confidences


@dataclass(frozen=True)
class ViewState:
    """Everything the URL records: date, filters, open site and basemap."""

    date: dt.date
    filters: Filters = field(default_factory=Filters)
    site: str | None = None
    online_tiles: bool = False


@dataclass(frozen=True)
class Choices:
    """What the filter controls offer: the actors with a deployment or event, asset kinds, sites by name."""

    actors: tuple[str, ...]
    kinds: tuple[str, ...]
    sites: tuple[str, ...]


def filter_choices(dataset: Dataset) -> Choices:
    """The choices of the filter controls, in the order they are offered."""
    involved = {d.actor for d in dataset.deployments} | {a for e in dataset.events for a in e.actors}
    return Choices(
        actors=tuple(sorted(involved)),
        kinds=tuple(sorted({asset.kind for asset in dataset.assets.values()})),
        sites=tuple(sorted(dataset.sites, key=lambda s: dataset.sites[s].name)),
    )


def date_span(dataset: Dataset) -> tuple[dt.date, dt.date]:
    """The slider's range: ``Dataset.study_period`` (2011, or the first record if later, to the data's horizon)."""
    return dataset.study_period()


def default_state(dataset: Dataset) -> ViewState:
    """Opens on the data's horizon (its latest report), every actor and kind, the default layers."""
    return ViewState(date=date_span(dataset)[1])


def clamp(dataset: Dataset, day: dt.date) -> dt.date:
    """The day moved into the data's span."""
    first, last = date_span(dataset)
    return min(max(day, first), last)


def _items(params: Mapping, key: str) -> list[str]:
    value = params.get(key, "")
    if isinstance(value, (list, tuple)):
        value = ",".join(value)
    return [part.strip() for part in str(value).split(",") if part.strip()]


def _known(params: Mapping, key: str, known, what: str, messages: list[str]) -> tuple[str, ...]:
    kept = []
    for item in _items(params, key):
        if item in known:
            kept.append(item)
        else:
            messages.append(f"URL {key}: unknown {what} {item!r} ignored")
    return tuple(dict.fromkeys(kept))


def parse_query(params: Mapping, dataset: Dataset) -> tuple[ViewState, list[str]]:
    """The view a URL asks for, and a message for each value that was dropped."""
    messages: list[str] = []
    state = default_state(dataset)
    day = state.date
    if params.get("date"):
        try:
            asked = parse_day(str(params.get("date")))
            day = clamp(dataset, asked)
            if day != asked:
                messages.append(f"URL date: {asked} is outside the data; showing {day}")
        except DateError as exc:
            messages.append(f"URL date: {exc}")
    conf = str(params.get("conf", "") or CONFIDENCES[-1])
    if conf not in CONFIDENCES:
        messages.append(f"URL conf: {conf!r} is not one of {', '.join(CONFIDENCES)}")
        conf = CONFIDENCES[-1]
    layers: tuple[str, ...] = DEFAULT_LAYERS
    if "layers" in params:
        asked_layers = _items(params, "layers")
        layers = () if asked_layers == [NO_LAYERS] else _known(params, "layers", LAYERS, "layer", messages)
        if asked_layers != [NO_LAYERS] and not layers:
            layers = DEFAULT_LAYERS  # nothing known was asked for: the default view, not an empty map
    filters = Filters(
        actors=_known(params, "actors", dataset.actors, "actor", messages),
        kinds=_known(params, "kinds", ASSET_KINDS, "asset kind", messages),
        min_confidence=conf,
        layers=layers,
        distance_sites=_known(params, "sites", dataset.sites, "site", messages),
    )
    site = _known(params, "site", dataset.sites, "site", messages)
    tiles = str(params.get("tiles", "") or "")
    if tiles not in ("", "osm"):
        messages.append(f"URL tiles: {tiles!r} is not 'osm'")
    site_id = site[0] if site else None
    return replace(state, date=day, filters=filters, site=site_id, online_tiles=tiles == "osm"), messages


def to_query(state: ViewState) -> dict[str, str]:
    """The URL query for ``state``: the date always, the rest only when not the default."""
    f = state.filters
    query = {"date": state.date.isoformat()}
    optional = {
        "actors": ",".join(f.actors),
        "kinds": ",".join(f.kinds),
        "conf": f.min_confidence if f.min_confidence != CONFIDENCES[-1] else "",
        "layers": (",".join(f.layers) or NO_LAYERS) if f.layers != DEFAULT_LAYERS else "",
        "sites": ",".join(f.distance_sites),
        "site": state.site or "",
        "tiles": "osm" if state.online_tiles else "",
    }
    query.update({k: v for k, v in optional.items() if v})
    return query


# --- text shared by tables, the map and the side panel -----------------------------------


def tooltip_prefix(site) -> str:
    """Every map tooltip about a site starts with this, so a click can name its site."""
    return f"{site.name}{TOOLTIP_SEPARATOR}"


def site_for_tooltip(dataset: Dataset, text: str | None) -> str | None:
    """The site a clicked tooltip's text is about (the longest name it starts with)."""
    if not text:
        return None
    text = " ".join(text.split())
    matches = [s for s in dataset.sites.values() if text.startswith(" ".join(tooltip_prefix(s).split()))]
    return max(matches, key=lambda s: len(s.name)).id if matches else None


def recent_events(dataset: Dataset, at: dt.date, filters: Filters, days: int = RECENT_DAYS) -> list[Event]:
    """Events that may have happened in (at - days, at] and pass the filters, oldest first.

    An event counts by its span, not its first day: one dated "2020" is recent on any day of 2020
    and for ``days`` after it, and is listed under "2020", never as an event of 1 January.
    """
    index = dataset.time_index
    since = (at - dt.timedelta(days=days)).toordinal()
    candidates = index.events_between(since - LONGEST_SPAN_DAYS, at.toordinal())
    recent = candidates[index.event_latest[candidates] > since]
    return [e for e in (index.events[p] for p in recent) if filters.keeps_event(e)]


# --- rows for tables and the timeline chart ----------------------------------------------


def situation_rows(snap: Snapshot, filters: Filters) -> list[dict]:
    """One row per site at the snapshot's date."""
    dataset = snap.dataset
    rows = []
    for state in snap.states:
        control = state.control
        deployments = filters.deployments(dataset, state.deployments)
        claims = [c for c in state.claims if filters.confident(c)]
        rows.append(
            {
                "site": state.site.name,
                "holder": holder_label(dataset, state),
                "since": since_text(control) if control else "",
                "as of": as_of_text(dataset, control, snap.at) if control else "",
                "confidence": control.confidence if control else "",
                "transition": transition_text(dataset, state.transition) if state.transition else "",
                "deployments": _listed(deployments, lambda d: deployment_line_text(dataset, d, snap.at))
                or why_no_deployment(dataset, state, filters),
                "leaving": _listed(
                    filters.deployments(dataset, state.leaving), lambda d: deployment_text(dataset, d, snap.at)
                ),
                "disputed by": _listed(claims, lambda c: claim_text(dataset, c)),
                "source": source_text(dataset, control) if control else "",
            }
        )
    return rows


def why_no_deployment(dataset: Dataset, state, filters: Filters) -> str:
    """Why a site shows no deployment though some are recorded: 'no confirmed deployment at this date; 3 reported'."""
    shown = filters.deployments(dataset, state.deployments)
    hidden: dict[str, int] = {}
    for record in state.deployments:
        if record not in shown:
            hidden[record.confidence] = hidden.get(record.confidence, 0) + 1
    if not state.deployments:
        return ""
    by_confidence_only = all(
        replace(filters, min_confidence=CONFIDENCES[-1]).keeps_deployment(dataset, r) for r in state.deployments
    )
    level = filters.min_confidence if by_confidence_only else ""
    return why_empty_text("deployment", len(shown), dict(sorted(hidden.items())), level)


def _listed(items: list, describe, limit: int = CELL_ITEMS) -> str:
    """The first ``limit`` items described, joined by "; ", and how many more there are."""
    shown = [describe(x) for x in items[:limit]]
    more = len(items) - len(shown)
    return "; ".join(shown) + (f"; and {more} more (see the site card)" if more > 0 else "")


def record_row(dataset: Dataset, record) -> dict:
    """One dated record as a table row: when, what, how sure, who says so."""
    when = record.date if record.kind == "event" else record.start
    end = getattr(record, "end", None)
    site = dataset.sites.get(record.site_id)
    return {
        "date": when.earliest.isoformat(),
        "date label": when.label(),
        "until": end.label() if end else "",
        "site": site.name if site else "",
        "record": record.kind,
        "what": what_text(dataset, record),
        "confidence": record.confidence,
        "disputes": disagreement_text(dataset, record) if record.disputes else "",
        "summary": record.summary,
        "source": source_text(dataset, record),
    }


def history_rows(dataset: Dataset, site_id: str) -> list[dict]:
    """A site's full history, oldest first."""
    return [record_row(dataset, r) for r in history(dataset, site_id)]


def event_rows(dataset: Dataset, filters: Filters, until: dt.date | None = None) -> list[dict]:
    """The event log: events passing the filters (up to ``until`` when given), newest first."""
    events = [e for e in dataset.events if filters.keeps_event(e) and (until is None or e.date.earliest <= until)]
    events.sort(key=lambda e: (e.date.earliest, e.id), reverse=True)
    return [record_row(dataset, e) for e in events]


def event_window(
    dataset: Dataset, filters: Filters, at: dt.date, before: int = EVENT_WINDOW, after: int = 0
) -> list[dict]:
    """The event log around ``at``: up to ``before`` events on or before it and ``after`` past it, newest first.

    Events are taken outward from the date until each side is full, so a step costs the window, not the record.
    """
    index = dataset.time_index
    split = int(np.searchsorted(index.event_day, at.toordinal(), side="right"))
    older = _take(index.events, range(split - 1, -1, -1), filters, before)
    newer = _take(index.events, range(split, len(index.events)), filters, after)
    return [record_row(dataset, e) for e in reversed(newer)] + [record_row(dataset, e) for e in older]


def _take(events, positions, filters: Filters, limit: int) -> list[Event]:
    out: list[Event] = []
    for p in positions:
        if len(out) >= limit:
            break
        if filters.keeps_event(events[p]):
            out.append(events[p])
    return out


def page(rows: list, number: int, size: int) -> list:
    """Rows of page ``number`` (from 1) of ``size`` rows each; the last page when ``number`` is past it."""
    pages = max(1, -(-len(rows) // size))
    number = min(max(number, 1), pages)
    return rows[(number - 1) * size : number * size]


def change_rows(dataset: Dataset, changes) -> list[dict]:
    """Rows for a list of ``geo.core.timeline.Change``, described by ``geo.export.changelog``."""
    from geo.core.text import describe_change

    return [
        {
            "date": c.day.isoformat(),
            "change": c.kind,
            "description": describe_change(c, dataset),
            "confidence": c.record.confidence,
            "source": source_text(dataset, c.record),
        }
        for c in changes
    ]


def timeline_rows(dataset: Dataset, filters: Filters) -> dict[str, list]:
    """Data for the timeline chart over the slider's period: control periods (bars), marks, and lanes.

    What began before the period starts on its first day with ``before`` set (drawn as a "before 2011"
    mark); what lies wholly before it is folded into that mark. ``lanes`` names every site with a record.
    Up to ``TIMELINE_MAX_ROWS`` records, one bar or mark per record; above, ``binned_timeline_rows``.
    """
    if len(dataset.control) + len(dataset.deployments) + len(dataset.events) > TIMELINE_MAX_ROWS:
        return binned_timeline_rows(dataset, filters)
    first, last = date_span(dataset)
    last = last + dt.timedelta(days=1)
    before = f"before {first.year}"
    periods = [
        {
            "site": dataset.sites[c.site_id].name,
            "holder": actor_name(dataset, c.holder),
            "colour": dataset.actors[c.holder].colour,
            "start": max(c.start.earliest, first).isoformat(),
            "before": before if c.start.earliest < first else "",
            "end": (c.end.earliest if c.end else last).isoformat(),
            "confidence": c.confidence,
            "claim": bool(c.disputes),
        }
        for c in dataset.control
        if (not c.disputes or filters.confident(c)) and (c.end is None or c.end.earliest > first)
    ]
    marks = [
        {**_mark(dataset, d, d.start.earliest), "mark": "deployment", "label": deployment_text(dataset, d)}
        for d in dataset.deployments
        if filters.keeps_deployment(dataset, d)
    ]
    marks += [
        {**_mark(dataset, e, e.date.earliest), "mark": "event", "label": f"{e.event_kind}: {e.summary}"}
        for e in dataset.events
        if e.site_id and filters.keeps_event(e)
    ]
    for mark in marks:
        if mark["date"] < first.isoformat():
            mark.update(date=first.isoformat(), mark=before)
    lanes = sorted({str(r["site"]) for r in periods} | {str(m["site"]) for m in marks})
    return {"periods": periods, "marks": marks, "lanes": lanes}


def binned_timeline_rows(dataset: Dataset, filters: Filters, cells: int = TIMELINE_CELLS) -> dict[str, list]:
    """The timeline in bins of equal days: per site, the holder at each bin's middle day (runs of one holder joined)
    and one mark per kind of record begun in the bin, labelled with their number. Same fields as ``timeline_rows``.
    """
    first, last = date_span(dataset)
    index = dataset.time_index
    sites = [dataset.sites[s] for s in index.site_ids]
    days = (last - first).days + 1
    n_bins = max(1, min(days, cells // (3 * max(len(sites), 1))))  # a bar and two marks per site and bin
    width = -(-days // n_bins)
    edges = [first + dt.timedelta(days=i * width) for i in range(n_bins)] + [last + dt.timedelta(days=1)]
    holders = [index.holders((a + (b - a) // 2).toordinal()) for a, b in zip(edges, edges[1:])]
    periods = []
    for i, site in enumerate(sites):
        if site.id not in dataset.controlled_sites:
            continue
        run_start, run_holder = None, None
        for b in range(n_bins + 1):
            position = int(holders[b][i]) if b < n_bins else -2
            holder = index.control.records[position].holder if position >= 0 else None
            if b < n_bins and b and holder == run_holder:
                continue
            if run_start is not None and run_holder is not None:
                periods.append(
                    {
                        "site": site.name,
                        "holder": actor_name(dataset, run_holder),
                        "colour": dataset.actors[run_holder].colour,
                        "start": edges[run_start].isoformat(),
                        "end": edges[b].isoformat(),
                        "before": "",
                        "confidence": "",
                        "claim": False,
                    }
                )
            run_start, run_holder = b, holder
    counts: dict[tuple[str, int, str], int] = {}
    begun: list[tuple[Deployment | Event, dt.date, str]] = [
        (d, d.start.earliest, "deployment") for d in dataset.deployments if filters.keeps_deployment(dataset, d)
    ]
    begun += [(e, e.date.earliest, "event") for e in dataset.events if e.site_id and filters.keeps_event(e)]
    for record, day, mark in begun:
        b = min(max((day - first).days // width, 0), n_bins - 1)
        key = (record.site_id, b, mark)
        counts[key] = counts.get(key, 0) + 1
    marks = [
        {
            "site": dataset.sites[site_id].name,
            "date": edges[b].isoformat(),
            "confidence": "",
            "mark": mark,
            "label": f"{n} {mark}{'s' if n != 1 else ''} begun from {day_label(edges[b])} ({width} days)",
        }
        for (site_id, b, mark), n in sorted(counts.items())
    ]
    lanes = sorted({str(r["site"]) for r in periods} | {str(m["site"]) for m in marks})
    return {"periods": periods, "marks": marks, "lanes": lanes}


def _mark(dataset: Dataset, record, day: dt.date) -> dict:
    return {"site": dataset.sites[record.site_id].name, "date": day.isoformat(), "confidence": record.confidence}


def latest_change_window(dataset: Dataset, at: dt.date) -> tuple[dt.date, dt.date] | None:
    """(since, until) such that ``changes(dataset, since, until)`` lists the changes on the last change day <= at."""
    from geo.core.timeline import previous_change

    latest = previous_change(dataset, at + dt.timedelta(days=1))
    return (latest - dt.timedelta(days=1), latest) if latest else None
